"""Targets 9: walk 10,000 items over 20 pages, reading two fields of each, against raw httpx.

The listing a sync job walks: ``client.end_users.conversations.list(user)`` (target <= 3x)
and ``client.agents.list()`` (target <= 2.2x), 500 items per page, following ``meta.next``
through an ``httpx.MockTransport`` that serves pages held in memory
(``benchmarks/_listings.py``). Each item's id and one more field are read. The baseline
is the same walk by hand: ``httpx.Client.get`` on the same transport, ``json.loads``,
``meta.next`` followed, the same two fields read from the dicts.

Each round walks three times with each, taking turns (garbage collection paused within
a round, as timeit does); a ratio is taken per round on process CPU time (the transport
does no I/O) and reported as the median with the min-max over the rounds.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

import httpx

from benchmarks import _listings, _payloads
from benchmarks._report import Result, emit, say
from benchmarks._timing import interleaved_finely, paired_ratios, summary

BASE_URL = "https://dev.dixa.io"
REPEAT = 3  # walks per variant per round
TARGETS = {"conversations": 3.0, "agents": 2.2}
# (SDK attribute, JSON key) of the second field read per item; the first is the id.
SECOND_FIELD = {"conversations": ("created_at", "createdAt"), "agents": ("email", "email")}


def sdk_walk(pages: _listings.Pages, kind: str) -> Callable[[], int]:
    import dixa

    client = dixa.Dixa(
        api_key=_payloads.API_KEY,
        base_url=BASE_URL,
        http_client=httpx.Client(transport=httpx.MockTransport(pages.handler)),
        rate_limit=None,
    )
    attribute = SECOND_FIELD[kind][0]

    def run() -> int:
        if kind == "conversations":
            listing = client.end_users.conversations.list(_listings.END_USER_ID, page_limit=pages.per_page)
        else:
            listing = client.agents.list(page_limit=pages.per_page)  # type: ignore[assignment]
        count = 0
        for item in listing:
            if item.id is not None and getattr(item, attribute) is not None:
                count += 1
        assert count == pages.total_items, count
        return count

    return run


def raw_walk(pages: _listings.Pages, kind: str) -> Callable[[], int]:
    http = httpx.Client(
        transport=httpx.MockTransport(pages.handler),
        base_url=BASE_URL,
        headers={"Authorization": _payloads.API_KEY, "Accept": "application/json"},
    )
    key_name = SECOND_FIELD[kind][1]

    def run() -> int:
        count, page_key = 0, None
        while True:
            params = {"pageLimit": pages.per_page, **({"pageKey": page_key} if page_key else {})}
            response = http.get(pages.path, params=params)
            if response.status_code != 200:
                raise RuntimeError(response.status_code)
            body = json.loads(response.content)
            for item in body["data"]:
                if item["id"] is not None and item[key_name] is not None:
                    count += 1
            link = (body.get("meta") or {}).get("next")
            if not link:
                break
            page_key = httpx.URL(link).params["pageKey"]
        assert count == pages.total_items, count
        return count

    return run


def measure(kind: str, page_count: int, per_page: int, rounds: int) -> None:
    pages = _listings.Pages(kind, page_count, per_page)
    walks = {"raw": raw_walk(pages, kind), "dixa": sdk_walk(pages, kind)}
    samples = interleaved_finely(walks, runs=rounds, repeat=REPEAT)
    ratio, spread = summary(paired_ratios(samples["dixa"], samples["raw"]))
    wall_ratio, wall_spread = summary(paired_ratios(samples["dixa"], samples["raw"], cpu=False))
    items = pages.total_items
    walk = {name: s.cpu_median / REPEAT for name, s in samples.items()}  # CPU seconds per walk
    say(f"walk {kind}: {items} items over {page_count} pages, {rounds} paired rounds of {REPEAT} walks each")
    for name in samples:
        say(f"  {name:5s} cpu {walk[name] * 1000:7.1f} ms per walk ({walk[name] / items * 1e6:5.2f} us/item)")
    emit(
        Result(
            bench="walk",
            label=f"walk {items:,} {kind} / {page_count} pages, two fields each (CPU)",
            value=walk["dixa"],
            unit="s",
            baseline=walk["raw"],
            baseline_label="raw httpx + json.loads, same MockTransport",
            ratio=ratio,
            spread=spread,
            comparison="<=",
            target=TARGETS[kind],
            runs=rounds,
            notes=[f"wall-clock ratio {wall_ratio:.2f} ({wall_spread[0]:.2f}-{wall_spread[1]:.2f})"],
        )
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--per-page", type=int, default=500)
    parser.add_argument("--runs", type=int, default=9, help="paired rounds (at least 7 for RESULTS.md)")
    parser.add_argument("--kind", choices=("conversations", "agents", "both"), default="both")
    args = parser.parse_args(argv)
    for kind in ["conversations", "agents"] if args.kind == "both" else [args.kind]:
        measure(kind, args.pages, args.per_page, args.runs)


if __name__ == "__main__":
    main()
