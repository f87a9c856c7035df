"""Target 3: async throughput, ``AsyncDixa`` against raw ``httpx.AsyncClient`` (target >= 0.9x).

2,000 requests with 50 in flight, to the loopback server (:mod:`benchmarks._server`, in
its own process) returning the canned 5-note page. Both clients use httpx's default
connection limits; the SDK runs with its limiter off (``rate_limit=None``). Throughput is
requests per wall-clock second; the runs of the two clients are interleaved and each
gets a fresh client (a job starts cold too), after one untimed warm-up round.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Awaitable, Callable

import httpx

from benchmarks import _payloads, _server
from benchmarks._report import Result, emit, say
from benchmarks._timing import median

TARGET = 0.9


async def drive(requests: int, concurrency: int, one: Callable[[], Awaitable[None]]) -> float:
    """Seconds to complete ``requests`` calls of ``one`` with ``concurrency`` workers."""
    remaining = requests

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await one()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started


async def raw_run(url: str, requests: int, concurrency: int) -> float:
    headers = {"Authorization": _payloads.API_KEY, "Accept": "application/json"}
    async with httpx.AsyncClient(base_url=url, headers=headers) as http:

        async def one() -> None:
            response = await http.get(_payloads.NOTES_PATH)
            if response.status_code != 200:
                raise RuntimeError(response.status_code)
            assert len(json.loads(response.content)["data"]) == 5

        return await drive(requests, concurrency, one)


async def sdk_run(url: str, requests: int, concurrency: int) -> float:
    import dixa

    async with dixa.AsyncDixa(api_key=_payloads.API_KEY, base_url=url, rate_limit=None) as client:

        async def one() -> None:
            notes = await client.conversations.notes.list(_payloads.CONVERSATION_ID).to_list()
            assert len(notes) == 5

        return await drive(requests, concurrency, one)


async def measure(url: str, requests: int, concurrency: int, runs: int) -> dict[str, list[float]]:
    variants = {"raw httpx.AsyncClient": raw_run, "AsyncDixa": sdk_run}
    for run in variants.values():
        await run(url, requests, concurrency)  # warm-up: imports, server caches
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for round_index in range(runs):
        for name in names if round_index % 2 == 0 else names[::-1]:
            seconds[name].append(await variants[name](url, requests, concurrency))
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    with _server.running("--max-seconds", "600") as server:
        seconds = asyncio.run(measure(server.url, args.requests, args.concurrency, args.runs))
        served = server.stats()["ok"]
    say(f"async: {args.requests} requests, {args.concurrency} concurrent, {args.runs} runs, loopback server")
    throughput = {name: args.requests / median(values) for name, values in seconds.items()}
    for name, values in seconds.items():
        say(
            f"  {name:24s} {throughput[name]:7.0f} req/s  (median {median(values) * 1000:.0f} ms, "
            f"runs {min(values) * 1000:.0f}-{max(values) * 1000:.0f} ms)"
        )
    say(f"  server answered {served} requests")
    ours, base = throughput["AsyncDixa"], throughput["raw httpx.AsyncClient"]
    emit(
        Result(
            bench="async",
            label="async throughput, AsyncDixa",
            value=ours,
            unit="req/s",
            baseline=base,
            baseline_label="raw httpx.AsyncClient + json.loads, same server",
            ratio=ours / base,
            comparison=">=",
            target=TARGET,
            runs=args.runs,
        )
    )


if __name__ == "__main__":
    main()
