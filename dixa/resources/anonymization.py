"""Anonymization requests: follow up on the erasure of personal data.

Requests are made where the data lives: ``client.end_users.anonymize``,
``client.conversations.anonymize`` and ``client.conversations.messages.anonymize``.
"""

from __future__ import annotations

import uuid
from types import ModuleType
from typing import TYPE_CHECKING, Literal, TypeAlias

from dixa._call import Call
from dixa._exceptions import InvalidParameterError
from dixa._resource import C, Resource, operation
from dixa._validation import check_bool, check_int, check_str, check_uuid
from dixa.resources._envelope import data_of

if TYPE_CHECKING:
    from dixa_generated.models.anonymization_request_status import AnonymizationRequestStatus

EntityType: TypeAlias = Literal["User", "Conversation", "Message"]
_ENTITY_TYPES = ("User", "Conversation", "Message")


class Anonymization(Resource[C]):
    """``client.anonymization``: the status of anonymization requests."""

    @operation("anonymization.get_anonymization_request_requestid")
    def status(self, op: ModuleType, request_id: str | uuid.UUID) -> Call[AnonymizationRequestStatus]:
        """Where an anonymization request stands. Dixa anonymizes asynchronously: the request
        is done once ``processed_at`` is set. ``request_id`` is the ``id`` of the status an
        ``anonymize`` call returned.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getAnonymizationRequestRequestid
        """
        from dixa_generated.models.anonymize_entity_output import AnonymizeEntityOutput

        kwargs = op._get_kwargs(check_uuid("request_id", request_id))
        return Call.from_generated(kwargs, lambda body: data_of(AnonymizeEntityOutput.from_dict(body)))

    @operation("anonymization.post_anonymization")
    def request(
        self, op: ModuleType, entity_type: EntityType, entity_id: str | uuid.UUID | int, *, force: bool = False
    ) -> Call[AnonymizationRequestStatus]:
        """Deprecated by Dixa: request anonymization of a ``"User"`` (``entity_id`` is the end
        user's UUID), a ``"Conversation"`` (its integer id) or a ``"Message"`` (its UUID). A
        conversation that is not closed is only anonymized with ``force=True``.

        Prefer the endpoints of the specific resources, which Dixa maintains:
        ``client.end_users.anonymize(user_id)``, ``client.conversations.anonymize(conversation_id)``
        and ``client.conversations.messages.anonymize(conversation_id, message_id)``.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postAnonymization
        """
        from dixa_generated.models.anonymize_entity_input import AnonymizeEntityInput
        from dixa_generated.models.anonymize_entity_output import AnonymizeEntityOutput

        kind = check_str("entity_type", entity_type)
        if kind not in _ENTITY_TYPES:
            raise InvalidParameterError("entity_type", f"must be one of {', '.join(_ENTITY_TYPES)}, got {kind!r}")
        # Conversations are numbered; users and messages have UUIDs. Dixa takes either as a string.
        target = check_int("entity_id", entity_id) if kind == "Conversation" else check_uuid("entity_id", entity_id)
        body = AnonymizeEntityInput(
            entity_id=str(target), field_type_=kind, force_anonymization=check_bool("force", force)
        )
        return Call.from_generated(
            op._get_kwargs(body=body), lambda body: data_of(AnonymizeEntityOutput.from_dict(body))
        )
