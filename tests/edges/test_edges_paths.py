"""Path parameters are one path segment, always (issue 9, item 1).

Before: ``".."`` and ``"."`` went out unchanged, and httpx resolved them as dot segments:
``translations.delete(article, "..")`` sent ``DELETE /beta/knowledge/articles/<article>``
(the whole article). Now they, their percent-encoded forms and empty ids are refused
before anything is sent, and every other character is percent-encoded, which the
server sees on a real socket (httpx normalizes before sending, so a mock transport
would not show it).
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import unquote

import pytest

import dixa
from dixa.models import Csat
from tests.faults.faultkit import Runner
from tests.faults.faultserver import FaultServer, Reply

ARTICLE = "3f1c1a53-6b8e-4f57-9a57-1d0e2a4f6c11"


def _translation_delete(language: str) -> Any:
    return lambda c: c.knowledge.articles.translations.delete(ARTICLE, language)


def _translation_publish(language: str) -> Any:
    return lambda c: c.knowledge.articles.translations.publish(ARTICLE, language)


def _rating_submit(rating: str) -> Any:
    return lambda c: c.conversations.ratings.submit(9456, rating, result=Csat(value=4))


def _endpoint_get(endpoint: str) -> Any:
    return lambda c: c.contact_endpoints.get(endpoint)


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (_translation_delete(".."), "language_id"),
        (_translation_publish(".."), "language_id"),
        (_rating_submit(".."), "rating_id"),
        (_endpoint_get("."), "contact_endpoint_id"),
        (_endpoint_get("%2e%2E"), "contact_endpoint_id"),
        (_endpoint_get(".%2e"), "contact_endpoint_id"),
        (_endpoint_get("%2E"), "contact_endpoint_id"),
    ],
    ids=["delete-dotdot", "publish-dotdot", "submit-dotdot", "get-dot", "get-%2e%2E", "get-.%2e", "get-%2E"],
)
async def test_dot_segments_are_refused_before_sending(run: Runner, server: FaultServer, call: Any, param: str) -> None:
    with pytest.raises(dixa.InvalidParameterError) as info:
        await run.call(call)
    assert info.value.param == param
    assert str(info.value).startswith(f"{param}: ")
    assert server.arrivals() == []  # nothing left this machine


# Each value must arrive as exactly one segment, decoding back to itself.
AWKWARD = ["a/b", "a?b=1", "a#frag", "50%", "%2F", "...", "~user", "a b", "é"]


@pytest.mark.parametrize("value", AWKWARD)
async def test_every_other_value_is_one_encoded_segment_on_the_wire(
    run: Runner, server: FaultServer, value: str
) -> None:
    with pytest.raises(dixa.DixaError):  # unscripted route: a 404, which is fine
        await run.call(_endpoint_get(value))
    [(_, method, path)] = server.arrivals()
    assert method == "GET"
    segments = path.split("/")
    assert segments[:3] == ["", "beta", "contact-endpoints"]
    assert len(segments) == 4  # the template's count: /beta/contact-endpoints/{id}
    assert unquote(segments[3]) == value


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (2**63, dixa.InvalidParameterError),
        (-(2**63) - 1, dixa.InvalidParameterError),
        (True, dixa.InvalidParameterTypeError),
    ],
)
async def test_integer_ids_are_checked_against_int64(
    run: Runner, server: FaultServer, value: int, error: type[Exception]
) -> None:
    with pytest.raises(error) as info:
        await run.call(lambda c: c.conversations.get(value))
    assert getattr(info.value, "param", None) == "conversation_id"
    assert server.arrivals() == []


async def test_the_largest_int64_id_is_sent(run: Runner, server: FaultServer) -> None:
    server.script("GET", f"/beta/conversations/{2**63 - 1}", Reply(404, {"message": "no"}))
    with pytest.raises(dixa.NotFoundError):
        await run.call(lambda c: c.conversations.get(2**63 - 1))
    assert server.hits("GET", f"/beta/conversations/{2**63 - 1}") == 1


def test_path_segment_refuses_what_is_not_an_id() -> None:
    from dixa._paths import path_segment

    assert path_segment("x", uuid.UUID(ARTICLE)) == ARTICLE
    assert path_segment("x", "a/b?c#d%") == "a%2Fb%3Fc%23d%25"
    for bad in ["", ".", "..", "%2e", "%2E%2e"]:
        with pytest.raises(dixa.InvalidParameterError, match=r"^x: "):
            path_segment("x", bad)
    with pytest.raises(dixa.InvalidParameterTypeError, match=r"^x: "):
        path_segment("x", 1.5)
