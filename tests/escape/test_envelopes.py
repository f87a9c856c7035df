"""Listing envelopes and action answers: the shapes the live API is known to send are
accepted, anything else is an ``APIResponseValidationError``, never a quiet empty list.

* a bare JSON array where ``{"data": [...], "meta": ...}`` is documented: the items, one page;
* ``{}``, ``""``, ``null``, ``{"data": null}``, a string, a number, an empty body: errors;
* ``meta.next`` that is no parsable URL (``"//["``) is read for its query, never a raw
  exception; a ``next`` that is not a string is reported, naming it;
* actions (tag, untag, close, reopen, claim, transfer, follow-up) return ``None`` for an
  empty 204, an empty 200, or a 200 with a body.

Shapes are served by a scripted ``httpx.MockTransport`` (through ``tests.surfaces.Surface``,
so sync and async alike), and the core cases once more through a real loopback server.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import dixa
from tests.escape.conftest import Answer, Both, Recorder
from tests.surfaces import Surface

TAG_ID = "b794a74a-625b-4303-8237-9b11668a9605"
AGENT_ID = "0e4d0ead-dc69-470a-9b3a-e7eb16a56453"
QUEUE_ID = "cd87b232-64c8-4ad5-b81a-6f9233352d97"


def tag_json(n: int) -> dict[str, Any]:
    return {"id": str(uuid.UUID(int=n)), "name": f"tag{n}", "state": "Active"}


def agent_json(n: int) -> dict[str, Any]:
    return {"id": str(uuid.UUID(int=n)), "createdAt": "2024-01-01T00:00:00Z", "displayName": f"A{n}", "email": "e"}


def presence_json(n: int) -> dict[str, Any]:
    return {"userId": str(uuid.UUID(int=n)), "requestTime": "2021-12-01T12:46:35.935", "connectionStatus": "Online"}


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def answering(mode: str, *responses: httpx.Response, seen: list[httpx.Request] | None = None) -> Surface:
    """A surface whose requests get ``responses`` in turn (the last one repeating)."""
    queue = list(responses)

    def handle(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return Surface(mode, "http://dixa.test").scripted(handle)


def json_response(body: Any, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=body)


def raw_response(content: bytes, status: int = 200, content_type: str = "application/json") -> httpx.Response:
    return httpx.Response(status, content=content, headers={"Content-Type": content_type})


# --- a bare array where an envelope is documented ---------------------------------------------


def test_a_bare_array_is_the_items_of_a_single_page_listing(mode: str) -> None:
    surface = answering(mode, json_response([tag_json(1), tag_json(2)]))

    tags = surface.items(lambda c: c.tags.list())

    assert [t.name for t in tags] == ["tag1", "tag2"]


def test_a_bare_array_is_one_last_page_of_a_paged_listing(mode: str) -> None:
    seen: list[httpx.Request] = []
    surface = answering(mode, json_response([agent_json(1), agent_json(2)]), seen=seen)

    agents = surface.items(lambda c: c.agents.list())

    assert [a.display_name for a in agents] == ["A1", "A2"]
    assert len(seen) == 1  # no meta, so no next page


def test_a_bare_array_page_gives_no_next_key(mode: str) -> None:
    surface = answering(mode, json_response([agent_json(1)]))

    page = surface.call(lambda c: c.with_raw_response.agents.list()).parse()

    assert (len(page), page.next_page_key) == (1, None)


def test_an_empty_bare_array_is_an_empty_listing(mode: str) -> None:
    assert answering(mode, json_response([])).items(lambda c: c.tags.list()) == []


def test_a_listing_documented_as_a_bare_array_still_reads_one(mode: str) -> None:
    presence = answering(mode, json_response([presence_json(1)])).items(lambda c: c.agents.presence.list())

    assert [str(p.user_id) for p in presence] == [str(uuid.UUID(int=1))]


# --- bodies that are no listing ----------------------------------------------------------


NOT_A_LISTING: dict[str, Callable[[], httpx.Response]] = {
    "empty-object": lambda: json_response({}),
    "data-null": lambda: json_response({"data": None}),
    "data-string": lambda: json_response({"data": "tags"}),
    "empty-string": lambda: json_response(""),
    "string": lambda: json_response("tags"),
    "number": lambda: json_response(5),
    "json-null": lambda: raw_response(b"null"),
    "empty-200": lambda: raw_response(b""),
    "empty-204": lambda: raw_response(b"", status=204, content_type=""),
    "meta-only": lambda: json_response({"meta": {"next": "/beta/tags?pageKey=2"}}),
}
LISTINGS: dict[str, Callable[[Any], Any]] = {
    "tags.list": lambda c: c.tags.list(),  # one page
    "agents.list": lambda c: c.agents.list(),  # paged with pageKey
    "agents.presence.list": lambda c: c.agents.presence.list(),  # documented as a bare array
    "business_hours.list": lambda c: c.business_hours.schedules.list(),  # the array inside data.schedules
}


@pytest.mark.parametrize("listing", LISTINGS.values(), ids=LISTINGS.keys())
@pytest.mark.parametrize("answer", NOT_A_LISTING.values(), ids=NOT_A_LISTING.keys())
def test_a_body_that_is_no_listing_is_an_error_not_an_empty_list(
    mode: str, answer: Callable[[], httpx.Response], listing: Callable[[Any], Any]
) -> None:
    surface = answering(mode, answer())

    with pytest.raises(dixa.APIResponseValidationError):
        surface.items(listing)


@pytest.mark.parametrize("listing", [lambda c: c.tags.list(), lambda c: c.agents.list()], ids=["tags", "agents"])
def test_data_that_is_not_an_array_is_an_error(mode: str, listing: Callable[[Any], Any]) -> None:
    surface = answering(mode, json_response({"data": {"id": 1}}))

    with pytest.raises(dixa.APIResponseValidationError):
        surface.items(listing)


@pytest.mark.parametrize(
    ("body", "said"),
    [({}, "an empty object {}"), ("tags", "a string 'tags'"), ({"data": None}, "'data' is null"), (5, "a number 5")],
)
def test_the_message_names_the_shape(mode: str, body: Any, said: str) -> None:
    surface = answering(mode, json_response(body))

    with pytest.raises(dixa.APIResponseValidationError) as info:
        surface.items(lambda c: c.tags.list())

    assert said in str(info.value)
    assert info.value.status_code == 200


# --- meta.next ---------------------------------------------------------------------------


def test_a_next_link_that_is_no_url_is_read_for_its_query(mode: str) -> None:
    seen: list[httpx.Request] = []
    surface = answering(
        mode,
        json_response({"data": [agent_json(1)], "meta": {"next": "//[?pageKey=k2&pageLimit=1"}}),
        json_response({"data": [agent_json(2)], "meta": {"next": "//["}}),
        seen=seen,
    )

    agents = surface.items(lambda c: c.agents.list())

    assert [a.display_name for a in agents] == ["A1", "A2"]  # "//[" has no pageKey: the last page
    assert [r.url.params.get("pageKey") for r in seen] == [None, "k2"]


@pytest.mark.parametrize("next_", [5, ["/beta/agents?pageKey=2"], {"href": "/beta/agents?pageKey=2"}])
def test_a_next_that_is_not_a_link_is_reported_naming_it(mode: str, next_: Any) -> None:
    surface = answering(mode, json_response({"data": [agent_json(1)], "meta": {"next": next_}}))

    with pytest.raises(dixa.APIResponseValidationError) as info:
        surface.items(lambda c: c.agents.list())

    assert "meta.next" in str(info.value)


# --- actions answer None, whatever 2xx arrives ----------------------------------------------------


ACTIONS: dict[str, Callable[[Any], Any]] = {
    "tag": lambda c: c.conversations.tag(1, TAG_ID),
    "untag": lambda c: c.conversations.untag(1, TAG_ID),
    "close": lambda c: c.conversations.close(1),
    "reopen": lambda c: c.conversations.reopen(1),
    "claim": lambda c: c.conversations.claim(1, agent_id=AGENT_ID),
    "transfer": lambda c: c.conversations.transfer(1, queue_id=QUEUE_ID),
    "follow_up": lambda c: c.conversations.follow_up(1, at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC)),
}
ACTION_ANSWERS: dict[str, Callable[[], httpx.Response]] = {
    "empty-204": lambda: raw_response(b"", status=204, content_type=""),
    "empty-200": lambda: raw_response(b""),
    "200-with-body": lambda: json_response({"data": {"id": 1}}),
}


@pytest.mark.parametrize("action", ACTIONS.values(), ids=ACTIONS.keys())
@pytest.mark.parametrize("answer", ACTION_ANSWERS.values(), ids=ACTION_ANSWERS.keys())
def test_an_action_returns_none_for_any_success_answer(
    mode: str, answer: Callable[[], httpx.Response], action: Callable[[Any], Any]
) -> None:
    assert answering(mode, answer()).call(action) is None


# --- through a real loopback server --------------------------------------------------------------


def test_on_a_socket_a_bare_array_is_read_and_an_empty_object_refused(both: Both, recorder: Recorder) -> None:
    recorder.script("GET", "/beta/tags", Answer(200, [tag_json(1)]), Answer(200, {}))

    tags = both(recorder.url, lambda c: c.tags.list().to_list())
    with pytest.raises(dixa.APIResponseValidationError, match="empty object"):
        both(recorder.url, lambda c: c.tags.list().to_list())

    assert [t.name for t in tags] == ["tag1"]


def test_on_a_socket_an_empty_204_to_an_action_is_none(both: Both, recorder: Recorder) -> None:
    recorder.script("PUT", f"/beta/conversations/1/tags/{TAG_ID}", Answer(204, content_type=""))

    assert both(recorder.url, lambda c: c.conversations.tag(1, TAG_ID)) is None
