"""The client-side rate limiter: its schedule (on a fake clock), its guarantee against a
server bucket under delay jitter (simulated), and its sharing between clients, threads
and tasks (through the public clients).

The end-to-end proof against a real local server enforcing 10/s with burst 4 is
``tests/faults/test_faults_rate_limit.py``.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
import uuid
from typing import Any

import httpx
import pytest

import dixa
from dixa._rate_limit import TokenBucket, limiter_for


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def schedule(limit: dixa.RateLimit, request_times: list[float]) -> list[float]:
    """Send times the bucket gives requests asking at ``request_times`` (ascending)."""
    clock = FakeClock()
    bucket = TokenBucket(limit, clock)
    sends = []
    for at in request_times:
        clock.now = 1000.0 + at
        sends.append(at + bucket.reserve())
    return sends


class ServerBucket:
    """Dixa's side: a plain token bucket measured at arrival, refusing when empty."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.updated = float(burst), 0.0

    def admit(self, at: float) -> bool:
        self.tokens = min(float(self.burst), self.tokens + (at - self.updated) * self.rate)
        self.updated = at
        if self.tokens >= 1 - 1e-9:
            self.tokens -= 1
            return True
        return False


# --- configuration ----------------------------------------------------------------------


def test_defaults_are_dixas_limit() -> None:
    limit = dixa.RateLimit()
    assert (limit.rate, limit.burst, limit.jitter) == (10.0, 4, 0.05)
    assert dixa.Dixa(api_key="k").rate_limit == limit


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"rate": 0}, dixa.InvalidParameterError),
        ({"rate": -1}, dixa.InvalidParameterError),
        ({"rate": float("inf")}, dixa.InvalidParameterError),
        ({"rate": float("nan")}, dixa.InvalidParameterError),
        ({"rate": "10"}, dixa.InvalidParameterTypeError),
        ({"burst": 0}, dixa.InvalidParameterError),
        ({"burst": 2.5}, dixa.InvalidParameterTypeError),
        ({"burst": True}, dixa.InvalidParameterTypeError),
        ({"jitter": -0.01}, dixa.InvalidParameterError),
    ],
)
def test_invalid_limits_are_refused(kwargs: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        dixa.RateLimit(**kwargs)
    assert isinstance(info.value, ValueError | TypeError)
    assert str(info.value).startswith("rate_limit.")


# --- the schedule -----------------------------------------------------------------------


def test_burst_then_steady_rate_with_the_jitter_margin() -> None:
    sends = schedule(dixa.RateLimit(), [0.0] * 8)
    # Three at once, the fourth 50 ms late (the jitter margin), then one every 100 ms.
    assert sends == pytest.approx([0, 0, 0, 0.05, 0.15, 0.25, 0.35, 0.45])


@pytest.mark.parametrize(("requests", "minimum_rate"), [(100, 9.0), (200, 9.5)])
def test_effective_rate_over_a_long_run(requests: int, minimum_rate: float) -> None:
    sends = schedule(dixa.RateLimit(), [0.0] * requests)
    last = sends[-1]
    assert last == pytest.approx((requests - 4) * 0.1 + 0.05)  # 9.65 s for 100, 19.65 s for 200
    # Requests per second from the first send until the last one completes (one interval later).
    assert requests / (last + 0.1) >= minimum_rate


def test_refills_while_idle_up_to_the_burst() -> None:
    sends = schedule(dixa.RateLimit(), [0.0] * 6 + [10.0] * 5)
    assert sends[6:] == pytest.approx([10, 10, 10, 10.05, 10.15])


def test_burst_of_one_spaces_requests_by_interval_plus_jitter() -> None:
    sends = schedule(dixa.RateLimit(rate=10, burst=1), [0.0] * 4)
    assert sends == pytest.approx([0, 0.15, 0.30, 0.45])


def test_defer_holds_everyone_then_resumes_without_a_burst() -> None:
    clock = FakeClock()
    bucket = TokenBucket(dixa.RateLimit(), clock)
    bucket.defer(2.0)
    assert [bucket.reserve() for _ in range(3)] == pytest.approx([2.0, 2.1, 2.2])


def test_reservations_from_many_threads_never_share_a_slot() -> None:
    clock = FakeClock()
    bucket = TokenBucket(dixa.RateLimit(), clock)
    waits: list[float] = []
    lock = threading.Lock()

    def take() -> None:
        for _ in range(25):
            wait = bucket.reserve()
            with lock:
                waits.append(wait)

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == pytest.approx(schedule(dixa.RateLimit(), [0.0] * 200))


# --- the guarantee against the server ---------------------------------------------------


def _refusals(limit: dixa.RateLimit, max_delay: float, seed: int) -> int:
    """Random bursts and pauses through the client bucket, each request delayed by a random
    0..max_delay before the server's bucket (10/s, burst 4) sees it."""
    rng = random.Random(seed)
    at, asks = 0.0, []
    for _ in range(300):
        at += rng.choice([0.0, 0.0, 0.0, 0.01, 0.05, 0.3, 1.0])
        asks.append(at)
    arrivals = sorted(send + rng.uniform(0, max_delay) for send in schedule(limit, asks))
    server = ServerBucket(10, 4)
    return sum(not server.admit(arrival) for arrival in arrivals)


@pytest.mark.parametrize("seed", range(20))
def test_delay_variation_within_the_margin_never_causes_a_429(seed: int) -> None:
    assert _refusals(dixa.RateLimit(), max_delay=0.05, seed=seed) == 0


def test_without_the_margin_the_same_jitter_causes_429s() -> None:
    """The control: it is the margin, not luck, that keeps the server happy."""
    refused = sum(_refusals(dixa.RateLimit(jitter=0), max_delay=0.05, seed=seed) for seed in range(20))
    assert refused > 0


# --- sharing, through the public clients ------------------------------------------------


class Recorder:
    """A transport answering every request at once and recording when each arrived."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.times.append(time.monotonic())
        return httpx.Response(200, json={"data": []})

    def span(self) -> float:
        return max(self.times) - min(self.times)


FAST = dixa.RateLimit(rate=50, burst=2, jitter=0)  # 10 requests: 8 intervals of 20 ms after the burst


def _sync(recorder: Recorder, key: str, **options: Any) -> dixa.Dixa:
    transport = httpx.MockTransport(recorder)
    return dixa.Dixa(api_key=key, base_url="http://dixa.test", http_client=httpx.Client(transport=transport), **options)


def _async(recorder: Recorder, key: str, **options: Any) -> dixa.AsyncDixa:
    transport = httpx.MockTransport(recorder)
    http = httpx.AsyncClient(transport=transport)
    return dixa.AsyncDixa(api_key=key, base_url="http://dixa.test", http_client=http, **options)


def test_threads_sharing_a_client_share_its_limit() -> None:
    recorder = Recorder()
    client = _sync(recorder, f"k-{uuid.uuid4()}", rate_limit=FAST)
    threads = [threading.Thread(target=lambda: client.tags.list().to_list()) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(recorder.times) == 10
    assert recorder.span() >= 8 * 0.02 - 0.01


async def test_tasks_sharing_a_client_share_its_limit() -> None:
    recorder = Recorder()
    client = _async(recorder, f"k-{uuid.uuid4()}", rate_limit=FAST)
    await asyncio.gather(*(client.tags.list().to_list() for _ in range(10)))
    assert recorder.span() >= 8 * 0.02 - 0.01


async def test_sync_and_async_clients_with_one_key_share_one_limiter() -> None:
    recorder = Recorder()
    key = f"k-{uuid.uuid4()}"
    sync_client, async_client = _sync(recorder, key, rate_limit=FAST), _async(recorder, key, rate_limit=FAST)

    def sync_part() -> None:
        for _ in range(5):
            sync_client.tags.list().to_list()

    async def async_part() -> None:
        for _ in range(5):
            await async_client.tags.list().to_list()

    await asyncio.gather(asyncio.to_thread(sync_part), async_part())
    assert len(recorder.times) == 10
    assert recorder.span() >= 8 * 0.02 - 0.01  # one limiter for both, not one each


def test_different_keys_have_separate_limiters() -> None:
    recorder = Recorder()
    clients = [_sync(recorder, f"k-{uuid.uuid4()}", rate_limit=dixa.RateLimit(rate=1, burst=1)) for _ in range(5)]
    for client in clients:
        client.tags.list().to_list()  # each key's first request is free: no one waits a second
    assert recorder.span() < 0.5


def test_rate_limit_none_turns_the_limiter_off() -> None:
    recorder = Recorder()
    client = _sync(recorder, f"k-{uuid.uuid4()}", rate_limit=None)
    for _ in range(30):
        client.tags.list().to_list()
    assert client.rate_limit is None
    assert recorder.span() < 30 / 10  # far faster than 10/s would allow


def test_with_options_keeps_the_limiter() -> None:
    recorder = Recorder()
    client = _sync(recorder, f"k-{uuid.uuid4()}", rate_limit=FAST)
    quick = client.with_options(timeout=1, max_retries=0)
    for _ in range(5):
        client.tags.list().to_list()
        quick.tags.list().to_list()
    assert quick.rate_limit == FAST
    assert recorder.span() >= 8 * 0.02 - 0.01


def test_the_registry_holds_digests_not_keys() -> None:
    from dixa import _rate_limit

    key = f"secret-{uuid.uuid4()}"
    limiter = limiter_for(key, dixa.RateLimit())
    assert limiter is limiter_for(key, dixa.RateLimit())
    assert limiter is not limiter_for(key + "x", dixa.RateLimit())
    assert key not in repr(_rate_limit._limiters)
    assert key not in repr(limiter)
