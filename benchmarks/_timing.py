"""Timing helpers: interleaved runs and medians.

The machine these run on is shared (2 cores, often other jobs), so a benchmark never
times its subject and its baseline in two separate blocks: load that comes and goes
would land on one of them only. Instead every round runs each variant once, in an
order that alternates (A B, B A, ...), and the report takes the median per variant.
Both wall-clock and process CPU time are recorded: for an in-process benchmark with no
I/O the CPU time is what the code costs, unaffected by other processes taking the CPU.
"""

from __future__ import annotations

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
