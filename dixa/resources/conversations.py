"""Conversations: lifecycle (claim, close, reopen, follow-up, transfer), notes, messages,
ratings, tags, custom attributes, activity log, links and flows."""

from __future__ import annotations

import datetime as _dt
import uuid
from collections.abc import Mapping, Sequence
from functools import cached_property
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeAlias

from dixa._call import Call, Paged
from dixa._exceptions import InvalidParameterTypeError
from dixa._resource import C, Resource, operation, paginated
from dixa._validation import (
    check_bool,
    check_datetime,
    check_int,
    check_items,
    check_mapping,
    check_str,
    check_uuid,
)
from dixa.resources._common import (
    attribute_patch,
    check_keys,
    check_model,
    follow_pages,
    no_content,
    optional_datetime,
    optional_int,
    optional_str,
    optional_uuid,
    single_page,
)
from dixa.resources._envelope import data_of, items_of, page_of

if TYPE_CHECKING:
    from dixa_generated.models.activity_log_entry import ActivityLogEntry
    from dixa_generated.models.anonymization_request_status import AnonymizationRequestStatus
    from dixa_generated.models.anonymized_conversation import AnonymizedConversation
    from dixa_generated.models.callback import Callback
    from dixa_generated.models.chat import Chat
    from dixa_generated.models.chat_conversation import ChatConversation
    from dixa_generated.models.contact_form import ContactForm
    from dixa_generated.models.contact_form_conversation import ContactFormConversation
    from dixa_generated.models.conversation_flow import ConversationFlow
    from dixa_generated.models.conversation_rating import ConversationRating
    from dixa_generated.models.conversation_response import ConversationResponse
    from dixa_generated.models.create_internal_note_input import CreateInternalNoteInput
    from dixa_generated.models.create_message_output_data import CreateMessageOutputData
    from dixa_generated.models.csat import Csat
    from dixa_generated.models.custom_attribute import CustomAttribute
    from dixa_generated.models.email import Email
    from dixa_generated.models.email_conversation import EmailConversation
    from dixa_generated.models.facebook_messenger_conversation import FacebookMessengerConversation
    from dixa_generated.models.generic_conversation import GenericConversation
    from dixa_generated.models.generic_conversation_import import GenericConversationImport
    from dixa_generated.models.import_conversation_response import ImportConversationResponse
    from dixa_generated.models.inbound import Inbound
    from dixa_generated.models.internal_note_data import InternalNoteData
    from dixa_generated.models.message import Message
    from dixa_generated.models.messenger_conversation import MessengerConversation
    from dixa_generated.models.nps import Nps
    from dixa_generated.models.outbound import Outbound
    from dixa_generated.models.pstn_phone_conversation import PstnPhoneConversation
    from dixa_generated.models.rating_offer import RatingOffer
    from dixa_generated.models.rating_result import RatingResult
    from dixa_generated.models.sms import Sms
    from dixa_generated.models.sms_conversation import SmsConversation
    from dixa_generated.models.tag import Tag
    from dixa_generated.models.thumbs_up_or_down import ThumbsUpOrDown
    from dixa_generated.models.twitter_conversation import TwitterConversation
    from dixa_generated.models.unknown_conversation import UnknownConversation
    from dixa_generated.models.whats_app_conversation import WhatsAppConversation

    from dixa._bulk import BulkResult

    Conversation: TypeAlias = (
        AnonymizedConversation
        | ChatConversation
        | ContactFormConversation
        | EmailConversation
        | FacebookMessengerConversation
        | GenericConversation
        | MessengerConversation
        | PstnPhoneConversation
        | SmsConversation
        | TwitterConversation
        | WhatsAppConversation
        | UnknownConversation
    )
    NewConversation: TypeAlias = Callback | Chat | ContactForm | Email | Sms
    RatingValue: TypeAlias = Csat | Nps | ThumbsUpOrDown

AttributeValue: TypeAlias = "str | Sequence[str]"
"""A text attribute takes a string, a select attribute a list of option strings."""


class Conversations(Resource[C]):
    """``client.conversations``: get, create, import and move conversations through their lifecycle."""

    @cached_property
    def notes(self) -> Notes[C]:
        return Notes(self._core)

    @cached_property
    def messages(self) -> Messages[C]:
        return Messages(self._core)

    @cached_property
    def ratings(self) -> Ratings[C]:
        return Ratings(self._core)

    @cached_property
    def tags(self) -> ConversationTags[C]:
        return ConversationTags(self._core)

    @cached_property
    def custom_attributes(self) -> ConversationCustomAttributes[C]:
        return ConversationCustomAttributes(self._core)

    @cached_property
    def activity_log(self) -> ActivityLog[C]:
        return ActivityLog(self._core)

    @cached_property
    def links(self) -> Links[C]:
        return Links(self._core)

    @cached_property
    def flows(self) -> Flows[C]:
        return Flows(self._core)

    @operation("conversations.get_conversations_conversationid")
    def get(self, op: ModuleType, conversation_id: int) -> Call[Conversation]:
        """Fetch one conversation; the result's class tells its channel (``EmailConversation``, ...).

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getConversationsConversationid
        """
        from dixa_generated.models.get_conversation_output import GetConversationOutput

        kwargs = op._get_kwargs(check_int("conversation_id", conversation_id))
        return Call.from_generated(kwargs, lambda body: GetConversationOutput.from_dict(body).data)

    @operation("conversations.post_conversations")
    def create(self, op: ModuleType, conversation: NewConversation) -> Call[ConversationResponse]:
        """Start a conversation on a channel: pass a ``Chat``, ``Email``, ``Sms``, ``ContactForm`` or ``Callback``.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postConversations
        """
        from dixa_generated.models.create_conversation_output import CreateConversationOutput

        check_model("conversation", conversation, op._get_kwargs)
        kwargs = op._get_kwargs(body=conversation)
        return Call.from_generated(kwargs, lambda body: data_of(CreateConversationOutput.from_dict(body)))

    @operation("conversations.post_conversations_import")
    def import_(self, op: ModuleType, conversation: GenericConversationImport) -> Call[ImportConversationResponse]:
        """Import a conversation that happened elsewhere, messages and all, keeping its timestamps.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postConversationsImport
        """
        from dixa_generated.models.generic_conversation_import import GenericConversationImport
        from dixa_generated.models.import_conversation_output import ImportConversationOutput

        if not isinstance(conversation, GenericConversationImport):
            raise InvalidParameterTypeError(
                "conversation", f"expected GenericConversationImport, got {type(conversation).__name__}"
            )
        kwargs = op._get_kwargs(body=conversation)
        return Call.from_generated(kwargs, lambda body: data_of(ImportConversationOutput.from_dict(body)))

    @operation("conversations.put_conversations_conversationid_claim")
    def claim(
        self, op: ModuleType, conversation_id: int, *, agent_id: str | uuid.UUID, force: bool = False
    ) -> Call[None]:
        """Assign the conversation to ``agent_id``. With ``force=False`` an already assigned
        conversation is left alone (Dixa answers 409, raised as ``ConflictError``).

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/putConversationsConversationidClaim
        """
        from dixa_generated.models.claim_conversation_input import ClaimConversationInput

        body = ClaimConversationInput(agent_id=check_uuid("agent_id", agent_id), force=check_bool("force", force))
        return Call.from_generated(op._get_kwargs(check_int("conversation_id", conversation_id), body=body), no_content)

    @operation("conversations.put_conversations_conversationid_close")
    def close(self, op: ModuleType, conversation_id: int, *, user_id: str | uuid.UUID | None = None) -> Call[None]:
        """Close the conversation, on behalf of ``user_id`` if given.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/putConversationsConversationidClose
        """
        from dixa_generated.models.close_conversation_input import CloseConversationInput

        body = CloseConversationInput(user_id=optional_uuid("user_id", user_id))
        return Call.from_generated(op._get_kwargs(check_int("conversation_id", conversation_id), body=body), no_content)

    @operation("conversations.put_conversations_conversationid_reopen")
    def reopen(self, op: ModuleType, conversation_id: int, *, user_id: str | uuid.UUID | None = None) -> Call[None]:
        """Reopen a closed conversation, on behalf of ``user_id`` if given.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/putConversationsConversationidReopen
        """
        from dixa_generated.models.reopen_conversation_input import ReopenConversationInput

        body = ReopenConversationInput(user_id=optional_uuid("user_id", user_id))
        return Call.from_generated(op._get_kwargs(check_int("conversation_id", conversation_id), body=body), no_content)

    @operation("conversations.put_conversations_conversationid_followup")
    def follow_up(
        self, op: ModuleType, conversation_id: int, *, at: _dt.datetime, user_id: str | uuid.UUID | None = None
    ) -> Call[None]:
        """Put the conversation in follow-up until ``at`` (a naive datetime is taken as UTC).

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/putConversationsConversationidFollowup
        """
        from dixa_generated.models.followup_conversation_input import FollowupConversationInput

        body = FollowupConversationInput(timestamp=check_datetime("at", at), user_id=optional_uuid("user_id", user_id))
        return Call.from_generated(op._get_kwargs(check_int("conversation_id", conversation_id), body=body), no_content)

    @operation("conversations.put_conversations_conversationid_transfer_queue")
    def transfer(
        self, op: ModuleType, conversation_id: int, *, queue_id: str | uuid.UUID, user_id: str | uuid.UUID | None = None
    ) -> Call[None]:
        """Move the conversation to another queue.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/putConversationsConversationidTransferQueue
        """
        from dixa_generated.models.transfer_conversation_input import TransferConversationInput

        body = TransferConversationInput(
            queue_id=check_uuid("queue_id", queue_id), user_id=optional_uuid("user_id", user_id)
        )
        return Call.from_generated(op._get_kwargs(check_int("conversation_id", conversation_id), body=body), no_content)

    @operation("conversations.patch_conversations_conversationid_anonymize")
    def anonymize(
        self, op: ModuleType, conversation_id: int, *, force: bool = False
    ) -> Call[AnonymizationRequestStatus]:
        """Request anonymization of the whole conversation; ``force`` also anonymizes an open one.
        Dixa works on it asynchronously: the result is the request's status.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchConversationsConversationidAnonymize
        """
        from dixa_generated.models.anonymize_entity_output import AnonymizeEntityOutput

        kwargs = op._get_kwargs(check_int("conversation_id", conversation_id), force=check_bool("force", force))
        return Call.from_generated(kwargs, lambda body: data_of(AnonymizeEntityOutput.from_dict(body)))

    @operation("conversations.put_conversations_conversationid_tags_tagid")
    def tag(self, op: ModuleType, conversation_id: int, tag_id: str | uuid.UUID) -> Call[None]:
        """Add an existing tag to the conversation.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/putConversationsConversationidTagsTagid
        """
        kwargs = op._get_kwargs(check_int("conversation_id", conversation_id), check_uuid("tag_id", tag_id))
        return Call.from_generated(kwargs, no_content)

    @operation("conversations.delete_conversations_conversationid_tags_tagid")
    def untag(self, op: ModuleType, conversation_id: int, tag_id: str | uuid.UUID) -> Call[None]:
        """Remove a tag from the conversation.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/deleteConversationsConversationidTagsTagid
        """
        kwargs = op._get_kwargs(check_int("conversation_id", conversation_id), check_uuid("tag_id", tag_id))
        return Call.from_generated(kwargs, no_content)


class Notes(Resource[C]):
    """``client.conversations.notes``: internal notes, visible to agents only."""

    @paginated("conversations.get_conversations_conversationid_notes")
    def list(self, op: ModuleType, conversation_id: int) -> Paged[InternalNoteData]:
        """Every internal note on the conversation, oldest first.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getConversationsConversationidNotes
        """
        from dixa_generated.models.list_internal_notes_output import ListInternalNotesOutput

        kwargs = op._get_kwargs(check_int("conversation_id", conversation_id))
        return single_page(kwargs, lambda body: items_of(ListInternalNotesOutput.from_dict(body)))

    @operation("conversations.post_conversations_conversationid_notes")
    def create(
        self,
        op: ModuleType,
        conversation_id: int,
        *,
        message: str,
        agent_id: str | uuid.UUID | None = None,
        created_at: _dt.datetime | None = None,
    ) -> Call[InternalNoteData]:
        """Add an internal note. ``agent_id`` is the author (else the API user);
        ``created_at`` backdates it, e.g. when migrating notes from another system.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postConversationsConversationidNotes
        """
        from dixa_generated.models.create_note_output import CreateNoteOutput

        conversation_id = check_int("conversation_id", conversation_id)
        kwargs = op._get_kwargs(conversation_id, body=_note_input("", message, agent_id, created_at))
        return Call.from_generated(kwargs, lambda body: data_of(CreateNoteOutput.from_dict(body)))

    @operation("conversations.post_conversations_conversationid_notes_bulk")
    def create_many(
        self, op: ModuleType, conversation_id: int, notes: Sequence[Mapping[str, Any]]
    ) -> Call[BulkResult[InternalNoteData, Mapping[str, Any]]]:
        """Add several notes in one request. Each note is a dict with ``message`` and optionally
        ``agent_id`` and ``created_at``. Each note succeeds or fails on its own: see
        :class:`~dixa.BulkResult`.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postConversationsConversationidNotesBulk
        """
        from dixa_generated.models.bulk_create_internal_note_input import BulkCreateInternalNoteInput
        from dixa_generated.models.bulk_create_note_output import BulkCreateNoteOutput

        from dixa._bulk import collect_outcomes  # here, not at the top: a first call need not load it

        conversation_id = check_int("conversation_id", conversation_id)
        inputs = check_items("notes", notes, check_mapping)
        body = BulkCreateInternalNoteInput(data=[_note_from_mapping(f"notes[{i}]", n) for i, n in enumerate(inputs)])
        kwargs = op._get_kwargs(check_int("conversation_id", conversation_id), body=body)
        return Call.from_generated(
            kwargs, lambda body: collect_outcomes(items_of(BulkCreateNoteOutput.from_dict(body)), inputs)
        )


def _note_input(prefix: str, message: object, agent_id: object, created_at: object) -> CreateInternalNoteInput:
    from dixa_generated.models.create_internal_note_input import CreateInternalNoteInput

    return CreateInternalNoteInput(
        message=check_str(f"{prefix}message", message),
        agent_id=optional_uuid(f"{prefix}agent_id", agent_id),
        created_at=optional_datetime(f"{prefix}created_at", created_at),
    )


def _note_from_mapping(name: str, note: Mapping[str, Any]) -> CreateInternalNoteInput:
    check_keys(name, note, ("message", "agent_id", "created_at"))
    return _note_input(f"{name}.", note.get("message"), note.get("agent_id"), note.get("created_at"))


class Messages(Resource[C]):
    """``client.conversations.messages``: what the customer and agents wrote."""

    @paginated("conversations.get_conversations_conversationid_messages")
    def list(self, op: ModuleType, conversation_id: int) -> Paged[Message]:
        """Every message in the conversation, oldest first.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getConversationsConversationidMessages
        """
        from dixa_generated.models.list_messages_output import ListMessagesOutput

        kwargs = op._get_kwargs(check_int("conversation_id", conversation_id))
        return single_page(kwargs, lambda body: items_of(ListMessagesOutput.from_dict(body)))

    @operation("conversations.post_conversations_conversationid_messages")
    def create(
        self, op: ModuleType, conversation_id: int, message: Inbound | Outbound
    ) -> Call[CreateMessageOutputData]:
        """Add a message: ``Inbound`` (from the end user) or ``Outbound`` (from an agent).

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postConversationsConversationidMessages
        """
        from dixa_generated.models.create_message_output import CreateMessageOutput

        check_model("message", message, op._get_kwargs)
        kwargs = op._get_kwargs(check_int("conversation_id", conversation_id), body=message)
        return Call.from_generated(kwargs, lambda body: data_of(CreateMessageOutput.from_dict(body)))

    @operation("conversations.patch_conversations_conversationid_messages_messageid_anonymize")
    def anonymize(
        self, op: ModuleType, conversation_id: int, message_id: str | uuid.UUID
    ) -> Call[AnonymizationRequestStatus]:
        """Request anonymization of one message; Dixa works on it asynchronously.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchConversationsConversationidMessagesMessageidAnonymize
        """
        from dixa_generated.models.anonymize_entity_output import AnonymizeEntityOutput

        kwargs = op._get_kwargs(check_int("conversation_id", conversation_id), check_uuid("message_id", message_id))
        return Call.from_generated(kwargs, lambda body: data_of(AnonymizeEntityOutput.from_dict(body)))


class Ratings(Resource[C]):
    """``client.conversations.ratings``: offer a rating to the customer and record the answer."""

    @paginated("conversations.get_conversations_conversationid_ratings")
    def list(self, op: ModuleType, conversation_id: int) -> Paged[ConversationRating]:
        """The ratings offered and submitted on the conversation.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getConversationsConversationidRatings
        """
        return _ratings_listing(op._get_kwargs(check_int("conversation_id", conversation_id)))

    @paginated("conversations.get_conversations_conversationid_rating")
    def list_legacy(self, op: ModuleType, conversation_id: int) -> Paged[ConversationRating]:
        """The deprecated ``/rating`` listing; prefer :meth:`list`. Kept so old integrations can compare.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getConversationsConversationidRating
        """
        return _ratings_listing(op._get_kwargs(check_int("conversation_id", conversation_id)))

    @operation("conversations.post_conversations_conversationid_ratings_offer")
    def offer(
        self,
        op: ModuleType,
        conversation_id: int,
        *,
        rating_type: str,
        user_id: str | None = None,
        agent_id: str | None = None,
        offered_at: _dt.datetime | None = None,
    ) -> Call[RatingOffer]:
        """Offer the customer a rating (``"Csat"``, ``"Nps"`` or ``"ThumbsUpOrDown"``). Without
        ``user_id`` the requester is asked; without ``agent_id`` Dixa picks the likely agent.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postConversationsConversationidRatingsOffer
        """
        from dixa_generated.models.create_rating_offer_input import CreateRatingOfferInput
        from dixa_generated.models.create_rating_offer_output import CreateRatingOfferOutput

        body = CreateRatingOfferInput(
            rating_type=check_str("rating_type", rating_type),
            user_id=optional_str("user_id", user_id),
            agent_id=optional_str("agent_id", agent_id),
            offered_at=optional_datetime("offered_at", offered_at),
        )
        kwargs = op._get_kwargs(check_int("conversation_id", conversation_id), body=body)
        return Call.from_generated(kwargs, lambda body: data_of(CreateRatingOfferOutput.from_dict(body)))

    @operation("conversations.post_conversations_conversationid_ratings_ratingid_submit")
    def submit(
        self,
        op: ModuleType,
        conversation_id: int,
        rating_id: str,
        *,
        result: RatingValue,
        comment: str | None = None,
        submitted_at: _dt.datetime | None = None,
    ) -> Call[RatingResult]:
        """Record the customer's answer to an offered rating, e.g. ``result=Csat(value=4)``.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postConversationsConversationidRatingsRatingidSubmit
        """
        from dixa_generated.models.create_rating_result_input import CreateRatingResultInput
        from dixa_generated.models.create_rating_result_output import CreateRatingResultOutput
        from dixa_generated.models.csat import Csat
        from dixa_generated.models.nps import Nps
        from dixa_generated.models.thumbs_up_or_down import ThumbsUpOrDown

        if not isinstance(result, (Csat, Nps, ThumbsUpOrDown)):
            raise InvalidParameterTypeError(
                "result", f"expected Csat, Nps or ThumbsUpOrDown, got {type(result).__name__}"
            )
        body = CreateRatingResultInput(
            rating_result=result,
            comment=optional_str("comment", comment),
            submitted_at=optional_datetime("submitted_at", submitted_at),
        )
        kwargs = op._get_kwargs(
            check_int("conversation_id", conversation_id), check_str("rating_id", rating_id), body=body
        )
        return Call.from_generated(kwargs, lambda body: data_of(CreateRatingResultOutput.from_dict(body)))


def _ratings_listing(kwargs: dict[str, Any]) -> Paged[ConversationRating]:
    from dixa_generated.models.list_conversation_ratings_output import ListConversationRatingsOutput

    return single_page(kwargs, lambda body: items_of(ListConversationRatingsOutput.from_dict(body)))


class ConversationTags(Resource[C]):
    """``client.conversations.tags``: the tags on one conversation."""

    @paginated("conversations.get_conversations_conversationid_tags")
    def list(self, op: ModuleType, conversation_id: int) -> Paged[Tag]:
        """The tags on the conversation.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getConversationsConversationidTags
        """
        from dixa_generated.models.conversation_tags_output import ConversationTagsOutput

        kwargs = op._get_kwargs(check_int("conversation_id", conversation_id))
        return single_page(kwargs, lambda body: items_of(ConversationTagsOutput.from_dict(body)))

    @operation("conversations.post_conversations_conversationid_tags_bulk")
    def add_many(self, op: ModuleType, conversation_id: int, names: Sequence[str]) -> Call[None]:
        """Tag the conversation with several tags by name, creating tags that do not exist.
        Dixa accepts the request (202) and applies it asynchronously; it reports no
        per-tag outcome, so there is nothing to return.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postConversationsConversationidTagsBulk
        """
        from dixa_generated.models.bulk_tag_conversation_input import BulkTagConversationInput
        from dixa_generated.models.tag_conversation_input import TagConversationInput

        body = BulkTagConversationInput(
            data=[TagConversationInput(name=n) for n in check_items("names", names, check_str)]
        )
        return Call.from_generated(op._get_kwargs(check_int("conversation_id", conversation_id), body=body), no_content)


class ConversationCustomAttributes(Resource[C]):
    """``client.conversations.custom_attributes``: values of custom attributes on a conversation."""

    @operation("conversations.patch_conversations_conversationid_custom_attributes")
    def patch(
        self, op: ModuleType, conversation_id: int, values: Mapping[str | uuid.UUID, AttributeValue]
    ) -> Call[list[CustomAttribute]]:
        """Set attribute values by attribute id: a string for text attributes, a list of strings
        for select attributes. Attributes not named are left as they are.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchConversationsConversationidCustom-attributes
        """
        from dixa_generated.models.patch_conversation_custom_attributes_output import (
            PatchConversationCustomAttributesOutput,
        )

        body = attribute_patch("values", values)
        kwargs = op._get_kwargs(check_int("conversation_id", conversation_id), body=body)
        return Call.from_generated(
            kwargs, lambda body: items_of(PatchConversationCustomAttributesOutput.from_dict(body))
        )


class ActivityLog(Resource[C]):
    """``client.conversations.activity_log``: what happened to conversations, and when."""

    @paginated("conversations.get_conversations_conversationid_activitylog")
    def list(self, op: ModuleType, conversation_id: int) -> Paged[ActivityLogEntry]:
        """Every activity on one conversation (assigned, note added, closed, ...).

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getConversationsConversationidActivitylog
        """
        from dixa_generated.models.get_activity_log_output import GetActivityLogOutput

        kwargs = op._get_kwargs(check_int("conversation_id", conversation_id))
        return single_page(kwargs, lambda body: items_of(GetActivityLogOutput.from_dict(body)))

    @paginated("conversations.get_conversations_activitylog")
    def list_all(
        self,
        op: ModuleType,
        *,
        since: _dt.datetime | None = None,
        until: _dt.datetime | None = None,
        page_limit: int | None = None,
    ) -> Paged[ActivityLogEntry]:
        """The organization-wide activity log between ``since`` and ``until``, followed page by page.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getConversationsActivitylog
        """
        from dixa_generated.models.list_activity_log_output import ListActivityLogOutput

        start = optional_datetime("since", since)
        end = optional_datetime("until", until)
        limit = optional_int("page_limit", page_limit)
        return follow_pages(
            lambda key: op._get_kwargs(page_limit=limit, page_key=key, from_datetime=start, to_datetime=end),
            lambda body: page_of(ListActivityLogOutput.from_dict(body)),
        )


class Links(Resource[C]):
    """``client.conversations.links``: parent/child links between conversations."""

    @operation("conversations.put_conversations_conversationid_link")
    def create(self, op: ModuleType, conversation_id: int, *, parent_id: int, link_type: str) -> Call[None]:
        """Link the conversation to a parent conversation (``link_type`` as Dixa names it, e.g. ``"Sibling"``).

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/putConversationsConversationidLink
        """
        from dixa_generated.models.link_conversation_input import LinkConversationInput

        body = LinkConversationInput(
            parent_id=check_int("parent_id", parent_id), link_type=check_str("link_type", link_type)
        )
        return Call.from_generated(op._get_kwargs(check_int("conversation_id", conversation_id), body=body), no_content)

    @paginated("conversations.get_conversations_conversationid_linked")
    def list(self, op: ModuleType, conversation_id: int) -> Paged[Conversation]:
        """The conversations linked to this one.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getConversationsConversationidLinked
        """
        from dixa_generated.models.list_linked_conversations_output import ListLinkedConversationsOutput

        kwargs = op._get_kwargs(check_int("conversation_id", conversation_id))
        return single_page(kwargs, lambda body: items_of(ListLinkedConversationsOutput.from_dict(body)))


class Flows(Resource[C]):
    """``client.conversations.flows``: the conversation flows (IVR, chat and contact-form flows)."""

    @paginated("conversations.get_conversations_flows")
    def list(self, op: ModuleType, *, channel: str | None = None) -> Paged[ConversationFlow]:
        """The organization's flows, optionally only those of one channel.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getConversationsFlows
        """
        from dixa_generated.models.list_flows_output import ListFlowsOutput

        kwargs = op._get_kwargs(channel=optional_str("channel", channel))
        return single_page(kwargs, lambda body: items_of(ListFlowsOutput.from_dict(body)))
