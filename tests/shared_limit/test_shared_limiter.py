"""The shared limiter's scripts and state on a real Redis: the schedule they give, the key
they keep (a digest, never the API key), giving slots back, a 429 pause seen by other
processes, scripts reloaded after Redis forgot them, and ``import dixa`` staying free of
redis. The same limit through the public clients, across processes, is in
``test_shared_clients.py``; failures of Redis are in ``test_shared_faults.py``.
"""

from __future__ import annotations

import asyncio
import hashlib
import signal
import subprocess
import sys
from collections.abc import Iterator
from types import FrameType

import pytest
import redis

import dixa
from dixa._rate_limit import TokenBucket
from dixa._shared_rate_limit import RESERVE, SharedLimiter, shared_limiter_for
from tests.shared_limit.redisserver import RedisServer


@pytest.fixture
def r(redis_server: RedisServer) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_server.url)
    yield client
    client.close()


def key_of(api_key: str) -> str:
    return "dixa:ratelimit:" + hashlib.sha256(api_key.encode()).hexdigest()


def debt(r: redis.Redis, api_key: str) -> float:
    """Seconds from now (Redis' clock) to the key's theoretical arrival time."""
    seconds, micros = r.time()
    stored = r.get(key_of(api_key))
    assert stored is not None
    return (int(stored) - (seconds * 1_000_000 + micros)) / 1e6


def reserve(r: redis.Redis, api_key: str, limit: dixa.RateLimit, count: int) -> list[float]:
    """Waits the script hands out for ``count`` reservations made at once."""
    script = r.register_script(RESERVE)
    interval = round(1e6 / limit.rate)
    tolerance = round(((limit.burst - 1) / limit.rate - limit.jitter) * 1e6)
    return [script(keys=[key_of(api_key)], args=[interval, tolerance]) / 1e6 for _ in range(count)]


def local_schedule(limit: dixa.RateLimit, count: int) -> list[float]:
    now = [0.0]
    bucket = TokenBucket(limit, lambda: now[0])
    return [bucket.reserve() for _ in range(count)]


def limiter(redis_server: RedisServer, api_key: str, **options: float) -> SharedLimiter:
    return shared_limiter_for(api_key, dixa.SharedRateLimit(redis_server.url, **options))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "limit", [dixa.RateLimit(), dixa.RateLimit(rate=10, burst=1), dixa.RateLimit(rate=50, burst=8, jitter=0)]
)
def test_the_script_gives_the_local_limiters_schedule(r: redis.Redis, api_key: str, limit: dixa.RateLimit) -> None:
    # The reservations are made within a few milliseconds of each other on Redis' clock.
    assert reserve(r, api_key, limit, 12) == pytest.approx(local_schedule(limit, 12), abs=0.02)


def test_the_redis_key_is_a_digest_of_the_api_key_and_expires(
    redis_server: RedisServer, r: redis.Redis, api_key: str
) -> None:
    limiter(redis_server, api_key).acquire("schedule")
    keys = [key.decode() for key in r.keys("*") if api_key[-12:] in key.decode() or key.decode() == key_of(api_key)]
    assert keys == [key_of(api_key)]
    assert all(api_key not in key.decode() for key in r.keys("*"))
    assert 0 < r.pttl(key_of(api_key)) <= 1200  # gone once the bucket would be full again


def test_the_key_prefix_is_configurable(redis_server: RedisServer, r: redis.Redis, api_key: str) -> None:
    shared_limiter_for(api_key, dixa.SharedRateLimit(redis_server.url, key_prefix="staging:")).acquire("schedule")
    assert r.exists("staging:" + hashlib.sha256(api_key.encode()).hexdigest())


async def test_cancelled_waiters_give_their_slots_back(redis_server: RedisServer, r: redis.Redis, api_key: str) -> None:
    shared = limiter(redis_server, api_key)
    waiting = [asyncio.create_task(shared.acquire_async("schedule")) for _ in range(60)]
    while r.get(key_of(api_key)) is None or debt(r, api_key) < 5:  # all 60 have their slots
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)
    for task in waiting:
        task.cancel()
    await asyncio.gather(*waiting, return_exceptions=True)
    await shared.acquire_async("schedule")  # waits for this process's give-backs, then reserves
    assert debt(r, api_key) < 0.5  # not the ~5.6 s the cancelled tasks had reserved


def test_an_interrupted_sync_wait_gives_its_slot_back(redis_server: RedisServer, r: redis.Redis, api_key: str) -> None:
    class Interrupted(Exception):
        pass

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise Interrupted

    shared = limiter(redis_server, api_key)
    reserve(r, api_key, shared.limit, 20)  # others hold the next two seconds
    before = int(r.get(key_of(api_key)) or 0)
    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    try:
        with pytest.raises(Interrupted):
            shared.acquire("schedule")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert int(r.get(key_of(api_key)) or 0) == before  # exactly the reservation it made, returned


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_429_pauses_the_other_processes_of_the_key(
    redis_server: RedisServer, r: redis.Redis, api_key: str, mode: str
) -> None:
    # Two limiters for one key, as two processes would have (different settings, same Redis key).
    here = limiter(redis_server, api_key)
    elsewhere = limiter(redis_server, api_key, timeout=0.6)
    assert here is not elsewhere
    if mode == "sync":
        here.defer(2.0)
    else:
        await here.defer_async(2.0)
    assert reserve(r, api_key, elsewhere.limit, 2) == pytest.approx([2.0, 2.1], abs=0.05)


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_scripts_are_loaded_again_when_redis_forgot_them(
    redis_server: RedisServer, r: redis.Redis, api_key: str, mode: str
) -> None:
    shared = limiter(redis_server, api_key, rate=1000.0, burst=100)
    for _ in range(2):
        if mode == "sync":
            shared.acquire("schedule")
        else:
            await shared.acquire_async("schedule")
        r.script_flush()  # what a restart or a failover to a replica does: EVALSHA answers NOSCRIPT
    assert r.exists(key_of(api_key))


def test_repr_and_errors_never_show_the_redis_password() -> None:
    config = dixa.SharedRateLimit("redis://user:s3cret-pw@10.0.0.1:6379/0")
    assert "s3cret-pw" not in repr(config)
    assert "10.0.0.1:6379" in repr(config)
    assert "s3cret-pw" not in repr(shared_limiter_for("k", config))
    with pytest.raises(dixa.InvalidParameterError) as info:
        dixa.SharedRateLimit("http://user:s3cret-pw@10.0.0.1:6379/0")
    assert "s3cret-pw" not in str(info.value)
    assert info.value.param == "rate_limit.url"


@pytest.mark.parametrize(
    ("options", "error", "param"),
    [
        ({"url": 6379}, dixa.InvalidParameterTypeError, "rate_limit.url"),
        ({"url": "127.0.0.1:6379"}, dixa.InvalidParameterError, "rate_limit.url"),
        ({"url": "redis://h", "rate": 0}, dixa.InvalidParameterError, "rate_limit.rate"),
        ({"url": "redis://h", "burst": 0}, dixa.InvalidParameterError, "rate_limit.burst"),
        ({"url": "redis://h", "timeout": 0}, dixa.InvalidParameterError, "rate_limit.timeout"),
        ({"url": "redis://h", "timeout": "1"}, dixa.InvalidParameterTypeError, "rate_limit.timeout"),
    ],
)
def test_invalid_settings_are_refused(options: dict[str, object], error: type[dixa.DixaError], param: str) -> None:
    with pytest.raises(error) as info:
        dixa.SharedRateLimit(**options)  # type: ignore[arg-type]
    assert info.value.param == param  # type: ignore[attr-defined]


def test_import_dixa_does_not_import_redis() -> None:
    code = (
        "import sys, dixa\n"
        "dixa.SharedRateLimit('redis://127.0.0.1:1/0')\n"
        "dixa.Dixa(api_key='k', rate_limit=dixa.SharedRateLimit('redis://127.0.0.1:1/0'))\n"
        "assert 'redis' not in sys.modules, 'redis imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_without_redis_py_a_shared_limit_is_refused_when_the_client_is_made() -> None:
    code = (
        "import importlib.abc, sys\n"
        "class NoRedis(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name.split('.')[0] == 'redis':\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, NoRedis())\n"
        "import dixa\n"
        "try:\n"
        "    dixa.Dixa(api_key='k', rate_limit=dixa.SharedRateLimit('redis://127.0.0.1:1/0'))\n"
        "except dixa.InvalidParameterError as exc:\n"
        "    assert exc.param == 'rate_limit' and 'dixa-sdk[redis]' in str(exc), exc\n"
        "else:\n"
        "    raise SystemExit('accepted without redis-py')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
