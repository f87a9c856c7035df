"""How a benchmark reports a measurement, and how the runner reads it back.

A benchmark is a separate process; the only thing it shares with the runner is its
standard output. Each result is one line ``BENCH {json}`` so the runner can pick the
results out of whatever else the benchmark printed for a human.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

PREFIX = "BENCH "

Comparison = Literal["<=", ">=", "<", ">"]


@dataclass(frozen=True)
class Result:
    """One measured figure, its baseline, and the target it is judged by.

    ``ratio`` is what the target constrains: value/baseline for relative targets, or
    value/limit for absolute ones (then ``baseline`` is the limit). ``target`` is
    ``None`` for figures printed for information only.
    """

    bench: str
    label: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    ratio: float | None = None
    comparison: Comparison | None = None
    target: float | None = None
    runs: int = 0
    notes: list[str] = field(default_factory=list)
    # min and max of the per-round ratios, when the ratio is the median of paired rounds
    spread: list[float] | None = None

    @property
    def gated(self) -> bool:
        return self.target is not None and self.comparison is not None

    @property
    def passed(self) -> bool | None:
        if not self.gated or self.ratio is None:
            return None
        assert self.target is not None
        return {
            "<=": self.ratio <= self.target,
            ">=": self.ratio >= self.target,
            "<": self.ratio < self.target,
            ">": self.ratio > self.target,
        }[self.comparison or "<="]

    def verdict(self) -> str:
        passed = self.passed
        return "info" if passed is None else ("PASS" if passed else "MISS")

    def ratio_text(self) -> str:
        """The ratio, with the min-max of its paired rounds when there were some."""
        if self.ratio is None:
            return ""
        if self.spread:
            return f"{self.ratio:.2f} ({self.spread[0]:.2f}-{self.spread[1]:.2f})"
        return f"{self.ratio:.3f}"

    def target_text(self) -> str:
        return f"{self.comparison} {self.target:g}" if self.gated else "-"


def emit(result: Result) -> None:
    """Print ``result`` for the runner (and a readable line for whoever watches)."""
    ratio = "" if result.ratio is None else f"  ratio {result.ratio_text()} (target {result.target_text()})"
    print(f"  => {result.label}: {format_value(result.value, result.unit)}{ratio}  [{result.verdict()}]")
    print(PREFIX + json.dumps(asdict(result)), flush=True)


def parse(line: str) -> Result | None:
    if not line.startswith(PREFIX):
        return None
    data: dict[str, Any] = json.loads(line[len(PREFIX) :])
    return Result(**data)


def format_value(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.3f} s" if value >= 1 else f"{value * 1000:.1f} ms"
    if unit == "us":
        return f"{value:.1f} us"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:.1f} {unit}"


def say(message: str) -> None:
    """Progress for a human; goes to stderr-free stdout so the runner can echo it in order."""
    print(message, flush=True)


def fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr, flush=True)
