"""Agents: the people (agents and admins) who work conversations, their profiles,
presence and team memberships."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from functools import cached_property
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeAlias

from dixa._bulk import BulkResult, collect_outcomes
from dixa._call import Call, Paged
from dixa._resource import C, Resource, operation, paginated
from dixa._validation import check_bool, check_str, check_uuid, exclusive
from dixa.resources._common import follow_pages, no_content, optional_int, optional_str, single_page
from dixa.resources._envelope import data_of, items_of, page_of
from dixa.resources._profiles import CONTACT_FIELDS, profile, profile_items, uuid_text

if TYPE_CHECKING:
    from dixa_generated.models.agent import Agent
    from dixa_generated.models.bulk_patch_agent_input import BulkPatchAgentInput
    from dixa_generated.models.bulk_update_agent_input import BulkUpdateAgentInput
    from dixa_generated.models.create_agent_input import CreateAgentInput
    from dixa_generated.models.team import Team
    from dixa_generated.models.user_presence import UserPresence

# What the bulk methods accept per agent: the generated input model, or a dict of the
# same keyword arguments the single-agent method takes (plus ``id`` for updates).
NewAgent: TypeAlias = "CreateAgentInput | Mapping[str, Any]"
AgentUpdate: TypeAlias = "BulkUpdateAgentInput | Mapping[str, Any]"
AgentPatch: TypeAlias = "BulkPatchAgentInput | Mapping[str, Any]"

# Agents have every contact detail but ``external_id``; list-valued ones may be empty
# (an empty list clears them).
_PROFILE = {name: check for name, check in CONTACT_FIELDS.items() if name != "external_id"}
# ``email`` is the agent's login: it can be set at creation but not updated.
_UPDATE = {name: check for name, check in _PROFILE.items() if name != "email"}
# The bulk update and patch items name their agent; those models carry the id as text.
_BULK_UPDATE = {"id": uuid_text, **_UPDATE}


class Agents(Resource[C]):
    """``client.agents``: find, create, update and downgrade agents and admins."""

    @cached_property
    def presence(self) -> AgentPresence[C]:
        return AgentPresence(self._core)

    @cached_property
    def teams(self) -> AgentTeams[C]:
        return AgentTeams(self._core)

    @paginated("agents.get_agents")
    def list(
        self, op: ModuleType, *, email: str | None = None, phone: str | None = None, page_limit: int | None = None
    ) -> Paged[Agent]:
        """Every agent and admin in the organization, fetched page by page as you iterate.
        Pass ``email`` or ``phone`` (not both) to look one person up by contact detail;
        ``page_limit`` tunes how many agents each request brings back.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getAgents
        """
        from dixa_generated.models.list_agents_output import ListAgentsOutput

        by_email = optional_str("email", email)
        by_phone = optional_str("phone", phone)
        exclusive(email=email, phone=phone)
        limit = optional_int("page_limit", page_limit)

        return follow_pages(
            lambda key: op._get_kwargs(page_limit=limit, page_key=key, email=by_email, phone=by_phone),
            lambda body: page_of(ListAgentsOutput.from_dict(body)),
        )

    @operation("agents.get_agents_agentid")
    def get(self, op: ModuleType, agent_id: str | uuid.UUID) -> Call[Agent]:
        """Fetch one agent's profile, e.g. to resolve the ``agent_id`` found on a conversation.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getAgentsAgentid
        """
        return _agent_call(op._get_kwargs(check_uuid("agent_id", agent_id)))

    @operation("agents.post_agents")
    def create(
        self,
        op: ModuleType,
        *,
        display_name: str,
        email: str,
        phone_number: str | None = None,
        additional_emails: Sequence[str] | None = None,
        additional_phone_numbers: Sequence[str] | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        middle_names: Sequence[str] | None = None,
        avatar_url: str | None = None,
    ) -> Call[Agent]:
        """Invite a new agent; ``email`` becomes their login and cannot be changed later.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postAgents
        """
        from dixa_generated.models.create_agent_input import CreateAgentInput

        # The keyword arguments are the model's fields: check them straight from locals().
        fields = profile("", locals(), _PROFILE, required=("display_name", "email"))
        return _agent_call(op._get_kwargs(body=CreateAgentInput(**fields)))

    @operation("agents.post_agents_bulk")
    def create_many(self, op: ModuleType, agents: Sequence[NewAgent]) -> Call[BulkResult[Agent, NewAgent]]:
        """Create several agents in one request, e.g. when onboarding a whole team. Each item is
        a ``CreateAgentInput`` or a dict of :meth:`create`'s arguments. Each agent succeeds or
        fails on its own (an email already in use fails only that item): see
        :class:`~dixa.BulkResult`.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postAgentsBulk
        """
        from dixa_generated.models.create_agent_input import CreateAgentInput
        from dixa_generated.models.create_agents_input import CreateAgentsInput
        from dixa_generated.models.create_agents_output import CreateAgentsOutput

        inputs, bodies = profile_items("agents", agents, CreateAgentInput, _PROFILE, required=("display_name", "email"))
        kwargs = op._get_kwargs(body=CreateAgentsInput(data=bodies))
        return Call.from_generated(
            kwargs, lambda body: collect_outcomes(items_of(CreateAgentsOutput.from_dict(body)), inputs)
        )

    @operation("agents.put_agents_agentid")
    def update(
        self,
        op: ModuleType,
        agent_id: str | uuid.UUID,
        *,
        display_name: str,
        phone_number: str | None = None,
        additional_emails: Sequence[str] | None = None,
        additional_phone_numbers: Sequence[str] | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        middle_names: Sequence[str] | None = None,
        avatar_url: str | None = None,
    ) -> Call[Agent]:
        """Replace the agent's profile with the one given (a PUT: send the whole profile).
        To change a field or two and leave the rest alone, use :meth:`patch`.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/putAgentsAgentid
        """
        from dixa_generated.models.update_agent_input import UpdateAgentInput

        agent = check_uuid("agent_id", agent_id)
        fields = profile("", locals(), _UPDATE, required=("display_name",))
        return _agent_call(op._get_kwargs(agent, body=UpdateAgentInput(**fields)))

    @operation("agents.patch_agents_agentid")
    def patch(
        self,
        op: ModuleType,
        agent_id: str | uuid.UUID,
        *,
        display_name: str | None = None,
        phone_number: str | None = None,
        additional_emails: Sequence[str] | None = None,
        additional_phone_numbers: Sequence[str] | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        middle_names: Sequence[str] | None = None,
        avatar_url: str | None = None,
    ) -> Call[Agent]:
        """Change only the fields given; ``None`` leaves a field as it is and an empty list
        clears a list field. Returns the agent as it is after the change.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchAgentsAgentid
        """
        from dixa_generated.models.patch_agent_input import PatchAgentInput

        agent = check_uuid("agent_id", agent_id)
        fields = profile("", locals(), _UPDATE)
        return _agent_call(op._get_kwargs(agent, body=PatchAgentInput(**fields)))

    @operation("agents.put_agents")
    def update_many(self, op: ModuleType, agents: Sequence[AgentUpdate]) -> Call[BulkResult[Agent, AgentUpdate]]:
        """Replace several agents' profiles in one request. Each item is a ``BulkUpdateAgentInput``
        or a dict of :meth:`update`'s arguments including ``id``. Each agent succeeds or fails
        on its own: see :class:`~dixa.BulkResult`.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/putAgents
        """
        from dixa_generated.models.bulk_update_agent_input import BulkUpdateAgentInput

        inputs, bodies = profile_items(
            "agents", agents, BulkUpdateAgentInput, _BULK_UPDATE, required=("id", "display_name")
        )
        return Call.from_generated(op._get_kwargs(body=bodies), lambda body: _bulk_outcomes(body, inputs))

    @operation("agents.patch_agents")
    def patch_many(self, op: ModuleType, agents: Sequence[AgentPatch]) -> Call[BulkResult[Agent, AgentPatch]]:
        """Change some fields of several agents in one request, e.g. a bulk rename. Each item is
        a ``BulkPatchAgentInput`` or a dict of :meth:`patch`'s arguments including ``id``. An
        unknown id fails only its own item: see :class:`~dixa.BulkResult`.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchAgents
        """
        from dixa_generated.models.bulk_patch_agent_input import BulkPatchAgentInput

        inputs, bodies = profile_items("agents", agents, BulkPatchAgentInput, _BULK_UPDATE, required=("id",))
        return Call.from_generated(op._get_kwargs(body=bodies), lambda body: _bulk_outcomes(body, inputs))

    @operation("agents.delete_agents_agentid")
    def delete(self, op: ModuleType, agent_id: str | uuid.UUID) -> Call[None]:
        """Take away the person's agent/admin role. Dixa does not erase them: they become an
        end user, so the conversations they handled keep their history.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/deleteAgentsAgentid
        """
        return Call.from_generated(op._get_kwargs(check_uuid("agent_id", agent_id)), no_content)


class AgentPresence(Resource[C]):
    """``client.agents.presence``: who is online, working or away, and on which channels."""

    @paginated("agents.get_agents_presence")
    def list(self, op: ModuleType) -> Paged[UserPresence]:
        """The presence of every agent and admin in the organization, e.g. for a staffing
        dashboard. For one team only, use ``client.teams.presence.list(team_id)``.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getAgentsPresence
        """
        from dixa_generated.models.user_presence import UserPresence

        # This endpoint answers with a bare JSON list, not a ``data`` envelope.
        return single_page(op._get_kwargs(), lambda body: [UserPresence.from_dict(item) for item in body])

    @operation("agents.get_agents_agentid_presence")
    def get(self, op: ModuleType, agent_id: str | uuid.UUID) -> Call[UserPresence]:
        """One agent's presence: connection status, working/away, and active channels.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getAgentsAgentidPresence
        """
        from dixa_generated.models.user_presence_output import UserPresenceOutput

        kwargs = op._get_kwargs(check_uuid("agent_id", agent_id))
        return Call.from_generated(kwargs, lambda body: data_of(UserPresenceOutput.from_dict(body)))

    @operation("agents.put_agents_agentid_presence_working_channel")
    def set_working_channel(
        self, op: ModuleType, agent_id: str | uuid.UUID, *, channel: str, working: bool
    ) -> Call[None]:
        """Switch the agent on (``working=True``) or off for one channel, so Dixa offers them
        that channel's conversations or stops doing so. ``channel`` is one of ``"Email"``,
        ``"InteractiveChat"``, ``"Messaging"`` or ``"Speak"``.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/putAgentsAgentidPresenceWorking-channel
        """
        from dixa_generated.models.update_agent_presence_channel_input import UpdateAgentPresenceChannelInput

        agent = check_uuid("agent_id", agent_id)
        body = UpdateAgentPresenceChannelInput(
            channel=check_str("channel", channel), working=check_bool("working", working)
        )
        return Call.from_generated(op._get_kwargs(agent, body=body), no_content)


class AgentTeams(Resource[C]):
    """``client.agents.teams``: the teams an agent belongs to."""

    @paginated("agents.get_agents_agentid_teams")
    def list(self, op: ModuleType, agent_id: str | uuid.UUID) -> Paged[Team]:
        """The teams the agent is a member of (ids only; ``client.teams.get`` has the names).

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getAgentsAgentidTeams
        """
        from dixa_generated.models.agent_teams_output import AgentTeamsOutput

        kwargs = op._get_kwargs(check_uuid("agent_id", agent_id))
        return single_page(kwargs, lambda body: items_of(AgentTeamsOutput.from_dict(body)))


def _agent_call(kwargs: dict[str, Any]) -> Call[Agent]:
    """A request Dixa answers with ``{"data": <agent>}``."""
    from dixa_generated.models.agent_output import AgentOutput

    return Call.from_generated(kwargs, lambda body: data_of(AgentOutput.from_dict(body)))


def _bulk_outcomes(body: Any, inputs: Sequence[Any]) -> BulkResult[Agent, Any]:
    from dixa_generated.models.bulk_update_agent_output import BulkUpdateAgentOutput

    return collect_outcomes(items_of(BulkUpdateAgentOutput.from_dict(body)), inputs)
