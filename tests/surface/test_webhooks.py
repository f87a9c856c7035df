"""Webhooks through the public surface, against the Prism mock, sync and async."""

from __future__ import annotations

import json
import uuid

import pytest

import dixa
from dixa.models import (
    BasicAuth,
    CombinedFilters,
    DeliveryDetail,
    EventDeliveryLog,
    IsOneOf5,
    NoRecentDelivery,
    TokenAuth,
    WebhookSubscription,
)

SUBSCRIPTION = "cb452b81-6748-40ab-af85-6559b371bc5d"


def sent_json(raw):
    return json.loads(raw.http_response.request.content)


def test_list_parses_subscriptions(surface):
    subscriptions = surface.items(lambda c: c.webhooks.list())
    assert len(subscriptions) == 1
    [subscription] = subscriptions
    assert isinstance(subscription, WebhookSubscription)
    assert subscription.id == uuid.UUID(SUBSCRIPTION)
    assert subscription.subscribed_events == ["ConversationCreated", "ConversationClosed"]
    assert subscription.created_at.tzinfo is not None
    assert isinstance(subscription.filters["Conversation"], CombinedFilters)


def test_get_returns_the_secret_key(surface):
    subscription = surface.call(lambda c: c.webhooks.get(uuid.UUID(SUBSCRIPTION)))
    assert isinstance(subscription, WebhookSubscription)
    assert subscription.secret_key
    assert subscription.headers["Authorization"].startswith("Basic ")


def test_create_defaults_to_no_auth_and_no_headers(surface):
    raw = surface.call(
        lambda c: c.with_raw_response.webhooks.create(
            name="Dashboard", url="https://example.test/hook", events=["ConversationCreated"]
        )
    )
    assert sent_json(raw) == {
        "name": "Dashboard",
        "url": "https://example.test/hook",
        "authorization": {"_type": "NoAuth"},
        "customHeaders": {},
        "events": ["ConversationCreated"],
    }
    assert isinstance(raw.parse(), WebhookSubscription)


def test_create_with_auth_headers_and_filters(surface):
    filters = {
        "Conversation": CombinedFilters(strategy="All", conditions=[IsOneOf5(field="InitialChannel", values=["email"])])
    }
    raw = surface.call(
        lambda c: c.with_raw_response.webhooks.create(
            name="Dashboard",
            url="https://example.test/hook",
            authorization=BasicAuth(username="user", password="secret"),
            custom_headers={"X-Token": "abc"},
            enabled=False,
            filters=filters,
        )
    )
    body = sent_json(raw)
    assert body["authorization"] == {"username": "user", "password": "secret", "_type": "BasicAuth"}
    assert body["customHeaders"] == {"X-Token": "abc"}
    assert body["enabled"] is False
    assert body["filters"]["Conversation"]["conditions"][0] == {
        "field": "InitialChannel",
        "values": ["email"],
        "_type": "IsOneOf",
    }
    assert raw.parse().name == "Dashboard Integration"  # the spec example


def test_patch_sends_only_what_is_given(surface):
    raw = surface.call(
        lambda c: c.with_raw_response.webhooks.patch(SUBSCRIPTION, enabled=False, authorization=TokenAuth(value="t"))
    )
    assert raw.http_response.request.method == "PATCH"
    assert sent_json(raw) == {"authorization": {"value": "t", "_type": "TokenAuth"}, "enabled": False}
    assert isinstance(raw.parse(), WebhookSubscription)


def test_patch_with_empty_events_unsubscribes_from_all(surface):
    raw = surface.call(lambda c: c.with_raw_response.webhooks.patch(SUBSCRIPTION, events=[]))
    assert sent_json(raw) == {"events": []}


def test_delete_returns_none(surface):
    assert surface.call(lambda c: c.webhooks.delete(SUBSCRIPTION)) is None


def test_delivery_status_lands_on_each_variant(surface):
    statuses = surface.items(lambda c: c.webhooks.delivery_status.list(SUBSCRIPTION))
    by_event = {s.event: s.delivery_status for s in statuses}
    assert isinstance(by_event["ConversationCreated"], DeliveryDetail)
    assert by_event["ConversationCreated"].response_code == 200
    assert isinstance(by_event["ConversationClosed"], NoRecentDelivery)


def test_event_logs_carry_payloads(surface):
    raw = surface.call(lambda c: c.with_raw_response.webhooks.event_logs.list(SUBSCRIPTION, "ConversationNoteAdded"))
    assert raw.http_response.request.url.path.endswith("/delivery-status/logs/ConversationNoteAdded")
    logs = surface.items(lambda c: c.webhooks.event_logs.list(SUBSCRIPTION, "ConversationNoteAdded"))
    assert logs
    assert all(isinstance(log, EventDeliveryLog) for log in logs)
    assert logs[0].delivery_detail.success is True
    assert '"event_id"' in logs[0].payload


@pytest.mark.parametrize(
    ("call", "param", "error"),
    [
        (lambda c: c.webhooks.get("not-a-uuid"), "subscription_id", ValueError),
        (lambda c: c.webhooks.delete(1), "subscription_id", TypeError),
        (lambda c: c.webhooks.create(name=" ", url="https://x"), "name", ValueError),
        (lambda c: c.webhooks.create(name="n", url=None), "url", TypeError),
        (lambda c: c.webhooks.create(name="n", url="https://x", events="ConversationCreated"), "events", TypeError),
        (lambda c: c.webhooks.create(name="n", url="https://x", events=["ok", ""]), "events[1]", ValueError),
        (
            lambda c: c.webhooks.create(name="n", url="https://x", authorization={"_type": "NoAuth"}),
            "authorization",
            TypeError,
        ),
        (
            lambda c: c.webhooks.create(name="n", url="https://x", custom_headers=[("a", "b")]),
            "custom_headers",
            TypeError,
        ),
        (
            lambda c: c.webhooks.create(name="n", url="https://x", custom_headers={"X": 1}),
            "custom_headers[X]",
            TypeError,
        ),
        (lambda c: c.webhooks.create(name="n", url="https://x", enabled="yes"), "enabled", TypeError),
        (lambda c: c.webhooks.create(name="n", url="https://x", filters={}), "filters", ValueError),
        (
            lambda c: c.webhooks.create(name="n", url="https://x", filters={"Conversation": {"strategy": "All"}}),
            "filters[Conversation]",
            TypeError,
        ),
        (lambda c: c.webhooks.patch("nope", name=" "), "subscription_id", ValueError),
        (lambda c: c.webhooks.patch(SUBSCRIPTION, name=" "), "name", ValueError),
        (lambda c: c.webhooks.patch(SUBSCRIPTION, url="https://x", enabled=1), "enabled", TypeError),
        (lambda c: c.webhooks.delivery_status.list("x"), "subscription_id", ValueError),
        (lambda c: c.webhooks.event_logs.list(SUBSCRIPTION, ""), "event", ValueError),
    ],
)
def test_bad_input_names_the_parameter_before_any_request(call, param, error):
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9", rate_limit=None, max_retries=0)
    with pytest.raises(error) as info:
        call(client)
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == param
