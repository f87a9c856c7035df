"""Target 6: wall time of ``make generate`` from a downloaded spec (target < 15 s).

``make generate`` runs ``python -m scripts.generate``: normalize the spec, run the
pinned openapi-python-client with the project's templates and ruff post-hooks, check
the output and swap it in. To time exactly that without touching the shared checkout
(``generated/`` and ``openapi/*.normalized.json`` belong to the build), each run copies
``scripts/``, ``pyproject.toml`` and the downloaded spec into a fresh temporary
directory and runs the generator there; the generator finds its templates relative to
its own file, so it works on the copy.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._report import Result, emit, say
from benchmarks._timing import median

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "dixa-api-beta.yaml"
LIMIT_SECONDS = 15.0


def run_once() -> float:
    with tempfile.TemporaryDirectory(prefix="dixa-bench-gen-") as scratch:
        work = Path(scratch)
        shutil.copytree(ROOT / "scripts", work / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy2(ROOT / "pyproject.toml", work / "pyproject.toml")
        (work / "openapi").mkdir()
        shutil.copy2(SPEC, work / "openapi" / SPEC.name)
        started = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "scripts.generate"], cwd=work, capture_output=True, text=True, check=False
        )
        seconds = time.perf_counter() - started
        if run.returncode != 0:
            raise SystemExit(f"scripts.generate failed (exit {run.returncode}):\n{run.stdout}{run.stderr}")
        if not (work / "generated" / "dixa_generated" / "__init__.py").exists():
            raise SystemExit("scripts.generate reported success but produced no package")
        return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if not SPEC.exists():
        raise SystemExit(f"{SPEC.relative_to(ROOT)} is missing: run 'make spec' first")

    seconds = []
    for run in range(args.runs):
        seconds.append(run_once())
        say(f"  run {run + 1}: {seconds[-1]:.2f} s")
    value = median(seconds)
    say(f"generate: {args.runs} runs of `python -m scripts.generate` on a copy of the checkout")
    emit(
        Result(
            bench="generate",
            label="`make generate` (python -m scripts.generate)",
            value=value,
            unit="s",
            baseline=LIMIT_SECONDS,
            baseline_label=f"budget {LIMIT_SECONDS:g} s",
            ratio=value / LIMIT_SECONDS,
            comparison="<",
            target=1.0,
            runs=args.runs,
            notes=[f"runs: {', '.join(f'{s:.2f}' for s in seconds)} s"],
        )
    )


if __name__ == "__main__":
    main()
