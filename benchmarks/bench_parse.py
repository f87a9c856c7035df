"""Targets 8: parse a 1,000-item page, JSON bytes to typed models, against ``json.loads``.

Two pages (``benchmarks/_listings.py``): 1,000 conversations cycling through every
channel's ``_type`` (target <= 3x), and 1,000 agents (target <= 2x). The SDK's figure is
``json.loads`` followed by the generated listing model's ``from_dict``, the work the SDK
does on each page it receives. When ``make bench`` has installed them into
``build/bench-libs`` (never into .venv), msgspec and pydantic v2 models of the same shape
decode the same bytes, for reference.

Every round parses the same bytes ``--repeat`` times with each decoder, the decoders
taking turns parse by parse (so load that comes and goes lands on all alike); a ratio is
taken within each round, on process CPU time (no I/O here), and the report gives the
median with the min-max over the rounds.
``--profile`` runs the SDK's parse of the conversations page under cProfile instead.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from benchmarks import _listings
from benchmarks._report import Result, emit, say
from benchmarks._timing import interleaved_finely, paired_ratios, summary

TARGETS = {"conversations": 3.0, "agents": 2.0}


def sdk_parser(kind: str) -> Callable[[bytes], Any]:
    """bytes -> the typed items, as the SDK builds them from a listing page."""
    if kind == "conversations":
        from dixa_generated.models.list_end_user_conversations_output import (
            ListEndUserConversationsOutput as Output,
        )
    else:
        from dixa_generated.models.list_agents_output import ListAgentsOutput as Output  # type: ignore[assignment]

    def parse(body: bytes) -> Any:
        return Output.from_dict(json.loads(body)).data

    return parse


def peers(kind: str) -> tuple[dict[str, Callable[[bytes], Any]], str]:
    try:
        from benchmarks import _peer_models
    except ImportError as error:
        return {}, f"msgspec/pydantic not measured ({error.name} missing: run `make bench` once to install them)"
    versions = ", ".join(f"{name} {version}" for name, version in _peer_models.VERSIONS.items())
    return _peer_models.decoders(kind), versions


def measure(kind: str, items: int, repeat: int, rounds: int) -> None:
    body = _listings.page(kind, items)
    sdk = sdk_parser(kind)
    decoders: dict[str, Callable[[bytes], Any]] = {"json.loads": json.loads, "dixa": sdk}
    others, note = peers(kind)
    decoders.update(others)
    for name, decode in decoders.items():  # every decoder must read the page, not fail on it
        parsed = decode(body)
        count = len(parsed if isinstance(parsed, list) else parsed["data"] if isinstance(parsed, dict) else parsed.data)
        assert count == items, (name, count)

    def once(decode: Callable[[bytes], Any]) -> Callable[[], None]:
        return lambda: decode(body)

    samples = interleaved_finely({name: once(decode) for name, decode in decoders.items()}, runs=rounds, repeat=repeat)
    base = samples["json.loads"]
    per_item = {name: s.cpu_median / repeat / items * 1e6 for name, s in samples.items()}
    size = f"{len(body) / 1024:.0f} KiB"
    say(f"parse {kind}: {items} items ({size}) x {repeat} per round, {rounds} paired rounds; {note}")
    for name, s in samples.items():
        ratio, spread = summary(paired_ratios(s, base))
        say(f"  {name:12s} {per_item[name]:6.2f} us/item   {ratio:5.2f}x json.loads ({spread[0]:.2f}-{spread[1]:.2f})")
    for name in decoders:
        if name == "json.loads":
            continue
        ratio, spread = summary(paired_ratios(samples[name], base))
        gated = name == "dixa"
        emit(
            Result(
                bench="parse",
                label=f"1,000 {kind}, bytes to models: {name}" + ("" if gated else " (info)"),
                value=per_item[name] * items,
                unit="us",
                baseline=per_item["json.loads"] * items,
                baseline_label="json.loads, same bytes",
                ratio=ratio,
                spread=spread,
                comparison="<=" if gated else None,
                target=TARGETS[kind] if gated else None,
                runs=rounds,
                notes=[f"{1e6 / per_item[name]:,.0f} items/s (CPU); {note}"] if gated else [],
            )
        )


def profile(kind: str, items: int, repeat: int) -> None:
    import cProfile
    import pstats

    body = _listings.page(kind, items)
    parse = sdk_parser(kind)
    parse(body)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        parse(body)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(18)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=10, help="parses of the page per round")
    parser.add_argument("--runs", type=int, default=9, help="paired rounds (at least 7 for RESULTS.md)")
    parser.add_argument("--kind", choices=("conversations", "agents", "both"), default="both")
    parser.add_argument("--profile", action="store_true", help="cProfile the SDK's parse instead")
    args = parser.parse_args(argv)
    kinds = ["conversations", "agents"] if args.kind == "both" else [args.kind]
    for kind in kinds:
        if args.profile:
            profile(kind, args.items, args.repeat)
        else:
            measure(kind, args.items, args.repeat, args.runs)


if __name__ == "__main__":
    main()
