"""Delivery logs from the API (against the Prism mock, sync and async) expose the payload
as a typed event, while staying the generated ``EventDeliveryLog``."""

from __future__ import annotations

import pickle

import pytest

import dixa
from dixa import webhooks
from dixa.models import DeliveryDetail, EventDeliveryLog
from tests.surfaces import Surface

SUBSCRIPTION = "cb452b81-6748-40ab-af85-6559b371bc5d"


@pytest.fixture(params=["sync", "async"])
def surface(request: pytest.FixtureRequest, mock_url: str) -> Surface:
    return Surface(request.param, mock_url)


def test_event_logs_carry_typed_events(surface):
    logs = surface.items(lambda c: c.webhooks.event_logs.list(SUBSCRIPTION, "ConversationNoteAdded"))
    assert logs
    for log in logs:
        assert isinstance(log, EventDeliveryLog)  # the existing type keeps working
        assert isinstance(log, webhooks.EventLog)
        assert isinstance(log.delivery_detail, DeliveryDetail)
        event = log.event
        assert isinstance(event, webhooks.ConversationNoteAdded)
        assert event.data.conversation.csid == 1234
        assert event.data.author is not None and event.data.author.roles == (
            "Admin",
            "TeamLead",
            "SystemAdmin",
            "Agent",
        )
        assert event.data.conversation.subject is None
        assert event.data.conversation.requester is not None
        assert event.data.conversation.requester.user_type is None  # absent in Dixa's 2023 example
        assert log.event is event  # parsed once
        assert event.event_timestamp.tzinfo is not None
        assert event.to_dict() == webhooks.parse_event(log.payload).to_dict()
    assert logs[0].event.data.text == "Some Note Added"


def test_event_log_entries_keep_their_generated_behaviour(surface):
    [first, *_] = surface.items(lambda c: c.webhooks.event_logs.list(SUBSCRIPTION, "ConversationNoteAdded"))
    assert first.to_dict()["payload"] == first.payload
    assert first.to_dict()["deliveryDetail"]["success"] is True
    copy = pickle.loads(pickle.dumps(first))
    # Not compared whole: the generated ``Unset`` marker does not survive pickling as itself
    # (a generated-code matter, true of every model), so only what EventLog adds is checked.
    assert isinstance(copy, webhooks.EventLog)
    assert copy.payload == first.payload
    assert copy.event == first.event
    assert repr(first).startswith("EventLog(")


def test_an_event_log_payload_that_is_not_an_event_raises_on_access():
    log = webhooks.EventLog.of(
        EventDeliveryLog.from_dict(
            {
                "deliveryDetail": {
                    "deliveryTimestamp": "2023-09-15T12:00:00.000Z",
                    "success": False,
                    "responseCode": 500,
                    "responseText": "oops",
                },
                "payload": "not json",
            }
        )
    )
    with pytest.raises(dixa.InvalidParameterError) as info:
        _ = log.event
    assert info.value.param == "payload"
