"""Run every benchmark and print one ratio per target (``make bench``).

    python -m benchmarks.run                      # all, full size
    python -m benchmarks.run --only call,import   # some (make bench ONLY=parse,walk)
    python -m benchmarks.run --quick              # smoke check: small and fast, not for RESULTS.md
    python -m benchmarks.run --results benchmarks/RESULTS.md   # also record the table there

Each benchmark runs as ``python -m benchmarks.bench_<name>`` in a fresh interpreter, one
after the other (never in parallel: they would measure each other). The exit status is
2 if a benchmark failed to run, 1 with ``--strict`` if a target was missed, else 0.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import platform
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

from benchmarks._report import Result, format_value, parse

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

# name -> (what it measures, extra arguments for --quick)
BENCHMARKS: dict[str, tuple[str, list[str]]] = {
    "import": ("1. import time", ["--runs", "5"]),
    "call": ("2. per-call overhead", ["--runs", "5", "--calls", "1000"]),
    "async": ("3. async throughput", ["--runs", "5", "--requests", "400"]),
    "rate_limit": ("4. rate limit", ["--runs", "1", "--calls", "30"]),
    "pagination": ("5. pagination memory", ["--runs", "1", "--pages", "100"]),
    "generate": ("6. generation time", ["--runs", "1"]),
    "peer": ("7. peer comparison", ["--runs", "3", "--calls", "500", "--server-calls", "200"]),
    "parse": ("8. parse a 1,000-item page", ["--runs", "3", "--repeat", "2"]),
    "walk": ("9. pagination walk, two fields per item", ["--runs", "3", "--pages", "4"]),
    "first": ("10. first call in a fresh process", ["--runs", "3"]),
    "shared_limit": (
        "11. many processes, one key (shared limit)",
        ["--seconds", "2", "--rounds", "3", "--calls", "50"],
    ),
}
TIMEOUT_SECONDS = 1200


def run_benchmark(name: str, quick: bool) -> tuple[list[Result], str | None]:
    """Run one benchmark, echoing its output; its results, or why it failed."""
    command = [sys.executable, "-m", f"benchmarks.bench_{name}", *(BENCHMARKS[name][1] if quick else [])]
    print(f"\n== {BENCHMARKS[name][0]}: {shlex.join(['python', *command[1:]])}", flush=True)
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)  # noqa: S603
    assert process.stdout is not None
    results: list[Result] = []
    deadline = time.monotonic() + TIMEOUT_SECONDS
    for line in process.stdout:
        result = parse(line)
        if result is not None:
            results.append(result)
        else:
            print(f"   {line}", end="", flush=True)
        if time.monotonic() > deadline:
            process.kill()
            return results, f"timed out after {TIMEOUT_SECONDS} s"
    code = process.wait()
    if code != 0:
        return results, f"exited with {code}"
    if not results:
        return results, "reported no result"
    return results, None


def table(results: list[Result]) -> list[str]:
    rows = [
        "| # | figure | value | baseline | ratio (min-max of rounds) | target | |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        number = BENCHMARKS[r.bench][0].split(".", 1)[0] if r.bench in BENCHMARKS else ""
        baseline = "" if r.baseline is None else f"{format_value(r.baseline, r.unit)} ({r.baseline_label})"
        ratio = r.ratio_text()
        rows.append(
            f"| {number} | {r.label} | {format_value(r.value, r.unit)} | {baseline} | {ratio} | "
            f"{r.target_text()} | {r.verdict()} |"
        )
    return rows


def machine() -> list[str]:
    cpu = "unknown CPU"
    meminfo = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
        meminfo = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, AttributeError):
        pass
    import httpx

    return [
        f"- machine: {cpu}, {os.cpu_count()} cores{meminfo}; {platform.platform()}",
        f"- Python {platform.python_version()}, httpx {httpx.__version__}",
        f"- load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (a shared machine: see the notes)",
        f"- commit: {git_revision()}",
    ]


def git_revision() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False).stdout  # noqa: S603, S607

    try:
        head, dirty = git("rev-parse", "--short", "HEAD"), git("status", "--porcelain")
    except OSError:
        return "unknown"
    return head.strip() + (" + uncommitted changes" if dirty.strip() else "")


def write_results(path: Path, header: list[str], results: list[Result], errors: dict[str, str]) -> None:
    notes = [f"- {r.label}: {note}" for r in results for note in r.notes]
    block = [
        BEGIN,
        *header,
        "",
        *table(results),
        "",
        *(f"- **{name} failed**: {why}" for name, why in errors.items()),
        *notes,
        END,
    ]
    text = path.read_text() if path.exists() else f"# Benchmark results\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        text += f"\n{BEGIN}\n{END}\n"
    before, rest = text.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    path.write_text(before + "\n".join(block) + after)
    print(f"\nwrote {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help=f"comma-separated subset of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke check")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--results", type=Path, help="write the table into this Markdown file")
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(arguments)
    wanted = [n.strip() for n in args.only.split(",")] if args.only else list(BENCHMARKS)
    unknown = [n for n in wanted if n not in BENCHMARKS]
    names = [n for n in BENCHMARKS if n in wanted]  # always in the order
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")

    started = _dt.datetime.now(_dt.UTC)
    header = [
        f"- date: {started:%Y-%m-%d %H:%M} UTC",
        f"- command: `{shlex.join(['python', '-m', 'benchmarks.run', *arguments])}`"
        + (" (quick: smoke-check sizes)" if args.quick else ""),
        *machine(),
    ]
    results: list[Result] = []
    errors: dict[str, str] = {}
    for name in names:
        found, error = run_benchmark(name, args.quick)
        results.extend(found)
        if error:
            errors[name] = error
            print(f"   !! {name}: {error}", flush=True)

    print("\n" + "\n".join(header))
    print(f"- took {(_dt.datetime.now(_dt.UTC) - started).total_seconds():.0f} s\n")
    print("\n".join(table(results)))
    for name, why in errors.items():
        print(f"FAILED {name}: {why}")
    if args.results:
        write_results(args.results, header, results, errors)
    missed = [r for r in results if r.passed is False]
    if missed:
        print(f"\n{len(missed)} target(s) missed: " + "; ".join(f"{r.label} ({r.ratio:.3f})" for r in missed))
    if errors:
        return 2
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
