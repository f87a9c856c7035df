"""Timing helpers: interleaved runs and medians.

The machine these run on is shared (2 cores, often other jobs), so a benchmark never
times its subject and its baseline in two separate blocks: load that comes and goes
would land on one of them only. Instead every round runs each variant once, in an
order that alternates (A B, B A, ...), and the report takes the median per variant.
Both wall-clock and process CPU time are recorded: for an in-process benchmark with no
I/O the CPU time is what the code costs, unaffected by other processes taking the CPU.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass
class Samples:
    """Wall-clock and CPU seconds of each run of one variant."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    def spread(self) -> str:
        """Min-max of the wall times, to show how noisy the run was."""
        return f"{min(self.wall) * 1000:.0f}-{max(self.wall) * 1000:.0f} ms"


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds taken by one call of ``run``."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def interleaved(variants: Mapping[str, Callable[[], object]], runs: int, warmup: int = 1) -> dict[str, Samples]:
    """Run every variant ``runs`` times, alternating the order each round.

    ``warmup`` untimed rounds come first: they load lazy imports, fill caches and open
    connections, which the steady state a long-running job lives in has already done.
    """
    names = list(variants)
    for _ in range(warmup):
        for name in names:
            variants[name]()
    samples = {name: Samples() for name in names}
    for round_index in range(runs):
        order = names if round_index % 2 == 0 else names[::-1]
        for name in order:
            wall, cpu = timed(variants[name])
            samples[name].wall.append(wall)
            samples[name].cpu.append(cpu)
    return samples


def median(values: list[float]) -> float:
    return statistics.median(values)


def paired_ratios(subject: Samples, baseline: Samples, cpu: bool = True) -> list[float]:
    """Per-round ratios ``subject / baseline`` of two variants timed by ``interleaved``.

    Each round ran both, one right after the other, so a round's ratio is measured under
    the same load; their median and min-max say more on a shared machine than a ratio
    of two medians taken at different moments.
    """
    mine, theirs = (subject.cpu, baseline.cpu) if cpu else (subject.wall, baseline.wall)
    return [a / b for a, b in zip(mine, theirs, strict=True)]


def summary(ratios: list[float]) -> tuple[float, list[float]]:
    """(median, [min, max]) of some ratios, as ``Result.ratio`` and ``Result.spread`` take them."""
    return statistics.median(ratios), [min(ratios), max(ratios)]


def interleaved_finely(
    variants: Mapping[str, Callable[[], object]], runs: int, repeat: int, warmup: int = 1
) -> dict[str, Samples]:
    """Like :func:`interleaved`, but each round calls every variant ``repeat`` times in
    turn (A B C, C B A, ...) and records each variant's total: for calls of a few
    milliseconds, so that load which comes and goes within a round lands on all alike."""
    names = list(variants)
    for _ in range(warmup):
        for name in names:
            variants[name]()
    samples = {name: Samples() for name in names}
    clock, cpu_clock = time.perf_counter, time.process_time
    for _ in range(runs):
        wall = dict.fromkeys(names, 0.0)
        cpu = dict.fromkeys(names, 0.0)
        # As timeit does: no garbage collection inside a round (a pass triggered by one
        # variant's allocations would be billed to whichever ran next), one between rounds.
        gc.collect()
        gc.disable()
        try:
            for index in range(repeat):
                for name in names if index % 2 == 0 else names[::-1]:
                    run = variants[name]
                    w, c = clock(), cpu_clock()
                    run()
                    wall[name] += clock() - w
                    cpu[name] += cpu_clock() - c
        finally:
            gc.enable()
        for name in names:
            samples[name].wall.append(wall[name])
            samples[name].cpu.append(cpu[name])
    return samples
