"""Queues: where conversations wait to be offered to agents, and who works them."""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Sequence
from functools import cached_property
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeAlias

from dixa._bulk import BulkResult, collect_outcomes
from dixa._call import Call, Paged
from dixa._exceptions import InvalidParameterError, InvalidParameterTypeError
from dixa._resource import C, Resource, operation, paginated
from dixa._validation import check_int, check_items, check_uuid
from dixa.resources._common import no_content, single_page
from dixa.resources._envelope import data_of, items_of

if TYPE_CHECKING:
    from dixa_generated.models.create_or_update_queue_request import CreateOrUpdateQueueRequest
    from dixa_generated.models.create_queue_input import CreateQueueInput
    from dixa_generated.models.failure import Failure
    from dixa_generated.models.queue_1 import Queue1
    from dixa_generated.models.queue_member import QueueMember
    from dixa_generated.models.queued_conversation import QueuedConversation
    from dixa_generated.models.success import Success
    from dixa_generated.models.unknown_channel_availability_outcome import UnknownChannelAvailabilityOutcome

    # One channel's answer to an availability check: ``Success`` carries the channel's
    # availability, ``Failure`` says why Dixa could not tell; an outcome kind newer than
    # this SDK arrives as ``UnknownChannelAvailabilityOutcome`` rather than being dropped.
    ChannelAvailability: TypeAlias = Success | Failure | UnknownChannelAvailabilityOutcome


class Queues(Resource[C]):
    """``client.queues``: create and inspect queues, and see where a conversation waits."""

    @cached_property
    def members(self) -> QueueMembers[C]:
        return QueueMembers(self._core)

    @paginated("queues.get_queues")
    def list(self, op: ModuleType) -> Paged[Queue1]:
        """Every queue in the organization with its routing settings (offer algorithm,
        timeouts, thresholds, the channels that feed it).

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getQueues
        """
        from dixa_generated.models.list_queues_output import ListQueuesOutput

        return single_page(op._get_kwargs(), lambda body: items_of(ListQueuesOutput.from_dict(body)))

    @operation("queues.post_queues")
    def create(self, op: ModuleType, queue: CreateOrUpdateQueueRequest | CreateQueueInput) -> Call[Queue1]:
        """Create a queue from its settings, a ``CreateOrUpdateQueueRequest`` (``name``,
        ``call_functionality``, ``is_default`` and ``is_do_not_offer_enabled`` are required;
        the rest tune offering). A ``CreateQueueInput`` wrapping one is accepted too.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postQueues
        """
        from dixa_generated.models.create_or_update_queue_request import CreateOrUpdateQueueRequest
        from dixa_generated.models.create_queue_input import CreateQueueInput
        from dixa_generated.models.create_queue_output import CreateQueueOutput

        # The wire body wraps the settings in {"request": ...}; callers need not.
        if isinstance(queue, CreateOrUpdateQueueRequest):
            body = CreateQueueInput(request=queue)
        elif isinstance(queue, CreateQueueInput):
            body = queue
        else:
            raise InvalidParameterTypeError(
                "queue", f"expected CreateOrUpdateQueueRequest (from dixa.models), got {type(queue).__name__}"
            )
        return Call.from_generated(op._get_kwargs(body=body), lambda body: data_of(CreateQueueOutput.from_dict(body)))

    @operation("queues.get_queues_queueid")
    def get(self, op: ModuleType, queue_id: str | uuid.UUID) -> Call[Queue1]:
        """Fetch one queue and its routing settings.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getQueuesQueueid
        """
        from dixa_generated.models.get_queue_by_id_output import GetQueueByIdOutput

        kwargs = op._get_kwargs(check_uuid("queue_id", queue_id))
        return Call.from_generated(kwargs, lambda body: data_of(GetQueueByIdOutput.from_dict(body)))

    @operation("queues.get_queues_queueid_availability")
    def availability(self, op: ModuleType, queue_id: str | uuid.UUID) -> Call[builtins.list[ChannelAvailability]]:
        """Whether the queue can take conversations right now, per generic chat channel
        (e.g. ``adachat``): what a chatbot asks before handing a customer over to a human.
        Each item is ``Success`` (``.channel_availability``) or ``Failure`` (``.error``) for
        one channel, so one channel failing does not hide the others.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getQueuesQueueidAvailability
        """
        from dixa_generated.models.queue_availability_output import QueueAvailabilityOutput

        kwargs = op._get_kwargs(check_uuid("queue_id", queue_id))
        return Call.from_generated(kwargs, lambda body: items_of(QueueAvailabilityOutput.from_dict(body)))

    @operation("queues.get_queues_conversation_position_csid")
    def conversation_position(self, op: ModuleType, conversation_id: int) -> Call[QueuedConversation]:
        """Where a waiting conversation stands in its queue (approximate ``position`` and
        ``queued_at``), e.g. to tell a customer how long the wait may be.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getQueuesConversation-positionCsid
        """
        from dixa_generated.models.get_queued_conversation_position_output import (
            GetQueuedConversationPositionOutput,
        )

        kwargs = op._get_kwargs(check_int("conversation_id", conversation_id))
        return Call.from_generated(kwargs, lambda body: data_of(GetQueuedConversationPositionOutput.from_dict(body)))


class QueueMembers(Resource[C]):
    """``client.queues.members``: the agents a queue offers its conversations to."""

    @paginated("queues.get_queues_queueid_members")
    def list(self, op: ModuleType, queue_id: str | uuid.UUID) -> Paged[QueueMember]:
        """The queue's agents and admins, each with their priority in the queue.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getQueuesQueueidMembers
        """
        from dixa_generated.models.queue_members_output import QueueMembersOutput

        kwargs = op._get_kwargs(check_uuid("queue_id", queue_id))
        return single_page(kwargs, lambda body: items_of(QueueMembersOutput.from_dict(body)))

    @operation("queues.patch_queues_queueid_members")
    def add(
        self, op: ModuleType, queue_id: str | uuid.UUID, agent_ids: Sequence[str | uuid.UUID]
    ) -> Call[BulkResult[uuid.UUID, uuid.UUID]]:
        """Assign agents to the queue. Each agent succeeds or fails on its own (an unknown user,
        or one who is not an agent, fails only that item): ``succeeded`` holds the added agent
        ids, ``failed`` the rest with Dixa's reason. See :class:`~dixa.BulkResult`.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/patchQueuesQueueidMembers
        """
        from dixa_generated.models.bulk_queue_endpoint_input import BulkQueueEndpointInput
        from dixa_generated.models.bulk_queue_endpoint_output import BulkQueueEndpointOutput

        queue = check_uuid("queue_id", queue_id)
        agents = _distinct_ids("agent_ids", agent_ids)

        def parse(body: Any) -> BulkResult[uuid.UUID, uuid.UUID]:
            return collect_outcomes(items_of(BulkQueueEndpointOutput.from_dict(body)), agents)

        return Call.from_generated(op._get_kwargs(queue, body=BulkQueueEndpointInput(agent_ids=agents)), parse)

    @operation("queues.delete_queues_queueid_members")
    def remove(self, op: ModuleType, queue_id: str | uuid.UUID, agent_ids: Sequence[str | uuid.UUID]) -> Call[None]:
        """Take agents off the queue so it stops offering them its conversations.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/deleteQueuesQueueidMembers
        """
        from dixa_generated.models.bulk_queue_endpoint_input import BulkQueueEndpointInput

        queue = check_uuid("queue_id", queue_id)
        body = BulkQueueEndpointInput(agent_ids=_distinct_ids("agent_ids", agent_ids))
        return Call.from_generated(op._get_kwargs(queue, body=body), no_content)


def _distinct_ids(name: str, values: object) -> list[uuid.UUID]:
    """Agent ids for a queue membership change. Dixa requires them to be distinct; a
    repeat is refused here rather than dropped, so each outcome still lines up with the
    id at the same position."""
    ids = check_items(name, values, check_uuid)
    first_seen: dict[uuid.UUID, int] = {}
    for index, agent in enumerate(ids):
        if agent in first_seen:
            raise InvalidParameterError(f"{name}[{index}]", f"repeats {name}[{first_seen[agent]}] ({agent})")
        first_seen[agent] = index
    return ids
