"""Typed events: one delivery per documented event type, parsed to its class and back, and
the lenient paths (unknown events, odd shapes) that must never crash a receiver."""

from __future__ import annotations

import datetime as dt
import json
import logging
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import dixa
from dixa import webhooks
from tests.webhooks import deliveries
from tests.webhooks.deliveries import AGENT, CONVERSATION, DATA, QUEUE, SUBSCRIPTION_NAMES, TAG, delivery

ROOT = Path(__file__).resolve().parents[2]
UTC_2025 = dt.datetime(2025, 1, 14, 22, 1, 5, 429000, tzinfo=dt.UTC)


@pytest.fixture
def warnings(caplog):
    caplog.set_level(logging.WARNING, logger="dixa")
    return caplog


def parse(payload):
    """Through the public path a receiver uses: signed bytes into construct_event."""
    body = deliveries.body(payload)
    headers = deliveries.signed_headers(body, deliveries.EXAMPLE_SECRET, 1_700_000_000)
    return webhooks.construct_event(body, headers, deliveries.EXAMPLE_SECRET, now=1_700_000_000)


def test_there_is_a_class_for_each_of_the_32_events():
    assert len(webhooks.EVENT_TYPES) == 32
    assert {cls.__name__: fqn for fqn, cls in webhooks.EVENT_TYPES.items()} == SUBSCRIPTION_NAMES
    for fqn, cls in webhooks.EVENT_TYPES.items():
        assert cls.event_type == fqn
        assert getattr(webhooks, cls.__name__) is cls


@pytest.mark.parametrize("fqn", sorted(DATA))
def test_each_event_parses_to_its_class_and_round_trips(fqn, warnings):
    payload = delivery(fqn)
    event = parse(payload)
    assert type(event) is webhooks.EVENT_TYPES[fqn]
    assert type(event).__name__ == {v: k for k, v in SUBSCRIPTION_NAMES.items()}[fqn]
    assert event.event_fqn == fqn
    assert event.event_id == payload["event_id"]
    assert event.event_version == "1"
    assert event.event_timestamp == UTC_2025
    assert event.organization is not None and event.organization.name == "Example Org"
    assert event.to_dict() == payload
    assert event.data.to_dict() == payload["data"]
    assert pickle.loads(pickle.dumps(event)) == event
    assert repr(event).startswith(f"{type(event).__name__}(event_id=")
    assert "raw=" not in repr(event)
    assert not warnings.records, "a documented shape must parse without warnings"


def test_conversation_fields_and_observed_nulls():
    created = parse(delivery("CONVERSATION_CREATED"))
    assert isinstance(created, webhooks.ConversationCreated)
    conversation = created.data.conversation
    assert conversation.csid == 1234
    assert (conversation.channel, conversation.status, conversation.direction) == ("EMAIL", "OPEN", "INBOUND")
    assert conversation.queue == webhooks.Queue(id=QUEUE["id"], name="Support ", raw=QUEUE)  # trailing space kept
    assert conversation.contact_point == "support@acme.email.dixa.io"
    assert conversation.requester is not None
    assert conversation.requester.name is None
    assert conversation.requester.email == "test@example.com"
    assert conversation.requester.user_type == "Contact"
    assert conversation.requester.roles == ()
    assert conversation.assignee is None
    assert conversation.tags == (webhooks.Tag(id=TAG["id"], name="vip", is_deactivated=False, raw=TAG),)
    assert conversation.created_at == UTC_2025
    assert conversation.created_at.tzinfo is not None

    closed = parse(delivery("CONVERSATION_CLOSED"))
    assert isinstance(closed, webhooks.ConversationClosed)
    bare = closed.data.conversation
    assert (bare.queue, bare.assignee, bare.subject, bare.contact_point, bare.tags) == (None, None, None, None, ())


def test_pending_expired_reads_the_camel_case_key():
    event = parse(delivery("CONVERSATION_PENDING_EXPIRED"))
    assert isinstance(event, webhooks.ConversationPendingExpired)
    assert event.data.pending_by_user is not None and event.data.pending_by_user.id == AGENT["id"]
    without = parse(delivery("CONVERSATION_PENDING_EXPIRED", {"conversation": CONVERSATION}))
    assert isinstance(without, webhooks.ConversationPendingExpired) and without.data.pending_by_user is None


def test_abandoned_queue_may_be_null():
    event = parse(delivery("CONVERSATION_ABANDONED"))
    assert isinstance(event, webhooks.ConversationAbandoned) and event.data.queue is not None
    nulled = parse(delivery("CONVERSATION_ABANDONED", {"conversation": CONVERSATION, "queue": None}))
    assert isinstance(nulled, webhooks.ConversationAbandoned) and nulled.data.queue is None


def test_note_added():
    event = parse(delivery("CONVERSATION_NOTE_ADDED"))
    assert isinstance(event, webhooks.ConversationNoteAdded)
    assert event.data.note_id == "ac951357-5189-4707-add7-616af55698q7"  # not a valid UUID: kept as str
    assert event.data.text == "Some Note Added"
    assert event.data.created_at == dt.datetime(2023, 9, 15, 12, tzinfo=dt.UTC)
    assert event.data.author is not None and event.data.author.user_type == "Member"


def test_message_added():
    event = parse(delivery("CONVERSATION_MESSAGE_ADDED"))
    assert isinstance(event, webhooks.ConversationMessageAdded)
    data = event.data
    assert (data.direction, data.conversation.direction) == ("outbound", "OUTBOUND")
    assert data.external_id == "null"  # kept as sent
    assert data.content == webhooks.MessageContent(
        text="Hello",
        content_type="Text",
        original_content_url=None,
        processed_content_url=None,
        raw=deliveries.MESSAGE_CONTENT,
    )
    assert (data.message_id, data.channel, data.text) == ("2d1c0b9a-8f7e-4d6c-b5a4-938271605f4e", "EMAIL", "Hello")
    assert data.created_at == UTC_2025


def test_tag_added_names_the_tag():
    event = parse(delivery("CONVERSATION_TAG_ADDED"))
    assert isinstance(event, webhooks.ConversationTagAdded)
    assert event.data.tag == "vip"
    assert event.data.conversation.tags[0].name == "vip"


def test_rated_in_both_published_shapes():
    dixa_shape = parse(delivery("CONVERSATION_RATED"))
    assert isinstance(dixa_shape, webhooks.ConversationRated)
    assert (dixa_shape.data.score, dixa_shape.data.comment, dixa_shape.data.rating_type) == (4, "Quick help", "Csat")
    assert dixa_shape.data.agent is None

    pipedream_shape = {"agent": AGENT, "comment": "Great", "conversation": {**CONVERSATION, "score": 5, "type": "Csat"}}
    event = parse(delivery("CONVERSATION_RATED", pipedream_shape))
    assert isinstance(event, webhooks.ConversationRated)
    assert (event.data.score, event.data.rating_type, event.data.comment) == (5, "Csat", "Great")
    assert event.data.agent is not None and event.data.agent.name == "An Agent"
    assert event.data.conversation.extra == {"score": 5, "type": "Csat"}


@pytest.mark.parametrize("fqn", deliveries.UNDOCUMENTED)
def test_undocumented_events_keep_their_data(fqn):
    event = parse(delivery(fqn))
    assert isinstance(event.data, webhooks.EventData)
    assert event.data.raw == DATA[fqn]
    if "conversation" in DATA[fqn]:
        assert event.data.conversation is not None and event.data.conversation.csid == 1234
        assert event.data.extra == {"undocumented": {"kept": True}}
    else:
        assert event.data.conversation is None


def test_unknown_keys_are_kept_everywhere():
    data = {"conversation": {**CONVERSATION, "priority": "high", "requester": {**AGENT, "additional_emails": ["a@b"]}}}
    payload = delivery("CONVERSATION_OPEN", data, delivery_attempt=2)
    event = parse(payload)
    assert isinstance(event, webhooks.ConversationOpen)
    assert event.extra == {"delivery_attempt": 2}
    assert event.data.conversation.extra == {"priority": "high"}
    assert event.data.conversation.requester is not None
    assert event.data.conversation.requester.extra == {"additional_emails": ["a@b"]}
    assert event.to_dict() == payload


def test_to_dict_is_a_copy():
    event = parse(delivery("CONVERSATION_OPEN"))
    copied = event.to_dict()
    copied["data"]["conversation"]["csid"] = 1
    assert event.to_dict()["data"]["conversation"]["csid"] == 1234


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (delivery("CONVERSATION_OPEN", event_fqn="CONVERSATION_SNOOZED"), "'CONVERSATION_SNOOZED' is not known"),
        (delivery("CONVERSATION_OPEN", event_version="2"), "event_version '2'"),
    ],
)
def test_unknown_events_and_versions_are_unknown_events(payload, reason, warnings):
    event = parse(payload)
    assert type(event) is webhooks.UnknownEvent
    assert reason in event.reason
    assert event.data == payload["data"]
    assert event.event_fqn == payload["event_fqn"]
    assert event.to_dict() == payload
    assert pickle.loads(pickle.dumps(event)) == event
    assert not warnings.records  # new events are expected, not a problem


def test_a_required_field_out_of_shape_gives_an_unknown_event_and_a_warning(warnings):
    data = {"conversation": {**CONVERSATION, "csid": "1234"}}
    event = parse(delivery("CONVERSATION_CLOSED", data))
    assert type(event) is webhooks.UnknownEvent
    assert event.event_fqn == "CONVERSATION_CLOSED"
    assert "data.conversation.csid: expected an integer, got string" in event.reason
    assert event.data == data
    [record] = warnings.records
    assert record.name == "dixa" and record.levelno == logging.WARNING
    assert "data.conversation.csid" in record.getMessage()


@pytest.mark.parametrize("data", [None, [], "x", {"no_conversation": True}])
def test_data_of_another_shape_never_raises(data, warnings):
    payload = delivery("CONVERSATION_CREATED")
    if data is None:
        del payload["data"]
    else:
        payload["data"] = data
    event = parse(payload)
    assert type(event) is webhooks.UnknownEvent
    assert event.data == payload.get("data")
    assert len(warnings.records) == 1


def test_optional_fields_out_of_shape_become_none_with_one_warning(warnings):
    requester = {**deliveries.REQUESTER, "email": 7, "roles": ["Enduser", 3]}
    conversation = {
        **CONVERSATION,
        "subject": ["not", "a", "string"],
        "queue": {"name": "no id"},
        "requester": requester,
        "tags": [TAG, "vip", {"name": "no id"}],
        "created_at": "last tuesday",
    }
    event = parse(delivery("CONVERSATION_OPEN", {"conversation": conversation}))
    assert isinstance(event, webhooks.ConversationOpen)
    typed = event.data.conversation
    assert typed.subject is None and typed.queue is None and typed.created_at is None
    assert typed.requester is not None and typed.requester.email is None and typed.requester.roles == ("Enduser",)
    assert [tag.name for tag in typed.tags] == ["vip"]
    assert event.to_dict()["data"]["conversation"] == conversation  # nothing lost
    [record] = warnings.records
    message = record.getMessage()
    for path in ("subject", "queue.id", "requester.email", "requester.roles", "tags[1]", "tags[2].id", "created_at"):
        assert f"data.conversation.{path}" in message
    assert "test@example.com" not in message and "last tuesday" not in message  # paths, never values


def test_timestamps_are_aware_in_every_form():
    for raw, expected in [
        ("2025-01-14T22:01:05.429Z", UTC_2025),
        ("2025-01-14T23:01:05.429+01:00", UTC_2025),
        ("2025-01-14T22:01:05.429Z[GMT]", UTC_2025),
        (1736892065429, UTC_2025),  # epoch milliseconds
    ]:
        event = parse(delivery("CONVERSATION_OPEN", event_timestamp=raw))
        assert event.event_timestamp == expected
        assert event.event_timestamp.utcoffset() is not None


def test_event_version_as_a_number_is_read():
    event = parse(delivery("CONVERSATION_OPEN", event_version=1))
    assert isinstance(event, webhooks.ConversationOpen) and event.event_version == "1"


def test_organization_is_optional():
    payload = delivery("CONVERSATION_RATED")
    del payload["organization"]  # Dixa's hand-written test bodies leave it out
    event = parse(payload)
    assert isinstance(event, webhooks.ConversationRated) and event.organization is None


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        (b"", "not valid JSON"),
        (b"{", "not valid JSON"),
        (b"null", "got null"),
        ("[" * 100_000 + "]" * 100_000, "JSON"),
        ({"event_fqn": "CONVERSATION_OPEN"}, "event_id"),
        ({**delivery("CONVERSATION_OPEN"), "event_fqn": None}, "event_fqn"),
        ({**delivery("CONVERSATION_OPEN"), "event_timestamp": "soon"}, "event_timestamp"),
    ],
)
def test_a_payload_that_is_no_delivery_is_an_invalid_parameter(payload, problem):
    with pytest.raises(dixa.InvalidParameterError) as info:
        webhooks.parse_event(payload)
    assert info.value.param == "payload"
    assert problem in str(info.value)


def test_parse_event_takes_bytes_str_and_mappings_alike():
    payload = delivery("CONVERSATION_OPEN")
    events = [webhooks.parse_event(p) for p in (deliveries.body(payload), json.dumps(payload), payload)]
    assert events[0] == events[1] == events[2]
    payload["data"]["conversation"]["csid"] = 1  # the caller's dict is copied, not kept
    assert events[2].data.conversation.csid == 1234
    with pytest.raises(dixa.InvalidParameterTypeError):
        webhooks.parse_event(42)  # type: ignore[arg-type]


def test_events_are_frozen():
    event = parse(delivery("CONVERSATION_OPEN"))
    with pytest.raises(AttributeError):
        event.event_id = "other"  # type: ignore[misc]


def test_importing_dixa_webhooks_stays_cheap():
    code = (
        "import sys, dixa.webhooks\n"
        "heavy = [m for m in ('httpx', 'dixa_generated', 'dixa._webhook_events', 'dixa._core') if m in sys.modules]\n"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_every_public_name_resolves():
    for name in webhooks.__all__:
        assert getattr(webhooks, name) is not None, name
    assert sorted(dir(webhooks)) == sorted(webhooks.__all__)
    assert dixa.webhooks is webhooks
    with pytest.raises(AttributeError):
        _ = webhooks.NoSuchEvent  # type: ignore[attr-defined]
