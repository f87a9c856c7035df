"""Teams: named groups of agents, their membership and their presence."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import cached_property
from types import ModuleType
from typing import TYPE_CHECKING

from dixa._call import Call, Paged
from dixa._resource import C, Resource, operation, paginated
from dixa._validation import check_items, check_str, check_uuid
from dixa.resources._common import follow_pages, no_content, optional_int, single_page
from dixa.resources._envelope import data_of, items_of, page_of

if TYPE_CHECKING:
    from dixa_generated.models.team_1 import Team1
    from dixa_generated.models.team_member import TeamMember
    from dixa_generated.models.user_presence import UserPresence


class Teams(Resource[C]):
    """``client.teams``: create, look up and delete teams."""

    @cached_property
    def members(self) -> TeamMembers[C]:
        return TeamMembers(self._core)

    @cached_property
    def presence(self) -> TeamPresence[C]:
        return TeamPresence(self._core)

    @paginated("teams.get_teams")
    def list(self, op: ModuleType) -> Paged[Team1]:
        """Every team in the organization, with its id and name.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getTeams
        """
        from dixa_generated.models.list_teams_output import ListTeamsOutput

        return single_page(op._get_kwargs(), lambda body: items_of(ListTeamsOutput.from_dict(body)))

    @operation("teams.post_teams")
    def create(self, op: ModuleType, *, name: str) -> Call[Team1]:
        """Create an empty team; add agents to it with ``client.teams.members.add``.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postTeams
        """
        from dixa_generated.models.create_team_input import CreateTeamInput

        return _team_call(op._get_kwargs(body=CreateTeamInput(name=check_str("name", name))))

    @operation("teams.get_teams_teamid")
    def get(self, op: ModuleType, team_id: str | uuid.UUID) -> Call[Team1]:
        """Fetch one team, e.g. to name the ids ``client.agents.teams.list`` returns.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getTeamsTeamid
        """
        return _team_call(op._get_kwargs(check_uuid("team_id", team_id)))

    @operation("teams.delete_teams_teamid")
    def delete(self, op: ModuleType, team_id: str | uuid.UUID) -> Call[None]:
        """Delete the team. Its agents stay in the organization; only the grouping goes.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/deleteTeamsTeamid
        """
        return Call.from_generated(op._get_kwargs(check_uuid("team_id", team_id)), no_content)


class TeamMembers(Resource[C]):
    """``client.teams.members``: which agents belong to a team."""

    @paginated("teams.get_teams_teamid_agents")
    def list(self, op: ModuleType, team_id: str | uuid.UUID) -> Paged[TeamMember]:
        """The agents and admins in the team, with name, email and phone where known.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getTeamsTeamidAgents
        """
        from dixa_generated.models.list_team_members_output import ListTeamMembersOutput

        kwargs = op._get_kwargs(check_uuid("team_id", team_id))
        return single_page(kwargs, lambda body: items_of(ListTeamMembersOutput.from_dict(body)))

    @operation("teams.patch_teams_teamid_agents")
    def add(self, op: ModuleType, team_id: str | uuid.UUID, agent_ids: Sequence[str | uuid.UUID]) -> Call[None]:
        """Add agents to the team; agents already in it are left as they are.
        Dixa reports no per-agent outcome, so there is nothing to return.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchTeamsTeamidAgents
        """
        from dixa_generated.models.agents_to_team_input import AgentsToTeamInput

        team = check_uuid("team_id", team_id)
        body = AgentsToTeamInput(agent_ids=check_items("agent_ids", agent_ids, check_uuid))
        return Call.from_generated(op._get_kwargs(team, body=body), no_content)

    @operation("teams.delete_teams_teamid_agents")
    def remove(self, op: ModuleType, team_id: str | uuid.UUID, agent_ids: Sequence[str | uuid.UUID]) -> Call[None]:
        """Take agents out of the team (they remain agents of the organization).

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/deleteTeamsTeamidAgents
        """
        from dixa_generated.models.delete_agents_from_team_input import DeleteAgentsFromTeamInput

        team = check_uuid("team_id", team_id)
        body = DeleteAgentsFromTeamInput(agent_ids=check_items("agent_ids", agent_ids, check_uuid))
        return Call.from_generated(op._get_kwargs(team, body=body), no_content)


class TeamPresence(Resource[C]):
    """``client.teams.presence``: the presence of a team's agents."""

    @paginated("teams.get_teams_teamid_presence")
    def list(self, op: ModuleType, team_id: str | uuid.UUID, *, page_limit: int | None = None) -> Paged[UserPresence]:
        """Who in the team is online, working or away, fetched page by page as you iterate,
        e.g. to check a team is staffed before routing work to it.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getTeamsTeamidPresence
        """
        from dixa_generated.models.list_presence_output import ListPresenceOutput

        team = check_uuid("team_id", team_id)
        limit = optional_int("page_limit", page_limit)

        return follow_pages(
            lambda key: op._get_kwargs(team, page_limit=limit, page_key=key),
            lambda body: page_of(ListPresenceOutput.from_dict(body)),
        )


def _team_call(kwargs: dict[str, object]) -> Call[Team1]:
    """A request Dixa answers with ``{"data": <team>}``."""
    from dixa_generated.models.create_team_output import CreateTeamOutput

    return Call.from_generated(kwargs, lambda body: data_of(CreateTeamOutput.from_dict(body)))
