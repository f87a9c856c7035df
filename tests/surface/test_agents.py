"""Agents through the public surface, against the Prism mock, sync and async.

Prism answers with the spec's examples and rejects (400) request bodies that break the
spec, so a passing call also proves the body the SDK built is one Dixa accepts.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid

import httpx
import pytest

import dixa
from dixa.models import Agent, BulkPatchAgentInput, CreateAgentInput, Team, UserPresence

AGENT = "4d2ab456-8510-4a35-b266-e502160d5177"
OTHER = "434ce9f5-14c8-4be1-a0a8-f755010deb9c"


def test_list_iterates_agents_from_the_example(surface):
    agents = surface.items(lambda c: c.agents.list())
    assert [a.display_name for a in agents] == ["Agent 0", "Agent 1", "Agent 2", "Agent 3"]
    assert all(isinstance(a, Agent) for a in agents)
    assert isinstance(agents[0].id, uuid.UUID)
    assert agents[0].created_at == dt.datetime(2020, 12, 16, 9, 41, 43, tzinfo=dt.UTC)
    assert agents[0].roles == ["Agent"]


def test_list_sends_the_filter_and_page_limit(surface):
    raw = surface.call(lambda c: c.with_raw_response.agents.list(email="agent.0@example.org", page_limit=2))
    params = raw.http_response.request.url.params
    assert params["email"] == "agent.0@example.org"
    assert params["pageLimit"] == "2"
    assert "phone" not in params and "pageKey" not in params
    page = raw.parse()
    assert isinstance(page, dixa.Page)
    assert page.next_page_key is None  # the example has no meta.next: one page


def _agent_json(n: int) -> dict[str, object]:
    return {"id": str(uuid.UUID(int=n)), "createdAt": "2024-01-01T00:00:00Z", "displayName": f"A{n}", "email": "e"}


def _two_pages(seen: list[httpx.Request]) -> httpx.MockTransport:
    """Dixa's paging: page one links to page two through ``meta.next``; page two has no next."""

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.params.get("pageKey") == "k2":
            return httpx.Response(200, json={"data": [_agent_json(3)], "meta": {"previous": "/beta/agents"}})
        body = {"data": [_agent_json(1), _agent_json(2)], "meta": {"next": "/beta/agents?pageKey=k2&pageLimit=2"}}
        return httpx.Response(200, json=body)

    return httpx.MockTransport(handle)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_list_follows_meta_next_keeping_the_filter(mode):
    seen: list[httpx.Request] = []
    transport = _two_pages(seen)
    url = "http://127.0.0.1:9"
    if mode == "sync":
        with dixa.Dixa(api_key="k", base_url=url, http_client=httpx.Client(transport=transport)) as client:
            agents = list(client.agents.list(phone="+4512345678", page_limit=2))
    else:

        async def run() -> list[Agent]:
            http = httpx.AsyncClient(transport=transport)
            async with dixa.AsyncDixa(api_key="k", base_url=url, http_client=http) as client:
                return [a async for a in client.agents.list(phone="+4512345678", page_limit=2)]

        agents = asyncio.run(run())
    assert [a.display_name for a in agents] == ["A1", "A2", "A3"]
    assert [r.url.params.get("pageKey") for r in seen] == [None, "k2"]
    assert all(r.url.params["phone"] == "+4512345678" and r.url.params["pageLimit"] == "2" for r in seen)


def test_get_returns_the_agent(surface):
    agent = surface.call(lambda c: c.agents.get(uuid.UUID(AGENT)))
    assert isinstance(agent, Agent)
    assert agent.email == "alice@brown.com"
    assert agent.additional_phone_numbers == ["+5566778899"]


def test_create_sends_camel_case_and_omits_what_was_not_given(surface):
    raw = surface.call(
        lambda c: c.with_raw_response.agents.create(
            display_name="Alice Brown", email="alice@brown.com", additional_emails=("alice@secondary.email",)
        )
    )
    assert raw.status_code == 201
    sent = json.loads(raw.http_response.request.content)
    assert sent == {
        "displayName": "Alice Brown",
        "email": "alice@brown.com",
        "additionalEmails": ["alice@secondary.email"],
    }
    agent = raw.parse()
    assert isinstance(agent, Agent)
    assert agent.display_name == "Alice Brown"


def test_create_returns_the_agent(surface):
    agent = surface.call(lambda c: c.agents.create(display_name="Alice Brown", email="alice@brown.com"))
    assert isinstance(agent, Agent)
    assert agent.id == uuid.UUID(AGENT)


def test_create_many_reports_each_agent_and_keeps_the_failed_input(surface):
    # The spec's example answers five outcomes, the last a validation failure.
    items = [{"display_name": f"Agent {n}", "email": f"agent.{n}@example.org"} for n in range(4)]
    items.append(CreateAgentInput(display_name="Dup", email="agent.0@example.org"))
    result = surface.call(lambda c: c.agents.create_many(items))
    assert isinstance(result, dixa.BulkResult)
    assert len(result) == 5
    assert all(isinstance(a, Agent) for a in result.succeeded)
    assert [a.display_name for a in result.succeeded] == ["Agent 0", "Agent 1", "Agent 2", "Agent 3"]
    (failure,) = result.failed
    assert (failure.index, failure.input) == (4, items[4])
    assert failure.message.startswith("Validation: Create Agent")


def test_update_replaces_the_profile(surface):
    agent = surface.call(
        lambda c: c.agents.update(AGENT, display_name="Alice Brown", first_name="Alice", middle_names=["Julia"])
    )
    assert isinstance(agent, Agent)
    assert agent.middle_names == ["Julia"]


def test_patch_sends_only_the_given_fields(surface):
    raw = surface.call(lambda c: c.with_raw_response.agents.patch(AGENT, last_name="Brown", additional_emails=[]))
    assert json.loads(raw.http_response.request.content) == {"lastName": "Brown", "additionalEmails": []}
    assert isinstance(raw.parse(), Agent)


def test_update_many_reports_the_updated_agents(surface):
    result = surface.call(
        lambda c: c.agents.update_many([{"id": uuid.UUID(AGENT), "display_name": "Alice Brown", "last_name": "Brown"}])
    )
    assert result.ok
    assert [a.display_name for a in result.succeeded] == ["Alice Brown"]


def test_patch_many_keeps_the_failed_input_with_its_error(surface):
    second = BulkPatchAgentInput(id=OTHER, display_name="JB")
    result = surface.call(lambda c: c.agents.patch_many([{"id": AGENT, "display_name": "AB"}, second]))
    assert [a.display_name for a in result.succeeded] == ["AB"]
    assert len(result.failed) == 1
    failure = result.failed[0]
    assert (failure.index, failure.input) == (1, second)
    assert failure.message == "NotFound: Agent not found"
    with pytest.raises(dixa.BulkFailureError):
        result.raise_for_failures()


def test_delete_returns_none(surface):
    assert surface.call(lambda c: c.agents.delete(AGENT)) is None


def test_presence_list_is_organization_wide(surface):
    presence = surface.items(lambda c: c.agents.presence.list())
    assert all(isinstance(p, UserPresence) for p in presence)
    assert [p.user_id for p in presence] == [
        "d31a73fc-d67b-49ec-9534-1f36a0c4c906",
        "8026cb51-184b-424f-8686-c6bc7bcf88eb",
    ]
    assert presence[1].active_channels == ["Email", "FacebookMessenger", "PstnPhone"]


def test_presence_get_returns_one_agent(surface):
    presence = surface.call(lambda c: c.agents.presence.get(AGENT))
    assert isinstance(presence, UserPresence)
    assert (presence.connection_status, presence.presence_status) == ("Online", "Working")


def test_set_working_channel_sends_channel_and_flag(surface):
    raw = surface.call(
        lambda c: c.with_raw_response.agents.presence.set_working_channel(AGENT, channel="Speak", working=False)
    )
    assert raw.http_response.request.url.path == f"/beta/agents/{AGENT}/presence/working-channel"
    assert json.loads(raw.http_response.request.content) == {"channel": "Speak", "working": False}
    assert raw.parse() is None


def test_agent_teams_lists_team_ids(surface):
    teams = surface.items(lambda c: c.agents.teams.list(AGENT))
    assert all(isinstance(t, Team) for t in teams)
    assert teams[0].id == uuid.UUID("e8ecd53b-2f6c-4471-a3a0-34d94caff8c8")


@pytest.mark.parametrize(
    ("call", "param", "error"),
    [
        (lambda c: c.agents.list(email="a@example.org", phone="+45"), "phone", ValueError),
        (lambda c: c.agents.list(email=7), "email", TypeError),
        (lambda c: c.agents.list(page_limit=0), "page_limit", ValueError),
        (lambda c: c.agents.get("not-a-uuid"), "agent_id", ValueError),
        (lambda c: c.agents.get(42), "agent_id", TypeError),
        (lambda c: c.agents.create(display_name=" ", email="a@example.org"), "display_name", ValueError),
        (lambda c: c.agents.create(display_name="A", email=None), "email", TypeError),
        (lambda c: c.agents.create(display_name="A", email="e", middle_names="Julia"), "middle_names", TypeError),
        (
            lambda c: c.agents.create(display_name="A", email="e", additional_emails=["ok", 3]),
            "additional_emails[1]",
            TypeError,
        ),
        (lambda c: c.agents.update("nope", display_name=""), "agent_id", ValueError),
        (lambda c: c.agents.update(AGENT, display_name=""), "display_name", ValueError),
        (lambda c: c.agents.patch(AGENT, avatar_url=1), "avatar_url", TypeError),
        (lambda c: c.agents.create_many([]), "agents", ValueError),
        (lambda c: c.agents.create_many("agents"), "agents", TypeError),
        (lambda c: c.agents.create_many([{"display_name": "A"}]), "agents[0].email", ValueError),
        (lambda c: c.agents.create_many([{"display_name": "A", "email": "e", "mail": "x"}]), "agents[0]", ValueError),
        (lambda c: c.agents.create_many([{"display_name": "A", "email": "e"}, 5]), "agents[1]", TypeError),
        (lambda c: c.agents.update_many([{"display_name": "A"}]), "agents[0].id", ValueError),
        (lambda c: c.agents.update_many([{"id": "x", "display_name": "A"}]), "agents[0].id", ValueError),
        (lambda c: c.agents.update_many([{"id": AGENT, "display_name": "A", "email": "e"}]), "agents[0]", ValueError),
        (lambda c: c.agents.patch_many([{"id": AGENT, "first_name": ""}]), "agents[0].first_name", ValueError),
        (lambda c: c.agents.patch_many([CreateAgentInput("A", "e")]), "agents[0]", TypeError),
        (lambda c: c.agents.delete(None), "agent_id", TypeError),
        (lambda c: c.agents.presence.get("x"), "agent_id", ValueError),
        (lambda c: c.agents.presence.set_working_channel(AGENT, channel="", working=True), "channel", ValueError),
        (lambda c: c.agents.presence.set_working_channel(AGENT, channel="Email", working=1), "working", TypeError),
        (lambda c: c.agents.teams.list("x"), "agent_id", ValueError),
    ],
)
def test_bad_input_names_the_parameter_before_any_request(call, param, error):
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9", rate_limit=None, max_retries=0)
    with pytest.raises(error) as info:
        call(client)
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == param
