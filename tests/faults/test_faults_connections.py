"""Broken connections and slow servers: resets, truncated bodies, timeouts, refusals.

A failure without a response is retried for GET, PUT and DELETE. For POST and PATCH it
is retried only when it provably happened before the request was sent (connection
refused); otherwise the server may have applied the write, and the server's "applied"
count proves the SDK did not send it a second time.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import dixa
from tests.faults.faultkit import GET, IDEMPOTENT, NON_IDEMPOTENT, POST, PUT, Op, Runner, check_success
from tests.faults.faultserver import FaultServer, Reply, Reset, Truncate, closed_port


def _ids(op: Op) -> str:
    return op.method


# Status and headers sent, then the connection is reset 5 bytes into the body.
MID_BODY = Reset(after_bytes=5, reply=Reply(200, {"data": "x" * 100}))


# --- connection reset -------------------------------------------------------------------


@pytest.mark.parametrize("op", IDEMPOTENT, ids=_ids)
async def test_reset_mid_body_is_retried_for_idempotent_methods(run: Runner, server: FaultServer, op: Op) -> None:
    server.script(op.method, op.path, MID_BODY, Reset(), op.ok)

    check_success(op, await run.call(op.call))

    assert server.hits(op.method, op.path) == 3


async def test_resets_outlasting_the_retries_raise_api_connection_error(run: Runner, server: FaultServer) -> None:
    server.script(GET.method, GET.path, MID_BODY)

    with pytest.raises(dixa.APIConnectionError) as info:
        await run.call(GET.call)

    error = info.value
    assert type(error) is dixa.APIConnectionError
    assert server.hits(GET.method, GET.path) == 3 == error.attempts
    assert str(error).startswith("connection failed (ReadError: [Errno 104] Connection reset by peer)")
    assert str(error).endswith(f"(GET {server.url}{GET.path}); gave up after 3 attempts")
    assert "\n" not in str(error)


@pytest.mark.parametrize("reset", [Reset(), Reset(after_bytes=5, reply=Reply(201, {"data": "x" * 100}))])
@pytest.mark.parametrize("op", NON_IDEMPOTENT, ids=_ids)
async def test_reset_is_not_retried_for_writes(run: Runner, server: FaultServer, op: Op, reset: Reset) -> None:
    server.script(op.method, op.path, reset, op.ok)

    with pytest.raises(dixa.APIConnectionError) as info:
        await run.call(op.call)

    assert info.value.attempts == 1
    assert server.hits(op.method, op.path) == 1
    assert server.applied(op.method, op.path) == 1  # applied once, never twice


# --- body shorter than its Content-Length ----------------------------------------------


async def test_body_cut_short_is_retried_for_get(run: Runner, server: FaultServer) -> None:
    server.script(GET.method, GET.path, Truncate(GET.ok, keep=10), GET.ok)

    check_success(GET, await run.call(GET.call))

    assert server.hits(GET.method, GET.path) == 2


@pytest.mark.parametrize("op", NON_IDEMPOTENT, ids=_ids)
async def test_body_cut_short_is_not_retried_for_writes(run: Runner, server: FaultServer, op: Op) -> None:
    server.script(op.method, op.path, Truncate(op.ok, keep=10), op.ok)

    with pytest.raises(dixa.APIConnectionError) as info:
        await run.call(op.call)

    assert "RemoteProtocolError" in str(info.value)
    assert server.hits(op.method, op.path) == 1
    assert server.applied(op.method, op.path) == 1


# --- slower than the timeout ------------------------------------------------------------


async def test_slow_response_times_out_and_get_is_retried(run: Runner, server: FaultServer) -> None:
    server.script(GET.method, GET.path, Reply(200, GET.ok.json, delay=2.0), GET.ok)

    check_success(GET, await run.call(GET.call, timeout=0.2))

    assert server.hits(GET.method, GET.path) == 2
    assert run.elapsed < 1.5  # gave up on the slow answer after ~0.2 s, not 2 s


async def test_timeouts_outlasting_the_retries_raise_api_timeout_error(run: Runner, server: FaultServer) -> None:
    server.script(GET.method, GET.path, Reply(200, GET.ok.json, delay=2.0))

    with pytest.raises(dixa.APITimeoutError) as info:
        await run.call(GET.call, timeout=0.2)

    error = info.value
    assert isinstance(error, dixa.APIConnectionError)
    assert server.hits(GET.method, GET.path) == 3 == error.attempts
    assert str(error) == (
        f"timed out waiting for the response (read timeout 0.2s) (GET {server.url}{GET.path}); gave up after 3 attempts"
    )
    assert run.elapsed < 1.8  # three attempts of ~0.2 s plus short backoffs


@pytest.mark.parametrize("op", NON_IDEMPOTENT, ids=_ids)
async def test_slow_write_times_out_once_and_is_not_sent_again(run: Runner, server: FaultServer, op: Op) -> None:
    server.script(op.method, op.path, Reply(op.ok.status, op.ok.json, delay=1.0), op.ok)

    with pytest.raises(dixa.APITimeoutError) as info:
        await run.call(op.call, timeout=0.2)

    assert info.value.attempts == 1
    assert server.hits(op.method, op.path) == 1
    assert server.applied(op.method, op.path) == 1


async def test_per_call_timeout_overrides_the_clients(run: Runner, server: FaultServer) -> None:
    server.script(PUT.method, PUT.path, Reply(204, content_type=None, delay=0.5))

    # The client would give up after 0.1 s; this call may take 3 s.
    check_success(PUT, await run.call(lambda c: PUT.call(c.with_options(timeout=3.0)), timeout=0.1, max_retries=0))
    assert server.hits(PUT.method, PUT.path) == 1

    with pytest.raises(dixa.APITimeoutError):
        await run.call(PUT.call, timeout=0.1, max_retries=0)


async def test_per_phase_timeouts_are_honoured(run: Runner, server: FaultServer) -> None:
    server.script(GET.method, GET.path, Reply(200, GET.ok.json, delay=0.6))

    # A generous connect timeout does not stretch the read timeout.
    with pytest.raises(dixa.APITimeoutError, match=r"read timeout 0\.2s"):
        await run.call(GET.call, timeout=httpx.Timeout(5.0, read=0.2), max_retries=0)


# --- nothing listening ------------------------------------------------------------------


class _CountingTransport(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.attempts = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.attempts += 1
        return super().handle_request(request)


class _AsyncCountingTransport(httpx.AsyncHTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.attempts = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.attempts += 1
        return await super().handle_async_request(request)


@pytest.mark.parametrize("op", [GET, POST], ids=_ids)
async def test_connection_refused_is_retried_for_every_method(run: Runner, op: Op) -> None:
    """A refused connection proves nothing was sent, so even a POST may be sent again."""
    transport: Any = _CountingTransport() if run.mode == "sync" else _AsyncCountingTransport()
    client = httpx.Client(transport=transport) if run.mode == "sync" else httpx.AsyncClient(transport=transport)
    with closed_port() as url:
        run.base_url = url
        with pytest.raises(dixa.APIConnectionError) as info:
            await run.call(op.call, http_client=client)

    assert type(info.value) is dixa.APIConnectionError
    assert info.value.attempts == 3 == transport.attempts
    assert str(info.value).startswith("connection failed (ConnectError: ")
    if isinstance(client, httpx.Client):
        client.close()
    else:
        await client.aclose()
