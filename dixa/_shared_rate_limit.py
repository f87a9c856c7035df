"""One rate limit for every process and machine using an API key, kept in Redis (or Valkey).

The in-process limiter (:mod:`dixa._rate_limit`) holds Dixa's limit (10 requests per
second, bursts of 4, per API key) inside one process. A Celery pool, gunicorn workers or
a Kubernetes deployment are N processes, each with its own bucket, so together they send
up to N times the limit and Dixa answers 429. :class:`SharedRateLimit` moves the bucket
into the Redis those deployments already run, so every client of the key, wherever it
runs, draws from the same one.

The algorithm
-------------
The same GCRA as the local limiter (see :mod:`dixa._rate_limit`: burst, the jitter
reserve, a 429 pausing everyone), written as Lua scripts that Redis runs atomically. The
state is one string, the theoretical arrival time in microseconds on the Redis server's
clock (``TIME``): no client's clock is ever read, so clock skew between machines cannot
break the limit. A script answers with how long to wait: only a duration crosses back to
the client. The key is ``dixa:ratelimit:`` followed by the SHA-256 of the API key, never
the key itself, and expires once the bucket is full again, so idle keys cost nothing.

Scripts are sent as ``EVALSHA`` through redis-py's ``Script``/``AsyncScript`` (which load
the script again on ``NOSCRIPT``, e.g. after Redis restarted), one constant per operation
as in redis-py's ``redis/lock.py``.

The two stages: one round trip per request
------------------------------------------
A request passes two checkpoints, ``schedule`` before it is handed to httpx and ``wire``
when its headers are about to be written. The Redis round trip belongs to ``schedule``:
that is where callers wait without holding anything, and it is the budget every process
shares, so the count must be exact there. ``wire`` runs inside httpx's trace hook with a
connection already taken from the pool; a round trip there for every request would hold
connections longer and put Redis inside httpcore.

The wire stage still matters across processes, though. Its job (module docs of
:mod:`dixa._rate_limit`) is the request that reaches the wire late, most often a
process's first one (connection set-up, one-time imports): sent late, it arrives together
with other processes' requests sent on time, and the server refuses one of them. An
in-process bucket cannot see those other requests. So ``schedule`` remembers when the
request's slot came due (a context variable: per thread, per task), and ``wire`` compares:

* within half the jitter reserve (25 ms by default) the request is on time and goes: no
  round trip, the usual case (about 0.5 ms after its slot, measured);
* later, it books a new slot in Redis and waits for it. Its old slot is not given back:
  while it went unused the server's bucket may have been full and lost that refill, and a
  request sent in a slot that was booked for it can never be one too many.

The other half of the reserve covers the network's own delay variation, as the jitter
theorem requires (sending within ``J/2`` of a schedule conforming to ``tau - J``, with at
most ``J/2`` of delay variation, arrives conforming to ``tau``). The cost: one extra round
trip, and one interval of throughput, per late request, about once per process.

Giving capacity back
--------------------
Slots here are booked ahead (the in-process limiter's queue of waiters cannot span
processes). A caller that stops waiting (a cancelled task, an interrupted thread) gives
its booking back: the schedule moves one interval back, never before now. The bookings of
others keep their slots and stay counted, so the schedule never holds more than the limit
allows; only which caller goes when changes. An async caller cancelled while its booking
is still in flight gives it back as soon as the answer arrives; give-backs run in the
background, and the same process's next booking waits for them first. So cancelling many
queued calls does not stall every process of the key.

When Redis fails
----------------
Every Redis call is bounded: ``timeout`` seconds to connect and to answer (0.5 s by
default), one immediate retry on a broken connection (which reconnects after a Redis
restart), a bounded pool. When that is not enough the call fails, before anything is sent,
with :class:`RateLimiterUnavailableError`. The SDK neither waits for Redis nor falls back:
a process cannot know how many others share the key, so any local guess either sends too
much (the 429 storm the shared limit exists to prevent) or silently runs a fraction as
fast; an error is visible, says what to fix, is always safe to retry (nothing was sent),
and job runners already retry on it. Giving a booking back and a 429's pause are best
effort (logged when they fail): while Redis is down no call goes out anyway.

Fork safety
-----------
A client made before ``os.fork()`` (gunicorn ``--preload``, multiprocessing) keeps working
in the children. redis-py's connection pools notice a new pid (``ConnectionPool._checkpid``)
and open new connections; this module does not rely on that alone: the limiter remembers
its pid and, in a child, drops its clients, pools and locks and starts afresh (also what
:meth:`SharedLimiter.after_fork` does). asyncio clients are kept per event loop, since
redis-py's asyncio connections belong to the loop that opened them.

``import dixa`` does not import redis; this module imports it only when a shared limiter
is first used, and says how to install it when it is missing.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import logging
import math
import os
import threading
import time
import weakref
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from dixa._exceptions import DixaError, InvalidParameterError, InvalidParameterTypeError
from dixa._rate_limit import DEFAULT_JITTER, RateLimit, Stage

if TYPE_CHECKING:
    import redis
    import redis.asyncio

__all__ = [
    "RateLimiterUnavailableError",
    "SharedLimiter",
    "SharedRateLimit",
    "shared_limit_from_env",
    "shared_limiter_for",
]

log = logging.getLogger("dixa")

DEFAULT_KEY_PREFIX = "dixa:ratelimit:"
DEFAULT_REDIS_TIMEOUT = 0.5
_SCHEMES = ("redis", "rediss", "unix", "valkey", "valkeys")
# The local time at which the current request's slot came due (per thread, per task):
# the wire stage compares it with the moment the request is actually written.
_slot_due: ContextVar[float | None] = ContextVar("dixa_shared_slot_due", default=None)
_POOL_SIZE = 50  # connections per process (and per event loop); calls take well under a millisecond


class RateLimiterUnavailableError(DixaError):
    """The shared rate limit's Redis could not be reached in time; nothing was sent.

    Raised by any call of a client configured with :class:`SharedRateLimit` while its Redis
    is down, unreachable or slower than ``SharedRateLimit.timeout``. Safe to retry.
    """

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True, slots=True, repr=False)
class SharedRateLimit:
    """A rate limit shared through Redis by every client of an API key, in any process.

    ``url`` is a redis-py URL (``redis://host:6379/0``, ``rediss://`` for TLS,
    ``unix:///path.sock``; ``valkey://`` is read as ``redis://``). ``rate``, ``burst`` and
    ``jitter`` mean what they mean in :class:`~dixa.RateLimit`; every process of the key
    should use the same values. ``timeout`` bounds each Redis call (connect, and answer), in
    seconds. ``key_prefix`` starts the Redis key, which ends with the SHA-256 of the API key.
    """

    url: str
    rate: float = 10.0
    burst: int = 4
    jitter: float = DEFAULT_JITTER
    timeout: float = DEFAULT_REDIS_TIMEOUT
    key_prefix: str = DEFAULT_KEY_PREFIX

    def __post_init__(self) -> None:
        if not isinstance(self.url, str):
            raise InvalidParameterTypeError("rate_limit.url", f"expected str, got {type(self.url).__name__}")
        if urlsplit(self.url).scheme.lower() not in _SCHEMES:
            raise InvalidParameterError(
                "rate_limit.url", f"must be a Redis URL ({', '.join(s + '://' for s in _SCHEMES)}), got {self.safe_url}"
            )
        self.limit  # noqa: B018 - validates rate, burst and jitter with RateLimit's rules
        if isinstance(self.timeout, bool) or not isinstance(self.timeout, (int, float)):
            raise InvalidParameterTypeError(
                "rate_limit.timeout", f"expected seconds, got {type(self.timeout).__name__}"
            )
        if not (self.timeout > 0 and math.isfinite(self.timeout)):
            raise InvalidParameterError(
                "rate_limit.timeout", f"must be a positive number of seconds, got {self.timeout!r}"
            )
        if not isinstance(self.key_prefix, str):
            raise InvalidParameterTypeError(
                "rate_limit.key_prefix", f"expected str, got {type(self.key_prefix).__name__}"
            )

    @property
    def limit(self) -> RateLimit:
        """The limit itself, as the in-process limiter would hold it."""
        return RateLimit(rate=self.rate, burst=self.burst, jitter=self.jitter)

    @property
    def safe_url(self) -> str:
        """The URL without its password, as shown in reprs, logs and errors."""
        parts = urlsplit(self.url)
        if parts.password is None and parts.username is None:
            return self.url
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port is not None else host
        return parts._replace(netloc=f"***@{netloc}").geturl()

    def __repr__(self) -> str:
        return (
            f"SharedRateLimit(url={self.safe_url!r}, rate={self.rate!r}, burst={self.burst!r}, "
            f"jitter={self.jitter!r}, timeout={self.timeout!r}, key_prefix={self.key_prefix!r})"
        )


# --- the scripts (KEYS[1]: the key's theoretical arrival time, integer microseconds on the
# server's clock; numbers are written with %.0f because Lua's default format keeps only 14
# digits). Each begins by reading the server's clock.

_NOW = """
if redis.replicate_commands then pcall(redis.replicate_commands) end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
"""

# ARGV[1]: interval (µs), ARGV[2]: tolerance (µs, negative for burst 1 with a reserve).
# Returns the microseconds to wait for the slot booked.
RESERVE = (
    _NOW
    + """
local interval, tolerance = tonumber(ARGV[1]), tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
local slot = now
if tat and tat - tolerance > now then slot = tat - tolerance end
if not tat or tat < slot then tat = slot end
tat = tat + interval
local ttl = math.ceil((tat - now + math.max(0, -tolerance)) / 1000) + 1000
redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', ttl)
return slot - now
"""
)

# ARGV[1]: interval (µs). An unused slot goes back: the schedule moves one interval back,
# never before now (which would add to the burst). The other bookings keep their slots.
GIVE_BACK = (
    _NOW
    + """
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]))
if not tat then return 0 end
redis.call('SET', KEYS[1], string.format('%.0f', math.max(tat - interval, now)), 'KEEPTTL')
return 1
"""
)

# ARGV[1]: tolerance (µs), ARGV[2]: pause (µs). Nobody sends before now + pause, then
# requests resume at the rate without a burst (the server's bucket is presumably empty).
DEFER = (
    _NOW
    + """
local tolerance, pause = tonumber(ARGV[1]), tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
local target = now + pause + tolerance
if tat and tat >= target then return 0 end
local ttl = math.ceil((target - now + math.max(0, -tolerance)) / 1000) + 1000
redis.call('SET', KEYS[1], string.format('%.0f', target), 'PX', ttl)
return 1
"""
)


def _require_redis() -> None:
    try:
        import redis.asyncio  # noqa: F401
    except ImportError as exc:
        raise RateLimiterUnavailableError("a shared rate limit needs redis-py: pip install 'dixa-sdk[redis]'") from exc


def _pool_options(config: SharedRateLimit) -> dict[str, Any]:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {
        "max_connections": _POOL_SIZE,
        "timeout": config.timeout,  # waiting for a pooled connection is bounded too
        "socket_timeout": config.timeout,
        "socket_connect_timeout": config.timeout,
        # One immediate retry: a pooled connection broken by a Redis restart is replaced at once.
        "retry": Retry(NoBackoff(), 1, supported_errors=(redis.ConnectionError, redis.TimeoutError)),
    }


def _redis_url(url: str) -> str:
    scheme, rest = url.split(":", 1)
    return {"valkey": "redis", "valkeys": "rediss"}.get(scheme.lower(), scheme) + ":" + rest


class _SyncBackend:
    """redis-py's sync client and the scripts registered on it (one per process)."""

    def __init__(self, config: SharedRateLimit) -> None:
        _require_redis()
        import redis

        pool = redis.BlockingConnectionPool.from_url(_redis_url(config.url), **_pool_options(config))
        self.client: redis.Redis = redis.Redis(connection_pool=pool)
        self.reserve = self.client.register_script(RESERVE)
        self.give_back = self.client.register_script(GIVE_BACK)
        self.defer = self.client.register_script(DEFER)
        self.error = redis.RedisError


class _AsyncBackend:
    """redis-py's asyncio client and scripts for one event loop, and its pending give-backs."""

    def __init__(self, config: SharedRateLimit) -> None:
        _require_redis()
        import redis.asyncio

        pool = redis.asyncio.BlockingConnectionPool.from_url(_redis_url(config.url), **_pool_options(config))
        self.client: redis.asyncio.Redis = redis.asyncio.Redis(connection_pool=pool)
        self.reserve = self.client.register_script(RESERVE)
        self.give_back = self.client.register_script(GIVE_BACK)
        self.defer = self.client.register_script(DEFER)
        self.error = redis.RedisError
        self.returning: set[asyncio.Task[None]] = set()


class SharedLimiter:
    """The :class:`~dixa._rate_limit.RateLimiter` for one API key and one :class:`SharedRateLimit`.

    ``schedule`` books a slot in Redis (one round trip); ``wire`` checks that the request is
    still on time, and books a new slot only when it is late (module docs).
    """

    def __init__(self, config: SharedRateLimit, digest: str) -> None:
        self.limit = config.limit
        self.config = config
        self._key = config.key_prefix + digest
        interval = 1.0 / config.rate
        self._interval_us = round(interval * 1e6)
        self._tolerance_us = round(((config.burst - 1) * interval - config.jitter) * 1e6)
        # How late after its slot a request may reach the wire: half the jitter reserve,
        # leaving the other half for the network's own delay variation.
        self._punctuality = config.jitter / 2
        self._fresh_state()

    def _fresh_state(self) -> None:
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._sync: _SyncBackend | None = None
        self._async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _AsyncBackend] = weakref.WeakKeyDictionary()

    def after_fork(self) -> None:
        """In a child process: forget the parent's connections and locks."""
        self._check_pid()

    def _check_pid(self) -> None:
        # Like redis-py's ConnectionPool._checkpid, for this object's own state: a child
        # never uses a lock another thread of the parent may have held at fork time.
        if self._pid != os.getpid():
            self._fresh_state()

    def _needs_slot(self, stage: Stage) -> bool:
        """Whether ``stage`` must book a slot. ``schedule`` always does. At ``wire``, a
        request within ``_punctuality`` of its slot just goes; a later one (a new
        connection's handshakes, a busy CPU) books a new slot, since sent now it could
        bunch up with other processes' requests sent on time. Its old slot is not given
        back: while it went unused, the server's bucket may have been full and lost it."""
        if stage == "schedule":
            return True
        due = _slot_due.get()
        _slot_due.set(None)
        return due is None or time.monotonic() - due > self._punctuality

    def _unavailable(self, doing: str, exc: BaseException) -> RateLimiterUnavailableError:
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return RateLimiterUnavailableError(
            f"the shared rate limit's Redis ({self.config.safe_url}) failed while {doing} ({detail}); "
            "nothing was sent, the call can be retried"
        )

    # --- sync ------------------------------------------------------------------------

    def _backend(self) -> _SyncBackend:
        self._check_pid()
        backend = self._sync
        if backend is None:
            with self._lock:
                backend = self._sync
                if backend is None:
                    backend = self._sync = _SyncBackend(self.config)
        return backend

    def acquire(self, stage: Stage) -> None:
        """Wait for this request's slot: booked in Redis at ``schedule``, checked at ``wire``."""
        if not self._needs_slot(stage):
            return
        backend = self._backend()
        try:
            wait_us = backend.reserve(keys=[self._key], args=[self._interval_us, self._tolerance_us])
        except backend.error as exc:
            raise self._unavailable("booking a slot", exc) from exc
        if wait_us > 0:
            try:
                time.sleep(wait_us / 1e6)
            except BaseException:
                self._give_back(backend)
                raise
        _slot_due.set(time.monotonic() if stage == "schedule" else None)

    def _give_back(self, backend: _SyncBackend) -> None:
        try:
            backend.give_back(keys=[self._key], args=[self._interval_us])
        except backend.error as exc:
            log.warning("shared rate limit: could not give a slot back (%s)", type(exc).__name__)

    def defer(self, seconds: float) -> None:
        """Hold every caller of the key, in every process, for ``seconds`` (a 429 came back)."""
        backend = self._backend()
        try:
            backend.defer(keys=[self._key], args=[self._tolerance_us, round(seconds * 1e6)])
        except backend.error as exc:
            log.warning("shared rate limit: could not pause other processes (%s)", type(exc).__name__)

    # --- async -----------------------------------------------------------------------

    def _async_backend(self) -> _AsyncBackend:
        self._check_pid()
        loop = asyncio.get_running_loop()
        backend = self._async.get(loop)
        if backend is None:
            with self._lock:
                backend = self._async.get(loop)
                if backend is None:
                    backend = self._async[loop] = _AsyncBackend(self.config)
        return backend

    async def acquire_async(self, stage: Stage) -> None:
        """:meth:`acquire` for asyncio; a cancelled caller's slot goes back."""
        if not self._needs_slot(stage):
            return
        backend = self._async_backend()
        if backend.returning:  # this process's give-backs land before its next booking
            await asyncio.wait(set(backend.returning), timeout=self.config.timeout)
        booked = asyncio.ensure_future(self._reserve_async(backend))
        try:
            wait_us = await asyncio.shield(booked)
        except asyncio.CancelledError:
            # The script may already have run: give the slot back once its answer arrives.
            booked.add_done_callback(lambda done: self._give_back_booked(backend, done))
            raise
        if wait_us > 0:
            try:
                await asyncio.sleep(wait_us / 1e6)
            except asyncio.CancelledError:
                self._give_back_later(backend)
                raise
        _slot_due.set(time.monotonic() if stage == "schedule" else None)

    async def _reserve_async(self, backend: _AsyncBackend) -> int:
        """Microseconds to wait for the slot just booked."""
        try:
            wait_us = await backend.reserve(keys=[self._key], args=[self._interval_us, self._tolerance_us])
        except backend.error as exc:
            raise self._unavailable("booking a slot", exc) from exc
        return int(wait_us)

    def _give_back_booked(self, backend: _AsyncBackend, done: asyncio.Future[int]) -> None:
        if not done.cancelled() and done.exception() is None:
            self._give_back_later(backend)

    def _give_back_later(self, backend: _AsyncBackend) -> None:
        task = asyncio.get_running_loop().create_task(self._give_back_async(backend))
        backend.returning.add(task)
        task.add_done_callback(backend.returning.discard)

    async def _give_back_async(self, backend: _AsyncBackend) -> None:
        try:
            await backend.give_back(keys=[self._key], args=[self._interval_us])
        except backend.error as exc:
            log.warning("shared rate limit: could not give a slot back (%s)", type(exc).__name__)

    async def defer_async(self, seconds: float) -> None:
        """:meth:`defer` for asyncio."""
        backend = self._async_backend()
        try:
            await backend.defer(keys=[self._key], args=[self._tolerance_us, round(seconds * 1e6)])
        except backend.error as exc:
            log.warning("shared rate limit: could not pause other processes (%s)", type(exc).__name__)

    def __repr__(self) -> str:
        return f"<SharedLimiter {self.limit.rate:g}/s burst {self.limit.burst} at {self.config.safe_url}>"


_limiters: dict[tuple[str, SharedRateLimit], SharedLimiter] = {}
_limiters_lock = threading.Lock()


def shared_limiter_for(api_key: str, config: SharedRateLimit) -> SharedLimiter:
    """The shared limiter every client of this process uses for this key and configuration.

    A missing redis-py is a configuration error, found when the client is made (without
    importing redis yet: that waits for the first request)."""
    try:
        found = importlib.util.find_spec("redis") is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise InvalidParameterError("rate_limit", "dixa.SharedRateLimit needs redis-py: pip install 'dixa-sdk[redis]'")
    digest = hashlib.sha256(api_key.encode()).hexdigest()  # neither Redis nor the registry sees the key
    with _limiters_lock:
        limiter = _limiters.get((digest, config))
        if limiter is None:
            limiter = _limiters[(digest, config)] = SharedLimiter(config, digest)
        return limiter


def _after_fork_in_child() -> None:
    global _limiters_lock
    _limiters_lock = threading.Lock()  # another thread may have held it at fork time
    for limiter in _limiters.values():
        limiter.after_fork()


os.register_at_fork(after_in_child=_after_fork_in_child)


def shared_limit_from_env(url: str, limit: RateLimit) -> SharedRateLimit:
    """``$DIXA_RATE_LIMIT_URL`` as a :class:`SharedRateLimit` with ``limit``'s numbers."""
    try:
        return SharedRateLimit(url, rate=limit.rate, burst=limit.burst, jitter=limit.jitter)
    except InvalidParameterError as exc:
        raise InvalidParameterError("DIXA_RATE_LIMIT_URL", str(exc).split(": ", 1)[1]) from None
