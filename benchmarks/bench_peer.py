"""Target 7 (comparison, no target): the per-call benchmark for dixa-api-client too.

dixa-api-client (PyPI, pinned in ``benchmarks/requirements.txt``, installed into
``build/bench-peer`` by ``make bench``, never into the SDK's environment) is built on requests and has
``client.v1.Conversation.list_internal_notes(id)``: the same request as
``client.conversations.notes.list(id)`` on the v1 path, answered with plain dicts. It
accepts a ``requests.Session``, so it cannot use an ``httpx.MockTransport``; two settings
are therefore measured:

* in-process: each library on its own HTTP stack's no-socket transport (httpx's
  ``MockTransport``, a requests adapter) with the same canned page;
* loopback: all four clients against the same server on 127.0.0.1, the only setting
  where every figure shares one transport.

The peer runs in its own interpreter (:mod:`benchmarks._peer_worker`) because its
package is also called ``dixa``. Its ratio is given against raw requests (its own
overhead) and against raw httpx (what a user would compare).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from benchmarks import _server
from benchmarks._report import Result, emit, say
from benchmarks._timing import interleaved
from benchmarks.bench_call import raw_loop, sdk_loop

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT / "build" / "bench-peer"
WORKER = ROOT / "benchmarks" / "_peer_worker.py"


def ours(calls: int, runs: int, url: str | None) -> dict[str, float]:
    """CPU us/call for raw httpx and this SDK."""
    base_url = url or "https://dev.dixa.io"
    variants = {
        "raw httpx": raw_loop(calls, base_url, mock=url is None),
        "dixa (this SDK)": sdk_loop(calls, base_url, mock=url is None),
    }
    samples = interleaved(variants, runs=runs)
    return {name: s.cpu_median / calls * 1e6 for name, s in samples.items()}


def theirs(calls: int, runs: int, url: str | None) -> dict[str, float]:
    """CPU us/call for raw requests and dixa-api-client, from the isolated worker."""
    command = [sys.executable, "-I", str(WORKER), "--calls", str(calls), "--runs", str(runs)]
    if url:
        command += ["--url", url]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    figures: dict[str, dict[str, float]] = json.loads(output.strip().splitlines()[-1])
    return {name: f["cpu_us"] for name, f in figures.items()}


def report(setting: str, figures: dict[str, float], runs: int) -> None:
    say(f"peer, {setting}: CPU per call")
    for name, value in figures.items():
        say(f"  {name:18s} {value:7.1f} us   {value / figures['raw httpx']:.2f}x raw httpx")
    for name, baseline in (("dixa (this SDK)", "raw httpx"), ("dixa-api-client", "raw requests")):
        emit(
            Result(
                bench="peer",
                label=f"{name}, {setting} (info)",
                value=figures[name],
                unit="us",
                baseline=figures[baseline],
                baseline_label=f"{baseline}, same transport",
                ratio=figures[name] / figures[baseline],
                runs=runs,
                notes=[f"{figures[name] / figures['raw httpx']:.2f}x raw httpx"],
            )
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000, help="calls per run in-process")
    parser.add_argument("--server-calls", type=int, default=1000, help="calls per run over loopback")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    if not list(PEER.glob("dixa_api_client-*.dist-info")):
        raise SystemExit(
            f"dixa-api-client is not installed in {PEER.relative_to(ROOT)}: run make bench, or "
            f"pip install --target {PEER.relative_to(ROOT)} -r benchmarks/requirements.txt"
        )

    in_process = ours(args.calls, args.runs, None) | theirs(args.calls, args.runs, None)
    report("in-process transport", in_process, args.runs)
    with _server.running("--max-seconds", "600") as server:
        loopback = ours(args.server_calls, args.runs, server.url) | theirs(args.server_calls, args.runs, server.url)
    report("loopback server", loopback, args.runs)


if __name__ == "__main__":
    main()
