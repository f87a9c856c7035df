"""Compare one benchmark across copies of the source tree (A/B), to measure a change.

    cp -r dixa generated /tmp/b/ && (edit /tmp/b/...) && \\
    python -m benchmarks.ab --reps 6 base=. change=/tmp/b

Each tree must hold ``dixa/`` and ``generated/dixa_generated``; the benchmark code used is
this checkout's. Runs alternate between the trees (A B, B A, ...), each in a fresh
interpreter with that tree first on ``sys.path``, and the report gives the median of each
tree's ratio, which is what varies least on a shared machine: each ratio is measured
against a baseline timed in the same process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks._report import parse

ROOT = Path(__file__).resolve().parent.parent


def run_in(tree: Path, bench: str, extra: list[str]) -> tuple[float, float]:
    """(ratio, value - baseline) of the first gated result of ``bench`` run against ``tree``."""
    # -I: nothing from the environment or the current directory; the tree, then this
    # checkout (for the benchmark modules), come first on sys.path.
    bootstrap = (
        f"import sys, runpy; sys.path[:0] = {[str(tree), str(tree / 'generated'), str(ROOT)]!r}; "
        f"sys.argv = ['bench', *{extra!r}]; runpy.run_module('benchmarks.bench_{bench}', run_name='__main__')"
    )
    output = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-I", "-c", bootstrap], capture_output=True, text=True, check=True, cwd=tree
    ).stdout
    for line in output.splitlines():
        result = parse(line)
        if result is not None and result.gated and result.ratio is not None and result.baseline is not None:
            return result.ratio, result.value - result.baseline
    raise SystemExit(f"{bench} reported no gated result for {tree}:\n{output}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", help="name=path of a tree holding dixa/ and generated/")
    parser.add_argument("--bench", default="call")
    parser.add_argument("--reps", type=int, default=6)
    parser.add_argument("--args", default="--runs 5 --calls 2000", help="arguments for the benchmark")
    args = parser.parse_args(argv)
    trees = {name: Path(path).resolve() for name, path in (t.split("=", 1) for t in args.trees)}
    for name, tree in trees.items():
        if not (tree / "dixa" / "__init__.py").exists():
            parser.error(f"{name}: {tree} has no dixa/ package")
    extra = args.args.split()
    ratios: dict[str, list[float]] = {name: [] for name in trees}
    above: dict[str, list[float]] = {name: [] for name in trees}
    names = list(trees)
    for rep in range(args.reps):
        for name in names if rep % 2 == 0 else names[::-1]:
            ratio, delta = run_in(trees[name], args.bench, extra)
            ratios[name].append(ratio)
            above[name].append(delta)
            print(f"  rep {rep + 1} {name}: ratio {ratio:.3f}", flush=True)
    print(f"\n{args.bench}, {args.reps} alternating reps ({os.cpu_count()} cores):")
    for name in names:
        print(
            f"  {name:12s} ratio median {statistics.median(ratios[name]):.3f}   "
            f"above baseline median {statistics.median(above[name]):.1f}   "
            f"ratios {', '.join(f'{r:.2f}' for r in ratios[name])}"
        )


if __name__ == "__main__":
    main()
