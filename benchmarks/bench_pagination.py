"""Target 5: iterating 100,000 items over 1,000 pages grows peak RSS by at most 20 MB.

``client.conversations.activity_log.list_all()`` is followed page by page (``meta.next``
-> ``pageKey``) through an ``httpx.MockTransport`` serving 1,000 pages of 100 activity-log
entries of four kinds. Peak RSS (``ru_maxrss``) is read after the client is made and
again after the last item, in a fresh process per run since the peak only ever rises.
Lazy imports of the models happen during the walk and are counted: they are part of
what a job pays. The same walk with raw httpx + ``json.loads`` is measured for
comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import httpx

from benchmarks import _payloads
from benchmarks._report import Result, emit, say
from benchmarks._timing import median

ROOT = Path(__file__).resolve().parent.parent
BASE_URL = "https://dev.dixa.io"
LIMIT_MB = 20.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def transport(pages: _payloads.ActivityPages) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        body = pages.body(request.url.params.get("pageKey"))
        return httpx.Response(200, content=body, headers=_payloads.JSON_HEADERS)

    return httpx.MockTransport(handler)


def walk_sdk(pages: _payloads.ActivityPages) -> int:
    import dixa

    client = dixa.Dixa(
        api_key=_payloads.API_KEY,
        base_url=BASE_URL,
        http_client=httpx.Client(transport=transport(pages)),
        rate_limit=None,
    )
    pager = client.conversations.activity_log.list_all(page_limit=pages.per_page)
    count = 0
    for entry in pager:
        count += 1
        assert entry.conversation_id >= _payloads.CONVERSATION_ID
    return count


def walk_raw(pages: _payloads.ActivityPages) -> int:
    http = httpx.Client(transport=transport(pages), base_url=BASE_URL, headers={"Authorization": _payloads.API_KEY})
    count, key = 0, None
    while True:
        body = json.loads(http.get(_payloads.ACTIVITY_PATH, params={"pageKey": key} if key else None).content)
        for entry in body["data"]:
            count += 1
            assert entry["conversationId"] >= _payloads.CONVERSATION_ID
        link = body.get("meta", {}).get("next")
        if not link:
            return count
        key = httpx.URL(link).params["pageKey"]


def child(variant: str, page_count: int, per_page: int) -> None:
    """One measured walk, in this (fresh) process; prints its figures as JSON."""
    pages = _payloads.ActivityPages(page_count, per_page)
    before = peak_rss_mb()
    started = time.perf_counter()
    count = walk_sdk(pages) if variant == "sdk" else walk_raw(pages)
    seconds = time.perf_counter() - started
    if count != pages.total_items:
        raise SystemExit(f"walked {count} items, expected {pages.total_items}")
    print(json.dumps({"growth_mb": peak_rss_mb() - before, "before_mb": before, "seconds": seconds, "items": count}))


def measure(variant: str, page_count: int, per_page: int) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.bench_pagination", "--child", variant]
    command += ["--pages", str(page_count), "--per-page", str(per_page)]
    # The child sees the modules this process sees (so `benchmarks.ab` can point both at a tree).
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    output = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout  # noqa: S603
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--per-page", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=("sdk", "raw"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.pages, args.per_page)
        return

    results: dict[str, list[dict[str, float]]] = {"sdk": [], "raw": []}
    for run in range(args.runs):
        for variant in ("sdk", "raw") if run % 2 == 0 else ("raw", "sdk"):
            results[variant].append(measure(variant, args.pages, args.per_page))
    items = args.pages * args.per_page
    say(f"pagination: {items} items over {args.pages} pages, {args.runs} fresh processes per variant")
    for variant, runs in results.items():
        say(
            f"  {variant:4s} peak RSS growth {median([r['growth_mb'] for r in runs]):5.1f} MB "
            f"(from {median([r['before_mb'] for r in runs]):.0f} MB), "
            f"walk {median([r['seconds'] for r in runs]):.2f} s, "
            f"{median([r['seconds'] for r in runs]) / items * 1e6:.1f} us/item"
        )
    growth = median([r["growth_mb"] for r in results["sdk"]])
    raw_growth = median([r["growth_mb"] for r in results["raw"]])
    sdk_seconds = median([r["seconds"] for r in results["sdk"]])
    raw_seconds = median([r["seconds"] for r in results["raw"]])
    emit(
        Result(
            bench="pagination",
            label=f"peak RSS growth, {items} items / {args.pages} pages",
            value=growth,
            unit="MB",
            baseline=LIMIT_MB,
            baseline_label=f"limit {LIMIT_MB:g} MB (raw httpx + json.loads grows {raw_growth:.1f} MB)",
            ratio=growth / LIMIT_MB,
            comparison="<=",
            target=1.0,
            runs=args.runs,
            notes=["per run (MB): " + ", ".join(f"{r['growth_mb']:.1f}" for r in results["sdk"])],
        )
    )
    emit(
        Result(
            bench="pagination",
            label="pagination walk time (info)",
            value=sdk_seconds,
            unit="s",
            baseline=raw_seconds,
            baseline_label="raw httpx + json.loads, untyped dicts",
            ratio=sdk_seconds / raw_seconds,
            runs=args.runs,
            notes=["typed parsing of 100,000 tagged-union entries dominates; see RESULTS.md"],
        )
    )


if __name__ == "__main__":
    main()
