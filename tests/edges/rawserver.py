"""A small raw-socket HTTP/1.1 server on 127.0.0.1 for edge cases the fault server does
not script: redirects to another origin, bodies trickled or flooded without end, and
which connection (client port) carried which request.

A handler gets the parsed request and the socket and writes whatever it likes. Every
socket has a timeout, writes stop when the client goes away or the server stops, and
the server stops by itself after ``lifetime`` seconds.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SOCKET_TIMEOUT = 5.0


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # as sent on the request line: percent-encoding and all
    headers: dict[str, str]
    body: bytes
    port: int  # the client's port: which connection carried it

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]


Handler = Callable[["RawServer", Request, socket.socket], bool]  # True: keep the connection open


def reply(sock: socket.socket, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
    """A complete response; ``body`` is JSON unless it is bytes."""
    payload = body if isinstance(body, bytes) else (b"" if body is None else json.dumps(body).encode())
    head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(payload)}"]
    if payload and not isinstance(body, bytes):
        head.append("Content-Type: application/json")
    head += [f"{name}: {value}" for name, value in (headers or {}).items()]
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + payload)


@dataclass
class RawServer:
    handler: Handler
    lifetime: float = 30.0
    requests: list[Request] = field(default_factory=list)
    sent_bytes: int = 0  # body bytes handlers report as written (see ``count_sent``)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._connections: set[socket.socket] = set()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._started = time.monotonic()

    def count_sent(self, count: int) -> None:
        with self._lock:
            self.sent_bytes += count

    def paths(self) -> list[str]:
        with self._lock:
            return [request.target for request in self.requests]

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stopping.set()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)
        self._listener.close()

    def _serve(self) -> None:
        while not self.stopping.is_set() and time.monotonic() - self._started < self.lifetime:
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._connection, args=(connection,), daemon=True).start()
        self.stopping.set()

    def _connection(self, sock: socket.socket) -> None:
        sock.settimeout(SOCKET_TIMEOUT)
        with self._lock:
            self._connections.add(sock)
        buffer = b""
        try:
            while not self.stopping.is_set():
                while b"\r\n\r\n" not in buffer:
                    chunk = sock.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0"))
                while len(buffer) < length:
                    chunk = sock.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                body, buffer = buffer[:length], buffer[length:]
                request = Request(method, target, headers, body, sock.getpeername()[1])
                with self._lock:
                    self.requests.append(request)
                if not self.handler(self, request, sock):
                    return
        except OSError:
            return
        finally:
            with self._lock:
                self._connections.discard(sock)
            with contextlib.suppress(OSError):
                sock.close()


def stream_body(server: RawServer, sock: socket.socket, status: int, chunk: bytes, *, every: float, total: int) -> None:
    """Send a head promising ``total`` bytes, then ``chunk`` every ``every`` seconds until
    ``total`` is reached, the client leaves or the server stops."""
    head = f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {total}\r\n\r\n"
    sock.sendall(head.encode())
    sent = 0
    while sent < total and not server.stopping.is_set():
        piece = chunk[: total - sent]
        try:
            sock.sendall(piece)
        except OSError:
            return
        sent += len(piece)
        server.count_sent(len(piece))
        if every:
            server.stopping.wait(every)


def flood_chunked(server: RawServer, sock: socket.socket, status: int, *, limit: int) -> None:
    """A chunked body sent as fast as the client takes it, with no declared length, until
    ``limit`` bytes, the client leaves or the server stops."""
    head = f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    sock.sendall(head.encode())
    piece = b"[" + b"1," * 32767 + b"1"
    frame = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    sent = 0
    while sent < limit and not server.stopping.is_set():
        try:
            sock.sendall(frame)
        except OSError:
            return
        sent += len(piece)
        server.count_sent(len(piece))
    with contextlib.suppress(OSError):
        sock.sendall(b"0\r\n\r\n")
