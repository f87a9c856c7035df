"""Target 2: per-call overhead of the sync client against raw httpx (target <= 1.2x).

3,000 sequential ``client.conversations.notes.list(9456)`` calls, each read to the end,
served by an ``httpx.MockTransport`` returning a canned 5-note page, with the client-side
rate limiter off. The baseline is what a hand-written integration would do on the same
transport: ``httpx.Client.get`` with the same headers, a status check, ``json.loads``.

The transport does no I/O, so the CPU time of the process is the cost of the code; the
target is judged on it (the wall time, which other jobs on a shared machine inflate at
random, is printed beside it). ``--profile`` runs the SDK loop under pyinstrument and
prints where its time goes.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

import httpx

from benchmarks import _payloads
from benchmarks._report import Result, emit, say
from benchmarks._timing import interleaved, paired_ratios, summary

BASE_URL = "https://dev.dixa.io"
TARGET = 1.2


def handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=_payloads.NOTES_PAGE, headers=_payloads.JSON_HEADERS)


def raw_loop(calls: int, base_url: str = BASE_URL, mock: bool = True) -> Callable[[], None]:
    """The baseline: what a hand-written integration does per call."""
    http = httpx.Client(
        transport=httpx.MockTransport(handler) if mock else None,
        base_url=base_url,
        headers={"Authorization": _payloads.API_KEY, "Accept": "application/json"},
    )

    def run() -> None:
        for _ in range(calls):
            response = http.get(_payloads.NOTES_PATH)
            if response.status_code != 200:
                raise RuntimeError(response.status_code)
            notes = json.loads(response.content)["data"]
            assert len(notes) == 5

    return run


def sdk_loop(calls: int, base_url: str = BASE_URL, mock: bool = True) -> Callable[[], None]:
    """The same calls through the SDK (retries on, as by default; limiter off)."""
    import dixa

    client = dixa.Dixa(
        api_key=_payloads.API_KEY,
        base_url=base_url,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)) if mock else None,
        rate_limit=None,
    )

    def run() -> None:
        for _ in range(calls):
            notes = client.conversations.notes.list(_payloads.CONVERSATION_ID).to_list()
            assert len(notes) == 5

    return run


def profile(calls: int) -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        sys.exit("--profile needs pyinstrument: .venv/bin/pip install pyinstrument")
    run = sdk_loop(calls)
    run()  # warm: lazy imports are not per-call overhead
    profiler = Profiler(interval=0.0002)
    profiler.start()
    run()
    profiler.stop()
    print(profiler.output_text(unicode=False, color=False, show_all=False))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="profile the SDK loop instead of benchmarking")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.calls)
        return

    raw = raw_loop(args.calls)
    sdk = sdk_loop(args.calls)
    say(f"per-call: {args.calls} calls x {args.runs} runs, interleaved, MockTransport, rate_limit=None")
    samples = interleaved({"raw httpx + json.loads": raw, "dixa": sdk}, runs=args.runs)
    base, ours = samples["raw httpx + json.loads"], samples["dixa"]
    for name, s in samples.items():
        say(
            f"  {name:24s} cpu {s.cpu_median / args.calls * 1e6:6.1f} us/call   "
            f"wall {s.wall_median / args.calls * 1e6:6.1f} us/call   (runs {s.spread()})"
        )
    per_call = ours.cpu_median / args.calls * 1e6
    base_per_call = base.cpu_median / args.calls * 1e6
    # The ratio is taken within each round (both loops ran back to back), then summarised.
    ratio, spread = summary(paired_ratios(ours, base))
    wall_ratio, wall_spread = summary(paired_ratios(ours, base, cpu=False))
    emit(
        Result(
            bench="call",
            label="per-call overhead, notes.list (CPU)",
            value=per_call,
            unit="us",
            baseline=base_per_call,
            baseline_label="raw httpx.Client + json.loads, same MockTransport",
            ratio=ratio,
            spread=spread,
            comparison="<=",
            target=TARGET,
            runs=args.runs,
            notes=[
                f"wall-clock ratio {wall_ratio:.2f} ({wall_spread[0]:.2f}-{wall_spread[1]:.2f}) "
                f"({ours.wall_median / args.calls * 1e6:.1f} vs {base.wall_median / args.calls * 1e6:.1f} us/call)",
                f"{per_call - base_per_call:.1f} us/call above raw, of which typed parsing of 5 notes is part",
            ],
        )
    )


if __name__ == "__main__":
    main()
