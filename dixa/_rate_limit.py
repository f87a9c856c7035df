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

Taking a slot is a reservation: a few arithmetic steps under a lock, returning how long
the caller must sleep. Sync threads and async tasks can therefore share one limiter
without ever blocking each other on the lock.

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
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from dixa._exceptions import InvalidParameterError, InvalidParameterTypeError

__all__ = ["Limiter", "RateLimit", "TokenBucket", "limiter_for"]

DEFAULT_JITTER = 0.05


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


class TokenBucket:
    """One GCRA bucket (see the module docs for the algorithm)."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._interval = 1.0 / limit.rate
        self._tolerance = (limit.burst - 1) * self._interval - limit.jitter
        self._tat = -math.inf  # nothing sent yet: the whole burst is available
        self._clock = clock
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take the next slot; return how many seconds the caller must wait before sending."""
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

    def __repr__(self) -> str:
        return f"<TokenBucket {self.limit.rate:g}/s burst {self.limit.burst}>"


class Limiter:
    """The limiter for one API key: a ``schedule`` bucket and a ``wire`` bucket (module docs)."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.schedule = TokenBucket(limit, clock)
        self.wire = TokenBucket(limit, clock)

    def defer(self, seconds: float) -> None:
        """Hold every request of this key, scheduled or about to be written, for ``seconds``."""
        self.schedule.defer(seconds)
        self.wire.defer(seconds)

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
