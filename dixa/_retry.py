"""When to retry, and how long to wait first. Pure functions; the cores do the sleeping.

The rule that matters most: a write is never sent twice unless the server has proven
it did not apply the first one. GET, PUT and DELETE are idempotent in Dixa's API and
are retried on any transient failure. POST and PATCH are retried only on 429 (the
request was refused, not applied) and on failures that happen before a byte of the
request left this machine (no connection could be made, or none was free in the pool).

=====================================  ====================  ==============
failure                                GET, PUT, DELETE      POST, PATCH
=====================================  ====================  ==============
429 Too Many Requests                  retried               retried
408, 500, 502, 503, 504                retried               not retried
connect error, connect/pool timeout    retried               retried
read/write timeout, connection broken  retried               not retried
any other status, undecodable body     not retried           not retried
=====================================  ====================  ==============
"""

from __future__ import annotations

import datetime
import email.utils
import math
import random
import time

import httpx

from dixa._call import IDEMPOTENT_METHODS

__all__ = [
    "INITIAL_DELAY",
    "MAX_DELAY",
    "MAX_RETRY_AFTER",
    "RETRYABLE_STATUSES",
    "backoff_delay",
    "retry_after_seconds",
    "should_retry_error",
    "should_retry_status",
]

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

# Backoff before retry n (0-based) is INITIAL_DELAY * 2**n, capped at MAX_DELAY, minus up
# to 25 % jitter. Read at call time, so tests may shorten it.
INITIAL_DELAY = 0.5
MAX_DELAY = 8.0

# A Retry-After longer than this is not waited out inside a call: the call fails with
# RateLimitError/InternalServerError carrying ``retry_after`` and the caller decides.
MAX_RETRY_AFTER = 60.0

# Failures that prove the request was never sent: no connection, or none from the pool.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def should_retry_status(method: str, status: int) -> bool:
    """Whether a response with ``status`` to a ``method`` request may be sent again."""
    if status == 429:
        return True  # refused before processing, whatever the method
    return method.upper() in IDEMPOTENT_METHODS and status in RETRYABLE_STATUSES


def should_retry_error(method: str, error: httpx.TransportError) -> bool:
    """Whether a request that failed with ``error`` (no response) may be sent again."""
    if isinstance(error, _NOT_SENT):
        return True
    return method.upper() in IDEMPOTENT_METHODS


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """The wait a ``Retry-After`` (seconds or HTTP date) or ``retry-after-ms`` asks for.

    ``None`` when there is no such header, it cannot be read, or it asks for no wait at
    all (zero, negative, NaN, infinite, a date in the past): such a value would make the
    retries run back to back, so the normal backoff applies instead (openai-python's
    guard, ``0 < value``). Values above :data:`MAX_RETRY_AFTER` are returned as they are;
    the core fails fast on them.
    """
    millis = _number(headers.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000
    value = headers.get("retry-after")
    if value is None:
        return None
    seconds = _number(value)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" dates parse as naive; an HTTP date is always UTC
        when = when.replace(tzinfo=datetime.UTC)
    return _positive(when.timestamp() - time.time())


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return _positive(number)


def _positive(seconds: float) -> float | None:
    return seconds if seconds > 0 and math.isfinite(seconds) else None


def backoff_delay(retries_done: int, retry_after: float | None = None) -> float:
    """Seconds to wait before the next attempt.

    A server's ``Retry-After`` wins when it is given; otherwise exponential backoff from
    :data:`INITIAL_DELAY`, capped at :data:`MAX_DELAY`, with up to 25 % jitter so that many
    clients failing together do not retry in step.
    """
    if retry_after is not None:
        return retry_after
    delay = min(INITIAL_DELAY * 2.0**retries_done, MAX_DELAY)
    return delay * (1 - 0.25 * random.random())  # noqa: S311 - jitter, not cryptography
