"""Every call is bounded in time and memory (issue 9, item 4).

Before: a body trickled one byte at a time kept a call with ``timeout=2`` alive for
76 s (the read timeout restarts with every chunk, times three attempts); a flood grew
the process to 1.5 GB; a 50 MB error page was downloaded three times. Now an attempt
has a budget from hand-off to last byte (the timeout), success bodies stop at
``max_response_size`` with a typed error, and error bodies are read only up to a small
cap, on every retry.
"""

from __future__ import annotations

import socket

import pytest

import dixa
from dixa._core import ERROR_BODY_LIMIT
from tests.edges.rawserver import RawServer, Request, flood_chunked, stream_body
from tests.faults.faultkit import GET, Runner

MiB = 1024 * 1024


def _trickle(server: RawServer, request: Request, sock: socket.socket) -> bool:
    stream_body(server, sock, 200, b" ", every=0.05, total=100_000)  # one byte every 50 ms
    return False


async def test_a_trickled_body_cannot_outlive_the_timeout(run: Runner) -> None:
    with RawServer(_trickle, lifetime=15) as server:
        runner = Runner(run.mode, server.url)
        with pytest.raises(dixa.APITimeoutError) as info:
            await runner.call(GET.call, timeout=0.4, max_retries=1)
    error = info.value
    assert error.attempts == 2  # a GET: the timeout is retried, and the retry is bounded too
    assert "0.4s budget" in str(error)
    assert runner.elapsed < 2 * 0.4 + 1.5  # two budgets and a backoff, with room; not 100,000 x 50 ms


def _flood(server: RawServer, request: Request, sock: socket.socket) -> bool:
    flood_chunked(server, sock, 200, limit=256 * MiB)
    return False


async def test_a_flood_stops_at_max_response_size(run: Runner) -> None:
    with RawServer(_flood, lifetime=15) as server:
        runner = Runner(run.mode, server.url)
        with pytest.raises(dixa.ResponseTooLargeError) as info:
            await runner.call(GET.call, max_response_size=MiB)
        sent = server.sent_bytes
    error = info.value
    assert isinstance(error, dixa.APIResponseValidationError)
    assert error.limit == MiB
    assert error.attempts == 1  # not retried: the same request gets the same body
    assert "max_response_size" in str(error)
    assert sent < 32 * MiB  # the limit plus what the sockets buffered: reading stopped


def _declared_huge(server: RawServer, request: Request, sock: socket.socket) -> bool:
    stream_body(server, sock, 200, b" " * 65536, every=0, total=10 * 1024 * MiB)
    return False


async def test_a_declared_length_over_the_limit_is_not_read(run: Runner) -> None:
    with RawServer(_declared_huge, lifetime=15) as server:
        runner = Runner(run.mode, server.url)
        with pytest.raises(dixa.ResponseTooLargeError):
            await runner.call(GET.call, max_response_size=MiB)
        sent = server.sent_bytes
    assert sent < 32 * MiB


def _huge_error_page(server: RawServer, request: Request, sock: socket.socket) -> bool:
    stream_body(server, sock, 500, b"<html>" + b"x" * 65530, every=0, total=50 * MiB)
    return False


async def test_a_huge_error_page_is_not_downloaded_on_each_retry(run: Runner) -> None:
    with RawServer(_huge_error_page, lifetime=15) as server:
        runner = Runner(run.mode, server.url)
        with pytest.raises(dixa.InternalServerError) as info:
            await runner.call(GET.call, max_retries=2)
        sent = server.sent_bytes
    assert info.value.attempts == 3
    assert sent < 50 * MiB  # three attempts together moved less than one copy of the page


def _chunked_error(server: RawServer, request: Request, sock: socket.socket) -> bool:
    flood_chunked(server, sock, 400, limit=8 * MiB)
    return False


async def test_an_error_body_is_read_only_up_to_a_small_cap(run: Runner) -> None:
    with RawServer(_chunked_error, lifetime=15) as server:
        runner = Runner(run.mode, server.url)
        with pytest.raises(dixa.BadRequestError) as info:
            await runner.call(GET.call)
    assert len(info.value.response.content) <= ERROR_BODY_LIMIT
    assert info.value.body is None  # the cut JSON is not decoded into a half message


def _slow_drip(server: RawServer, request: Request, sock: socket.socket) -> bool:
    stream_body(server, sock, 200, b" ", every=0.9, total=100)  # each gap just under the read timeout
    return False


async def test_an_attempt_ends_at_its_budget_even_mid_read(run: Runner) -> None:
    """The budget is enforced while a read is blocked, not only between chunks: the read in
    progress at the deadline is cut (asyncio.timeout, or the sync watchdog), so the
    attempt ends at ~1 s rather than at the next byte (~1.8 s)."""
    with RawServer(_slow_drip, lifetime=15) as server:
        runner = Runner(run.mode, server.url)
        with pytest.raises(dixa.APITimeoutError, match="1s budget"):
            await runner.call(GET.call, timeout=1.0, max_retries=0)
    assert runner.elapsed < 1.5
