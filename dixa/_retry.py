"""When to retry, and how long to wait first. Pure functions; the cores do the sleeping.

The rule that matters most: a write is never sent twice unless the server has proven
it did not apply the first one. GET, PUT and DELETE are idempotent in Dixa's API and
are retried on any transient failure. POST and PATCH are retried only on 429 (the
request was refused, not applied) and on connection failures that happen before a
byte of the request left this machine.
"""

from __future__ import annotations

import email.utils
import random
import time

import httpx

from dixa._call import IDEMPOTENT_METHODS

__all__ = ["RETRYABLE_STATUSES", "backoff_delay", "retry_after_seconds", "should_retry_error", "should_retry_status"]

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
INITIAL_DELAY = 0.5
MAX_DELAY = 8.0
MAX_RETRY_AFTER = 60.0

# Failures that prove the request was never sent: no connection, or none from the pool.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def should_retry_status(method: str, status: int) -> bool:
    if status == 429:
        return True
    return method in IDEMPOTENT_METHODS and status in RETRYABLE_STATUSES


def should_retry_error(method: str, error: httpx.TransportError) -> bool:
    if isinstance(error, _NOT_SENT):
        return True
    return method in IDEMPOTENT_METHODS


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """The wait a ``Retry-After`` (seconds or HTTP date) or ``retry-after-ms`` asks for."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def backoff_delay(retries_done: int, retry_after: float | None = None) -> float:
    """Seconds to wait before the next attempt.

    A server's ``Retry-After`` wins when it is given; otherwise exponential backoff from
    0.5 s, capped at 8 s, with up to 25 % jitter so that many clients do not retry in step.
    """
    if retry_after is not None:
        return retry_after
    delay = min(INITIAL_DELAY * 2.0**retries_done, MAX_DELAY)
    return delay * (1 - 0.25 * random.random())  # noqa: S311 - jitter, not cryptography
