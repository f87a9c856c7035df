"""The limiter never loses capacity to a caller that leaves, a 429 pauses every caller of
the key, and a ``Retry-After`` asking for no wait falls back to the backoff
(issue 9, items 2 and 9).

Before: a cancelled task kept its booked slot, so after cancelling 197 of 200 queued
calls the next call waited ~19.7 s; a 429 whose Retry-After exceeded the cap failed fast
without pausing anyone; ``Retry-After: 0`` (or ``-5``, ``nan``) retried back to back.
"""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest

import dixa
from dixa import _retry
from tests.faults.faultkit import GET, TAGS, Runner
from tests.faults.faultserver import FaultServer, Reply

INTERVAL = 0.1
ONE_BY_ONE = dixa.RateLimit(rate=1 / INTERVAL, burst=1, jitter=0)


@pytest.mark.parametrize("next_caller", ["async", "sync"])
async def test_cancelled_waiters_give_their_slots_back(server: FaultServer, next_caller: str) -> None:
    server.script(GET.method, GET.path, GET.ok)
    options = {"api_key": f"edge-{uuid.uuid4()}", "base_url": server.url, "rate_limit": ONE_BY_ONE, "max_retries": 0}
    async with dixa.AsyncDixa(**options) as client:
        tasks = [asyncio.create_task(client.conversations.tags.list(1).to_list()) for _ in range(200)]
        await asyncio.sleep(INTERVAL / 2)  # the first is sent; 199 wait in the limiter
        for task in tasks[3:]:
            task.cancel()  # 197 of them give up
        await asyncio.wait_for(asyncio.gather(*tasks[:3]), 5)  # the 3 kept go one interval apart

        started = time.monotonic()
        if next_caller == "async":
            await asyncio.wait_for(client.conversations.tags.list(1).to_list(), 5)
        else:
            with dixa.Dixa(**options) as sync_client:  # same key: the same limiter
                await asyncio.wait_for(asyncio.to_thread(lambda: sync_client.conversations.tags.list(1).to_list()), 5)
        waited = time.monotonic() - started

    assert all(task.cancelled() for task in tasks[3:])
    assert len(server.arrivals()) == 4  # the 197 cancelled ones never reached the server
    assert waited < 5 * INTERVAL  # its own slot, one interval after the last: not 197 intervals


@pytest.fixture
def short_cap(monkeypatch: pytest.MonkeyPatch) -> float:
    """Calls wait out at most 0.3 s of Retry-After (60 s in production)."""
    monkeypatch.setattr(_retry, "MAX_RETRY_AFTER", 0.3)
    return 0.3


async def test_a_429_beyond_the_cap_fails_fast_and_still_pauses_every_caller(
    run: Runner, server: FaultServer, short_cap: float
) -> None:
    refused_path = "/beta/conversations/2/tags"
    server.script("GET", refused_path, Reply(429, {"message": "Slow down"}, headers={"Retry-After": "30"}))
    server.script(GET.method, GET.path, GET.ok)

    with pytest.raises(dixa.RateLimitError) as info:
        await run.call(lambda c: c.conversations.tags.list(2), rate_limit=dixa.RateLimit())
    assert info.value.retry_after == 30
    assert info.value.attempts == 1  # failed fast: 30 s is more than a call should hide
    await run.call(GET.call, rate_limit=dixa.RateLimit())  # another caller of the same key

    (refused_at, *_), (next_at, *_) = server.arrivals()
    assert next_at - refused_at >= short_cap - 0.05  # held for the capped pause, not sent at once


@pytest.mark.parametrize("value", ["0", "-5", "nan", "inf", "Wed, 21 Oct 2015 07:28:00 GMT"])
async def test_retry_after_asking_for_no_wait_falls_back_to_backoff(
    run: Runner, server: FaultServer, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setattr(_retry, "INITIAL_DELAY", 0.05)  # backoffs of ~50 and ~100 ms
    server.script(
        GET.method, GET.path, Reply(503, {"message": "busy"}, headers={"Retry-After": value}), Reply(200, TAGS)
    )

    await run.call(GET.call)  # succeeds on the second attempt

    arrivals = [at for at, _, _ in server.arrivals()]
    assert len(arrivals) == 2
    assert arrivals[1] - arrivals[0] >= 0.75 * 0.05  # the backoff (minus its jitter), not back to back
