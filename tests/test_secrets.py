"""The API key never shows: not in the repr/str of clients, requests or errors, not in
log records (the SDK's, httpx's or httpcore's, at DEBUG), not in ``DIXA_LOG`` output.

Each check also proves the key was really in play (sent in ``Authorization``), so that a
test cannot pass merely because nothing happened. Cassettes are checked where they are
recorded and stored: ``tests/cassettes/test_cassette_secrets.py``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest

import dixa

KEY = "sk-live-9f8e7d6c5b4a-SECRET"
ROOT = Path(__file__).resolve().parent.parent


class _Handler(BaseHTTPRequestHandler):
    """503 on the first request (so a retry is logged), then 200 with an empty listing."""

    protocol_version = "HTTP/1.1"
    seen_keys: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen_keys.append(self.headers.get("Authorization", ""))
        body = b'{"data": []}'
        self.send_response(503 if len(self.seen_keys) == 1 else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def local_url() -> Iterator[str]:
    _Handler.seen_keys = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _mock(status: int = 200, **kwargs: Any) -> tuple[list[httpx.Request], httpx.MockTransport]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, **kwargs)

    return seen, httpx.MockTransport(handler)


def _texts(*objects: object) -> list[str]:
    return [text for thing in objects for text in (repr(thing), str(thing))]


def test_clients_and_their_parts_never_show_the_key() -> None:
    sync_client = dixa.Dixa(api_key=KEY, base_url="http://dixa.test")
    async_client = dixa.AsyncDixa(api_key=KEY, base_url="http://dixa.test")
    parts = [
        sync_client,
        async_client,
        sync_client.with_options(timeout=3),
        async_client.with_options(max_retries=0),
        sync_client.with_raw_response,
        sync_client.conversations,
        sync_client.conversations.notes,
        sync_client.conversations.tags.list(1),
        async_client.conversations.tags.list(1),
        sync_client._settings,
        sync_client._settings.limiter,
        sync_client.conversations._core,
        sync_client.generated,
        sync_client.generated.get_httpx_client()._auth,
    ]
    for text in _texts(*parts):
        assert KEY not in text, text
    assert sync_client._settings.api_key == KEY  # it is there, just never shown
    sync_client.close()
    asyncio.run(async_client.close())


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_requests_send_the_key_but_never_show_it(mode: str) -> None:
    seen, transport = _mock(json={"data": []})
    options: dict[str, Any] = {"api_key": KEY, "base_url": "http://dixa.test", "rate_limit": None}
    if mode == "sync":
        with dixa.Dixa(http_client=httpx.Client(transport=transport), **options) as client:
            raw = client.with_raw_response.conversations.tags.list(1)
    else:

        async def run() -> Any:
            async with dixa.AsyncDixa(http_client=httpx.AsyncClient(transport=transport), **options) as client:
                return await client.with_raw_response.conversations.tags.list(1)

        raw = asyncio.run(run())
    (request,) = seen
    assert request.headers["Authorization"] == KEY
    for text in _texts(request, request.headers, raw, raw.http_response, raw.headers):
        assert KEY not in text, text


def _errors() -> Iterator[dixa.DixaError]:
    """One error of each kind, raised by a client using KEY."""
    options: dict[str, Any] = {"api_key": KEY, "base_url": "http://dixa.test", "rate_limit": None, "max_retries": 0}
    cases: list[httpx.MockTransport] = [
        _mock(401, json={"message": "Invalid API key"})[1],
        _mock(429, json={"message": "Slow down"}, headers={"Retry-After": "1"})[1],
        _mock(200, content=b"{not json", headers={"Content-Type": "application/json"})[1],
        httpx.MockTransport(lambda request: (_ for _ in ()).throw(httpx.ConnectError("refused", request=request))),
        httpx.MockTransport(lambda request: (_ for _ in ()).throw(httpx.ReadTimeout("slow", request=request))),
    ]
    for transport in cases:
        with dixa.Dixa(http_client=httpx.Client(transport=transport), **options) as client:
            try:
                client.conversations.tags.list(1).to_list()
            except dixa.DixaError as error:
                yield error
            else:
                raise AssertionError("expected an error")


def test_errors_never_show_the_key() -> None:
    errors = list(_errors())
    assert [type(error) for error in errors] == [
        dixa.AuthenticationError,
        dixa.RateLimitError,
        dixa.APIResponseValidationError,
        dixa.APIConnectionError,
        dixa.APITimeoutError,
    ]
    for error in errors:
        assert isinstance(error, dixa.APIError)
        assert error.request.headers["Authorization"] == KEY
        formatted = "".join(traceback.format_exception(error))
        for text in [*_texts(error, error.request, error.request.headers), formatted, error.url]:
            assert KEY not in text, text


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_log_records_at_debug_never_hold_the_key(
    mode: str, local_url: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("dixa._retry.INITIAL_DELAY", 0.001)
    options: dict[str, Any] = {"api_key": KEY, "base_url": local_url, "rate_limit": dixa.RateLimit()}
    with caplog.at_level(logging.DEBUG):  # every logger: dixa, httpx, httpcore
        if mode == "sync":
            with dixa.Dixa(**options) as client:
                client.conversations.tags.list(1).to_list()
        else:

            async def run() -> None:
                async with dixa.AsyncDixa(**options) as client:
                    await client.conversations.tags.list(1).to_list()

            asyncio.run(run())

    assert _Handler.seen_keys == [KEY, KEY]  # sent twice (one retry)
    loggers = {record.name.split(".")[0] for record in caplog.records}
    assert {"dixa", "httpx", "httpcore"} <= loggers
    for record in caplog.records:
        assert KEY not in record.getMessage(), record.getMessage()
        assert KEY not in repr(record.args)
        assert KEY not in repr(record.__dict__)


def test_dixa_log_debug_prints_requests_but_not_the_key() -> None:
    script = (
        "import httpx, dixa\n"
        "transport = httpx.MockTransport(lambda r: httpx.Response(200, json={'data': []}))\n"
        f"with dixa.Dixa(api_key={KEY!r}, base_url='http://dixa.test',\n"
        "               http_client=httpx.Client(transport=transport)) as client:\n"
        "    client.conversations.tags.list(1).to_list()\n"
    )
    env = {**os.environ, "DIXA_LOG": "debug"}
    env.pop("DIXA_API_KEY", None)
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert "dixa DEBUG] GET http://dixa.test/beta/conversations/1/tags -> 200 in " in done.stderr
    assert KEY not in done.stderr + done.stdout


def test_without_dixa_log_nothing_is_printed() -> None:
    script = (
        "import httpx, dixa\n"
        "transport = httpx.MockTransport(lambda r: httpx.Response(200, json={'data': []}))\n"
        "http = httpx.Client(transport=transport)\n"
        "with dixa.Dixa(api_key='k', base_url='http://dixa.test', http_client=http) as c:\n"
        "    c.conversations.tags.list(1).to_list()\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "DIXA_LOG"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stderr == ""
