"""Requests carry the client's own defaults and the SDK's headers, whatever httpx client is used.

The core builds requests itself (merging headers once, not per call); these tests pin
that it still sends exactly what ``httpx.Client.build_request`` would.
"""

from __future__ import annotations

import httpx

import dixa

NOTES = {"data": []}


def _client(http: httpx.Client) -> dixa.Dixa:
    return dixa.Dixa(api_key="key-1", base_url="http://dixa.test", http_client=http, rate_limit=None)


def test_user_client_defaults_and_sdk_headers_are_both_sent_and_follow_changes():
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=NOTES)

    http = httpx.Client(transport=httpx.MockTransport(answer), headers={"X-Team": "billing"})
    client = _client(http)
    client.conversations.notes.list(1).to_list()
    http.headers["X-Team"] = "support"  # a later change to the user's client is honoured
    client.conversations.notes.list(1).to_list()
    assert [r.headers["X-Team"] for r in seen] == ["billing", "support"]
    assert all(r.headers["Authorization"] == "key-1" for r in seen)
    assert all(r.headers["Accept"] == "application/json" for r in seen)
    assert str(seen[0].url) == "http://dixa.test/beta/conversations/1/notes"


def test_client_cookies_and_default_params_are_sent_as_httpx_would():
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=NOTES)

    http = httpx.Client(transport=httpx.MockTransport(answer), cookies={"session": "abc"}, params={"trace": "1"})
    _client(http).conversations.notes.list(1).to_list()
    assert seen[0].headers["Cookie"] == "session=abc"
    assert seen[0].url.params["trace"] == "1"
    assert seen[0].headers["Authorization"] == "key-1"


def test_timeouts_reach_the_transport():
    seen: list[dict[str, object]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, json=NOTES)

    client = dixa.Dixa(
        api_key="k",
        base_url="http://dixa.test",
        http_client=httpx.Client(transport=httpx.MockTransport(answer)),
        rate_limit=None,
        timeout=httpx.Timeout(7, connect=2),
    )
    client.conversations.notes.list(1).to_list()
    client.with_options(timeout=30).conversations.notes.list(1).to_list()
    assert seen == [
        {"connect": 2, "read": 7, "write": 7, "pool": 7},
        {"connect": 30, "read": 30, "write": 30, "pool": 30},
    ]
