"""Fixtures for the escape-hatch tests: a recording loopback server, and ``both``, which
runs one test body through ``Dixa`` and through ``AsyncDixa``.

The recorder answers each request from a script (a queue per method + path, the last
answer repeating) and keeps what arrived on the socket: method, the raw request target
(as httpx wrote it, after its own normalization), headers and body. That is what proves
a path kept its segments and that the key was sent, which a ``MockTransport`` cannot.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

import dixa
from dixa import _retry


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backoff of 10, 20 ms instead of 0.5, 1 s: the same retry decisions, a fast suite."""
    monkeypatch.setattr(_retry, "INITIAL_DELAY", 0.01)
    monkeypatch.setattr(_retry, "MAX_DELAY", 0.05)


@dataclass(frozen=True)
class Seen:
    method: str
    target: str  # the raw request target: path and query, exactly as sent
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]


@dataclass
class Answer:
    status: int = 200
    json: Any = None
    body: bytes | None = None
    content_type: str = "application/json"

    def payload(self) -> bytes:
        if self.body is not None:
            return self.body
        return b"" if self.json is None else json.dumps(self.json).encode()


@dataclass
class Recorder:
    url: str = ""
    seen: list[Seen] = field(default_factory=list)
    scripts: dict[tuple[str, str], list[Answer]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def script(self, method: str, path: str, *answers: Answer) -> None:
        self.scripts[(method, path)] = list(answers)

    def next_answer(self, method: str, path: str) -> Answer:
        with self.lock:
            answers = self.scripts.get((method, path))
            if not answers:
                return Answer(404, {"message": f"no script for {method} {path}"})
            return answers.pop(0) if len(answers) > 1 else answers[0]

    def hits(self, method: str | None = None) -> list[Seen]:
        return [s for s in self.seen if method is None or s.method == method]


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    state = Recorder()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            seen = Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            with state.lock:
                state.seen.append(seen)
            answer = state.next_answer(self.command, seen.path)
            payload = answer.payload()
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


class Both:
    """Runs ``fn(client)`` with a sync or an async client (awaiting the result)."""

    def __init__(self, mode: str) -> None:
        self.mode = mode

    def __call__(self, base_url: str, fn: Callable[[Any], Any], **options: Any) -> Any:
        settings: dict[str, Any] = {"api_key": "escape-key", "base_url": base_url, "rate_limit": None}
        settings.update(options)
        if self.mode == "sync":
            with dixa.Dixa(**settings) as client:
                return fn(client)

        async def run() -> Any:
            async with dixa.AsyncDixa(**settings) as client:
                result = fn(client)
                assert inspect.isawaitable(result), "async escape hatches must return awaitables"
                return await result

        return asyncio.run(run())


@pytest.fixture(params=["sync", "async"])
def both(request: pytest.FixtureRequest) -> Both:
    return Both(request.param)
