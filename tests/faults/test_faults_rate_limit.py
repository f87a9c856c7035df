"""The client-side limiter against a server that enforces Dixa's limit (10/s, burst 4).

The main test sends 100 requests through the default limiter, half from a ``Dixa``
shared by four threads and half from an ``AsyncDixa`` shared by four tasks, all with one
API key, so one limiter must pace all eight callers. With retries off, any 429 would
surface as an error; the server's own count of refusals must be zero, at an effective
rate of at least 9 requests per second. This is the one slow test of the suite (~10 s).

``DIXA_RATE_TEST_REQUESTS=200`` runs it with 200 requests (then at least 9.5/s).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

import dixa
from tests.faults.faultkit import GET, AsyncColdStart, ColdStart
from tests.faults.faultserver import FaultServer

REQUESTS = int(os.environ.get("DIXA_RATE_TEST_REQUESTS", "100"))
WORKERS = 4  # threads, and separately tasks


def _sync_share(client: dixa.Dixa, count: int) -> list[BaseException]:
    def one(_: int) -> BaseException | None:
        try:
            client.conversations.tags.list(1).to_list()
        except dixa.DixaError as exc:
            return exc
        return None

    with ThreadPoolExecutor(WORKERS) as pool:
        return [error for error in pool.map(one, range(count)) if error is not None]


async def _async_share(client: dixa.AsyncDixa, count: int) -> list[BaseException]:
    queue = list(range(count))
    errors: list[BaseException] = []

    async def worker() -> None:
        while queue:
            queue.pop()
            try:
                await client.conversations.tags.list(1).to_list()
            except dixa.DixaError as exc:
                errors.append(exc)

    await asyncio.gather(*(worker() for _ in range(WORKERS)))
    return errors


async def test_default_limiter_meets_the_servers_limit_at_full_speed() -> None:
    key = f"rate-{uuid.uuid4()}"
    with FaultServer(rate_limit=(10.0, 4), lifetime=120.0) as server:
        server.script(GET.method, GET.path, GET.ok)
        options: dict[str, Any] = {"api_key": key, "base_url": server.url, "max_retries": 0}
        sync_count = REQUESTS // 2
        with dixa.Dixa(**options) as sync_client:
            async with dixa.AsyncDixa(**options) as async_client:
                started = time.monotonic()
                sync_errors, async_errors = await asyncio.gather(
                    asyncio.to_thread(_sync_share, sync_client, sync_count),
                    _async_share(async_client, REQUESTS - sync_count),
                )
                elapsed = time.monotonic() - started
        arrivals = [at for at, _, _ in server.arrivals()]

    rate = REQUESTS / elapsed
    span = arrivals[-1] - arrivals[0]
    print(
        f"\nrate limit: {REQUESTS} requests in {elapsed:.2f} s = {rate:.2f}/s "
        f"(server saw them over {span:.2f} s); 429s: {server.refused}"
    )
    assert len(arrivals) == REQUESTS
    assert server.refused == 0
    assert sync_errors == [] and async_errors == []
    assert rate >= (9.5 if REQUESTS >= 200 else 9.0)


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_without_the_limiter_the_server_refuses(mode: str) -> None:
    """The control: the same server does refuse a client that does not pace itself."""
    with FaultServer(rate_limit=(10.0, 4)) as server:
        server.script(GET.method, GET.path, GET.ok)
        options: dict[str, Any] = {"api_key": "k", "base_url": server.url, "max_retries": 0, "rate_limit": None}
        if mode == "sync":
            with dixa.Dixa(**options) as sync_client:
                errors = await asyncio.to_thread(_sync_share, sync_client, 12)
        else:
            async with dixa.AsyncDixa(**options) as async_client:
                errors = await _async_share(async_client, 12)

    assert errors and all(isinstance(error, dixa.RateLimitError) for error in errors)
    assert server.refused == len(errors) >= 12 - 4 - 2  # the burst, plus a little refill while they run


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_late_first_request_does_not_bunch_up_with_the_next(mode: str) -> None:
    """Scheduled at 0, 0.15, 0.30, 0.45 s, the first request is held up 0.25 s before it
    reaches the wire. Paced by the schedule alone it would arrive 50 ms after the second
    and a server allowing 10/s with no burst would refuse the third; the limiter's wire
    check (httpx's trace hook) holds the later requests instead."""
    limit = dixa.RateLimit(rate=10, burst=1, jitter=0.05)
    with FaultServer(rate_limit=(10.0, 1)) as server:
        server.script(GET.method, GET.path, GET.ok)
        options: dict[str, Any] = {"api_key": f"cold-{uuid.uuid4()}", "base_url": server.url}
        options.update(max_retries=0, rate_limit=limit)
        if mode == "sync":
            http = httpx.Client(transport=ColdStart(0.25))
            with dixa.Dixa(http_client=http, **options) as sync_client:
                errors = await asyncio.to_thread(_sync_share, sync_client, 4)
            http.close()
        else:
            async_http = httpx.AsyncClient(transport=AsyncColdStart(0.25))
            async with dixa.AsyncDixa(http_client=async_http, **options) as async_client:
                errors = await _async_share(async_client, 4)
            await async_http.aclose()
        arrivals = [at for at, _, _ in server.arrivals()]

    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert errors == [] and server.refused == 0
    assert len(arrivals) == 4
    assert min(gaps) >= 0.1
