"""Anonymization requests through the public surface, against the Prism mock, sync and async."""

from __future__ import annotations

import json
import uuid

import pytest
from dixa_generated.types import Unset

import dixa
from dixa.models import AnonymizationRequestStatus

REQUEST = "062f0b37-4de0-40f2-95a4-641435cb2869"
USER = "a53b25da-f676-4c52-acac-58c9280aa23d"


def test_status_reports_a_pending_request(surface):
    status = surface.call(lambda c: c.anonymization.status(uuid.UUID(REQUEST)))
    assert isinstance(status, AnonymizationRequestStatus)
    assert str(status.id) == REQUEST
    assert status.field_type_ == "User"
    assert status.initiated_at.tzinfo is not None
    assert isinstance(status.processed_at, Unset)  # not processed yet


def test_request_for_a_user_sends_its_uuid_and_type(surface):
    raw = surface.call(lambda c: c.with_raw_response.anonymization.request("User", uuid.UUID(USER)))
    assert json.loads(raw.http_response.request.content) == {
        "entityId": USER,
        "_type": "User",
        "forceAnonymization": False,
    }
    status = raw.parse()
    assert isinstance(status, AnonymizationRequestStatus)
    assert isinstance(status.requested_by, uuid.UUID)


def test_request_for_a_conversation_sends_its_number_as_text(surface):
    raw = surface.call(lambda c: c.with_raw_response.anonymization.request("Conversation", 9456, force=True))
    assert json.loads(raw.http_response.request.content) == {
        "entityId": "9456",
        "_type": "Conversation",
        "forceAnonymization": True,
    }
    assert isinstance(raw.parse(), AnonymizationRequestStatus)


@pytest.mark.parametrize(
    ("call", "param", "error"),
    [
        (lambda c: c.anonymization.status("pending"), "request_id", ValueError),
        (lambda c: c.anonymization.status(None), "request_id", TypeError),
        (lambda c: c.anonymization.request("Agent", USER), "entity_type", ValueError),
        (lambda c: c.anonymization.request("User", 9456), "entity_id", TypeError),
        (lambda c: c.anonymization.request("User", "alice"), "entity_id", ValueError),
        (lambda c: c.anonymization.request("Conversation", "9456"), "entity_id", TypeError),
        (lambda c: c.anonymization.request("Conversation", 0), "entity_id", ValueError),
        (lambda c: c.anonymization.request("Message", USER, force="true"), "force", TypeError),
    ],
)
def test_bad_input_names_the_parameter_before_any_request(call, param, error):
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9", rate_limit=None, max_retries=0)
    with pytest.raises(error) as info:
        call(client)
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == param
