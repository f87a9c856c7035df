"""A client-side rate limiter, so that a busy job stays under Dixa's limit.

Dixa allows each API token 10 requests per second with bursts of 4. Every client made
with the same API key and limits shares one limiter, whatever thread or event loop uses
it: the limit belongs to the token, not to a client object.

How it works
------------
The limiter is a token bucket written as GCRA ("virtual scheduling"): it keeps the
theoretical arrival time ``tat`` of the next request. A request may go at
``tat - tolerance``; sending it moves ``tat`` one interval (``1/rate``) on. With
``tolerance = (burst - 1) / rate`` this is exactly a bucket of ``burst`` tokens refilled
at ``rate``, including the cap that loses refill while the bucket is full.

Taking a slot is a few arithmetic steps under a lock; waiting for one is done outside
it (see "Giving back what is not used"). Sync threads and async tasks can therefore
share one limiter without ever blocking each other on the lock.

Two checkpoints: when a request is scheduled, and when it goes on the wire
--------------------------------------------------------------------------
Dixa measures the limit when requests *arrive*, and arrival is send time plus a delay
that varies. Sending on the server's schedule is not enough: if one request is late
while the server's bucket is full, the server loses that refill, and a later request
arriving on time finds the bucket empty. The biggest delays are on the client: the
first request on a new connection waits for TCP (and TLS) handshakes and one-time
imports, so the first burst of a busy job leaves late and bunches up with the requests
scheduled after it.

So a :class:`Limiter` has two buckets with the same limit. ``schedule`` is taken
before a request is handed to httpx, and paces callers without holding a connection.
``wire`` is taken from httpx's ``trace`` hook at the moment the request headers are
about to be written, after any connection set-up: it measures what the server will
see, and briefly holds a request that would otherwise follow a late one too closely.
(A custom transport without that hook gets the schedule alone.)

What is left is the variation of the network delay itself. The classic result for
policed traffic (ITU-T I.371, "cell delay variation tolerance") is that a sender
conforming to tolerance ``tau - J`` arrives conforming to ``tau`` whenever the delay
varies by at most ``J``. So both buckets keep ``J = RateLimit.jitter`` (50 ms by
default) of the server's tolerance in reserve. At 10/s with burst 4 that costs half a
token of the initial burst and nothing of the sustained rate: 100 requests take about
9.65 s instead of 9.6 s (10.4/s), 200 take 19.65 s (10.2/s). With ``burst=1`` the
tolerance goes negative and the spacing becomes ``1/rate + J``, which is what keeps
arrivals ``1/rate`` apart.

Giving back what is not used
----------------------------
Callers do not book a future slot and then sleep until it comes: a cancelled task
(or a thread hit by ``KeyboardInterrupt``) would keep its booking, and every later
booking would still sit behind it, so cancelling 197 of 200 queued calls once kept the
key idle for 19 s. Instead each bucket keeps a FIFO of waiters and a slot is taken only
at the moment it is due, by the waiter at the head of the queue:

* a caller that finds no queue and a conforming bucket takes its slot at once (bursts
  cost one lock and no allocation);
* otherwise it joins the queue. Only the head sleeps on the clock (until its slot is
  due); the others sleep until woken. Taking a slot, or leaving, wakes the next head,
  so one slot wakes one waiter, never all of them;
* a waiter that leaves early (cancelled, interrupted, its loop closed) has taken
  nothing; it is marked gone and skipped when it reaches the head. Nothing needs to
  be subtracted, so no two requests can ever be given the same slot.

Since slots are only taken when due, a slot taken by a request that then fails before
reaching the wire (connection refused) costs at most the interval it stood for.
Waiters may be threads (woken through an ``Event``) or asyncio tasks on any loop (woken
through ``call_soon_threadsafe``), all in one queue, so sync and async callers of one
key are served in arrival order. The lock is held only for a few arithmetic steps.

:meth:`TokenBucket.reserve` is the same GCRA step taken ahead of time (book now, sleep
later); it is kept for simulations of the schedule, not used by the clients.

The protocol and other processes
--------------------------------
The core talks to a limiter only through :class:`RateLimiter` (``acquire`` at a stage,
``defer`` after a 429, and their ``async`` twins), so a limiter shared by many
processes (Redis) plugs in unchanged. This module's :class:`Limiter` lives in one
process: after ``os.fork()`` the child gets fresh locks and an empty queue (it keeps
the parent's view of what was sent), and from then on each process paces itself. Many
processes using one key need a shared limiter.
"""

from __future__ import annotations

import hashlib
import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from dixa._exceptions import InvalidParameterError, InvalidParameterTypeError

if TYPE_CHECKING:
    import asyncio  # imported where tasks wait (acquire_async): the sync client never loads it

__all__ = ["Limiter", "RateLimit", "RateLimiter", "Stage", "TokenBucket", "limiter_for"]

DEFAULT_JITTER = 0.05

# Where a request takes a slot: before it is handed to httpx, and as its headers are written.
Stage = Literal["schedule", "wire"]


@dataclass(frozen=True, slots=True)
class RateLimit:
    """``rate`` requests per second on average, at most ``burst`` at once.

    ``jitter`` is how much, in seconds, the delay between sending a request and Dixa
    counting it may vary without the server seeing the limit exceeded; the limiter
    keeps that much margin (see the module docs).
    """

    rate: float = 10.0
    burst: int = 4
    jitter: float = DEFAULT_JITTER

    def __post_init__(self) -> None:
        for name in ("rate", "jitter"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise InvalidParameterTypeError(f"rate_limit.{name}", f"expected a number, got {type(value).__name__}")
        if isinstance(self.burst, bool) or not isinstance(self.burst, int):
            raise InvalidParameterTypeError("rate_limit.burst", f"expected int, got {type(self.burst).__name__}")
        if not (self.rate > 0 and math.isfinite(self.rate)):
            raise InvalidParameterError("rate_limit.rate", f"must be a positive number, got {self.rate!r}")
        if self.burst < 1:
            raise InvalidParameterError("rate_limit.burst", f"must be at least 1, got {self.burst!r}")
        if not (self.jitter >= 0 and math.isfinite(self.jitter)):
            raise InvalidParameterError("rate_limit.jitter", f"must be 0 or more seconds, got {self.jitter!r}")


class RateLimiter(Protocol):
    """What the transport core needs from a limiter; the only way it talks to one.

    ``acquire`` blocks until the caller may go at ``stage``; a wait interrupted by an
    exception (``KeyboardInterrupt``, task cancellation) must leave the limiter as if
    the caller had never come. ``defer`` holds every caller of the key for ``seconds``
    (the server answered 429). ``after_fork`` is called by the core in a child process
    before its first request there; it may be a no-op.
    """

    limit: RateLimit

    def acquire(self, stage: Stage) -> None: ...

    async def acquire_async(self, stage: Stage) -> None: ...

    def defer(self, seconds: float) -> None: ...

    async def defer_async(self, seconds: float) -> None: ...

    def after_fork(self) -> None: ...


class _Waiter:
    """A caller queued in a bucket. ``wake`` nudges it to look again; ``gone`` marks a
    caller that left before its turn."""

    __slots__ = ("future", "gone", "wake")

    def __init__(self) -> None:
        self.wake: Callable[[], None] = _nothing
        self.gone = False
        self.future: asyncio.Future[None] | None = None


def _nothing() -> None:
    return None


def _resolve(future: asyncio.Future[None] | None) -> None:
    if future is not None and not future.done():
        future.set_result(None)


class TokenBucket:
    """One GCRA bucket with a FIFO of waiters (see the module docs for both)."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._interval = 1.0 / limit.rate
        self._tolerance = (limit.burst - 1) * self._interval - limit.jitter
        self._tat = -math.inf  # nothing sent yet: the whole burst is available
        self._clock = clock
        self._lock = threading.Lock()
        self._queue: deque[_Waiter] = deque()
        self._pid = os.getpid()

    # --- the GCRA step ------------------------------------------------------------------

    def reserve(self) -> float:
        """Book the next slot now; return how many seconds the caller must wait before sending.

        The ahead-of-time form of the schedule, for simulations: a booking cannot be
        given back, which is why the clients use :meth:`acquire` instead.
        """
        with self._lock:
            now = self._clock()
            send_at = max(now, self._tat - self._tolerance)
            self._tat = max(self._tat, send_at) + self._interval
            return send_at - now

    def defer(self, seconds: float) -> None:
        """Let no one send for ``seconds`` from now (the server said 429: slow everyone down).

        After the pause requests resume at ``rate`` without a burst, since the server's
        bucket is presumably empty.
        """
        with self._lock:
            self._tat = max(self._tat, self._clock() + seconds + self._tolerance)

    # --- waiting for a slot -------------------------------------------------------------

    def _turn(self, waiter: _Waiter) -> float:
        """Under the lock: 0 when ``waiter`` took its slot (and left the queue), else how
        long it should sleep (``inf``: until woken)."""
        if self._queue[0] is not waiter:
            return math.inf
        now = self._clock()
        due = self._tat - self._tolerance - now
        if due > 0:
            return due
        self._tat = max(self._tat, now) + self._interval
        self._queue.popleft()
        self._wake_head()
        return 0.0

    def _wake_head(self) -> None:
        """Under the lock: drop waiters that left, and tell the new head it is first."""
        queue = self._queue
        while queue:
            head = queue[0]
            if not head.gone:
                try:
                    head.wake()
                except RuntimeError:  # its event loop is closed: it will never come back
                    head.gone = True
                else:
                    return
            queue.popleft()

    def _leave(self, waiter: _Waiter) -> None:
        """Under the lock: ``waiter`` gives up without a slot."""
        waiter.gone = True
        if self._queue and self._queue[0] is waiter:
            self._queue.popleft()
            self._wake_head()

    def _enter(self) -> _Waiter | None:
        """Under the lock: take a slot at once if no one waits and one is free (``None``),
        else join the queue."""
        if not self._queue:
            now = self._clock()
            if self._tat - self._tolerance - now <= 0:
                self._tat = max(self._tat, now) + self._interval
                return None
        waiter = _Waiter()
        self._queue.append(waiter)
        return waiter

    def acquire(self) -> None:
        """Block until this thread may send. An exception while waiting takes nothing."""
        with self._lock:
            waiter = self._enter()
            if waiter is None:
                return
            event = threading.Event()
            waiter.wake = event.set
        try:
            while True:
                with self._lock:
                    event.clear()  # a wake after this point is seen by the wait below
                    wait = self._turn(waiter)
                if wait == 0:
                    return
                event.wait(None if math.isinf(wait) else wait)
        except BaseException:
            with self._lock:
                self._leave(waiter)
            raise

    async def acquire_async(self) -> None:
        """Wait until this task may send. Cancellation while waiting takes nothing."""
        import asyncio

        loop = asyncio.get_running_loop()
        with self._lock:
            waiter = self._enter()
            if waiter is None:
                return

            def wake() -> None:
                loop.call_soon_threadsafe(lambda: _resolve(waiter.future))

            waiter.wake = wake
        try:
            while True:
                with self._lock:
                    future = waiter.future = loop.create_future()
                    wait = self._turn(waiter)
                if wait == 0:
                    return
                timer = None if math.isinf(wait) else loop.call_later(wait, _resolve, future)
                try:
                    await future
                finally:
                    if timer is not None:
                        timer.cancel()
        except BaseException:
            with self._lock:
                self._leave(waiter)
            raise

    def after_fork(self) -> None:
        """In a child process: fresh lock, empty queue (the parent's waiters are not here)."""
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._lock = threading.Lock()
            self._queue = deque()

    def __repr__(self) -> str:
        return f"<TokenBucket {self.limit.rate:g}/s burst {self.limit.burst}>"


class Limiter:
    """The in-process limiter for one API key: a ``schedule`` and a ``wire`` bucket (module docs)."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.schedule = TokenBucket(limit, clock)
        self.wire = TokenBucket(limit, clock)

    def acquire(self, stage: Stage) -> None:
        (self.wire if stage == "wire" else self.schedule).acquire()

    async def acquire_async(self, stage: Stage) -> None:
        await (self.wire if stage == "wire" else self.schedule).acquire_async()

    def defer(self, seconds: float) -> None:
        """Hold every request of this key, scheduled or about to be written, for ``seconds``."""
        self.schedule.defer(seconds)
        self.wire.defer(seconds)

    async def defer_async(self, seconds: float) -> None:
        self.defer(seconds)  # a few arithmetic steps under a lock: nothing to await

    def after_fork(self) -> None:
        self.schedule.after_fork()
        self.wire.after_fork()

    def __repr__(self) -> str:
        return f"<Limiter {self.limit.rate:g}/s burst {self.limit.burst}>"


_limiters: dict[tuple[str, RateLimit], Limiter] = {}
_limiters_lock = threading.Lock()


def limiter_for(api_key: str, limit: RateLimit) -> Limiter:
    """The limiter shared by every client using this key with these limits."""
    digest = hashlib.sha256(api_key.encode()).hexdigest()  # the registry never holds the key itself
    with _limiters_lock:
        limiter = _limiters.get((digest, limit))
        if limiter is None:
            limiter = _limiters[(digest, limit)] = Limiter(limit)
        return limiter


def _reset_in_child() -> None:
    """A lock held by another thread at ``fork()`` would stay held forever in the child."""
    global _limiters_lock
    _limiters_lock = threading.Lock()
    for limiter in _limiters.values():
        limiter.after_fork()


os.register_at_fork(after_in_child=_reset_in_child)
