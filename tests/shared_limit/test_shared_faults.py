"""When the shared limit's Redis fails: unreachable from the start, killed in the middle of
a run, or hanging (accepting connections and never answering).

The policy (README, "Running many workers"): a call fails fast with
``dixa.RateLimiterUnavailableError`` before anything is sent, never hangs, never sends
unpaced; after Redis comes back, calls work again without a new client. Each test runs
through ``Dixa`` and ``AsyncDixa``. The bounds on elapsed time are generous multiples of
the configured timeout: they catch a hang, not a slow machine.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

import dixa
from tests.faults.faultkit import GET
from tests.faults.faultserver import FaultServer, closed_port
from tests.shared_limit.redisserver import RedisServer, SilentServer

TIMEOUT = 0.2  # SharedRateLimit.timeout in these tests
NO_HANG = 5.0  # seconds: far above what any bounded failure takes


async def call(mode: str, options: dict[str, Any]) -> None:
    """One public call, through a new Dixa (in a thread) or AsyncDixa."""
    if mode == "sync":

        def run() -> None:
            with dixa.Dixa(**options) as client:
                client.conversations.tags.list(1).to_list()

        await asyncio.to_thread(run)
    else:
        async with dixa.AsyncDixa(**options) as client:
            await client.conversations.tags.list(1).to_list()


@pytest.fixture
def server() -> Any:
    with FaultServer(lifetime=60.0) as running:
        running.script(GET.method, GET.path, GET.ok)
        yield running


def options_for(server: FaultServer, api_key: str, redis_url: str) -> dict[str, Any]:
    limit = dixa.SharedRateLimit(redis_url, timeout=TIMEOUT)
    return {"api_key": api_key, "base_url": server.url, "max_retries": 0, "rate_limit": limit}


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_redis_unreachable_from_the_start_fails_fast_and_sends_nothing(
    server: FaultServer, api_key: str, mode: str
) -> None:
    with closed_port() as url:
        redis_url = url.replace("http://", "redis://user:pa55word@") + "/0"
    started = time.monotonic()
    with pytest.raises(dixa.RateLimiterUnavailableError) as info:
        await call(mode, options_for(server, api_key, redis_url))
    assert time.monotonic() - started < NO_HANG
    assert server.hits(GET.method, GET.path) == 0  # never sent unpaced
    assert isinstance(info.value, dixa.DixaError)
    assert "127.0.0.1" in str(info.value) and "pa55word" not in str(info.value)
    assert "ConnectionError" in str(info.value)


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_hanging_redis_times_out_instead_of_hanging_the_call(
    server: FaultServer, api_key: str, mode: str
) -> None:
    with SilentServer() as silent:
        started = time.monotonic()
        with pytest.raises(dixa.RateLimiterUnavailableError) as info:
            await call(mode, options_for(server, api_key, silent.url))
        elapsed = time.monotonic() - started
    assert elapsed < NO_HANG
    assert "Timeout" in str(info.value)
    assert server.hits(GET.method, GET.path) == 0


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_redis_killed_mid_run_fails_calls_then_recovers_when_it_is_back(
    server: FaultServer, private_redis: RedisServer, api_key: str, mode: str
) -> None:
    options = options_for(server, api_key, private_redis.url)
    if mode == "sync":
        client = dixa.Dixa(**options)

        async def one() -> None:
            await asyncio.to_thread(lambda: client.conversations.tags.list(1).to_list())

    else:
        async_client = dixa.AsyncDixa(**options)

        async def one() -> None:
            await async_client.conversations.tags.list(1).to_list()

    for _ in range(3):
        await one()
    private_redis.kill()  # a crash: pooled connections are now dead
    started = time.monotonic()
    for _ in range(2):
        with pytest.raises(dixa.RateLimiterUnavailableError):
            await one()
    assert time.monotonic() - started < 2 * NO_HANG
    assert server.hits(GET.method, GET.path) == 3  # nothing went out while Redis was down
    private_redis.start()  # same port, empty: no keys, no loaded scripts (EVALSHA answers NOSCRIPT)
    await one()  # the same client reconnects and reloads its scripts
    assert server.hits(GET.method, GET.path) == 4
    if mode == "sync":
        client.close()
    else:
        await async_client.close()


def test_the_environment_variable_switches_the_default_limiter(
    server: FaultServer, api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with closed_port() as url:
        monkeypatch.setenv("DIXA_RATE_LIMIT_URL", url.replace("http://", "redis://"))
    options: dict[str, Any] = {"api_key": api_key, "base_url": server.url, "max_retries": 0}
    with dixa.Dixa(**options) as client, pytest.raises(dixa.RateLimiterUnavailableError):
        client.conversations.tags.list(1).to_list()  # the default limit went through Redis
    # An explicit limit, or none, is not overridden by the environment.
    with dixa.Dixa(rate_limit=dixa.RateLimit(), **options) as client:
        client.conversations.tags.list(1).to_list()
    with dixa.Dixa(rate_limit=None, **options) as client:
        client.conversations.tags.list(1).to_list()
    assert server.hits(GET.method, GET.path) == 2


def test_a_bad_environment_url_is_refused_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIXA_RATE_LIMIT_URL", "http://:secret@127.0.0.1:6379")
    with pytest.raises(dixa.InvalidParameterError) as info:
        dixa.Dixa(api_key="k")
    assert info.value.param == "DIXA_RATE_LIMIT_URL"
    assert "secret" not in str(info.value)


def test_a_url_string_as_rate_limit_is_refused_with_a_hint() -> None:
    with pytest.raises(dixa.InvalidParameterTypeError) as info:
        dixa.Dixa(api_key="k", rate_limit="redis://127.0.0.1:6379/0")  # type: ignore[arg-type]
    assert info.value.param == "rate_limit"
    assert "dixa.SharedRateLimit(url)" in str(info.value)
