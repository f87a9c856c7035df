"""Target 1: ``python -c "import dixa"`` against ``python -c "import httpx"`` (target <= 1.5x).

Each command runs in a fresh interpreter, interleaved with the others, and the median
start-up of a bare ``python -c pass`` is subtracted from every figure, so the ratio
compares import work only. ``-I`` keeps the current directory and PYTHONPATH out of
``sys.path``: the installed (editable) package is what gets imported.

``import dixa`` is lazy, so two more figures are printed for information: importing the
client class (which needs httpx), against ``import httpx``; and getting as far as a first
call would (a client and the conversations area), against creating a bare
``httpx.Client()``. They show what a job pays before its first request.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from benchmarks._report import Result, emit, say
from benchmarks._timing import median

TARGET = 1.5

COMMANDS = {
    "start-up": "pass",
    "import httpx": "import httpx",
    "import dixa": "import dixa",
    "import dixa; dixa.Dixa": "import dixa; dixa.Dixa",
    "httpx.Client()": "import httpx; httpx.Client()",
    "client + conversations.notes": "import dixa; dixa.Dixa(api_key='k').conversations.notes",
}

# (figure, its baseline, gated?): a client is compared with a bare httpx.Client, since
# creating one (the TLS context above all) costs the same in both.
ROWS = (
    ("import dixa", "import httpx", True),
    ("import dixa; dixa.Dixa", "import httpx", False),
    ("client + conversations.notes", "httpx.Client()", False),
)


def run_once(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-I", "-c", code], check=True, cwd="/")  # noqa: S603 - fixed snippets
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args(argv)

    for code in COMMANDS.values():
        run_once(code)  # warm the file cache and write .pyc files; cold disks are not the question
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    names = list(COMMANDS)
    for round_index in range(args.runs):
        for name in names if round_index % 2 == 0 else names[::-1]:
            times[name].append(run_once(COMMANDS[name]))
    medians = {name: median(values) for name, values in times.items()}
    startup = medians["start-up"]
    say(f"import: {args.runs} fresh interpreters per command, interleaved; start-up {startup * 1000:.1f} ms subtracted")
    for name, value in medians.items():
        say(f"  {name:30s} {value * 1000:6.1f} ms   net {max(value - startup, 0.0) * 1000:6.1f} ms")

    for name, base_name, gated in ROWS:
        net = max(medians[name] - startup, 0.0)
        base_net = medians[base_name] - startup
        emit(
            Result(
                bench="import",
                label=f"`{COMMANDS[name]}`" if gated else f"`{COMMANDS[name]}` (info)",
                value=net,
                unit="s",
                baseline=base_net,
                baseline_label=f"`{COMMANDS[base_name]}`, start-up subtracted",
                ratio=net / base_net,
                comparison="<=" if gated else None,
                target=TARGET if gated else None,
                runs=args.runs,
                notes=[f"start-up {startup * 1000:.1f} ms subtracted from both"],
            )
        )


if __name__ == "__main__":
    main()
