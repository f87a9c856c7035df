"""A misbehaving HTTP/1.1 server on 127.0.0.1, for proving how the SDK copes with failure.

Each route (method + path) is given a script: a sequence of actions served one per
request, the last repeating. Actions can answer normally, sleep past the client's
timeout, reset the connection before or in the middle of a body, promise more bytes
than they send, or answer with malformed or mislabelled content. Optionally the whole
server enforces a token-bucket rate limit like Dixa's, answering 429 when it is empty.

The server counts requests per route, and *applied* writes: a POST/PUT/PATCH/DELETE
counts as applied whenever its action says the work was done before the answer went
wrong (a 5xx, a reset, a slow answer), which is the adversarial assumption a client
must survive. A 429 (from a script or the limiter) and a 4xx are refusals, not applied.

Everything is bounded: sockets have timeouts, sleeps are capped and cut short when the
server stops, the number of requests is capped, and the server stops by itself after
``lifetime`` seconds even if a test forgets to stop it.
"""

from __future__ import annotations

import collections
import contextlib
import json
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_SLEEP = 5.0  # no action may hold a connection longer than this
MAX_REQUESTS = 2000  # per server; beyond it connections are closed unanswered
IDLE_TIMEOUT = 5.0  # keep-alive connections idle this long are closed


@dataclass(frozen=True)
class Reply:
    """A complete response, optionally after ``delay`` seconds."""

    status: int = 200
    json: Any = None
    body: bytes | None = None
    content_type: str | None = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    applies: bool | None = None  # None: applied unless the status is a 4xx refusal

    def payload(self) -> bytes:
        if self.body is not None:
            return self.body
        return b"" if self.json is None else json.dumps(self.json).encode()

    def is_applied(self) -> bool:
        return self.applies if self.applies is not None else not 400 <= self.status < 500


@dataclass(frozen=True)
class Reset:
    """Reset the connection (TCP RST). With ``after_bytes`` set, first send the status,
    headers and that many bytes of ``reply``'s body; otherwise send nothing at all."""

    after_bytes: int | None = None
    reply: Reply = field(default_factory=Reply)

    def is_applied(self) -> bool:
        return True


@dataclass(frozen=True)
class Truncate:
    """Promise ``reply``'s full Content-Length, send ``keep`` bytes, then close cleanly."""

    reply: Reply
    keep: int

    def is_applied(self) -> bool:
        return True


Action = Reply | Reset | Truncate

NOT_SCRIPTED = Reply(404, {"message": "no such route in this test"})
TOO_MANY = Reply(429, {"message": "Too many requests"})


class _Bucket:
    """The server-side limit, measured at arrival like a real API gateway."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self.tokens = float(burst)
        self.updated = time.monotonic()

    def take(self, now: float) -> bool:
        self.tokens = min(float(self.burst), self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class _State:
    def __init__(self, rate_limit: tuple[float, int] | None) -> None:
        self.lock = threading.Lock()
        self.scripts: dict[tuple[str, str], collections.deque[Action]] = {}
        self.hits: collections.Counter[tuple[str, str]] = collections.Counter()
        self.applied: collections.Counter[tuple[str, str]] = collections.Counter()
        self.arrivals: list[tuple[float, str, str]] = []
        self.refused = 0
        self.refusals: list[int] = []  # indices into arrivals
        self.total = 0
        self.bucket = _Bucket(*rate_limit) if rate_limit else None
        self.stopping = threading.Event()
        self.connections: set[socket.socket] = set()

    def next_action(self, method: str, path: str, arrived: float) -> Action | None:
        """Count the request and choose its action; ``None`` means over the request cap."""
        key = (method, path)
        with self.lock:
            self.total += 1
            if self.total > MAX_REQUESTS:
                return None
            self.hits[key] += 1
            self.arrivals.append((arrived, method, path))
            if self.bucket is not None and not self.bucket.take(arrived):
                self.refused += 1
                self.refusals.append(len(self.arrivals) - 1)
                return TOO_MANY
            script = self.scripts.get(key)
            if not script:
                return NOT_SCRIPTED
            action = script.popleft() if len(script) > 1 else script[0]
            if method in WRITE_METHODS and action.is_applied():
                self.applied[key] += 1
            return action


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.state.lock:
            self.server.state.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.state.lock:
            self.server.state.connections.discard(self.connection)
        with contextlib.suppress(OSError):  # the action may have reset the connection
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the tests assert on counts, not on logs

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def _serve(self) -> None:
        arrived = time.monotonic()
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(min(length, 1 << 20))
        path = self.path.split("?", 1)[0]
        state = self.server.state
        action = state.next_action(self.command, path, arrived)
        if action is None:
            self._reset()
            return
        try:
            if isinstance(action, Reply):
                self._reply(action)
            elif isinstance(action, Reset):
                if action.after_bytes is not None:
                    self._send_head(action.reply)
                    self.wfile.write(action.reply.payload()[: action.after_bytes])
                    self.wfile.flush()
                self._reset()
            else:
                self._send_head(action.reply)
                self.wfile.write(action.reply.payload()[: action.keep])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_WR)
                self.close_connection = True
        except OSError:
            self.close_connection = True  # the client gave up (timeout) and closed

    def _reply(self, reply: Reply) -> None:
        if reply.delay and self.server.state.stopping.wait(min(reply.delay, MAX_SLEEP)):
            self._reset()  # the server is stopping: do not keep the client waiting
            return
        self._send_head(reply)
        self.wfile.write(reply.payload())
        self.wfile.flush()

    def _send_head(self, reply: Reply) -> None:
        self.send_response(reply.status)
        if reply.content_type is not None:
            self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.payload())))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()

    def _reset(self) -> None:
        """Close with RST rather than FIN, as a crashed peer or middlebox would."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()  # the socket's file descriptor is only released once its makefile() is closed
        self.connection.close()
        self.close_connection = True


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, state: _State) -> None:
        self.state = state
        super().__init__(("127.0.0.1", 0), _Handler)


class FaultServer:
    """``with FaultServer() as server: server.script("GET", "/x", Reply(503), Reply(200, {...}))``."""

    def __init__(self, *, rate_limit: tuple[float, int] | None = None, lifetime: float = 60.0) -> None:
        self._state = _State(rate_limit)
        self._server = _Server(self._state)
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.01,), daemon=True)
        self._deadline = threading.Timer(lifetime, self.stop)
        self._deadline.daemon = True
        self._stopped = False

    def script(self, method: str, path: str, *actions: Action) -> None:
        """Serve ``actions`` one per request to ``method path``; the last one repeats."""
        if not actions:
            raise ValueError("a script needs at least one action")
        with self._state.lock:
            self._state.scripts[(method, path)] = collections.deque(actions)

    def hits(self, method: str, path: str) -> int:
        """Requests received for the route (the client's attempts)."""
        with self._state.lock:
            return self._state.hits[(method, path)]

    def applied(self, method: str, path: str) -> int:
        """Writes to the route the server did the work for."""
        with self._state.lock:
            return self._state.applied[(method, path)]

    def arrivals(self) -> list[tuple[float, str, str]]:
        """``(time.monotonic(), method, path)`` of every request, in arrival order."""
        with self._state.lock:
            return list(self._state.arrivals)

    @property
    def refused(self) -> int:
        """429s the server's own rate limiter sent."""
        with self._state.lock:
            return self._state.refused

    def refusals(self) -> list[int]:
        """Indices (into :meth:`arrivals`) of the requests the rate limiter refused."""
        with self._state.lock:
            return list(self._state.refusals)

    def start(self) -> FaultServer:
        self._thread.start()
        self._deadline.start()
        return self

    def stop(self) -> None:
        with self._state.lock:
            if self._stopped:
                return
            self._stopped = True
            connections = list(self._state.connections)
        self._state.stopping.set()
        self._deadline.cancel()
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()
        for connection in connections:  # wake handler threads blocked reading keep-alive sockets
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@contextmanager
def closed_port() -> Iterator[str]:
    """A ``http://127.0.0.1:<port>`` URL nothing listens on (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    yield f"http://127.0.0.1:{port}"
