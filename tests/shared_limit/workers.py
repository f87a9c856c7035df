"""What the worker processes of the shared-limit tests run (importable, for ``spawn``).

Each worker builds its own client for the shared key, warms up (one call to another
server, with another key: the one-time imports and set-up of a process's first request
take tens of milliseconds, which is not what these tests measure), waits at a barrier so
that all start together, sends its share of requests from several threads (or tasks),
and reports its errors and when it started and finished (``time.monotonic`` is one clock
for every process of the machine).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import dixa

Report = tuple[list[str], float, float]  # errors, started, finished


def _client_options(base_url: str, redis_url: str | None, api_key: str) -> dict[str, Any]:
    options: dict[str, Any] = {"api_key": api_key, "base_url": base_url, "max_retries": 0}
    if redis_url is not None:
        options["rate_limit"] = dixa.SharedRateLimit(redis_url)
    # else: the default, which $DIXA_RATE_LIMIT_URL (set by the parent) makes shared
    return options


def _errors(results: list[BaseException | None]) -> list[str]:
    return [f"{type(error).__name__}: {error}" for error in results if error is not None]


def _warm_up(warm_url: str | None, redis_url: str | None) -> None:
    if warm_url is not None:
        with dixa.Dixa(**_client_options(warm_url, redis_url, f"warm-up-{os.getpid()}")) as client:
            client.conversations.tags.list(1).to_list()


async def _warm_up_async(warm_url: str | None, redis_url: str | None) -> None:
    if warm_url is not None:
        async with dixa.AsyncDixa(**_client_options(warm_url, redis_url, f"warm-up-{os.getpid()}")) as client:
            await client.conversations.tags.list(1).to_list()


def run_sync(
    base_url: str, redis_url: str | None, api_key: str, count: int, threads: int, barrier: Any, warm_url: str | None
) -> Report:
    _warm_up(warm_url, redis_url)
    with dixa.Dixa(**_client_options(base_url, redis_url, api_key)) as client:

        def one(_: int) -> BaseException | None:
            try:
                client.conversations.tags.list(1).to_list()
            except dixa.DixaError as exc:
                return exc
            return None

        barrier.wait()
        started = time.monotonic()
        with ThreadPoolExecutor(threads) as pool:
            results = list(pool.map(one, range(count)))
        return _errors(results), started, time.monotonic()


async def _run_async(
    base_url: str, redis_url: str | None, api_key: str, count: int, tasks: int, barrier: Any, warm_url: str | None
) -> Report:
    await _warm_up_async(warm_url, redis_url)
    async with dixa.AsyncDixa(**_client_options(base_url, redis_url, api_key)) as client:
        remaining = list(range(count))
        results: list[BaseException | None] = []

        async def one_task() -> None:
            while remaining:
                remaining.pop()
                try:
                    await client.conversations.tags.list(1).to_list()
                except dixa.DixaError as exc:
                    results.append(exc)

        await asyncio.to_thread(barrier.wait)
        started = time.monotonic()
        await asyncio.gather(*(one_task() for _ in range(tasks)))
        return _errors(results), started, time.monotonic()


def worker(
    mode: str,
    base_url: str,
    redis_url: str | None,
    api_key: str,
    count: int,
    concurrency: int,
    barrier: Any,
    out: Any,
    warm_url: str | None = None,
) -> None:
    """Process entry point: run ``count`` calls in ``mode`` and put the report on ``out``."""
    try:
        if mode == "sync":
            report = run_sync(base_url, redis_url, api_key, count, concurrency, barrier, warm_url)
        else:
            report = asyncio.run(_run_async(base_url, redis_url, api_key, count, concurrency, barrier, warm_url))
    except BaseException as exc:  # report it rather than die silently
        barrier.abort()
        report = ([f"worker failed: {type(exc).__name__}: {exc}"], 0.0, 0.0)
    out.put(report)


def forking(base_url: str, redis_url: str, api_key: str, children: int, count: int) -> None:
    """Process entry point: a client used once, then ``os.fork()``; every process sends
    ``count`` more calls. Exits 0 only if every process succeeded."""
    client = dixa.Dixa(api_key=api_key, base_url=base_url, max_retries=0, rate_limit=dixa.SharedRateLimit(redis_url))
    client.conversations.tags.list(1).to_list()  # the parent's pools (HTTP and Redis) are in use
    pids = []
    for _ in range(children):
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                for _ in range(count):
                    client.conversations.tags.list(1).to_list()
            except BaseException as exc:
                print(f"child {os.getpid()}: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
                code = 1
            os._exit(code)
        pids.append(pid)
    failed = 0
    try:
        for _ in range(count):
            client.conversations.tags.list(1).to_list()
    except dixa.DixaError as exc:
        print(f"parent: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        failed += 1
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        failed += os.waitstatus_to_exitcode(status) != 0
    client.close()
    sys.exit(1 if failed else 0)
