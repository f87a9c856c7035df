"""The resource tree shared by ``Dixa``, ``AsyncDixa`` and their raw views.

Each area is imported when first touched, so ``import dixa`` stays cheap.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from dixa._call import Call
from dixa._escape import (
    AsyncCallOperation,
    AsyncRawCallOperation,
    AsyncRawRequest,
    AsyncRequest,
    CallOperation,
    RawCallOperation,
    RawRequest,
    Request,
    build_operation_call,
    build_request_call,
)
from dixa._resource import C, Resource, spelled

if TYPE_CHECKING:
    from dixa.resources.agents import Agents
    from dixa.resources.analytics import Analytics
    from dixa.resources.anonymization import Anonymization
    from dixa.resources.business_hours import BusinessHours
    from dixa.resources.contact_endpoints import ContactEndpoints
    from dixa.resources.conversations import Conversations
    from dixa.resources.custom_attributes import CustomAttributes
    from dixa.resources.end_users import EndUsers
    from dixa.resources.knowledge import Knowledge
    from dixa.resources.organization import Organization
    from dixa.resources.queues import Queues
    from dixa.resources.search import Search
    from dixa.resources.tags import Tags
    from dixa.resources.teams import Teams
    from dixa.resources.templates import Templates
    from dixa.resources.webhooks import Webhooks

__all__ = ["Namespaces"]


def _request(
    self: Resource[Any],
    method: str,
    path: str,
    *,
    path_params: object = None,
    params: object = None,
    json: object = None,
    cast_to: object = None,
) -> Call[Any]:
    """Send any request through this client: auth, retries, rate limit and typed errors as
    for every method. ``path`` is relative to the base URL, with ``{name}`` placeholders
    filled from ``path_params`` (each kept one segment); ``params`` is the query, ``json``
    the body (a generated model or plain data). Answers the decoded JSON as it came
    (timestamps stay strings), or ``cast_to.from_dict(...)`` of it for a generated model.

        usage = client.request("GET", "/beta/tags/{tag_id}/usage", path_params={"tag_id": tag_id})
    """
    return build_request_call(
        self._core.settings.base_url,
        method,
        path,
        path_params=path_params,
        params=params,
        json=json,
        cast_to=cast_to,
    )


def _call(self: Resource[Any], op: object, /, *args: Any, **kwargs: Any) -> Call[Any]:
    """Run a generated operation (``dixa_generated.api.<area>.<operation>``, the module or
    its ``sync``/``asyncio`` function) through this client, with the arguments of its
    ``sync()`` minus ``client``. Answers what the generated parse gives for its success
    status; errors are this SDK's, as for every method.

        from dixa_generated.api.tags import get_tags_tagid
        output = client.call(get_tags_tagid, tag_id=tag_id)
    """
    return build_operation_call(op, args, kwargs)


class Namespaces(Resource[C]):
    """Every area of the Dixa API, as attributes; and the escape hatches ``request`` and
    ``call`` for what has no method yet (see "After a spec update" in the README)."""

    request = spelled[Request, AsyncRequest, RawRequest, AsyncRawRequest](_request)
    call = spelled[CallOperation, AsyncCallOperation, RawCallOperation, AsyncRawCallOperation](_call)

    @cached_property
    def organization(self) -> Organization[C]:
        from dixa.resources.organization import Organization

        return Organization(self._core)

    @cached_property
    def agents(self) -> Agents[C]:
        from dixa.resources.agents import Agents

        return Agents(self._core)

    @cached_property
    def end_users(self) -> EndUsers[C]:
        from dixa.resources.end_users import EndUsers

        return EndUsers(self._core)

    @cached_property
    def conversations(self) -> Conversations[C]:
        from dixa.resources.conversations import Conversations

        return Conversations(self._core)

    @cached_property
    def search(self) -> Search[C]:
        from dixa.resources.search import Search

        return Search(self._core)

    @cached_property
    def queues(self) -> Queues[C]:
        from dixa.resources.queues import Queues

        return Queues(self._core)

    @cached_property
    def tags(self) -> Tags[C]:
        from dixa.resources.tags import Tags

        return Tags(self._core)

    @cached_property
    def teams(self) -> Teams[C]:
        from dixa.resources.teams import Teams

        return Teams(self._core)

    @cached_property
    def contact_endpoints(self) -> ContactEndpoints[C]:
        from dixa.resources.contact_endpoints import ContactEndpoints

        return ContactEndpoints(self._core)

    @cached_property
    def business_hours(self) -> BusinessHours[C]:
        from dixa.resources.business_hours import BusinessHours

        return BusinessHours(self._core)

    @cached_property
    def templates(self) -> Templates[C]:
        from dixa.resources.templates import Templates

        return Templates(self._core)

    @cached_property
    def knowledge(self) -> Knowledge[C]:
        from dixa.resources.knowledge import Knowledge

        return Knowledge(self._core)

    @cached_property
    def webhooks(self) -> Webhooks[C]:
        from dixa.resources.webhooks import Webhooks

        return Webhooks(self._core)

    @cached_property
    def anonymization(self) -> Anonymization[C]:
        from dixa.resources.anonymization import Anonymization

        return Anonymization(self._core)

    @cached_property
    def custom_attributes(self) -> CustomAttributes[C]:
        from dixa.resources.custom_attributes import CustomAttributes

        return CustomAttributes(self._core)

    @cached_property
    def analytics(self) -> Analytics[C]:
        from dixa.resources.analytics import Analytics

        return Analytics(self._core)
