"""Teams through the public surface, against the Prism mock, sync and async."""

from __future__ import annotations

import asyncio
import json
import uuid

import httpx
import pytest

import dixa
from dixa.models import Team1, TeamMember, UserPresence

TEAM = "005e7108-c85c-41d1-a945-4a8dc58c4399"
AGENTS = ["912d5148-6918-4420-b23a-8584b896c8ae", "a8080cf3-9d55-41dd-a8ef-b02414399e7a"]


def test_list_iterates_teams(surface):
    teams = surface.items(lambda c: c.teams.list())
    assert all(isinstance(t, Team1) for t in teams)
    assert [(t.id, t.name) for t in teams] == [(TEAM, "Team A"), ("83cc3c21-9d28-4250-b6ea-b3a6333c5c73", "Team B")]


def test_create_sends_the_name_and_returns_the_team(surface):
    raw = surface.call(lambda c: c.with_raw_response.teams.create(name="Team A"))
    assert raw.status_code == 201
    assert json.loads(raw.http_response.request.content) == {"name": "Team A"}
    team = raw.parse()
    assert isinstance(team, Team1)
    assert (team.id, team.name) == (TEAM, "Team A")


def test_get_returns_the_team(surface):
    team = surface.call(lambda c: c.teams.get(uuid.UUID(TEAM)))
    assert isinstance(team, Team1)
    assert team.name == "Team A"


def test_delete_returns_none(surface):
    assert surface.call(lambda c: c.teams.delete(TEAM)) is None


def test_members_list_iterates_members(surface):
    members = surface.items(lambda c: c.teams.members.list(TEAM))
    assert all(isinstance(m, TeamMember) for m in members)
    assert [(m.name, m.email) for m in members] == [("Agent A", "aa@example.org"), ("Agent B", "ab@example.org")]


def test_members_add_and_remove_send_the_ids(surface):
    raw = surface.call(lambda c: c.with_raw_response.teams.members.add(TEAM, [AGENTS[0], uuid.UUID(AGENTS[1])]))
    request = raw.http_response.request
    assert (request.method, request.url.path) == ("PATCH", f"/beta/teams/{TEAM}/agents")
    assert json.loads(request.content) == {"agentIds": AGENTS}
    assert raw.parse() is None
    assert surface.call(lambda c: c.teams.members.add(TEAM, AGENTS)) is None
    assert surface.call(lambda c: c.teams.members.remove(TEAM, AGENTS)) is None


def test_presence_list_iterates_the_team(surface):
    presence = surface.items(lambda c: c.teams.presence.list(TEAM, page_limit=50))
    assert all(isinstance(p, UserPresence) for p in presence)
    assert [p.user_id for p in presence] == [
        "d53dbec1-e79c-4736-b9a1-15f6dce71ed4",
        "e8ecd53b-2f6c-4471-a3a0-34d94caff8c8",
    ]


def _presence(user: int) -> dict[str, object]:
    return {"userId": str(uuid.UUID(int=user)), "requestTime": "2021-12-01T12:46:35.935", "connectionStatus": "Online"}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_presence_list_follows_meta_next(mode):
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.params.get("pageKey") == "p2":
            return httpx.Response(200, json={"data": [_presence(2)], "meta": {}})
        next_link = f"/beta/teams/{TEAM}/presence?pageKey=p2"
        return httpx.Response(200, json={"data": [_presence(1)], "meta": {"next": next_link}})

    transport = httpx.MockTransport(handle)
    url = "http://127.0.0.1:9"
    if mode == "sync":
        with dixa.Dixa(api_key="k", base_url=url, http_client=httpx.Client(transport=transport)) as client:
            presence = list(client.teams.presence.list(TEAM, page_limit=1))
    else:

        async def run() -> list[UserPresence]:
            http = httpx.AsyncClient(transport=transport)
            async with dixa.AsyncDixa(api_key="k", base_url=url, http_client=http) as client:
                return [p async for p in client.teams.presence.list(TEAM, page_limit=1)]

        presence = asyncio.run(run())
    assert [p.user_id for p in presence] == [str(uuid.UUID(int=1)), str(uuid.UUID(int=2))]
    assert [r.url.params.get("pageKey") for r in seen] == [None, "p2"]
    assert all(r.url.params["pageLimit"] == "1" for r in seen)


@pytest.mark.parametrize(
    ("call", "param", "error"),
    [
        (lambda c: c.teams.create(name=""), "name", ValueError),
        (lambda c: c.teams.create(name=None), "name", TypeError),
        (lambda c: c.teams.get("team-a"), "team_id", ValueError),
        (lambda c: c.teams.delete(1), "team_id", TypeError),
        (lambda c: c.teams.members.list("x"), "team_id", ValueError),
        (lambda c: c.teams.members.add("x", AGENTS), "team_id", ValueError),
        (lambda c: c.teams.members.add(TEAM, []), "agent_ids", ValueError),
        (lambda c: c.teams.members.add(TEAM, AGENTS[0]), "agent_ids", TypeError),
        (lambda c: c.teams.members.remove(TEAM, [AGENTS[0], "nope"]), "agent_ids[1]", ValueError),
        (lambda c: c.teams.presence.list("x"), "team_id", ValueError),
        (lambda c: c.teams.presence.list(TEAM, page_limit="10"), "page_limit", TypeError),
    ],
)
def test_bad_input_names_the_parameter_before_any_request(call, param, error):
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9", rate_limit=None, max_retries=0)
    with pytest.raises(error) as info:
        call(client)
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == param
