"""A client-side token bucket, so that a busy job stays under Dixa's limit.

Dixa allows each API token 10 requests per second with bursts of 4. Every client made
with the same API key and limits shares one bucket, whatever thread or event loop uses
it: the limit belongs to the token, not to a client object.

The bucket works by reservation: taking a token may leave the balance negative, and the
caller sleeps until its reservation falls due. Reserving is a few arithmetic steps under
a lock, so sync threads and async tasks can share it without waiting on each other.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass

__all__ = ["RateLimit", "TokenBucket", "bucket_for"]


@dataclass(frozen=True, slots=True)
class RateLimit:
    """``rate`` requests per second on average, at most ``burst`` at once."""

    rate: float = 10.0
    burst: int = 4

    def __post_init__(self) -> None:
        if self.rate <= 0:
            raise ValueError("rate_limit.rate: must be positive")
        if self.burst < 1:
            raise ValueError("rate_limit.burst: must be at least 1")


class TokenBucket:
    def __init__(self, limit: RateLimit) -> None:
        self.limit = limit
        self._tokens = float(limit.burst)
        self._updated = time.monotonic()
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take one token; return how many seconds the caller must wait before sending."""
        rate, burst = self.limit.rate, self.limit.burst
        with self._lock:
            now = time.monotonic()
            self._tokens = min(float(burst), self._tokens + (now - self._updated) * rate)
            self._updated = now
            self._tokens -= 1.0
            return 0.0 if self._tokens >= 0 else -self._tokens / rate

    def __repr__(self) -> str:
        return f"<TokenBucket {self.limit.rate}/s burst {self.limit.burst}>"


_buckets: dict[tuple[str, RateLimit], TokenBucket] = {}
_buckets_lock = threading.Lock()


def bucket_for(api_key: str, limit: RateLimit) -> TokenBucket:
    """The bucket shared by every client using this key with these limits."""
    digest = hashlib.sha256(api_key.encode()).hexdigest()  # the registry never holds the key itself
    with _buckets_lock:
        bucket = _buckets.get((digest, limit))
        if bucket is None:
            bucket = _buckets[(digest, limit)] = TokenBucket(limit)
        return bucket
