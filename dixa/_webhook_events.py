"""Typed webhook events: one class per ``event_fqn`` Dixa sends, and the lenient parser.

The shapes come from Dixa's payload docs where they are readable and from published
deliveries where they are not (``shared/dixa-webhooks.md`` labels each fact). Three rules
keep a receiver running whatever arrives:

* Every model keeps the JSON it was read from (``raw``); ``to_dict()`` gives it back
  unchanged and ``extra`` holds the keys this SDK does not model yet.
* A field is typed as the deliveries show it. Identities (the envelope, ``csid``, ids) are
  required; everything else is ``Optional`` because real deliveries leave much of it
  ``null`` (queue, assignee, subject, requester name ...). An optional value of an
  unexpected type becomes ``None``; a required one that is missing or mistyped turns the
  whole delivery into an ``UnknownEvent``. Either way the raw JSON is kept and one warning
  naming the paths (never the values: they are personal data) goes to the ``dixa`` logger.
* An ``event_fqn`` or ``event_version`` this SDK does not know is an ``UnknownEvent``, not
  an error: Dixa adds events over time (20 names in 2025's v1 API, 32 in beta).

Only a payload that is not a Dixa delivery at all (not JSON, not an object, no envelope)
raises, as ``InvalidParameterError`` naming ``payload``.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Self, TypeAlias, TypeVar

from dixa._timestamps import parse_datetime

__all__ = [
    "EVENT_TYPES",
    "AbandonedData",
    "AgentBannedEnduser",
    "AgentBannedIp",
    "AgentUnbannedEnduser",
    "AgentUnbannedIp",
    "BaseEvent",
    "Conversation",
    "ConversationAbandoned",
    "ConversationAssigned",
    "ConversationClosed",
    "ConversationCreated",
    "ConversationCustomAttributeUpdated",
    "ConversationEndUserReplaced",
    "ConversationEnqueued",
    "ConversationEventData",
    "ConversationMessageAdded",
    "ConversationMessageDeliveryDelivered",
    "ConversationMessageDeliveryFailed",
    "ConversationMessageDeliveryInfo",
    "ConversationMessageDeliverySeen",
    "ConversationMessageDeliverySent",
    "ConversationMessageDeliverySpamComplaint",
    "ConversationNoteAdded",
    "ConversationOpen",
    "ConversationPending",
    "ConversationPendingExpired",
    "ConversationRated",
    "ConversationTagAdded",
    "ConversationTagRemoved",
    "ConversationTransferred",
    "ConversationUnassigned",
    "EventData",
    "MessageAddedData",
    "MessageContent",
    "NoteAddedData",
    "Organization",
    "PendingExpiredData",
    "Queue",
    "RatedData",
    "SLAEvaluationAchieved",
    "SLAEvaluationBreached",
    "SLAEvaluationPending",
    "SLAEvaluationVoided",
    "Tag",
    "TagAddedData",
    "TypingStarted",
    "UnknownEvent",
    "User",
    "WebhookEvent",
    "parse_event",
]

log = logging.getLogger("dixa")

# Every event_version this SDK has a model for. Dixa has only ever sent "1".
_KNOWN_VERSIONS = frozenset({"1"})
_MAX_NOTES = 10  # problems listed in one warning; the rest are counted


# --------------------------------------------------------------------------- reading JSON


class _ShapeError(Exception):
    """A required value is missing or of the wrong type: the object cannot be typed."""


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


T = TypeVar("T")


class _Reader:
    """Reads the fields of one JSON object. Optional reads record what did not fit in
    ``notes`` and give ``None``; required reads raise ``_ShapeError``. Paths, not values, are
    recorded, so a warning never carries personal data."""

    __slots__ = ("notes", "obj", "path")

    def __init__(self, obj: Mapping[str, Any], path: str, notes: list[str]) -> None:
        self.obj = obj
        self.path = path
        self.notes = notes

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _get(self, key: str, check: Callable[[Any], T | None], expected: str, *, required: bool) -> T | None:
        value = self.obj.get(key)
        if value is None:
            if required:
                got = _json_type(value) if key in self.obj else "nothing"
                raise _ShapeError(f"{self._where(key)}: expected {expected}, got {got}")
            return None
        result = check(value)
        if result is None:
            problem = f"{self._where(key)}: expected {expected}, got {_json_type(value)}"
            if required:
                raise _ShapeError(problem)
            self.notes.append(problem)
        return result

    def string(self, key: str) -> str | None:
        return self._get(key, _as_str, "a string", required=False)

    def required_string(self, key: str) -> str:
        return typing.cast(str, self._get(key, _as_str, "a string", required=True))

    def integer(self, key: str) -> int | None:
        return self._get(key, _as_int, "an integer", required=False)

    def required_integer(self, key: str) -> int:
        return typing.cast(int, self._get(key, _as_int, "an integer", required=True))

    def boolean(self, key: str) -> bool | None:
        return self._get(key, _as_bool, "a boolean", required=False)

    def timestamp(self, key: str) -> _dt.datetime | None:
        return self._get(key, _as_datetime, "a timestamp", required=False)

    def required_timestamp(self, key: str) -> _dt.datetime:
        return typing.cast(_dt.datetime, self._get(key, _as_datetime, "a timestamp", required=True))

    def strings(self, key: str) -> tuple[str, ...]:
        values = self._get(key, _as_list, "an array", required=False) or []
        if not all(isinstance(value, str) for value in values):
            self.notes.append(f"{self._where(key)}: expected an array of strings")
        return tuple(value for value in values if isinstance(value, str))

    def nested(self, key: str, read: Callable[[_Reader], T]) -> T | None:
        """A nested object, or ``None`` when it is absent, ``null`` or cannot be typed."""
        value = self._get(key, _as_mapping, "an object", required=False)
        if value is None:
            return None
        try:
            return read(_Reader(value, self._where(key), self.notes))
        except _ShapeError as shape:
            self.notes.append(str(shape))
            return None

    def required_nested(self, key: str, read: Callable[[_Reader], T]) -> T:
        value = typing.cast(Mapping[str, Any], self._get(key, _as_mapping, "an object", required=True))
        return read(_Reader(value, self._where(key), self.notes))

    def nested_list(self, key: str, read: Callable[[_Reader], T]) -> tuple[T, ...]:
        """An array of objects; items that cannot be typed are left out (and noted)."""
        values = self._get(key, _as_list, "an array", required=False) or []
        items: list[T] = []
        for index, value in enumerate(values):
            where = f"{self._where(key)}[{index}]"
            if not isinstance(value, Mapping):
                self.notes.append(f"{where}: expected an object, got {_json_type(value)}")
                continue
            try:
                items.append(read(_Reader(value, where, self.notes)))
            except _ShapeError as shape:
                self.notes.append(str(shape))
        return tuple(items)


def _as_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _as_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _as_list(value: Any) -> list[Any] | None:
    return value if isinstance(value, list) else None


def _as_mapping(value: Any) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) else None


def _as_datetime(value: Any) -> _dt.datetime | None:
    # Deliveries show ISO-8601 with a Z (``2025-01-14T22:01:05.429Z``), read by the SDK's one
    # timestamp rule. A number is taken as Unix milliseconds, the unit of Dixa's signature
    # timestamp: never seen in a payload, but cheaper to accept than to lose an event over.
    if isinstance(value, str):
        try:
            return parse_datetime(value)
        except ValueError:
            return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return _dt.datetime.fromtimestamp(value / 1000, _dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
    return None


def _json_copy(value: Any) -> Any:
    """A deep copy of JSON-shaped data (mappings become dicts, sequences lists)."""
    if isinstance(value, Mapping):
        return {key: _json_copy(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_copy(item) for item in value]
    return value


# --------------------------------------------------------------------------- shared objects


class _JSONObject:
    """What every webhook model has: the JSON it was read from."""

    __slots__ = ()
    _keys: ClassVar[frozenset[str]] = frozenset()  # the wire keys the model reads
    raw: Mapping[str, Any]

    @property
    def extra(self) -> dict[str, Any]:
        """The keys this SDK does not model (yet), as received."""
        return {key: value for key, value in self.raw.items() if key not in self._keys}

    def to_dict(self) -> dict[str, Any]:
        """The JSON object as it was received (a copy: changing it changes nothing here)."""
        return typing.cast(dict[str, Any], _json_copy(self.raw))


@dataclass(frozen=True, slots=True)
class Organization(_JSONObject):
    """The envelope's ``organization``: the Dixa organization the event belongs to."""

    id: str
    name: str | None
    raw: Mapping[str, Any] = field(repr=False)

    _keys = frozenset({"id", "name"})

    @classmethod
    def _read(cls, r: _Reader) -> Self:
        return cls(id=r.required_string("id"), name=r.string("name"), raw=r.obj)


@dataclass(frozen=True, slots=True)
class User(_JSONObject):
    """A person: ``requester`` (end user, ``user_type`` ``"Contact"``), ``assignee``/``author``/
    ``agent`` (agent, ``"Member"``). ``name``, ``email`` and ``phone`` are often ``null``."""

    id: str
    name: str | None
    email: str | None
    phone: str | None
    roles: tuple[str, ...]
    user_type: str | None
    raw: Mapping[str, Any] = field(repr=False)

    _keys = frozenset({"id", "name", "email", "phone", "roles", "user_type"})

    @classmethod
    def _read(cls, r: _Reader) -> Self:
        return cls(
            id=r.required_string("id"),
            name=r.string("name"),
            email=r.string("email"),
            phone=r.string("phone"),
            roles=r.strings("roles"),
            user_type=r.string("user_type"),
            raw=r.obj,
        )


@dataclass(frozen=True, slots=True)
class Queue(_JSONObject):
    """A queue. Names are kept exactly as sent (some end in a space)."""

    id: str
    name: str | None
    raw: Mapping[str, Any] = field(repr=False)

    _keys = frozenset({"id", "name"})

    @classmethod
    def _read(cls, r: _Reader) -> Self:
        return cls(id=r.required_string("id"), name=r.string("name"), raw=r.obj)


@dataclass(frozen=True, slots=True)
class Tag(_JSONObject):
    """An item of ``conversation.tags``."""

    id: str
    name: str | None
    is_deactivated: bool | None
    raw: Mapping[str, Any] = field(repr=False)

    _keys = frozenset({"id", "name", "is_deactivated"})

    @classmethod
    def _read(cls, r: _Reader) -> Self:
        return cls(
            id=r.required_string("id"), name=r.string("name"), is_deactivated=r.boolean("is_deactivated"), raw=r.obj
        )


@dataclass(frozen=True, slots=True)
class Conversation(_JSONObject):
    """The conversation an event is about. ``channel`` (``"EMAIL"``, ``"WIDGET_CHAT"``, ...),
    ``status`` (``"OPEN"``, ``"PENDING"``, ``"CLOSED"``) and ``direction`` (``"INBOUND"``,
    ``"OUTBOUND"``) are open sets of strings: new values arrive as they are."""

    csid: int
    channel: str | None
    status: str | None
    direction: str | None
    queue: Queue | None
    contact_point: str | None
    requester: User | None
    assignee: User | None
    subject: str | None
    tags: tuple[Tag, ...]
    created_at: _dt.datetime | None
    raw: Mapping[str, Any] = field(repr=False)

    _keys = frozenset(
        {
            "csid",
            "channel",
            "status",
            "direction",
            "queue",
            "contact_point",
            "requester",
            "assignee",
            "subject",
            "tags",
            "created_at",
        }
    )

    @classmethod
    def _read(cls, r: _Reader) -> Self:
        return cls(
            csid=r.required_integer("csid"),
            channel=r.string("channel"),
            status=r.string("status"),
            direction=r.string("direction"),
            queue=r.nested("queue", Queue._read),
            contact_point=r.string("contact_point"),
            requester=r.nested("requester", User._read),
            assignee=r.nested("assignee", User._read),
            subject=r.string("subject"),
            tags=r.nested_list("tags", Tag._read),
            created_at=r.timestamp("created_at"),
            raw=r.obj,
        )


@dataclass(frozen=True, slots=True)
class MessageContent(_JSONObject):
    """``content`` of an added message (``content_type`` seen: ``"Text"``)."""

    text: str | None
    content_type: str | None
    original_content_url: str | None
    processed_content_url: str | None
    raw: Mapping[str, Any] = field(repr=False)

    _keys = frozenset({"text", "content_type", "original_content_url", "processed_content_url"})

    @classmethod
    def _read(cls, r: _Reader) -> Self:
        return cls(
            text=r.string("text"),
            content_type=r.string("content_type"),
            original_content_url=r.string("original_content_url"),
            processed_content_url=r.string("processed_content_url"),
            raw=r.obj,
        )


# --------------------------------------------------------------------------- event data


@dataclass(frozen=True, slots=True)
class ConversationEventData(_JSONObject):
    """``data`` of the conversation lifecycle events (created, open, pending, closed, enqueued)."""

    conversation: Conversation
    raw: Mapping[str, Any] = field(repr=False)

    _keys = frozenset({"conversation"})

    @classmethod
    def _read(cls, r: _Reader) -> Self:
        return cls(conversation=r.required_nested("conversation", Conversation._read), raw=r.obj)


@dataclass(frozen=True, slots=True)
class PendingExpiredData(_JSONObject):
    """``data`` of CONVERSATION_PENDING_EXPIRED; ``pending_by_user`` (``pendingByUser`` on the
    wire, Dixa's one camelCase key) is the agent who set the follow-up, when known."""

    conversation: Conversation
    pending_by_user: User | None
    raw: Mapping[str, Any] = field(repr=False)

    _keys = frozenset({"conversation", "pendingByUser"})

    @classmethod
    def _read(cls, r: _Reader) -> Self:
        return cls(
            conversation=r.required_nested("conversation", Conversation._read),
            pending_by_user=r.nested("pendingByUser", User._read),
            raw=r.obj,
        )


@dataclass(frozen=True, slots=True)
class AbandonedData(_JSONObject):
    """``data`` of CONVERSATION_ABANDONED: the conversation and its queue (may be null)."""

    conversation: Conversation
    queue: Queue | None
    raw: Mapping[str, Any] = field(repr=False)

    _keys = frozenset({"conversation", "queue"})

    @classmethod
    def _read(cls, r: _Reader) -> Self:
        return cls(
            conversation=r.required_nested("conversation", Conversation._read),
            queue=r.nested("queue", Queue._read),
            raw=r.obj,
        )


@dataclass(frozen=True, slots=True)
class NoteAddedData(_JSONObject):
    """``data`` of CONVERSATION_NOTE_ADDED: the internal note, flat beside its conversation."""

    conversation: Conversation
    note_id: str | None
    text: str | None
    created_at: _dt.datetime | None
    author: User | None
    raw: Mapping[str, Any] = field(repr=False)

    _keys = frozenset({"conversation", "note_id", "text", "created_at", "author"})

    @classmethod
    def _read(cls, r: _Reader) -> Self:
        return cls(
            conversation=r.required_nested("conversation", Conversation._read),
            note_id=r.string("note_id"),
            text=r.string("text"),
            created_at=r.timestamp("created_at"),
            author=r.nested("author", User._read),
            raw=r.obj,
        )


@dataclass(frozen=True, slots=True)
class MessageAddedData(_JSONObject):
    """``data`` of CONVERSATION_MESSAGE_ADDED. ``direction`` is lower case here
    (``"outbound"``) though upper case on the conversation; ``external_id`` is kept as sent
    (one published sample has the string ``"null"``)."""

    conversation: Conversation
    message_id: str | None
    author: User | None
    channel: str | None
    direction: str | None
    text: str | None
    content: MessageContent | None
    external_id: str | None
    created_at: _dt.datetime | None
    raw: Mapping[str, Any] = field(repr=False)

    _keys = frozenset(
        {
            "conversation",
            "message_id",
            "author",
            "channel",
            "direction",
            "text",
            "content",
            "external_id",
            "created_at",
        }
    )

    @classmethod
    def _read(cls, r: _Reader) -> Self:
        return cls(
            conversation=r.required_nested("conversation", Conversation._read),
            message_id=r.string("message_id"),
            author=r.nested("author", User._read),
            channel=r.string("channel"),
            direction=r.string("direction"),
            text=r.string("text"),
            content=r.nested("content", MessageContent._read),
            external_id=r.string("external_id"),
            created_at=r.timestamp("created_at"),
            raw=r.obj,
        )


@dataclass(frozen=True, slots=True)
class TagAddedData(_JSONObject):
    """``data`` of CONVERSATION_TAG_ADDED. ``tag`` is the tag's *name* (a string), while the
    conversation's ``tags`` are ``Tag`` objects."""

    conversation: Conversation
    tag: str | None
    author: User | None
    raw: Mapping[str, Any] = field(repr=False)

    _keys = frozenset({"conversation", "tag", "author"})

    @classmethod
    def _read(cls, r: _Reader) -> Self:
        return cls(
            conversation=r.required_nested("conversation", Conversation._read),
            tag=r.string("tag"),
            author=r.nested("author", User._read),
            raw=r.obj,
        )


@dataclass(frozen=True, slots=True)
class RatedData(_JSONObject):
    """``data`` of CONVERSATION_RATED: one event per rating and one per rating comment.

    Deliveries disagree on where ``score`` and ``type`` live: Dixa's own test bodies put them
    in ``data``, another published sample inside ``data.conversation``. Both places are read
    (``data`` first); ``rating_type`` is the wire's ``type`` (``"Csat"`` seen)."""

    conversation: Conversation
    score: int | None
    comment: str | None
    rating_type: str | None
    agent: User | None
    raw: Mapping[str, Any] = field(repr=False)

    _keys = frozenset({"conversation", "score", "comment", "type", "agent"})

    @classmethod
    def _read(cls, r: _Reader) -> Self:
        conversation = r.required_nested("conversation", Conversation._read)
        inner = _Reader(conversation.raw, r._where("conversation"), r.notes)
        score = r.integer("score") if "score" in r.obj else inner.integer("score")
        rating_type = r.string("type") if "type" in r.obj else inner.string("type")
        return cls(
            conversation=conversation,
            score=score,
            comment=r.string("comment"),
            rating_type=rating_type,
            agent=r.nested("agent", User._read),
            raw=r.obj,
        )


@dataclass(frozen=True, slots=True)
class EventData(_JSONObject):
    """``data`` of an event whose fields Dixa does not document (assigned, transferred, SLA,
    message delivery, bans, ...): the conversation when there is one, the rest in ``raw``."""

    conversation: Conversation | None
    raw: Mapping[str, Any] = field(repr=False)

    _keys = frozenset({"conversation"})

    @classmethod
    def _read(cls, r: _Reader) -> Self:
        return cls(conversation=r.nested("conversation", Conversation._read), raw=r.obj)


# --------------------------------------------------------------------------- events

D = TypeVar("D")


@dataclass(frozen=True, slots=True)
class BaseEvent(_JSONObject, Generic[D]):
    """The envelope every delivery has. Subclasses fix the type of ``data``.

    ``event_id`` identifies the event: deliveries may repeat, so it is the key to
    de-duplicate on. ``event_type`` (a class attribute) is the ``event_fqn`` a class stands
    for; the class name is the event's subscription name for ``client.webhooks.create``.
    """

    event_id: str
    event_fqn: str
    event_version: str
    event_timestamp: _dt.datetime
    organization: Organization | None
    data: D
    raw: Mapping[str, Any] = field(repr=False)

    event_type: ClassVar[str] = ""
    _keys = frozenset({"event_id", "event_fqn", "event_version", "event_timestamp", "organization", "data"})


@dataclass(frozen=True, slots=True)
class UnknownEvent(BaseEvent[Any]):
    """A delivery this SDK cannot type: an ``event_fqn`` or ``event_version`` it does not
    know, or a known event whose ``data`` lacks something required. ``data`` is the raw
    JSON value and ``reason`` says why the event is not typed."""

    reason: str


class ConversationCreated(BaseEvent[ConversationEventData]):
    """A conversation was created."""

    __slots__ = ()
    event_type = "CONVERSATION_CREATED"


class ConversationOpen(BaseEvent[ConversationEventData]):
    """A closed conversation was reopened."""

    __slots__ = ()
    event_type = "CONVERSATION_OPEN"


class ConversationPending(BaseEvent[ConversationEventData]):
    """A follow-up was added: the conversation is pending."""

    __slots__ = ()
    event_type = "CONVERSATION_PENDING"


class ConversationPendingExpired(BaseEvent[PendingExpiredData]):
    """A follow-up ran out."""

    __slots__ = ()
    event_type = "CONVERSATION_PENDING_EXPIRED"


class ConversationClosed(BaseEvent[ConversationEventData]):
    """A conversation was closed."""

    __slots__ = ()
    event_type = "CONVERSATION_CLOSED"


class ConversationAbandoned(BaseEvent[AbandonedData]):
    """A conversation was closed without an agent ever being assigned."""

    __slots__ = ()
    event_type = "CONVERSATION_ABANDONED"


class ConversationEnqueued(BaseEvent[ConversationEventData]):
    """A conversation entered a queue."""

    __slots__ = ()
    event_type = "CONVERSATION_ENQUEUED"


class ConversationAssigned(BaseEvent[EventData]):
    """A conversation was assigned to an agent (``data`` not documented)."""

    __slots__ = ()
    event_type = "CONVERSATION_ASSIGNED"


class ConversationUnassigned(BaseEvent[EventData]):
    """An agent was unassigned from a conversation (``data`` not documented)."""

    __slots__ = ()
    event_type = "CONVERSATION_UNASSIGNED"


class ConversationTransferred(BaseEvent[EventData]):
    """A conversation was transferred to an agent or a queue (``data`` not documented)."""

    __slots__ = ()
    event_type = "CONVERSATION_TRANSFERRED"


class ConversationNoteAdded(BaseEvent[NoteAddedData]):
    """An internal note was added."""

    __slots__ = ()
    event_type = "CONVERSATION_NOTE_ADDED"


class ConversationMessageAdded(BaseEvent[MessageAddedData]):
    """A message was added to a conversation."""

    __slots__ = ()
    event_type = "CONVERSATION_MESSAGE_ADDED"


class ConversationTagAdded(BaseEvent[TagAddedData]):
    """A tag was added to a conversation."""

    __slots__ = ()
    event_type = "CONVERSATION_TAG_ADDED"


class ConversationTagRemoved(BaseEvent[EventData]):
    """A tag was removed from a conversation (``data`` not documented)."""

    __slots__ = ()
    event_type = "CONVERSATION_TAG_REMOVED"


class ConversationRated(BaseEvent[RatedData]):
    """An end user rated a conversation, or commented on a rating."""

    __slots__ = ()
    event_type = "CONVERSATION_RATED"


class ConversationCustomAttributeUpdated(BaseEvent[EventData]):
    """A conversation's custom attributes changed (``data`` not documented)."""

    __slots__ = ()
    event_type = "CONVERSATION_CUSTOM_ATTRIBUTE_UPDATED"


class ConversationEndUserReplaced(BaseEvent[EventData]):
    """A conversation's end user was replaced (``data`` not documented)."""

    __slots__ = ()
    event_type = "CONVERSATION_END_USER_REPLACED"


class AgentBannedEnduser(BaseEvent[EventData]):
    """An agent banned an end user (``data`` not documented)."""

    __slots__ = ()
    event_type = "AGENT_BANNED_ENDUSER"


class AgentUnbannedEnduser(BaseEvent[EventData]):
    """An agent lifted an end user's ban (``data`` not documented)."""

    __slots__ = ()
    event_type = "AGENT_UNBANNED_ENDUSER"


class AgentBannedIp(BaseEvent[EventData]):
    """An agent banned an IP address (``data`` not documented)."""

    __slots__ = ()
    event_type = "AGENT_BANNED_IP"


class AgentUnbannedIp(BaseEvent[EventData]):
    """An agent lifted an IP ban (``data`` not documented)."""

    __slots__ = ()
    event_type = "AGENT_UNBANNED_IP"


class TypingStarted(BaseEvent[EventData]):
    """An agent started typing to the end user (``data`` not documented)."""

    __slots__ = ()
    event_type = "TYPING_STARTED"


class SLAEvaluationPending(BaseEvent[EventData]):
    """An SLA evaluation was created; its outcome is pending (``data`` not documented)."""

    __slots__ = ()
    event_type = "SLA_EVALUATION_PENDING"


class SLAEvaluationBreached(BaseEvent[EventData]):
    """An SLA deadline was exceeded (``data`` not documented)."""

    __slots__ = ()
    event_type = "SLA_EVALUATION_BREACHED"


class SLAEvaluationAchieved(BaseEvent[EventData]):
    """An SLA target was met (``data`` not documented)."""

    __slots__ = ()
    event_type = "SLA_EVALUATION_ACHIEVED"


class SLAEvaluationVoided(BaseEvent[EventData]):
    """An SLA evaluation no longer applies (``data`` not documented)."""

    __slots__ = ()
    event_type = "SLA_EVALUATION_VOIDED"


class ConversationMessageDeliverySent(BaseEvent[EventData]):
    """A message's delivery status became *sent* (``data`` not documented)."""

    __slots__ = ()
    event_type = "CONVERSATION_MESSAGE_DELIVERY_SENT"


class ConversationMessageDeliveryDelivered(BaseEvent[EventData]):
    """A message was delivered (``data`` not documented)."""

    __slots__ = ()
    event_type = "CONVERSATION_MESSAGE_DELIVERY_DELIVERED"


class ConversationMessageDeliverySeen(BaseEvent[EventData]):
    """A message was seen (``data`` not documented)."""

    __slots__ = ()
    event_type = "CONVERSATION_MESSAGE_DELIVERY_SEEN"


class ConversationMessageDeliveryFailed(BaseEvent[EventData]):
    """A message could not be delivered (``data`` not documented)."""

    __slots__ = ()
    event_type = "CONVERSATION_MESSAGE_DELIVERY_FAILED"


class ConversationMessageDeliveryInfo(BaseEvent[EventData]):
    """Delivery information about a message (``data`` not documented)."""

    __slots__ = ()
    event_type = "CONVERSATION_MESSAGE_DELIVERY_INFO"


class ConversationMessageDeliverySpamComplaint(BaseEvent[EventData]):
    """A recipient marked a message as spam (``data`` not documented)."""

    __slots__ = ()
    event_type = "CONVERSATION_MESSAGE_DELIVERY_SPAM_COMPLAINT"


WebhookEvent: TypeAlias = (
    ConversationCreated
    | ConversationOpen
    | ConversationPending
    | ConversationPendingExpired
    | ConversationClosed
    | ConversationAbandoned
    | ConversationEnqueued
    | ConversationAssigned
    | ConversationUnassigned
    | ConversationTransferred
    | ConversationNoteAdded
    | ConversationMessageAdded
    | ConversationTagAdded
    | ConversationTagRemoved
    | ConversationRated
    | ConversationCustomAttributeUpdated
    | ConversationEndUserReplaced
    | AgentBannedEnduser
    | AgentUnbannedEnduser
    | AgentBannedIp
    | AgentUnbannedIp
    | TypingStarted
    | SLAEvaluationPending
    | SLAEvaluationBreached
    | SLAEvaluationAchieved
    | SLAEvaluationVoided
    | ConversationMessageDeliverySent
    | ConversationMessageDeliveryDelivered
    | ConversationMessageDeliverySeen
    | ConversationMessageDeliveryFailed
    | ConversationMessageDeliveryInfo
    | ConversationMessageDeliverySpamComplaint
    | UnknownEvent
)
"""Every event ``parse_event`` can return: ``match`` on the class, or narrow with ``isinstance``."""


def _data_reader(cls: type[BaseEvent[Any]]) -> Callable[[_Reader], Any]:
    # The class's ``data`` type, taken from its base ``BaseEvent[...]``: the one place it is written.
    (base,) = cls.__orig_bases__  # type: ignore[attr-defined]
    (data_type,) = typing.get_args(base)
    return typing.cast(Callable[[_Reader], Any], data_type._read)


EVENT_TYPES: Mapping[str, type[BaseEvent[Any]]] = {
    cls.event_type: cls for cls in typing.get_args(WebhookEvent) if cls is not UnknownEvent
}
"""``event_fqn`` -> event class, for every event this SDK types."""

_READERS = {fqn: (cls, _data_reader(cls)) for fqn, cls in EVENT_TYPES.items()}


# --------------------------------------------------------------------------- parsing


def _invalid(problem: str) -> Exception:
    from dixa._exceptions import InvalidParameterError  # imports httpx: only on this path

    return InvalidParameterError("payload", problem)


def _load(payload: object) -> dict[str, Any]:
    if isinstance(payload, bytes | bytearray | memoryview | str):
        try:
            value = json.loads(bytes(payload) if isinstance(payload, memoryview) else payload)
        except json.JSONDecodeError as exc:
            raise _invalid(f"is not valid JSON ({exc.msg} at position {exc.pos})") from None
        except UnicodeDecodeError:
            raise _invalid("is not valid JSON (not UTF-8 text)") from None
        except (ValueError, RecursionError):
            raise _invalid("is not valid JSON (nested too deeply or malformed)") from None
    elif isinstance(payload, Mapping):
        value = _json_copy(payload)
    else:
        from dixa._exceptions import InvalidParameterTypeError

        raise InvalidParameterTypeError(
            "payload",
            f"expected the request body (bytes or str) or a decoded JSON object, got {type(payload).__name__}",
        )
    if not isinstance(value, dict):
        raise _invalid(f"expected a JSON object (a Dixa webhook delivery), got {_json_type(value)}")
    return value


def parse_event(payload: bytes | bytearray | memoryview | str | Mapping[str, Any]) -> WebhookEvent:
    """Read one delivery (the body, or its decoded JSON) into its event class.

    Does not verify anything: use ``construct_event`` for requests that reach your server.
    Never raises for an unknown or oddly shaped event (see ``UnknownEvent``); raises
    ``InvalidParameterError`` (param ``payload``) only when the payload is not JSON, not an
    object, or lacks the envelope (``event_id``, ``event_fqn``, ``event_version``,
    ``event_timestamp``).
    """
    raw = _load(payload)
    notes: list[str] = []
    envelope = _Reader(raw, "", notes)
    try:
        event_id = envelope.required_string("event_id")
        event_fqn = envelope.required_string("event_fqn")
        # "1" on every delivery seen; a bare number is read as the same version.
        version = raw.get("event_version")
        event_version = str(version) if _as_int(version) is not None else envelope.required_string("event_version")
        event_timestamp = envelope.required_timestamp("event_timestamp")
    except _ShapeError as shape:
        raise _invalid(f"is not a Dixa webhook delivery ({shape})") from None
    organization = envelope.nested("organization", Organization._read)
    data = raw.get("data")
    envelope_fields: dict[str, Any] = {
        "event_id": event_id,
        "event_fqn": event_fqn,
        "event_version": event_version,
        "event_timestamp": event_timestamp,
        "organization": organization,
        "raw": raw,
    }

    known = _READERS.get(event_fqn)
    if known is None:
        return UnknownEvent(data=data, reason=f"event_fqn {event_fqn!r} is not known to this SDK", **envelope_fields)
    if event_version not in _KNOWN_VERSIONS:
        reason = f"event_version {event_version!r} of {event_fqn} is not known to this SDK"
        return UnknownEvent(data=data, reason=reason, **envelope_fields)
    cls, read_data = known
    try:
        if not isinstance(data, Mapping):
            raise _ShapeError(f"data: expected an object, got {_json_type(data) if 'data' in raw else 'nothing'}")
        typed = read_data(_Reader(data, "data", notes))
    except _ShapeError as shape:
        _warn(event_id, event_fqn, [*notes, str(shape)], typed=False)
        return UnknownEvent(data=data, reason=f"{event_fqn} not typed: {shape}", **envelope_fields)
    if notes:
        _warn(event_id, event_fqn, notes, typed=True)
    return typing.cast(WebhookEvent, cls(data=typed, **envelope_fields))


def _warn(event_id: str, event_fqn: str, notes: list[str], *, typed: bool) -> None:
    shown = "; ".join(notes[:_MAX_NOTES])
    if len(notes) > _MAX_NOTES:
        shown += f"; and {len(notes) - _MAX_NOTES} more"
    outcome = "values that did not fit were set to None" if typed else "parsed as UnknownEvent"
    log.warning(
        "webhook event %r (%r) does not match the documented shape, %s: %s", event_id, event_fqn, outcome, shown
    )
