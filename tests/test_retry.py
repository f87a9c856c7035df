"""The retry policy: which failures are retried for which methods, Retry-After, backoff.

The policy functions are checked against the table in ``dixa._retry`` (the same table
the README shows), then the failures a local server cannot produce on demand (pool and
write timeouts, decoding errors) are driven through the public clients with a mock
transport. The fault suite (``tests/faults``) proves the rest against a real server.
"""

from __future__ import annotations

import asyncio
import email.utils
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

import dixa
from dixa import _retry

IDEMPOTENT = ["GET", "PUT", "DELETE"]
WRITES = ["POST", "PATCH"]

TRANSPORT_ERRORS: dict[str, type[httpx.TransportError]] = {
    "connect error": httpx.ConnectError,
    "connect timeout": httpx.ConnectTimeout,
    "pool timeout": httpx.PoolTimeout,
    "read timeout": httpx.ReadTimeout,
    "write timeout": httpx.WriteTimeout,
    "read error": httpx.ReadError,
    "write error": httpx.WriteError,
    "remote protocol error": httpx.RemoteProtocolError,
}


def _table() -> dict[str, tuple[str, str]]:
    """The policy table in ``dixa._retry``'s docstring: row label -> (idempotent, writes)."""
    rows = {}
    for line in (_retry.__doc__ or "").splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) == 3 and cells[1] in ("retried", "not retried"):
            rows[cells[0]] = (cells[1], cells[2])
    return rows


def _verdict(retried: bool) -> str:
    return "retried" if retried else "not retried"


def test_the_documented_table_is_the_policy() -> None:
    table = _table()
    assert set(table) == {
        "429 Too Many Requests",
        "408, 500, 502, 503, 504",
        "connect error, connect/pool timeout",
        "read/write timeout, connection broken",
        "any other status, undecodable body",
    }
    for status in (429, 408, 500, 502, 503, 504, 400, 401, 403, 404, 409, 422, 501, 505):
        row = "429 Too Many Requests" if status == 429 else "408, 500, 502, 503, 504"
        if status not in _retry.RETRYABLE_STATUSES:
            row = "any other status, undecodable body"
        assert table[row] == (
            _verdict(all(_retry.should_retry_status(m, status) for m in IDEMPOTENT)),
            _verdict(all(_retry.should_retry_status(m, status) for m in WRITES)),
        ), status
        for method in IDEMPOTENT + WRITES:  # every method in a group behaves the same
            expected = table[row][0 if method in IDEMPOTENT else 1] == "retried"
            assert _retry.should_retry_status(method, status) is expected
    for name, error_class in TRANSPORT_ERRORS.items():
        row = "connect error, connect/pool timeout" if name.startswith(("connect", "pool")) else None
        row = row or "read/write timeout, connection broken"
        error = error_class("boom")
        for method in IDEMPOTENT + WRITES:
            expected = table[row][0 if method in IDEMPOTENT else 1] == "retried"
            assert _retry.should_retry_error(method, error) is expected, (name, method)


def test_the_readme_shows_the_same_table() -> None:
    readme = Path(__file__).resolve().parent.parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    if "## Reliability" not in text:
        pytest.skip("the reliability section (build/readme-reliability.md) is not merged into README.md yet")
    for label, (idempotent, writes) in _table().items():
        assert re.search(rf"\|\s*{re.escape(label)}\s*\|\s*{idempotent}\s*\|\s*{writes}\s*\|", text), label


# --- Retry-After --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"Retry-After": "3"}, 3.0),
        ({"Retry-After": " 1.5 "}, 1.5),
        ({"Retry-After": "0"}, None),  # no wait at all: normal backoff instead (openai's guard)
        ({"Retry-After": "-4"}, None),
        ({"Retry-After": "inf"}, None),
        ({"Retry-After": "nan"}, None),
        ({"Retry-After": "soon"}, None),
        ({"Retry-After": ""}, None),
        ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, None),  # in the past: normal backoff
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),  # the precise one wins
        ({"retry-after-ms": "x", "Retry-After": "9"}, 9.0),
    ],
)
def test_retry_after_forms(headers: dict[str, str], expected: float | None) -> None:
    assert _retry.retry_after_seconds(httpx.Headers(headers)) == expected


@pytest.mark.parametrize("usegmt", [True, False])
def test_retry_after_http_date_in_the_future(usegmt: bool) -> None:
    when = time.time() + 30
    value = email.utils.formatdate(when, usegmt=usegmt)  # "GMT" or "-0000"
    wait = _retry.retry_after_seconds(httpx.Headers({"Retry-After": value}))
    assert wait is not None and 28 <= wait <= 30


# --- backoff ------------------------------------------------------------------------------


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    assert (_retry.INITIAL_DELAY, _retry.MAX_DELAY) == (0.5, 8.0)
    for retries_done, base in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (10, 8.0)]:
        delays = [_retry.backoff_delay(retries_done) for _ in range(200)]
        assert all(0.75 * base <= delay <= base for delay in delays)
        assert max(delays) - min(delays) > 0.05 * base  # jittered, not in lock-step


def test_retry_after_overrides_backoff() -> None:
    assert _retry.backoff_delay(0, retry_after=7.0) == 7.0
    assert _retry.backoff_delay(5, retry_after=0.0) == 0.0


# --- through the clients ------------------------------------------------------------------


class Script:
    """A mock transport raising or answering per attempt (the last step repeats), counting attempts."""

    def __init__(self, *steps: Exception | tuple[int, Any]) -> None:
        self.steps = list(steps)
        self.attempts = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.attempts += 1
        step = self.steps[min(self.attempts, len(self.steps)) - 1]
        if isinstance(step, Exception):
            raise step
        status, body = step
        return httpx.Response(status, json=body) if body is not None else httpx.Response(status)


OK_NOTE = (
    201,
    {
        "data": {
            "id": "eb31acbb-13f9-4ce7-abd3-44dd86266741",
            "authorId": "5e8a300e-787e-47cd-af53-fc1ccc37933d",
            "createdAt": "2021-12-01T12:46:36.581Z[GMT]",
            "csid": 1,
            "message": "hi",
        }
    },
)
OK_TAGS = (200, {"data": []})
UNAVAILABLE = (503, None)

OPERATIONS: dict[str, tuple[Callable[[Any], Any], tuple[int, Any]]] = {
    "GET": (lambda c: c.conversations.tags.list(1), OK_TAGS),
    "POST": (lambda c: c.conversations.notes.create(1, message="hi"), OK_NOTE),
    "PUT": (lambda c: c.conversations.tag(1, "b794a74a-625b-4303-8237-9b11668a9605"), (204, None)),
}


def _run(mode: str, script: Script, fn: Callable[[Any], Any], **options: Any) -> Any:
    options = {"api_key": "k", "base_url": "http://dixa.test", "rate_limit": None, **options}
    if mode == "sync":
        with dixa.Dixa(http_client=httpx.Client(transport=httpx.MockTransport(script)), **options) as client:
            result = fn(client)
            return list(result) if isinstance(result, dixa.SyncPager) else result

    async def run() -> Any:
        http = httpx.AsyncClient(transport=httpx.MockTransport(script))
        async with dixa.AsyncDixa(http_client=http, **options) as client:
            result = fn(client)
            return [x async for x in result] if isinstance(result, dixa.AsyncPager) else await result

    return asyncio.run(run())


@pytest.fixture
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_retry, "INITIAL_DELAY", 0.001)


@pytest.mark.usefixtures("fast_backoff")
@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("method", list(OPERATIONS))
@pytest.mark.parametrize("error", list(TRANSPORT_ERRORS))
def test_transport_errors_follow_the_policy(mode: str, method: str, error: str) -> None:
    fn, ok = OPERATIONS[method]
    exc = TRANSPORT_ERRORS[error]("simulated")
    script = Script(exc, ok)
    retried = _retry.should_retry_error(method, exc)
    if retried:
        _run(mode, script, fn)
        assert script.attempts == 2
    else:
        expected = dixa.APITimeoutError if isinstance(exc, httpx.TimeoutException) else dixa.APIConnectionError
        with pytest.raises(expected) as info:
            _run(mode, script, fn)
        assert script.attempts == 1 == info.value.attempts
        assert isinstance(info.value.__cause__, httpx.TransportError)


@pytest.mark.usefixtures("fast_backoff")
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_pool_timeout_is_reported_as_a_timeout_after_the_retries(mode: str) -> None:
    script = Script(httpx.PoolTimeout("no free connection"))
    with pytest.raises(dixa.APITimeoutError) as info:
        _run(mode, script, OPERATIONS["POST"][0], timeout=httpx.Timeout(5.0, pool=1.5))
    assert script.attempts == 3 == info.value.attempts
    assert str(info.value).startswith("timed out waiting for a free connection (pool timeout 1.5s) (POST ")


@pytest.mark.usefixtures("fast_backoff")
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_decoding_error_is_a_validation_error(mode: str) -> None:
    script = Script(httpx.DecodingError("bad gzip"))
    with pytest.raises(dixa.APIResponseValidationError) as info:
        _run(mode, script, OPERATIONS["GET"][0])
    assert script.attempts == 1
    assert info.value.status_code is None
    assert (
        str(info.value)
        == "the response body could not be decoded (bad gzip) (GET http://dixa.test/beta/conversations/1/tags)"
    )


@pytest.mark.usefixtures("fast_backoff")
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_too_many_redirects_is_a_connection_error(mode: str) -> None:
    script = Script(httpx.TooManyRedirects("loop"))
    with pytest.raises(dixa.APIConnectionError, match=r"request failed \(TooManyRedirects: loop\)"):
        _run(mode, script, OPERATIONS["GET"][0])


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_backoff_is_actually_waited(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_retry, "INITIAL_DELAY", 0.1)
    script = Script(UNAVAILABLE, UNAVAILABLE, OK_TAGS)
    started = time.monotonic()
    _run(mode, script, OPERATIONS["GET"][0])
    # 0.1 s then 0.2 s, each minus up to 25 % jitter.
    assert time.monotonic() - started >= 0.075 + 0.15
    assert script.attempts == 3


@pytest.mark.usefixtures("fast_backoff")
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_retries_are_logged(mode: str, caplog: pytest.LogCaptureFixture) -> None:
    script = Script(UNAVAILABLE, OK_TAGS)
    with caplog.at_level("INFO", logger="dixa"):
        _run(mode, script, OPERATIONS["GET"][0])
    retries = [r.getMessage() for r in caplog.records if r.levelname == "INFO" and r.name == "dixa"]
    assert len(retries) == 1
    assert re.fullmatch(r"GET http://dixa\.test/beta/conversations/1/tags: 503, retry 1 of 2 in \d\.\d\ds", retries[0])
