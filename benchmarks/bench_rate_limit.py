"""Target 4: the client-side limiter against a server enforcing 10/s, burst 4.

200 calls go through the SDK with its default limiter (``RateLimit(10, 4)``) to the
loopback server (:mod:`benchmarks._server`) enforcing the same limit, as Dixa does, by
when requests arrive. Targets: effective rate >= 9.5/s (calls / wall seconds from the
first call to the last answer) and zero 429s, counted by the server, since the SDK
retries 429s silently and the caller would never see them.

Two ways of calling are measured: a plain loop on ``Dixa`` and 20 tasks sharing one
``AsyncDixa`` (the case where a limiter that only spaces its own caller's requests would
fail). Every run uses a fresh API key, so a fresh client bucket, and starts with a full
server bucket.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from benchmarks import _payloads, _server
from benchmarks._report import Result, emit, say
from benchmarks._timing import median

LIMIT_RATE = 10.0
LIMIT_BURST = 4
TARGET_RATE = 9.5


def sync_run(url: str, calls: int, key: str) -> float:
    import dixa

    with dixa.Dixa(api_key=key, base_url=url, rate_limit=dixa.RateLimit(LIMIT_RATE, LIMIT_BURST)) as client:
        started = time.perf_counter()
        for _ in range(calls):
            assert len(client.conversations.notes.list(_payloads.CONVERSATION_ID).to_list()) == 5
        return time.perf_counter() - started


async def async_run(url: str, calls: int, key: str, tasks: int) -> float:
    import dixa

    async with dixa.AsyncDixa(api_key=key, base_url=url, rate_limit=dixa.RateLimit(LIMIT_RATE, LIMIT_BURST)) as client:
        remaining = calls

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                assert len(await client.conversations.notes.list(_payloads.CONVERSATION_ID).to_list()) == 5

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(tasks)))
        return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tasks", type=int, default=20, help="concurrent tasks in the async variant")
    parser.add_argument("--modes", default="sync,async")
    args = parser.parse_args(argv)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]

    rates: dict[str, list[float]] = {mode: [] for mode in modes}
    limited: dict[str, list[int]] = {mode: [] for mode in modes}
    options = ("--rate", str(LIMIT_RATE), "--burst", str(LIMIT_BURST), "--max-seconds", "900")
    with _server.running(*options) as server:
        for run in range(args.runs):
            for mode in modes if run % 2 == 0 else modes[::-1]:
                time.sleep(1.0)  # the server's bucket refills: each run starts like a fresh job
                server.reset()
                key = f"{_payloads.API_KEY}-{mode}-{run}-{time.monotonic_ns()}"
                if mode == "sync":
                    seconds = sync_run(server.url, args.calls, key)
                else:
                    seconds = asyncio.run(async_run(server.url, args.calls, key, args.tasks))
                stats = server.stats()
                rates[mode].append(args.calls / seconds)
                limited[mode].append(int(stats["limited"]))  # type: ignore[call-overload]
                say(f"  run {run + 1} {mode:5s}: {args.calls / seconds:5.2f}/s, {stats['limited']} x 429")

    ideal = args.calls / ((args.calls - LIMIT_BURST) / LIMIT_RATE)
    say(f"rate limit: {args.calls} calls x {args.runs} runs at {LIMIT_RATE:g}/s burst {LIMIT_BURST}")
    say(f"  ideal with the burst: {ideal:.2f}/s")
    for mode in modes:
        label = "Dixa, sequential" if mode == "sync" else f"AsyncDixa, {args.tasks} tasks"
        rate = median(rates[mode])
        emit(
            Result(
                bench="rate_limit",
                label=f"effective rate, {label}",
                value=rate,
                unit="req/s",
                baseline=LIMIT_RATE,
                baseline_label=f"server limit {LIMIT_RATE:g}/s (ideal with burst: {ideal:.2f}/s)",
                ratio=rate / LIMIT_RATE,
                comparison=">=",
                target=TARGET_RATE / LIMIT_RATE,
                runs=args.runs,
                notes=[f"runs: {', '.join(f'{r:.2f}' for r in rates[mode])} req/s"],
            )
        )
        emit(
            Result(
                bench="rate_limit",
                label=f"429s seen by the server, {label} (all runs)",
                value=float(sum(limited[mode])),
                unit="responses",
                baseline=0.0,
                baseline_label="none allowed",
                ratio=float(sum(limited[mode])),
                comparison="<=",
                target=0.0,
                runs=args.runs,
                notes=[f"per run: {limited[mode]}"],
            )
        )


if __name__ == "__main__":
    main()
