"""Search: find conversations by text, by filters (tags, channel, dates, custom attributes, ...)
or both."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from dixa_generated.types import UNSET

from dixa._call import Paged
from dixa._exceptions import InvalidParameterError, InvalidParameterTypeError
from dixa._resource import C, Resource, paginated
from dixa._validation import check_bool, check_items, check_str
from dixa.resources._common import follow_pages, optional_int
from dixa.resources._envelope import page_of

if TYPE_CHECKING:
    from dixa_generated.models.agent_id import AgentId
    from dixa_generated.models.assigned_date import AssignedDate
    from dixa_generated.models.channel import Channel
    from dixa_generated.models.closed_date import ClosedDate
    from dixa_generated.models.condition import Condition
    from dixa_generated.models.contact_id import ContactId
    from dixa_generated.models.conversation_id import ConversationId
    from dixa_generated.models.conversation_search_hit import ConversationSearchHit
    from dixa_generated.models.conversation_search_with_filters_hit import ConversationSearchWithFiltersHit
    from dixa_generated.models.creation_date import CreationDate
    from dixa_generated.models.custom_attribute_1 import CustomAttribute1
    from dixa_generated.models.direction import Direction
    from dixa_generated.models.duration import Duration
    from dixa_generated.models.last_activity import LastActivity
    from dixa_generated.models.last_message import LastMessage
    from dixa_generated.models.queue_id import QueueId
    from dixa_generated.models.status_1 import Status1
    from dixa_generated.models.tag_id import TagId

    SearchField: TypeAlias = (
        AgentId
        | AssignedDate
        | Channel
        | ClosedDate
        | ContactId
        | ConversationId
        | CreationDate
        | CustomAttribute1
        | Direction
        | Duration
        | LastActivity
        | LastMessage
        | QueueId
        | Status1
        | TagId
    )

Strategy: TypeAlias = Literal["All", "Any"]
_STRATEGIES = ("All", "Any")


@cache
def _field_types() -> tuple[type, ...]:
    """The search fields a ``Condition`` accepts, read from the generated model itself so a
    field added to the spec is accepted as soon as the client is regenerated."""
    from dixa_generated import models
    from dixa_generated.models.condition import Condition

    # Under ``from __future__ import annotations`` this is the text "AgentId | AssignedDate | ...".
    annotation: str = Condition.__annotations__["field"]
    return tuple(getattr(models, name.strip()) for name in annotation.split("|"))


def _condition(name: str, value: object) -> Any:
    """A filter condition: a search field model (``TagId(...)``), wrapped, or a ``Condition``."""
    from dixa_generated.models.condition import Condition

    if isinstance(value, Condition):
        return value
    fields = _field_types()
    if not isinstance(value, fields):
        expected = ", ".join(t.__name__ for t in fields)
        raise InvalidParameterTypeError(
            name, f"expected a search field ({expected}) or Condition, got {type(value).__name__}"
        )
    field: Any = value  # one of the field types, checked above
    return Condition(field=field)


class Search(Resource[C]):
    """``client.search``: conversation search, followed page by page."""

    @paginated("search.post_search_conversations")
    def conversations(
        self,
        op: ModuleType,
        query: str | None = None,
        *,
        exact_match: bool = False,
        conditions: Sequence[SearchField | Condition] | None = None,
        strategy: Strategy = "All",
        page_limit: int | None = None,
    ) -> Paged[ConversationSearchWithFiltersHit]:
        """Conversations matching a text ``query``, filter ``conditions``, or both. Conditions are
        search field models from :mod:`dixa.models`, e.g. ``TagId(operator=IncludesOne(values=[...]))``
        or ``Channel(operator=IsOneOf1(values=["Email"]))``; ``strategy="All"`` requires every
        condition to hold, ``"Any"`` at least one. ``exact_match`` matches the query as a phrase.
        Each hit is a conversation id with highlighted snippets; fetch the conversation for more.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/postSearchConversations
        """
        from dixa_generated.models.filters import Filters
        from dixa_generated.models.query import Query
        from dixa_generated.models.search_conversations_with_filters_output import (
            SearchConversationsWithFiltersOutput,
        )
        from dixa_generated.models.search_parameters_input import SearchParametersInput

        text = None if query is None else check_str("query", query)
        exact = check_bool("exact_match", exact_match)
        if exact and text is None:
            raise InvalidParameterError("exact_match", "only applies to a text query; pass query too")
        wanted = None if conditions is None else check_items("conditions", conditions, _condition)
        if check_str("strategy", strategy) not in _STRATEGIES:
            raise InvalidParameterError("strategy", f"must be one of {', '.join(_STRATEGIES)}, got {strategy!r}")
        limit = optional_int("page_limit", page_limit)
        if text is None and wanted is None:
            raise InvalidParameterError("query", "give a query, conditions, or both")

        body = SearchParametersInput(
            query=UNSET if text is None else Query(value=text, exact_match=exact),
            filters=UNSET if wanted is None else Filters(strategy=strategy, conditions=wanted),
        )

        return follow_pages(
            lambda key: op._get_kwargs(body=body, page_limit=limit, page_key=key),
            lambda response: page_of(SearchConversationsWithFiltersOutput.from_dict(response)),
        )

    @paginated("search.get_search_conversations")
    def conversations_text(
        self, op: ModuleType, query: str, *, exact_match: bool = False, page_limit: int | None = None
    ) -> Paged[ConversationSearchHit]:
        """Deprecated by Dixa: the older text-only search (``GET``). Its hits also say which
        messages matched (``inner_hits``). Prefer :meth:`conversations`, which Dixa maintains
        and which adds filters.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getSearchConversations
        """
        from dixa_generated.models.search_output import SearchOutput

        text = check_str("query", query)
        exact = check_bool("exact_match", exact_match)
        limit = optional_int("page_limit", page_limit)

        return follow_pages(
            lambda key: op._get_kwargs(query=text, exact_match=exact, page_limit=limit, page_key=key),
            lambda body: page_of(SearchOutput.from_dict(body)),
        )
