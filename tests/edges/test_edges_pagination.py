"""A listing whose page keys loop stops with a typed error (issue 9, item 7).

Before: page keys cycling A -> B -> A were followed for ever. Now the pager raises
:class:`dixa.PaginationLoopError` when a key it already followed comes back, after
yielding the pages it did read. (A page whose next key is its own key is, as before,
the last page.)
"""

from __future__ import annotations

import uuid

import pytest

import dixa
from tests.faults.faultkit import Runner
from tests.faults.faultserver import FaultServer, Reply

AGENTS_PATH = "/beta/agents"


def _page(n: int, next_key: str | None) -> Reply:
    agent = {"id": str(uuid.UUID(int=n)), "createdAt": "2024-01-01T00:00:00Z", "displayName": f"A{n}", "email": "e"}
    body: dict[str, object] = {"data": [agent]}
    if next_key is not None:
        body["meta"] = {"next": f"{AGENTS_PATH}?pageKey={next_key}&pageLimit=1"}
    return Reply(200, body)


async def test_a_cycle_of_page_keys_raises_instead_of_looping(run: Runner, server: FaultServer) -> None:
    server.script("GET", AGENTS_PATH, _page(1, "A"), _page(2, "B"), _page(3, "A"))
    seen: list[str] = []

    def walk(client: dixa.Dixa | dixa.AsyncDixa) -> object:
        if isinstance(client, dixa.Dixa):
            return [seen.append(agent.display_name) for agent in client.agents.list()]

        async def walk_async() -> None:
            async for agent in client.agents.list():
                seen.append(agent.display_name)

        return walk_async()

    with pytest.raises(dixa.PaginationLoopError) as info:
        await run.call(walk)
    assert info.value.page_key == "A"
    assert str(info.value) == "the listing repeated page key 'A' after 3 page(s); stopped"
    assert seen == ["A1", "A2", "A3"]  # every page read was yielded first
    assert server.hits("GET", AGENTS_PATH) == 3  # and nothing more was fetched


async def test_a_page_pointing_at_itself_is_still_the_last(run: Runner, server: FaultServer) -> None:
    server.script("GET", AGENTS_PATH, _page(1, "A"), _page(2, "A"))
    agents = await run.call(lambda c: c.agents.list())
    assert [agent.display_name for agent in agents] == ["A1", "A2"]
