"""Target 11: many processes, one API key: in-process limiters vs the shared (Redis) limit.

1, 2, 4 and 8 worker processes (2 threads each) call with one API key for a fixed time
against the loopback server (:mod:`benchmarks._server`) enforcing Dixa's limit (10/s,
burst 4), with retries off so every refusal is counted by the server. With the default
in-process limiter each process paces only itself, so N processes send about N x 10/s
and the server refuses the excess; with ``dixa.SharedRateLimit`` on a local redis-server
they send about 10/s together and are never refused.

The second part is what the shared limit costs a request that does not have to wait:
the Redis round trip (one ``EVALSHA``), measured as the median wall time of a call
through ``Dixa`` with an unconstraining limit, shared minus in-process, in interleaved
rounds against an unlimited server.

Every worker warms up first (one call to the unlimited server, with another key) and
starts at a barrier, so the figures are those of a running deployment, not of process
start-up. Needs ``redis-server`` (``make test`` installs it).
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from benchmarks import _payloads, _server
from benchmarks._report import Result, emit, fail, say

LIMIT_RATE = 10.0
LIMIT_BURST = 4
THREADS = 2


@contextmanager
def redis_server() -> Iterator[str]:
    """A throwaway redis-server on a free loopback port; yields its URL."""
    binary = shutil.which("redis-server") or shutil.which("valkey-server")
    if binary is None:
        fail("redis-server is not installed (`make redis-server` installs it)")
        sys.exit(2)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as workdir:
        command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        process = subprocess.Popen(command, cwd=workdir, stdout=subprocess.DEVNULL)  # noqa: S603
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                        sock.sendall(b"PING\r\n")
                        if sock.recv(16).startswith(b"+PONG"):
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("redis-server did not start")
                time.sleep(0.02)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=10)


def _options(url: str, key: str, redis_url: str | None, limit: Any = None) -> dict[str, Any]:
    import dixa

    if limit is None:
        limit = dixa.RateLimit(LIMIT_RATE, LIMIT_BURST) if redis_url is None else dixa.SharedRateLimit(redis_url)
    return {"api_key": key, "base_url": url, "max_retries": 0, "rate_limit": limit}


@dataclass(frozen=True)
class Job:
    """What every worker process of one configuration does."""

    url: str
    warm_url: str
    redis_url: str | None  # None: the in-process limiter
    key: str
    seconds: float


def worker(job: Job, barrier: Any, out: Any) -> None:
    """One process: warm up, wait for the others, call for ``job.seconds`` from ``THREADS`` threads."""
    import dixa

    url, key, redis_url = job.url, job.key, job.redis_url
    with dixa.Dixa(**_options(job.warm_url, f"warm-{key}", redis_url)) as warm:
        warm.conversations.notes.list(_payloads.CONVERSATION_ID).to_list()
    counts = {"ok": 0, "limited": 0, "failed": 0}
    lock = threading.Lock()
    with dixa.Dixa(**_options(url, key, redis_url)) as client:

        def calls(until: float) -> None:
            while time.monotonic() < until:
                outcome = "ok"
                try:
                    client.conversations.notes.list(_payloads.CONVERSATION_ID).to_list()
                except dixa.RateLimitError:
                    outcome = "limited"
                except dixa.DixaError:
                    outcome = "failed"
                with lock:
                    counts[outcome] += 1

        barrier.wait()
        until = time.monotonic() + job.seconds
        threads = [threading.Thread(target=calls, args=(until,)) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    out.put(counts)


def run_processes(
    server: _server.Server, warm_url: str, redis_url: str | None, processes: int, seconds: float
) -> dict[str, float]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes + 1, timeout=120)
    out = context.Queue()
    key = f"{_payloads.API_KEY}-{processes}-{redis_url is not None}-{time.monotonic_ns()}"
    job = Job(server.url, warm_url, redis_url, key, seconds)
    started = [context.Process(target=worker, args=(job, barrier, out)) for _ in range(processes)]
    for process in started:
        process.start()
    time.sleep(1.0)  # the server's bucket refills while the workers start
    server.reset()
    barrier.wait()  # every worker is warm and waiting: go
    began = time.monotonic()
    counts = [out.get(timeout=seconds + 120) for _ in started]
    elapsed = time.monotonic() - began
    for process in started:
        process.join(timeout=30)
    stats = server.stats()
    sent = int(stats["requests"])  # type: ignore[call-overload]
    return {
        "rate": sent / elapsed,
        "ok_rate": int(stats["ok"]) / elapsed,  # type: ignore[call-overload]
        "limited": float(int(stats["limited"])),  # type: ignore[call-overload]
        "failed": float(sum(c["failed"] for c in counts)),
    }


def added_latency(url: str, redis_url: str, rounds: int, calls: int) -> tuple[float, float, list[float]]:
    """Median seconds per call with an in-process limiter and with the shared one, and the
    per-round differences, in interleaved rounds (neither limit ever makes a call wait)."""
    import dixa

    wide = {"rate": 1e6, "burst": 10**6}
    local = dixa.Dixa(**_options(url, "latency-local", None, dixa.RateLimit(**wide)))  # type: ignore[arg-type]
    shared = dixa.Dixa(**_options(url, "latency-shared", None, dixa.SharedRateLimit(redis_url, **wide)))  # type: ignore[arg-type]
    per_call: dict[str, list[float]] = {"local": [], "shared": []}
    differences = []
    try:
        for client in (local, shared):  # connections and scripts in place
            for _ in range(20):
                client.conversations.notes.list(_payloads.CONVERSATION_ID).to_list()
        for round_ in range(rounds):
            medians = {}
            order = [("local", local), ("shared", shared)]
            for name, client in order if round_ % 2 == 0 else order[::-1]:
                times = []
                for _ in range(calls):
                    began = time.perf_counter()
                    client.conversations.notes.list(_payloads.CONVERSATION_ID).to_list()
                    times.append(time.perf_counter() - began)
                medians[name] = statistics.median(times)
                per_call[name].append(medians[name])
            differences.append(medians["shared"] - medians["local"])
    finally:
        local.close()
        shared.close()
    return statistics.median(per_call["local"]), statistics.median(per_call["shared"]), differences


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="calling time per configuration")
    parser.add_argument("--processes", default="1,2,4,8")
    parser.add_argument("--rounds", type=int, default=7, help="latency: interleaved rounds")
    parser.add_argument("--calls", type=int, default=200, help="latency: calls per round and variant")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.processes.split(",")]

    limited_options = ("--rate", str(LIMIT_RATE), "--burst", str(LIMIT_BURST), "--max-seconds", "900")
    with redis_server() as redis_url, _server.running(*limited_options) as server, _server.running() as free:
        say(f"shared limit: {args.seconds:g} s per configuration, {THREADS} threads per process, one key")
        for processes in counts:
            for name, url in (("in-process", None), ("shared", redis_url)):
                figures = run_processes(server, free.url, url, processes, args.seconds)
                say(
                    f"  {processes} process(es), {name:10s} limiter: {figures['rate']:6.2f} req/s sent, "
                    f"{figures['ok_rate']:5.2f}/s answered, {figures['limited']:4.0f} x 429"
                )
                label = f"{processes} process{'es' if processes > 1 else ''}, {name} limiter"
                emit(
                    Result(
                        bench="shared_limit",
                        label=f"requests sent per second, {label}",
                        value=figures["rate"],
                        unit="req/s",
                        baseline=LIMIT_RATE,
                        baseline_label=f"server limit {LIMIT_RATE:g}/s",
                        ratio=figures["rate"] / LIMIT_RATE,
                        runs=1,
                        notes=[f"{figures['ok_rate']:.2f}/s answered 200; burst {LIMIT_BURST} included"],
                    )
                )
                shared = url is not None
                emit(
                    Result(
                        bench="shared_limit",
                        label=f"429s seen by the server, {label}",
                        value=figures["limited"],
                        unit="responses",
                        baseline=0.0,
                        baseline_label="none allowed" if shared else "no target: processes pace only themselves",
                        ratio=figures["limited"],
                        comparison="<=" if shared else None,
                        target=0.0 if shared else None,
                        runs=1,
                    )
                )
        local, shared_median, differences = added_latency(free.url, redis_url, args.rounds, args.calls)
    added = statistics.median(differences)
    say(f"  per call (medians): {local * 1e6:.0f} us with the in-process limiter, {shared_median * 1e6:.0f} us shared")
    emit(
        Result(
            bench="shared_limit",
            label="added latency per call of the shared limit (one Redis round trip, loopback)",
            value=added * 1e6,
            unit="us",
            baseline=local * 1e6,
            baseline_label="a call with the in-process limiter",
            ratio=(local + added) / local,
            runs=args.rounds,
            notes=[f"per-round differences: {', '.join(f'{d * 1e6:.0f}' for d in differences)} us"],
        )
    )


if __name__ == "__main__":
    main()
