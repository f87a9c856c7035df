"""Pagination across pages and bulk partial failure, through the public surface, sync and async.

Prism answers every page with the same single example, so these use a scripted transport
(``http_client=`` with an ``httpx.MockTransport``) that serves real ``meta.next`` links.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

import dixa

AGENTS_PER_PAGE = 2
PAGES = 3


def _agent(n: int) -> dict[str, Any]:
    return {
        "id": f"00000000-0000-0000-0000-{n:012d}",
        "displayName": f"Agent {n}",
        "email": f"a{n}@example.com",
        "roles": ["Agent"],
        "createdAt": "2021-12-01T12:46:36.581Z[GMT]",
    }


class Script:
    """Serves three pages of agents, and a bulk note response with one failure."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/beta/agents":
            key = parse_qs(request.url.query.decode()).get("pageKey", ["0"])[0]
            page = int(key)
            start = page * AGENTS_PER_PAGE
            body: dict[str, Any] = {"data": [_agent(n) for n in range(start, start + AGENTS_PER_PAGE)]}
            if page + 1 < PAGES:
                body["meta"] = {"next": f"/beta/agents?pageKey={page + 1}&pageLimit={AGENTS_PER_PAGE}"}
            return httpx.Response(200, json=body)
        if request.url.path.endswith("/notes/bulk"):
            sent = json.loads(request.content)["data"]
            outcomes = []
            for index, note in enumerate(sent):
                if note["message"] == "bad":
                    outcomes.append({"_type": "BulkActionFailure", "error": {"message": f"note {index} rejected"}})
                else:
                    outcomes.append(
                        {
                            "_type": "BulkActionSuccess",
                            "data": {
                                "id": f"00000000-0000-0000-0000-{index:012d}",
                                "authorId": "00000000-0000-0000-0000-000000000001",
                                "createdAt": "2021-12-01T12:46:36.581Z[GMT]",
                                "csid": 1,
                                "message": note["message"],
                            },
                        }
                    )
            return httpx.Response(200, json={"data": outcomes})
        return httpx.Response(404, json={"message": "not scripted"})


def _sync(script: Script) -> dixa.Dixa:
    return dixa.Dixa(
        api_key="k",
        base_url="http://dixa.test",
        rate_limit=None,
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
    )


def _async(script: Script) -> dixa.AsyncDixa:
    return dixa.AsyncDixa(
        api_key="k",
        base_url="http://dixa.test",
        rate_limit=None,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(script)),
    )


def test_sync_listing_follows_next_links_lazily_across_three_pages():
    script = Script()
    pager = _sync(script).agents.list(page_limit=AGENTS_PER_PAGE)
    assert script.requests == [], "nothing is fetched before iteration"
    iterator = iter(pager)
    first = next(iterator)
    assert len(script.requests) == 1 and first.display_name == "Agent 0"
    rest = list(iterator)
    assert [a.display_name for a in [first, *rest]] == [f"Agent {n}" for n in range(PAGES * AGENTS_PER_PAGE)]
    assert len(script.requests) == PAGES
    assert [parse_qs(r.url.query.decode()).get("pageKey") for r in script.requests] == [None, ["1"], ["2"]]
    assert all(parse_qs(r.url.query.decode())["pageLimit"] == ["2"] for r in script.requests)


def test_sync_pages_gives_page_wise_access():
    pages = list(_sync(Script()).agents.list(page_limit=AGENTS_PER_PAGE).pages())
    assert [len(p.items) for p in pages] == [2, 2, 2]
    assert [p.next_page_key for p in pages] == ["1", "2", None]


def test_async_listing_is_an_async_iterator_across_three_pages():
    async def run() -> tuple[list[str], list[int]]:
        script = Script()
        async with _async(script) as client:
            names = [agent.display_name async for agent in client.agents.list(page_limit=AGENTS_PER_PAGE)]
            sizes = [len(page.items) async for page in client.agents.list().pages()]
        return names, sizes

    names, sizes = asyncio.run(run())
    assert names == [f"Agent {n}" for n in range(6)]
    assert sizes == [2, 2, 2]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_bulk_partial_failure_shows_both_halves(mode):
    notes = [{"message": "fine"}, {"message": "bad"}, {"message": "also fine"}]
    if mode == "sync":
        result = _sync(Script()).conversations.notes.create_many(7, notes)
    else:

        async def run() -> Any:
            async with _async(Script()) as client:
                return await client.conversations.notes.create_many(7, notes)

        result = asyncio.run(run())
    assert [n.message for n in result.succeeded] == ["fine", "also fine"]
    assert len(result.failed) == 1
    failure = result.failed[0]
    assert (failure.index, failure.input, failure.message) == (1, {"message": "bad"}, "note 1 rejected")
    assert not result.ok
    with pytest.raises(dixa.BulkFailureError) as info:
        result.raise_for_failures()
    assert info.value.failures == [failure]
    assert "note 1 rejected" in str(info.value)
