"""Client configuration: defaults, environment, validation, and per-call overrides
(``with_options``) reaching the requests actually sent."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

import dixa


def _recording(**options: Any) -> tuple[dixa.Dixa, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"data": []})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    options = {"api_key": "k", "base_url": "http://dixa.test", "rate_limit": None, **options}
    return dixa.Dixa(http_client=http, **options), seen


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIXA_BASE_URL", raising=False)
    with dixa.Dixa(api_key="k") as client:
        assert client.base_url == "https://dev.dixa.io"
        assert client.max_retries == 2
        assert client.rate_limit == dixa.RateLimit(rate=10, burst=4)
        timeout = client.timeout
        assert (timeout.connect, timeout.read, timeout.write, timeout.pool) == (5.0, 30.0, 30.0, 10.0)


def test_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIXA_API_KEY", "from-env")
    monkeypatch.setenv("DIXA_BASE_URL", "http://localhost:9999/")
    client, seen = _recording(api_key=None, base_url=None)
    client.conversations.tags.list(1).to_list()
    assert client.base_url == "http://localhost:9999"
    assert seen[0].headers["Authorization"] == "from-env"
    assert str(seen[0].url) == "http://localhost:9999/beta/conversations/1/tags"


def test_explicit_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIXA_API_KEY", "from-env")
    client, seen = _recording(api_key="  explicit  ")
    client.conversations.tags.list(1).to_list()
    assert seen[0].headers["Authorization"] == "explicit"


@pytest.mark.parametrize(
    ("options", "error", "param"),
    [
        ({"api_key": None}, dixa.InvalidParameterError, "api_key"),
        ({"api_key": "  "}, dixa.InvalidParameterError, "api_key"),
        ({"api_key": 42}, dixa.InvalidParameterTypeError, "api_key"),
        ({"base_url": "dixa.io"}, dixa.InvalidParameterError, "base_url"),
        ({"base_url": 1}, dixa.InvalidParameterTypeError, "base_url"),
        ({"timeout": -1}, dixa.InvalidParameterError, "timeout"),
        ({"timeout": 0}, dixa.InvalidParameterError, "timeout"),
        ({"timeout": float("nan")}, dixa.InvalidParameterError, "timeout"),
        ({"timeout": "30"}, dixa.InvalidParameterTypeError, "timeout"),
        ({"timeout": True}, dixa.InvalidParameterTypeError, "timeout"),
        ({"max_retries": -1}, dixa.InvalidParameterError, "max_retries"),
        ({"max_retries": 1.5}, dixa.InvalidParameterTypeError, "max_retries"),
        ({"max_retries": True}, dixa.InvalidParameterTypeError, "max_retries"),
        ({"rate_limit": 10}, dixa.InvalidParameterTypeError, "rate_limit"),
        ({"rate_limit": (10, 4)}, dixa.InvalidParameterTypeError, "rate_limit"),
        ({"http_client": httpx.AsyncClient()}, dixa.InvalidParameterTypeError, "http_client"),
    ],
)
def test_invalid_configuration_is_refused_before_any_request(
    monkeypatch: pytest.MonkeyPatch, options: dict[str, Any], error: type[dixa.DixaError], param: str
) -> None:
    monkeypatch.delenv("DIXA_API_KEY", raising=False)
    with pytest.raises(error) as info:
        dixa.Dixa(**{"api_key": "k", **options})
    assert getattr(info.value, "param", None) == param


def test_async_client_validates_the_same_way() -> None:
    with pytest.raises(dixa.InvalidParameterTypeError):
        dixa.AsyncDixa(api_key="k", http_client=httpx.Client())
    with pytest.raises(dixa.InvalidParameterError):
        dixa.AsyncDixa(api_key="k", max_retries=-1)


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (12, {"connect": 12.0, "read": 12.0, "write": 12.0, "pool": 12.0}),
        (2.5, {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}),
        (None, {"connect": None, "read": None, "write": None, "pool": None}),
        (httpx.Timeout(9, connect=1), {"connect": 1, "read": 9, "write": 9, "pool": 9}),
    ],
)
def test_client_timeout_reaches_every_request(timeout: Any, expected: dict[str, Any]) -> None:
    client, seen = _recording(timeout=timeout)
    client.conversations.tags.list(1).to_list()
    assert seen[0].extensions["timeout"] == expected


def test_with_options_overrides_per_call_and_leaves_the_client_alone() -> None:
    client, seen = _recording(timeout=30, max_retries=2)
    quick = client.with_options(timeout=httpx.Timeout(1, read=0.5), max_retries=0)
    quick.conversations.tags.list(1).to_list()
    client.conversations.tags.list(1).to_list()
    assert seen[0].extensions["timeout"] == {"connect": 1, "read": 0.5, "write": 1, "pool": 1}
    assert seen[1].extensions["timeout"]["read"] == 30
    assert (quick.max_retries, client.max_retries) == (0, 2)
    assert quick._http is client._http  # same connections
    only_retries = client.with_options(max_retries=5)
    assert only_retries.timeout == client.timeout and only_retries.max_retries == 5


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"timeout": -3}, dixa.InvalidParameterError),
        ({"timeout": "1"}, dixa.InvalidParameterTypeError),
        ({"max_retries": -1}, dixa.InvalidParameterError),
        ({"max_retries": "2"}, dixa.InvalidParameterTypeError),
    ],
)
def test_with_options_validates(options: dict[str, Any], error: type[Exception]) -> None:
    client, _ = _recording()
    with pytest.raises(error):
        client.with_options(**options)


async def test_async_with_options() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"data": []})

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with dixa.AsyncDixa(api_key="k", base_url="http://dixa.test", http_client=http, rate_limit=None) as client:
        quick = client.with_options(timeout=2)
        assert isinstance(quick, dixa.AsyncDixa)
        await quick.conversations.tags.list(1).to_list()
        assert seen[0].extensions["timeout"]["read"] == 2


def test_a_client_closes_only_what_it_owns() -> None:
    mine = httpx.Client()
    with dixa.Dixa(api_key="k", http_client=mine):
        pass
    assert not mine.is_closed
    mine.close()
    client = dixa.Dixa(api_key="k")
    client.close()
    assert client._http.is_closed


def test_async_client_closes_only_what_it_owns() -> None:
    async def run() -> tuple[bool, bool]:
        mine = httpx.AsyncClient()
        async with dixa.AsyncDixa(api_key="k", http_client=mine):
            pass
        owned = dixa.AsyncDixa(api_key="k")
        await owned.close()
        closed = mine.is_closed
        await mine.aclose()
        return closed, owned._http.is_closed

    assert asyncio.run(run()) == (False, True)


def test_headers_sent() -> None:
    client, seen = _recording()
    client.conversations.tags.list(1).to_list()
    headers = seen[0].headers
    assert headers["Authorization"] == "k"  # the raw key: Dixa wants no "Bearer"
    assert headers["Accept"] == "application/json"
    assert headers["User-Agent"] == f"dixa-python/{dixa.__version__}"
