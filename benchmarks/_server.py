"""A small, fast HTTP/1.1 server on 127.0.0.1 for the loopback benchmarks.

It runs in its own process (``python -m benchmarks._server``) so that it never shares
an interpreter, and so a GIL or event loop, with the client being measured. It speaks
just enough HTTP/1.1 for httpx and requests (keep-alive, Content-Length) and answers
from canned bodies, so that it is never the bottleneck of a client benchmark.

With ``--rate``/``--burst`` it enforces a per-server token bucket the way Dixa enforces
its per-token limit, answering 429 with ``Retry-After`` when a request arrives early,
and counts those 429s: a client that never sees one may still have caused some, because
the SDK retries them silently.

It is bounded and stops by itself: it binds to 127.0.0.1 only, and exits after
``--max-seconds`` in all, ``--idle-seconds`` without a request, ``--max-requests``
requests, or on ``GET /_shutdown``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from benchmarks import _payloads

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Bucket:
    """The server's view of the limit: ``burst`` tokens, refilled at ``rate`` per second."""

    rate: float
    burst: int
    tokens: float = 0.0
    updated: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.tokens = float(self.burst)

    def admit(self, now: float) -> bool:
        self.tokens = min(float(self.burst), self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False

    def retry_after(self) -> int:
        return max(1, math.ceil((1.0 - self.tokens) / self.rate))


@dataclass
class Stats:
    requests: int = 0
    ok: int = 0
    limited: int = 0
    first_ok: float | None = None
    last_ok: float | None = None

    def as_dict(self) -> dict[str, object]:
        span = (self.last_ok - self.first_ok) if self.first_ok is not None and self.last_ok is not None else None
        return {"requests": self.requests, "ok": self.ok, "limited": self.limited, "ok_span_seconds": span}


class App:
    """Routing and state shared by every connection."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.pages = _payloads.ActivityPages(args.pages, args.per_page)
        self.stats = Stats()
        self.bucket = Bucket(args.rate, args.burst) if args.rate else None
        self.last_request = time.monotonic()
        self.stop = asyncio.Event()

    def reset(self) -> None:
        self.stats = Stats()
        if self.bucket is not None:
            self.bucket = Bucket(self.bucket.rate, self.bucket.burst)

    def handle(self, method: str, target: str) -> tuple[int, bytes, dict[str, str]]:
        now = time.monotonic()
        self.last_request = now
        url = urlsplit(target)
        if url.path == "/_stats":
            return 200, json.dumps(self.stats.as_dict()).encode(), {}
        if url.path == "/_reset" and method == "POST":
            self.reset()
            return 204, b"", {}
        if url.path == "/_shutdown":
            self.stop.set()
            return 204, b"", {}
        self.stats.requests += 1
        if self.stats.requests >= self.args.max_requests:
            self.stop.set()
        if self.bucket is not None and not self.bucket.admit(now):
            self.stats.limited += 1
            body = json.dumps({"message": "Too many requests"}).encode()
            return 429, body, {"Retry-After": str(self.bucket.retry_after())}
        if method == "GET" and url.path in (_payloads.NOTES_PATH, _payloads.NOTES_PATH_V1):
            body = _payloads.NOTES_PAGE
        elif method == "GET" and url.path == _payloads.ACTIVITY_PATH:
            body = self.pages.body(parse_qs(url.query).get("pageKey", [None])[0])
        else:
            return 404, json.dumps({"message": f"no route for {method} {url.path}"}).encode(), {}
        self.stats.ok += 1
        self.stats.first_ok = self.stats.first_ok if self.stats.first_ok is not None else now
        self.stats.last_ok = now
        return 200, body, {}


_REASONS = {200: "OK", 204: "No Content", 404: "Not Found", 429: "Too Many Requests", 400: "Bad Request"}


class Connection(asyncio.Protocol):
    """One keep-alive connection: parse request heads, answer each in order."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.transport is not None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].decode("latin-1").split("\r\n")
            headers = {}
            for line in head[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0") or "0")
            if len(self.buffer) < end + 4 + length:
                return  # the body is still coming
            self.buffer = self.buffer[end + 4 + length :]
            try:
                method, target, _version = head[0].split(" ", 2)
            except ValueError:
                self.respond(400, b"", {}, close=True)
                return
            status, body, extra = self.app.handle(method, target)
            self.respond(status, body, extra, close=headers.get("connection", "").lower() == "close")

    def respond(self, status: int, body: bytes, extra: dict[str, str], *, close: bool) -> None:
        assert self.transport is not None
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'OK')}", f"Content-Length: {len(body)}"]
        if body:
            lines.append("Content-Type: application/json")
        lines.extend(f"{k}: {v}" for k, v in extra.items())
        if close:
            lines.append("Connection: close")
        self.transport.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        if close:
            self.transport.close()
            self.transport = None

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None


async def serve(args: argparse.Namespace) -> None:
    app = App(args)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Connection(app), HOST, args.port, backlog=512)
    port = server.sockets[0].getsockname()[1]
    print(f"READY http://{HOST}:{port}", flush=True)
    started = time.monotonic()
    async with server:
        while not app.stop.is_set():
            now = time.monotonic()
            if now - started > args.max_seconds or now - app.last_request > args.idle_seconds:
                break
            with suppress(TimeoutError):
                await asyncio.wait_for(app.stop.wait(), timeout=0.5)
        await asyncio.sleep(0.05)  # let the answer to /_shutdown leave


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--rate", type=float, default=0.0, help="enforce this many requests/s (0: no limit)")
    parser.add_argument("--burst", type=int, default=1)
    parser.add_argument("--pages", type=int, default=10, help="activity-log pages served")
    parser.add_argument("--per-page", type=int, default=100)
    parser.add_argument("--max-seconds", type=float, default=900.0)
    parser.add_argument("--idle-seconds", type=float, default=60.0)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    asyncio.run(serve(parser.parse_args(argv)))


@dataclass
class Server:
    """A running server, as the benchmark that started it sees it."""

    url: str

    def stats(self) -> dict[str, object]:
        import httpx

        data: dict[str, object] = httpx.get(f"{self.url}/_stats", timeout=5).json()
        return data

    def reset(self) -> None:
        import httpx

        httpx.post(f"{self.url}/_reset", timeout=5).raise_for_status()


@contextmanager
def running(*options: str, start_timeout: float = 15.0) -> Iterator[Server]:
    """Start the server in a child process with ``options``; yield it; always stop it."""
    import subprocess
    import sys

    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "benchmarks._server", *options],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    server: Server | None = None
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + start_timeout
        line = process.stdout.readline()  # the server prints READY before anything else
        if not line.startswith("READY ") or time.monotonic() > deadline:
            raise RuntimeError(f"benchmark server did not start (exit {process.poll()}): {line!r}")
        server = Server(line.split(" ", 1)[1].strip())
        yield server
    finally:
        if process.poll() is None:
            if server is not None:
                try:
                    import httpx

                    httpx.get(f"{server.url}/_shutdown", timeout=2)
                except httpx.HTTPError:
                    pass  # it may already be going; killed below if it does not stop
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


if __name__ == "__main__":
    main()
