"""The shared limit through the public clients: many processes, one key, one budget.

The main tests start 4 processes with 4 threads (or 4 asyncio tasks) each, all calling
with one API key through a shared limit on a real Redis, against a local server that
enforces Dixa's limit (10/s, burst 4) and counts its 429s. Retries are off, so a 429
would surface as an error. Each variant sends 100 requests (~10 s): aggregate >= 9.5/s
and zero 429s. The control shows the same processes with in-process limiters being
refused. Fork safety: a client used before ``os.fork()`` keeps working in every child,
within the shared limit.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import multiprocessing
import time
from typing import Any

import httpx
import pytest
import redis

import dixa
from tests.faults.faultkit import GET, AsyncColdStart, ColdStart
from tests.faults.faultserver import FaultServer, Reply
from tests.shared_limit import workers
from tests.shared_limit.redisserver import RedisServer

PROCESSES = 4
CONCURRENCY = 4  # threads (sync) or tasks (async) per process
REQUESTS = 100  # in all


def run_processes(
    mode: str, base_url: str, redis_url: str | None, api_key: str, warm_url: str | None = None
) -> tuple[list[str], float]:
    """Errors of all workers, and the aggregate rate (requests / first start to last finish)."""
    processes = PROCESSES
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes, timeout=60)
    out = context.Queue()
    share = REQUESTS // processes
    started = [
        context.Process(
            target=workers.worker,
            args=(mode, base_url, redis_url, api_key, share, CONCURRENCY, barrier, out, warm_url),
        )
        for _ in range(processes)
    ]
    for process in started:
        process.start()
    reports = [out.get(timeout=120) for _ in started]
    for process in started:
        process.join(timeout=30)
    errors = [error for report in reports for error in report[0]]
    first = min(report[1] for report in reports)
    last = max(report[2] for report in reports)
    return errors, share * processes / (last - first)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_many_processes_share_one_limit_at_full_speed(
    redis_server: RedisServer, api_key: str, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if mode == "sync":
        # The environment variable alone switches the default limiter to the shared one.
        monkeypatch.setenv("DIXA_RATE_LIMIT_URL", redis_server.url)
        redis_url = None
    else:
        redis_url = redis_server.url
    with FaultServer(rate_limit=(10.0, 4), lifetime=120.0) as server, FaultServer(lifetime=120.0) as warm:
        server.script(GET.method, GET.path, GET.ok)
        warm.script(GET.method, GET.path, GET.ok)
        errors, rate = run_processes(mode, server.url, redis_url, api_key, warm.url)
        arrivals = server.arrivals()
    print(f"\nshared limit, {PROCESSES} processes x {CONCURRENCY} {mode}: {rate:.2f}/s, 429s: {server.refused}")
    assert errors == []
    assert len(arrivals) == REQUESTS
    assert server.refused == 0
    assert rate >= 9.5


def test_without_the_shared_limit_processes_are_refused(api_key: str) -> None:
    """The control: the same processes, each with its own in-process limiter, send too much."""
    with FaultServer(rate_limit=(10.0, 4), lifetime=60.0) as server:
        server.script(GET.method, GET.path, GET.ok)
        context = multiprocessing.get_context("spawn")
        barrier, out = context.Barrier(PROCESSES, timeout=60), context.Queue()
        processes = [
            context.Process(target=workers.worker, args=("sync", server.url, None, api_key, 8, 4, barrier, out))
            for _ in range(PROCESSES)
        ]
        for process in processes:
            process.start()
        reports = [out.get(timeout=120) for _ in processes]
        for process in processes:
            process.join(timeout=30)
    errors = [error for report in reports for error in report[0]]
    assert server.refused > 0
    assert errors and all(error.startswith("RateLimitError") for error in errors)


def test_a_client_used_before_fork_keeps_the_shared_limit_in_every_child(
    redis_server: RedisServer, api_key: str
) -> None:
    children, count = 3, 6
    with FaultServer(rate_limit=(10.0, 4), lifetime=60.0) as server:
        server.script(GET.method, GET.path, GET.ok)
        process = multiprocessing.get_context("spawn").Process(
            target=workers.forking, args=(server.url, redis_server.url, api_key, children, count)
        )
        process.start()
        process.join(timeout=60)
    assert process.exitcode == 0
    assert server.hits(GET.method, GET.path) == 1 + (children + 1) * count
    assert server.refused == 0  # four processes sending at once, within one budget


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_429_in_one_process_pauses_the_others(redis_server: RedisServer, api_key: str, mode: str) -> None:
    """Two clients of one key with separate limiters (as in two processes): when one gets
    a 429 asking for 2 s, the other's next request waits for it too."""

    with FaultServer(lifetime=60.0) as server:
        server.script(GET.method, GET.path, Reply(429, {"message": "slow down"}, headers={"Retry-After": "2"}), GET.ok)
        here: dict[str, Any] = {"api_key": api_key, "base_url": server.url, "max_retries": 1}
        there = dict(here, max_retries=0)
        here["rate_limit"] = dixa.SharedRateLimit(redis_server.url)
        there["rate_limit"] = dixa.SharedRateLimit(redis_server.url, timeout=0.6)  # its own limiter
        if mode == "sync":
            with dixa.Dixa(**here) as first, dixa.Dixa(**there) as second:
                pending = asyncio.create_task(asyncio.to_thread(lambda: first.conversations.tags.list(1).to_list()))
                while server.hits(GET.method, GET.path) < 1:
                    await asyncio.sleep(0.01)
                await asyncio.sleep(0.2)  # the 429 has been read and recorded
                await asyncio.to_thread(lambda: second.conversations.tags.list(1).to_list())
                await pending
        else:
            async with dixa.AsyncDixa(**here) as first_async, dixa.AsyncDixa(**there) as second_async:
                pending = asyncio.create_task(first_async.conversations.tags.list(1).to_list())
                while server.hits(GET.method, GET.path) < 1:
                    await asyncio.sleep(0.01)
                await asyncio.sleep(0.2)
                await second_async.conversations.tags.list(1).to_list()
                await pending
        arrivals = [at for at, _, _ in server.arrivals()]
    assert len(arrivals) == 3
    assert arrivals[1] - arrivals[0] >= 1.9  # the other client's request, held by the pause


async def test_cancelled_calls_give_their_slots_back_to_every_process(redis_server: RedisServer, api_key: str) -> None:
    key = "dixa:ratelimit:" + hashlib.sha256(api_key.encode()).hexdigest()
    r = redis.Redis.from_url(redis_server.url)

    def debt() -> float:
        seconds, micros = r.time()
        return (int(r.get(key) or 0) - (seconds * 1_000_000 + micros)) / 1e6

    with FaultServer(lifetime=60.0) as server:
        server.script(GET.method, GET.path, GET.ok)
        options: dict[str, Any] = {"api_key": api_key, "base_url": server.url, "max_retries": 0}
        async with dixa.AsyncDixa(rate_limit=dixa.SharedRateLimit(redis_server.url), **options) as client:
            calls = [asyncio.create_task(client.conversations.tags.list(1).to_list()) for _ in range(60)]
            while debt() < 5:  # 60 slots booked: the last is ~5.6 s away
                await asyncio.sleep(0.01)
            for call in calls:
                call.cancel()
            await asyncio.gather(*calls, return_exceptions=True)
            await client.conversations.tags.list(1).to_list()
        # Another process's client (its own limiter) finds the key free again.
        started = time.monotonic()
        with dixa.Dixa(rate_limit=dixa.SharedRateLimit(redis_server.url, timeout=0.7), **options) as other:
            other.conversations.tags.list(1).to_list()
        waited = time.monotonic() - started
    r.close()
    assert debt() < 0.5
    assert waited < 1.0  # not the ~5 s the cancelled calls had booked


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_late_request_in_one_process_does_not_bunch_up_with_anothers(
    redis_server: RedisServer, api_key: str, mode: str
) -> None:
    """Process A books the first slot, but its request reaches the wire 0.25 s late; process
    B sends on its slots (0.15 s apart: 10/s, burst 1, with the reserve). Sent late, A's
    request would arrive 0.1 s after B's first and 0.05 s before B's second, and a server
    allowing 10/s with no burst would refuse one; the wire check books A a new slot."""
    with FaultServer(rate_limit=(10.0, 1), lifetime=60.0) as server:
        server.script(GET.method, GET.path, GET.ok)
        options: dict[str, Any] = {"api_key": api_key, "base_url": server.url, "max_retries": 0}
        late = dixa.SharedRateLimit(redis_server.url, rate=10, burst=1)
        on_time = dixa.SharedRateLimit(redis_server.url, rate=10, burst=1, timeout=0.6)  # another limiter
        if mode == "sync":
            a = dixa.Dixa(rate_limit=late, http_client=httpx.Client(transport=ColdStart(0.25)), **options)
            b = dixa.Dixa(rate_limit=on_time, **options)
            first = asyncio.create_task(asyncio.to_thread(lambda: a.conversations.tags.list(1).to_list()))
            await asyncio.sleep(0.02)  # A has its slot
            for _ in range(3):
                await asyncio.to_thread(lambda: b.conversations.tags.list(1).to_list())
            await first
        else:
            async_a = dixa.AsyncDixa(
                rate_limit=late, http_client=httpx.AsyncClient(transport=AsyncColdStart(0.25)), **options
            )
            async_b = dixa.AsyncDixa(rate_limit=on_time, **options)
            first = asyncio.create_task(async_a.conversations.tags.list(1).to_list())
            await asyncio.sleep(0.02)
            for _ in range(3):
                await async_b.conversations.tags.list(1).to_list()
            await first
        arrivals = [at for at, _, _ in server.arrivals()]
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert server.refused == 0
    assert len(arrivals) == 4
    assert min(gaps) >= 0.1
