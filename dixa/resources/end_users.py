"""End users (Dixa's contacts): find, create, update one or many, anonymize, their
conversations and their custom attribute values."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from functools import cached_property
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeAlias

from dixa._bulk import BulkResult, collect_outcomes
from dixa._call import Call, Paged
from dixa._resource import C, Resource, operation, paginated
from dixa._validation import check_bool, check_uuid, exclusive
from dixa.resources._common import follow_pages, optional_int, optional_str
from dixa.resources._envelope import data_of, items_of, page_of
from dixa.resources._profiles import CONTACT_FIELDS, profile, profile_items

if TYPE_CHECKING:
    from dixa_generated.models.anonymization_request_status import AnonymizationRequestStatus
    from dixa_generated.models.bulk_patch_end_user_input import BulkPatchEndUserInput
    from dixa_generated.models.bulk_update_end_user_input import BulkUpdateEndUserInput
    from dixa_generated.models.create_end_user_input import CreateEndUserInput
    from dixa_generated.models.custom_attribute import CustomAttribute
    from dixa_generated.models.end_user import EndUser

    from dixa.resources.conversations import AttributeValue, Conversation

# What the bulk methods accept per user: the generated input model, or a dict of the
# same keyword arguments the single-user method takes (plus ``id`` for updates).
NewUser: TypeAlias = "CreateEndUserInput | Mapping[str, Any]"
UserUpdate: TypeAlias = "BulkUpdateEndUserInput | Mapping[str, Any]"
UserPatch: TypeAlias = "BulkPatchEndUserInput | Mapping[str, Any]"

# The bulk update and patch items name their user; those models carry the id as a UUID.
_BULK_UPDATE = {"id": check_uuid, **CONTACT_FIELDS}


class EndUsers(Resource[C]):
    """``client.end_users``: the people who contact you, one at a time or in bulk."""

    @cached_property
    def conversations(self) -> EndUserConversations[C]:
        return EndUserConversations(self._core)

    @cached_property
    def custom_attributes(self) -> EndUserCustomAttributes[C]:
        return EndUserCustomAttributes(self._core)

    @paginated("end_users.get_endusers")
    def list(
        self,
        op: ModuleType,
        *,
        email: str | None = None,
        phone: str | None = None,
        external_id: str | None = None,
        page_limit: int | None = None,
    ) -> Paged[EndUser]:
        """Every end user in the organization, fetched page by page as you iterate. Narrow it to
        the contacts with an ``email`` or a ``phone`` number (one or the other: Dixa refuses
        both), or with an ``external_id`` from your own system. Custom attribute values are
        not included; :meth:`get` has them.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getEndusers
        """
        from dixa_generated.models.list_end_users_output import ListEndUsersOutput

        by_email = optional_str("email", email)
        by_phone = optional_str("phone", phone)
        exclusive(email=email, phone=phone)
        by_external_id = optional_str("external_id", external_id)
        limit = optional_int("page_limit", page_limit)

        return follow_pages(
            lambda key: op._get_kwargs(
                page_limit=limit, page_key=key, email=by_email, phone=by_phone, external_id=by_external_id
            ),
            lambda body: page_of(ListEndUsersOutput.from_dict(body)),
        )

    @operation("end_users.get_endusers_userid")
    def get(self, op: ModuleType, user_id: str | uuid.UUID) -> Call[EndUser]:
        """Fetch one end user with all their details, including custom attribute values.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getEndusersUserid
        """
        from dixa_generated.models.get_end_user_output import GetEndUserOutput

        kwargs = op._get_kwargs(check_uuid("user_id", user_id))
        return Call.from_generated(kwargs, lambda body: data_of(GetEndUserOutput.from_dict(body)))

    @operation("end_users.post_endusers")
    def create(
        self,
        op: ModuleType,
        *,
        display_name: str | None = None,
        email: str | None = None,
        phone_number: str | None = None,
        additional_emails: Sequence[str] | None = None,
        additional_phone_numbers: Sequence[str] | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        middle_names: Sequence[str] | None = None,
        avatar_url: str | None = None,
        external_id: str | None = None,
    ) -> Call[EndUser]:
        """Create a contact, e.g. before starting a conversation on their behalf. ``external_id``
        links them to your own records so you can find them later with ``list(external_id=...)``.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postEndusers
        """
        from dixa_generated.models.create_end_user_input import CreateEndUserInput
        from dixa_generated.models.create_end_user_output import CreateEndUserOutput

        # The keyword arguments are the model's fields: check them straight from locals().
        details = profile("", locals(), CONTACT_FIELDS)
        kwargs = op._get_kwargs(body=CreateEndUserInput(**details))
        return Call.from_generated(kwargs, lambda body: data_of(CreateEndUserOutput.from_dict(body)))

    @operation("end_users.post_endusers_bulk")
    def create_many(self, op: ModuleType, users: Sequence[NewUser]) -> Call[BulkResult[EndUser, NewUser]]:
        """Create several contacts in one request, e.g. when importing a customer list. Each user
        is a ``CreateEndUserInput`` or a dict with the keyword arguments of :meth:`create`. Each
        one succeeds or fails on its own (an email already in use, ...): see :class:`~dixa.BulkResult`.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postEndusersBulk
        """
        from dixa_generated.models.create_end_user_input import CreateEndUserInput
        from dixa_generated.models.create_end_users_input import CreateEndUsersInput
        from dixa_generated.models.create_end_users_output import CreateEndUsersOutput

        inputs, bodies = profile_items("users", users, CreateEndUserInput, CONTACT_FIELDS)
        body = CreateEndUsersInput(data=bodies)
        return Call.from_generated(
            op._get_kwargs(body=body),
            lambda body: collect_outcomes(items_of(CreateEndUsersOutput.from_dict(body)), inputs),
        )

    @operation("end_users.put_endusers_userid")
    def update(
        self,
        op: ModuleType,
        user_id: str | uuid.UUID,
        *,
        display_name: str,
        email: str | None = None,
        phone_number: str | None = None,
        additional_emails: Sequence[str] | None = None,
        additional_phone_numbers: Sequence[str] | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        middle_names: Sequence[str] | None = None,
        avatar_url: str | None = None,
        external_id: str | None = None,
    ) -> Call[EndUser]:
        """Replace the contact's details with these (HTTP ``PUT``): use it when you hold the full
        record, e.g. syncing from a CRM. To change only some fields, use :meth:`patch`.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/putEndusersUserid
        """
        from dixa_generated.models.update_end_user_input import UpdateEndUserInput
        from dixa_generated.models.update_end_user_output import UpdateEndUserOutput

        user = check_uuid("user_id", user_id)
        # ``display_name`` is required here: None cannot mean "leave out".
        details = profile("", locals(), CONTACT_FIELDS, required=("display_name",))
        kwargs = op._get_kwargs(user, body=UpdateEndUserInput(**details))
        return Call.from_generated(kwargs, lambda body: data_of(UpdateEndUserOutput.from_dict(body)))

    @operation("end_users.put_endusers")
    def update_many(self, op: ModuleType, users: Sequence[UserUpdate]) -> Call[BulkResult[EndUser, UserUpdate]]:
        """Replace the details of several contacts in one request. Each user is a ``BulkUpdateEndUserInput``
        or a dict with ``id``, ``display_name`` and any other keyword argument of :meth:`update`. Each one succeeds or
        fails on its own: see :class:`~dixa.BulkResult`.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/putEndusers
        """
        from dixa_generated.models.bulk_update_end_user_input import BulkUpdateEndUserInput
        from dixa_generated.models.bulk_update_end_users_input import BulkUpdateEndUsersInput
        from dixa_generated.models.bulk_update_end_users_output import BulkUpdateEndUsersOutput

        inputs, bodies = profile_items(
            "users", users, BulkUpdateEndUserInput, _BULK_UPDATE, required=("id", "display_name")
        )
        body = BulkUpdateEndUsersInput(data=bodies)
        return Call.from_generated(
            op._get_kwargs(body=body),
            lambda body: collect_outcomes(items_of(BulkUpdateEndUsersOutput.from_dict(body)), inputs),
        )

    @operation("end_users.patch_endusers_userid")
    def patch(
        self,
        op: ModuleType,
        user_id: str | uuid.UUID,
        *,
        display_name: str | None = None,
        email: str | None = None,
        phone_number: str | None = None,
        additional_emails: Sequence[str] | None = None,
        additional_phone_numbers: Sequence[str] | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        middle_names: Sequence[str] | None = None,
        avatar_url: str | None = None,
        external_id: str | None = None,
    ) -> Call[EndUser]:
        """Change only the details you pass; everything else stays as it is.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchEndusersUserid
        """
        from dixa_generated.models.patch_end_user_input import PatchEndUserInput
        from dixa_generated.models.patch_end_user_output import PatchEndUserOutput

        user = check_uuid("user_id", user_id)
        details = profile("", locals(), CONTACT_FIELDS)
        kwargs = op._get_kwargs(user, body=PatchEndUserInput(**details))
        return Call.from_generated(kwargs, lambda body: data_of(PatchEndUserOutput.from_dict(body)))

    @operation("end_users.patch_endusers")
    def patch_many(self, op: ModuleType, users: Sequence[UserPatch]) -> Call[BulkResult[EndUser, UserPatch]]:
        """Change some details of several contacts in one request. Each user is a ``BulkPatchEndUserInput``
        or a dict with ``id`` and the keyword arguments of :meth:`patch` to change. Each one succeeds or fails on its
        own: see :class:`~dixa.BulkResult`.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchEndusers
        """
        from dixa_generated.models.bulk_patch_end_user_input import BulkPatchEndUserInput
        from dixa_generated.models.bulk_patch_end_users_input import BulkPatchEndUsersInput
        from dixa_generated.models.bulk_patch_end_users_output import BulkPatchEndUsersOutput

        inputs, bodies = profile_items("users", users, BulkPatchEndUserInput, _BULK_UPDATE, required=("id",))
        body = BulkPatchEndUsersInput(data=bodies)
        return Call.from_generated(
            op._get_kwargs(body=body),
            lambda body: collect_outcomes(items_of(BulkPatchEndUsersOutput.from_dict(body)), inputs),
        )

    @operation("end_users.patch_endusers_userid_anonymize")
    def anonymize(
        self, op: ModuleType, user_id: str | uuid.UUID, *, force: bool = False
    ) -> Call[AnonymizationRequestStatus]:
        """Request erasure of the contact's personal data (e.g. a GDPR request). If they have
        conversations that are not closed, Dixa refuses (``ConflictError``) unless ``force=True``,
        which closes them. Dixa works asynchronously: follow the returned request with
        ``client.anonymization.status(result.id)``.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchEndusersUseridAnonymize
        """
        from dixa_generated.models.anonymize_entity_output import AnonymizeEntityOutput

        kwargs = op._get_kwargs(check_uuid("user_id", user_id), force=check_bool("force", force))
        return Call.from_generated(kwargs, lambda body: data_of(AnonymizeEntityOutput.from_dict(body)))


class EndUserConversations(Resource[C]):
    """``client.end_users.conversations``: the conversations an end user started."""

    @paginated("end_users.get_endusers_userid_conversations")
    def list(self, op: ModuleType, user_id: str | uuid.UUID, *, page_limit: int | None = None) -> Paged[Conversation]:
        """Every conversation the end user requested, page by page; each item's class tells its
        channel (``UnknownConversation`` for a channel newer than this SDK). Custom attribute values
        are not included: fetch a conversation for those.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getEndusersUseridConversations
        """
        from dixa_generated.models.list_end_user_conversations_output import ListEndUserConversationsOutput

        user = check_uuid("user_id", user_id)
        limit = optional_int("page_limit", page_limit)

        return follow_pages(
            lambda key: op._get_kwargs(user, page_limit=limit, page_key=key),
            lambda body: page_of(ListEndUserConversationsOutput.from_dict(body)),
        )


class EndUserCustomAttributes(Resource[C]):
    """``client.end_users.custom_attributes``: values of custom attributes on a contact."""

    @operation("end_users.patch_endusers_userid_custom_attributes")
    def patch(
        self, op: ModuleType, user_id: str | uuid.UUID, values: Mapping[str | uuid.UUID, AttributeValue | None]
    ) -> Call[list[CustomAttribute]]:
        """Set attribute values by attribute id: a string for text attributes, a list of strings
        for select attributes, ``None`` to clear. Attributes not named are left as they are.
        The result is the contact's attribute values after the change.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchEndusersUseridCustom-attributes
        """
        from dixa_generated.models.patch_end_user_custom_attributes_output import PatchEndUserCustomAttributesOutput

        from dixa.resources._common import attribute_patch

        user = check_uuid("user_id", user_id)
        kwargs = op._get_kwargs(user, body=attribute_patch("values", values))
        return Call.from_generated(kwargs, lambda body: items_of(PatchEndUserCustomAttributesOutput.from_dict(body)))
