"""Queues through the public surface, against the Prism mock, sync and async."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

import dixa
from dixa.models import (
    CreateOrUpdateQueueRequest,
    CreateQueueInput,
    Failure,
    MapQueueThresholdInt,
    Queue1,
    QueuedConversation,
    QueueMember,
    Success,
)

QUEUE = "0bf82493-ae46-4c49-aa29-0422136269be"
AGENTS = [
    "c31e5e3f-1d5f-4442-83df-fd7bddd59da4",
    "26ae145b-8644-4fa5-aa56-7b3dcacbe2d4",
    "7fecdb7e-9e37-45ef-be5e-0c14d6687aa0",
]


def _settings(name: str = "MyCorp main queue") -> CreateOrUpdateQueueRequest:
    thresholds = MapQueueThresholdInt()
    thresholds.additional_properties["WaitingConversations"] = 10
    return CreateOrUpdateQueueRequest(
        name=name,
        call_functionality=False,
        is_default=False,
        is_do_not_offer_enabled=False,
        queue_thresholds=thresholds,
        offer_algorithm="AllAtOnce",
    )


def test_list_iterates_queues_with_their_settings(surface):
    queues = surface.items(lambda c: c.queues.list())
    assert all(isinstance(q, Queue1) for q in queues)
    main = queues[0]
    assert (main.name, main.is_default, main.offering_algorithm) == ("MyCorp main queue", True, "OneAtATimeRandom")
    assert main.queue_thresholds.additional_properties == {"SlaPercentage": 10}
    assert "MyCorp email queue" in [q.name for q in queues]


def test_create_wraps_the_settings_in_request(surface):
    raw = surface.call(lambda c: c.with_raw_response.queues.create(_settings()))
    assert raw.status_code == 201
    sent = json.loads(raw.http_response.request.content)
    assert sent["request"]["name"] == "MyCorp main queue"
    assert sent["request"]["queueThresholds"] == {"WaitingConversations": 10}
    assert sent["request"]["offerAlgorithm"] == "AllAtOnce"
    assert isinstance(raw.parse(), Queue1)


def test_create_accepts_the_wire_model_too(surface):
    queue = surface.call(lambda c: c.queues.create(CreateQueueInput(request=_settings("Billing"))))
    assert isinstance(queue, Queue1)


def test_get_returns_the_queue(surface):
    queue = surface.call(lambda c: c.queues.get(uuid.UUID(QUEUE)))
    assert isinstance(queue, Queue1)
    assert (queue.id, queue.is_restricted) == (QUEUE, True)
    assert queue.preferred_agent_timeouts.additional_properties["Email"] == 43200


def test_availability_reports_each_channel(surface):
    outcomes = surface.call(lambda c: c.queues.availability(QUEUE))
    success, failure = outcomes
    assert isinstance(success, Success)
    channel = success.channel_availability
    assert (channel.generic_channel_name, channel.availability, channel.queue_size) == ("adachat", "NotAvailable", 10)
    assert isinstance(failure, Failure)
    assert (failure.error.channel, failure.error.message) == ("kindlychat", "Could not get availability for channel")


def test_conversation_position(surface):
    raw = surface.call(lambda c: c.with_raw_response.queues.conversation_position(9456))
    assert raw.http_response.request.url.path == "/beta/queues/conversation-position/9456"
    position = raw.parse()
    assert isinstance(position, QueuedConversation)
    assert position.position == 10
    assert position.queued_at == dt.datetime(2021, 12, 1, 13, 0, 0, 3000, tzinfo=dt.UTC)


def test_members_list_includes_priority(surface):
    members = surface.items(lambda c: c.queues.members.list(QUEUE))
    assert all(isinstance(m, QueueMember) for m in members)
    assert [(m.agent_id, m.priority) for m in members] == [
        ("e96647c1-f697-4328-868a-19f828a6ee46", 1),
        ("95dfa97e-dbf5-4bfc-be64-1f834baebd4e", 2),
    ]


def test_members_add_splits_outcomes_and_pairs_failures_with_their_agent(surface):
    # The spec's example answers one success and two failures, in input order.
    result = surface.call(lambda c: c.queues.members.add(QUEUE, AGENTS))
    assert isinstance(result, dixa.BulkResult)
    assert result.succeeded == [uuid.UUID("b41558f2-3807-44ef-8abf-a73d5ef68ff6")]
    assert [(f.index, f.input) for f in result.failed] == [(1, uuid.UUID(AGENTS[1])), (2, uuid.UUID(AGENTS[2]))]
    assert [f.message for f in result.failed] == [
        "NotFound: User not found",
        "Validation: Member is neither Agent or Admin",
    ]
    assert not result.ok


def test_members_remove_sends_the_ids(surface):
    raw = surface.call(lambda c: c.with_raw_response.queues.members.remove(QUEUE, AGENTS[:2]))
    request = raw.http_response.request
    assert (request.method, json.loads(request.content)) == ("DELETE", {"agentIds": AGENTS[:2]})
    assert raw.parse() is None
    assert surface.call(lambda c: c.queues.members.remove(QUEUE, AGENTS[:2])) is None


@pytest.mark.parametrize(
    ("call", "param", "error"),
    [
        (lambda c: c.queues.create({"name": "Billing"}), "queue", TypeError),
        (lambda c: c.queues.get("main"), "queue_id", ValueError),
        (lambda c: c.queues.availability(None), "queue_id", TypeError),
        (lambda c: c.queues.conversation_position("9456"), "conversation_id", TypeError),
        (lambda c: c.queues.conversation_position(0), "conversation_id", ValueError),
        (lambda c: c.queues.members.list("x"), "queue_id", ValueError),
        (lambda c: c.queues.members.add("x", AGENTS), "queue_id", ValueError),
        (lambda c: c.queues.members.add(QUEUE, []), "agent_ids", ValueError),
        (lambda c: c.queues.members.add(QUEUE, [AGENTS[0], AGENTS[0].upper()]), "agent_ids[1]", ValueError),
        (lambda c: c.queues.members.remove(QUEUE, [1]), "agent_ids[0]", TypeError),
    ],
)
def test_bad_input_names_the_parameter_before_any_request(call, param, error):
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9", rate_limit=None, max_retries=0)
    with pytest.raises(error) as info:
        call(client)
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == param
