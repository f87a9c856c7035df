"""Target 10: the first call in a fresh process, against raw httpx (target <= 1.4x).

What a short-lived job (a cron script, a serverless function) pays before its first result:
``import dixa``, a client, one ``conversations.notes.list(...)`` read to the end, against
``import httpx``, an ``httpx.Client`` and one ``GET`` + ``json.loads`` of the same page,
both to the loopback server (``benchmarks/_server.py``). Each runs in a fresh
``python -I`` interpreter that times itself from before its first import to the result,
so the interpreter's own start-up is left out of both. Rounds alternate the two; the
ratio of the children's CPU times is taken per round and reported as the median with the
min-max over the rounds (the wall-clock ratio, which includes waiting for the server and,
on a busy machine, for a CPU, is printed beside it).
Peak RSS growth over the same span is printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

from benchmarks import _payloads, _server
from benchmarks._report import Result, emit, say
from benchmarks._timing import summary

TARGET = 1.4

# The tree under test comes first on the child's sys.path, as it does here (so that
# `benchmarks.ab` and a PYTHONPATH pointing at another tree measure that tree).
_MEASURE = """
import sys; sys.path[:0] = {prefix!r}
import resource, time
started, cpu, rss = time.perf_counter(), time.process_time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
{body}
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
print(seconds, cpu, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024)
"""

SNIPPETS = {
    "raw httpx": """
import json, httpx
http = httpx.Client(base_url={url!r}, headers={{"Authorization": {key!r}, "Accept": "application/json"}})
response = http.get({path!r})
response.raise_for_status()
assert len(json.loads(response.content)["data"]) == 5
""",
    "dixa": """
import dixa
client = dixa.Dixa(api_key={key!r}, base_url={url!r})
assert len(client.conversations.notes.list({conversation}).to_list()) == 5
""",
}


def _tree() -> list[str]:
    """The sys.path entries before the standard library's: the tree being measured."""
    stdlib = os.path.dirname(os.__file__)
    prefix = []
    for entry in sys.path:
        if entry == stdlib or entry.endswith(".zip") or entry.startswith(stdlib + os.sep) or "site-packages" in entry:
            break
        if entry:
            prefix.append(os.path.abspath(entry))
    return prefix


def run_once(name: str, url: str) -> tuple[float, float, float]:
    body = SNIPPETS[name].format(
        url=url, key=_payloads.API_KEY, path=_payloads.NOTES_PATH, conversation=_payloads.CONVERSATION_ID
    )
    output = subprocess.run(  # noqa: S603 - our own interpreter and snippets
        [sys.executable, "-I", "-c", _MEASURE.format(body=body, prefix=_tree())],
        check=True,
        capture_output=True,
        text=True,
        cwd="/",
    ).stdout
    seconds, cpu, mib = output.split()
    return float(seconds), float(cpu), float(mib)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="paired rounds (at least 7 for RESULTS.md)")
    parser.add_argument("--importtime", action="store_true", help="print the SDK's slowest imports instead")
    args = parser.parse_args(argv)
    with _server.running("--max-seconds", "600") as server:
        if args.importtime:
            body = SNIPPETS["dixa"].format(
                url=server.url, key=_payloads.API_KEY, path="", conversation=_payloads.CONVERSATION_ID
            )
            err = subprocess.run(  # noqa: S603
                [sys.executable, "-I", "-X", "importtime", "-c", body], capture_output=True, text=True, check=True
            ).stderr
            rows = [line.split("|") for line in err.splitlines() if line.startswith("import time:")][1:]
            rows.sort(key=lambda r: -int(r[0].split(":")[1]))
            print("self us | cumulative us | module")
            for row in rows[:25]:
                print("|".join(row))
            return
        names = list(SNIPPETS)
        for name in names:
            run_once(name, server.url)  # warm the file cache and .pyc files
        seconds: dict[str, list[float]] = {name: [] for name in names}
        cpu: dict[str, list[float]] = {name: [] for name in names}
        memory: dict[str, list[float]] = {name: [] for name in names}
        for round_index in range(args.runs):
            for name in names if round_index % 2 == 0 else names[::-1]:
                took, used, mib = run_once(name, server.url)
                seconds[name].append(took)
                cpu[name].append(used)
                memory[name].append(mib)
    # Judged on the child's CPU time: its wall time also holds the wait for the server,
    # and on a busy machine the wait for a CPU, which say nothing about the SDK.
    rounds = [a / b for a, b in zip(cpu["dixa"], cpu["raw httpx"], strict=True)]
    ratio, spread = summary(rounds)
    wall_ratio, wall_spread = summary([a / b for a, b in zip(seconds["dixa"], seconds["raw httpx"], strict=True)])
    medians = {name: statistics.median(values) for name, values in cpu.items()}
    walls = {name: statistics.median(values) for name, values in seconds.items()}
    rss = {name: statistics.median(values) for name, values in memory.items()}
    say(f"first call: {args.runs} paired rounds of fresh interpreters (start-up excluded)")
    for name in names:
        figures = f"cpu {medians[name] * 1000:6.1f} ms  wall {walls[name] * 1000:6.1f} ms"
        say(f"  {name:10s} {figures}  peak RSS +{rss[name]:.1f} MiB")
    emit(
        Result(
            bench="first",
            label="first call in a fresh process: import, client, one notes.list (CPU)",
            value=medians["dixa"],
            unit="s",
            baseline=medians["raw httpx"],
            baseline_label="import httpx, httpx.Client, one GET + json.loads, same loopback server",
            ratio=ratio,
            spread=spread,
            comparison="<=",
            target=TARGET,
            runs=args.runs,
            notes=[
                f"wall-clock ratio {wall_ratio:.2f} ({wall_spread[0]:.2f}-{wall_spread[1]:.2f}); "
                f"+{(medians['dixa'] - medians['raw httpx']) * 1000:.0f} ms CPU, "
                f"peak RSS +{rss['dixa'] - rss['raw httpx']:.1f} MiB over raw; "
                f"rounds: {json.dumps([round(r, 2) for r in rounds])}"
            ],
        )
    )


if __name__ == "__main__":
    main()
