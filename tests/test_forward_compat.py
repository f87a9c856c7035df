"""Forward compatibility: what Dixa adds tomorrow must not break today's SDK.

* unknown fields are kept (``additional_properties``) and survive ``to_dict()``;
* an unknown ``_type`` becomes the union's explicit ``Unknown...`` variant holding the raw
  JSON, instead of an exception;
* unknown enumeration strings stay plain strings.

All through the public clients, sync and async, with a transport answering as a future
Dixa might.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from dixa_generated.models.csat import Csat
from dixa_generated.models.unknown_conversation import UnknownConversation
from dixa_generated.models.unknown_submitted_rating_result import UnknownSubmittedRatingResult
from dixa_generated.types import Unset

import dixa
from tests.surfaces import Surface

RATING_ID = "33cf4e5e-9ce9-461c-b668-be9b712b717c"

FUTURE_CONVERSATION = {
    "id": 1,
    "requesterId": "d58c8b1c-85ad-4678-a6c8-7442945f3836",
    "channel": "CarrierPigeon",
    "createdAt": "2020-12-16T09:41:43Z",
    "_type": "CarrierPigeonConversation",
    "wingspan": {"cm": 42},
}
KNOWN_CONVERSATION_WITH_EXTRAS = {
    "id": 2,
    "requesterId": "d58c8b1c-85ad-4678-a6c8-7442945f3836",
    "channel": "Email",
    "createdAt": "2020-12-16T09:41:43Z",
    "toEmail": "support@example.com",
    "fromEmail": "customer@example.com",
    "integrationEmail": "support@example.dixa.io",
    "_type": "EmailConversation",
    "sentiment": "positive",
}
FUTURE_RATINGS = [
    {
        "id": RATING_ID,
        "userId": "6d0c5791-e40a-46d4-bba1-1364ce4578ed",
        "ratingType": "CustomerEffort",
        "conversationChannel": "CarrierPigeon",
        "ratingStatus": "Expired",
        "ratingScore": 5,
        "timestamps": {"created_at": "2025-09-25T14:34:52Z", "expired_at": "2025-09-26T14:34:52Z"},
        "surveyVersion": 3,
    }
]
FUTURE_RESULT = {
    "ratingId": RATING_ID,
    "ratingResult": {"_type": "StarRating", "stars": 4, "scale": {"max": 5}},
    "submittedAt": "2024-03-11T16:39:30Z",
}
TAGS_WITH_EXTRAS = [{"id": "b794a74a-625b-4303-8237-9b11668a9605", "name": "vip", "state": "Archived", "hue": 200}]


def _future_dixa(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/beta/conversations/1":
        return httpx.Response(200, json={"data": FUTURE_CONVERSATION})
    if path == "/beta/conversations/2":
        return httpx.Response(200, json={"data": KNOWN_CONVERSATION_WITH_EXTRAS})
    if path == "/beta/conversations/3":
        broken = {k: v for k, v in KNOWN_CONVERSATION_WITH_EXTRAS.items() if k != "toEmail"}
        return httpx.Response(200, json={"data": broken})
    if path.endswith("/ratings"):
        return httpx.Response(200, json={"data": FUTURE_RATINGS, "meta": {"surveyCount": 1}})
    if path.endswith("/submit"):
        return httpx.Response(201, json={"data": FUTURE_RESULT})
    if path.endswith("/tags"):
        return httpx.Response(200, json={"data": TAGS_WITH_EXTRAS})
    return httpx.Response(404, json={"message": "unexpected " + path})


@pytest.fixture(params=["sync", "async"])
def call(request: pytest.FixtureRequest) -> Callable[[Callable[[Any], Any]], Any]:
    """``call(lambda c: ...)``: the result through a sync or an async client (pagers drained)."""
    return Surface(request.param, "http://dixa.test", _future_dixa).result


def test_unknown_type_becomes_the_unknown_variant_with_the_raw_json(call: Any) -> None:
    conversation = call(lambda c: c.conversations.get(1))
    assert isinstance(conversation, UnknownConversation)
    assert conversation.field_type_ == "CarrierPigeonConversation"
    assert conversation.additional_properties["wingspan"] == {"cm": 42}
    assert conversation.to_dict() == FUTURE_CONVERSATION  # every field, exactly as received


def test_unknown_type_nested_in_a_known_object(call: Any) -> None:
    result = call(lambda c: c.conversations.ratings.submit(1, RATING_ID, result=Csat(value=4)))
    assert isinstance(result.rating_result, UnknownSubmittedRatingResult)
    assert result.rating_result.field_type_ == "StarRating"
    assert result.to_dict()["ratingResult"] == FUTURE_RESULT["ratingResult"]


def test_a_known_type_with_a_broken_shape_stays_that_type_not_an_unknown_variant(call: Any) -> None:
    conversation = call(lambda c: c.conversations.get(3))  # an EmailConversation without its required toEmail
    assert type(conversation).__name__ == "EmailConversation"
    assert isinstance(conversation.to_email, Unset)
    sent = {k: v for k, v in KNOWN_CONVERSATION_WITH_EXTRAS.items() if k != "toEmail"}
    assert conversation.to_dict() == {**sent, "createdAt": "2020-12-16T09:41:43+00:00"}  # nothing added or dropped
    with pytest.raises(dixa.APIResponseValidationError, match=r"does not match .* at \$\.data\.toEmail"):
        call(lambda c: c.with_options(strict=True).conversations.get(3))


def test_known_type_keeps_unknown_fields(call: Any) -> None:
    conversation = call(lambda c: c.conversations.get(2))
    assert type(conversation).__name__ == "EmailConversation"
    assert conversation.additional_properties == {"sentiment": "positive"}
    assert conversation.to_dict()["sentiment"] == "positive"


def test_unknown_fields_are_kept_and_round_trip(call: Any) -> None:
    (tag,) = call(lambda c: c.conversations.tags.list(1))
    assert tag.additional_properties == {"hue": 200}
    assert tag["hue"] == 200
    assert tag.to_dict() == TAGS_WITH_EXTRAS[0]
    again = type(tag).from_dict(copy.deepcopy(tag.to_dict()))
    assert again == tag


def test_unknown_enumeration_strings_stay_strings(call: Any) -> None:
    (rating,) = call(lambda c: c.conversations.ratings.list(1))
    assert rating.rating_type == "CustomerEffort"
    assert rating.conversation_channel == "CarrierPigeon"
    assert rating.rating_status == "Expired"
    assert type(rating.rating_type) is str
    assert rating.additional_properties == {"surveyVersion": 3}
    assert rating.to_dict() == FUTURE_RATINGS[0]


def test_unknown_enumeration_in_a_known_field_of_a_tag(call: Any) -> None:
    (tag,) = call(lambda c: c.conversations.tags.list(1))
    assert tag.state == "Archived"
