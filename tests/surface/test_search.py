"""Conversation search through the public surface, against the Prism mock, sync and async."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

import dixa
from dixa.models import (
    Condition,
    ConversationSearchHit,
    ConversationSearchWithFiltersHit,
    CustomAttribute1,
    IncludesOne,
    IsNotEmpty,
    TagId,
)

TAGS = ["177e7564-6434-4177-a25a-8530089196ad", "7729e756-9876-4637-b46b-8530038196b3"]
ATTRIBUTE = "1fba54c0-3ef6-48c8-bf00-912c5c9890fd"
# The mock's meta.next for the filtered search: every page points at this key.
NEXT_KEY = "cGFnZUxpbWl0PTUwJnBhZ2U9MQ==:"


def test_conversations_follows_pages_of_hits(surface):
    hits = surface.items(
        lambda c: c.search.conversations("order 12345", conditions=[TagId(operator=IncludesOne(values=TAGS))])
    )
    # Two pages of the mock's three hits: the pager followed meta.next once, then saw the key repeat.
    assert [h.id for h in hits] == [1234, 2345, 3456, 1234, 2345, 3456]
    assert all(isinstance(h, ConversationSearchWithFiltersHit) for h in hits)


def test_conversations_builds_the_search_body(surface):
    raw = surface.call(
        lambda c: c.with_raw_response.search.conversations(
            "order 12345",
            exact_match=True,
            conditions=[TagId(operator=IncludesOne(values=TAGS)), Condition(field=TagId(operator=IsNotEmpty()))],
            strategy="Any",
            page_limit=3,
        )
    )
    request = raw.http_response.request
    assert request.method == "POST"
    assert request.url.params["pageLimit"] == "3"
    assert json.loads(request.content) == {
        "query": {"value": "order 12345", "exactMatch": True},
        "filters": {
            "strategy": "Any",
            "conditions": [
                {"field": {"operator": {"values": TAGS, "_type": "IncludesOne"}, "_type": "TagId"}},
                {"field": {"operator": {"_type": "IsNotEmpty"}, "_type": "TagId"}},
            ],
        },
    }
    page = raw.parse()
    assert page.next_page_key == NEXT_KEY


def test_conversations_by_filters_alone_sends_no_query(surface):
    condition = CustomAttribute1(operator=IsNotEmpty(), attribute_id=ATTRIBUTE)
    raw = surface.call(lambda c: c.with_raw_response.search.conversations(conditions=[condition]))
    body = json.loads(raw.http_response.request.content)
    assert "query" not in body
    assert body["filters"]["strategy"] == "All"
    assert body["filters"]["conditions"][0]["field"]["attributeId"] == ATTRIBUTE


def test_the_second_page_request_carries_the_page_key(mock_url):
    seen: list[str | None] = []

    def record(request):
        seen.append(request.url.params.get("pageKey"))

    with (
        httpx.Client(event_hooks={"request": [record]}) as http,
        dixa.Dixa(api_key="k", base_url=mock_url, rate_limit=None, max_retries=0, http_client=http) as client,
    ):
        pages = list(client.search.conversations("refund").pages())
    assert seen == [None, NEXT_KEY]
    assert [len(p) for p in pages] == [3, 3]


def test_the_second_page_request_carries_the_page_key_async(mock_url):
    seen: list[str | None] = []

    async def run():
        async def record(request):
            seen.append(request.url.params.get("pageKey"))

        async with (
            httpx.AsyncClient(event_hooks={"request": [record]}) as http,
            dixa.AsyncDixa(api_key="k", base_url=mock_url, rate_limit=None, max_retries=0, http_client=http) as client,
        ):
            return [page async for page in client.search.conversations("refund").pages()]

    pages = asyncio.run(run())
    assert seen == [None, NEXT_KEY]
    assert [len(p) for p in pages] == [3, 3]


def test_conversations_text_returns_hits_with_the_matching_messages(surface):
    hits = surface.items(lambda c: c.search.conversations_text("cancel my order"))
    [hit] = hits
    assert isinstance(hit, ConversationSearchHit)
    assert hit.id == 1234
    assert "Cancel my order" in hit.highlights.additional_properties["subject"][0]
    assert "cancel my order" in hit.inner_hits[0].highlight.additional_properties["text"]


def test_conversations_text_sends_query_parameters(surface):
    raw = surface.call(
        lambda c: c.with_raw_response.search.conversations_text("cancel my order", exact_match=True, page_limit=2)
    )
    request = raw.http_response.request
    assert request.method == "GET"
    assert request.url.params["query"] == "cancel my order"
    assert request.url.params["exactMatch"] == "true"
    assert request.url.params["pageLimit"] == "2"


@pytest.mark.parametrize(
    ("call", "param", "error"),
    [
        (lambda c: c.search.conversations(), "query", ValueError),
        (lambda c: c.search.conversations(""), "query", ValueError),
        (lambda c: c.search.conversations(42), "query", TypeError),
        (
            lambda c: c.search.conversations(exact_match=True, conditions=[TagId(operator=IsNotEmpty())]),
            "exact_match",
            ValueError,
        ),
        (lambda c: c.search.conversations("x", exact_match="yes"), "exact_match", TypeError),
        (lambda c: c.search.conversations("x", conditions=[{"_type": "TagId"}]), "conditions[0]", TypeError),
        (lambda c: c.search.conversations("x", conditions=[IsNotEmpty()]), "conditions[0]", TypeError),
        (lambda c: c.search.conversations(conditions=[]), "conditions", ValueError),
        (lambda c: c.search.conversations("x", strategy="Some"), "strategy", ValueError),
        (lambda c: c.search.conversations("x", page_limit=0), "page_limit", ValueError),
        (lambda c: c.search.conversations_text(" "), "query", ValueError),
        (lambda c: c.search.conversations_text("x", exact_match=1), "exact_match", TypeError),
        (lambda c: c.search.conversations_text("x", page_limit=2.5), "page_limit", TypeError),
    ],
)
def test_bad_input_names_the_parameter_before_any_request(call, param, error):
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9", rate_limit=None, max_retries=0)
    with pytest.raises(error) as info:
        call(client)
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == param
