"""The transport core: turn a :class:`~dixa._call.Call` into a result, sync or async.

The retry and rate-limit logic is written once, as a generator (``_exchange``) that
yields what it needs done (wait for the limiter, sleep this long, make this attempt)
and receives the outcome (a response, or the httpx error thrown into it). The sync and
async cores are small drivers around it, so the two clients cannot drift apart in how
they treat failures. Nothing blocking runs inside the generator: the drivers do the
waiting, each in its own way. Turning a final response into a result or a typed error
(``_result``) is likewise shared.

The edges every attempt is held to, whichever driver runs it:

* **a budget**: no attempt outlives its timeout, from handing the request to httpx to
  the last byte of the body (httpx's timeouts are per phase, so a body trickled one
  byte at a time could keep a call alive forever). Async attempts run under
  ``asyncio.timeout``; sync ones under a watchdog that shuts the socket down when the
  budget is spent (the ``Lock.acquire`` deadline shape of redis-py, on a socket);
* **a size**: bodies are streamed and read up to ``max_response_size`` (64 MiB by
  default); a success body beyond it is a :class:`~dixa.ResponseTooLargeError`, and an
  error body is read only up to :data:`ERROR_BODY_LIMIT`, enough for any message;
* **no redirects**: 3xx is a :class:`~dixa.RedirectError`, and requests are sent with
  ``follow_redirects=False`` even through a caller's client that follows them, so the
  API key never travels to another origin;
* **checked bodies**: a JSON body with NaN, infinities or values JSON cannot carry is
  refused before sending, naming the field.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import logging
import os
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from dixa import _lenient, _retry
from dixa._call import Call, Page, Paged
from dixa._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    DixaError,
    RateLimitError,
    RedirectError,
    ResponseTooLargeError,
    one_line,
    safe_url,
    status_error_class,
)
from dixa._pagination import AsyncPager, SyncPager
from dixa._rate_limit import RateLimiter, Stage
from dixa._response import RawResponse, content_type, json_body
from dixa._validation import check_json_body
from dixa._version import __version__

if TYPE_CHECKING:
    # asyncio is imported by the async code paths when they run (import asyncio is
    # ~15 ms): a sync client never loads it.
    import asyncio

T = TypeVar("T")

log = logging.getLogger("dixa")

# Large enough for any page Dixa serves; a body beyond it is a ResponseTooLargeError.
DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024
# Error (and redirect) bodies only carry a message: read no more than this of them.
ERROR_BODY_LIMIT = 64 * 1024


@dataclass(frozen=True, slots=True)
class _Sleep:
    """Asks the driver to pause (backoff) before resuming the exchange."""

    seconds: float


@dataclass(frozen=True, slots=True)
class _Acquire:
    """Asks the driver to wait for the limiter's slot at ``stage``."""

    stage: Stage


@dataclass(frozen=True, slots=True)
class _Defer:
    """Asks the driver to hold every caller of the key for ``seconds`` (after a 429)."""

    seconds: float


@dataclass(frozen=True, slots=True)
class _Send:
    """Asks the driver for one attempt: send ``request`` and read the body within limits."""

    request: httpx.Request
    budget: float | None  # seconds from hand-off to the last byte; None: unbounded
    max_size: int


@dataclass(frozen=True, slots=True)
class _Received:
    """What one attempt produced. ``complete`` is False when the body was cut at its limit."""

    response: httpx.Response
    complete: bool = True


@dataclass(frozen=True, slots=True)
class Sent:
    """The final response of an exchange and how many attempts it took."""

    response: httpx.Response
    attempts: int


# The exchange yields actions, receives attempts' results (or has httpx errors thrown
# in), and returns the final response.
_Exchange = Generator[_Sleep | _Acquire | _Defer | _Send, _Received | None, Sent]


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a core needs besides the HTTP client. The key is kept out of repr."""

    api_key: str = field(repr=False)
    base_url: str
    timeout: httpx.Timeout
    max_retries: int
    limiter: RateLimiter | None
    # Strict response validation: a response that deviates from the API description is an
    # APIResponseValidationError instead of a logged warning (see dixa._client).
    strict: bool = False
    # The largest response body read; beyond it a call fails with ResponseTooLargeError.
    max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE

    def evolve(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def attempt_budget(timeout: httpx.Timeout) -> float | None:
    """How long one attempt may take in all: the longest of the timeout's phases.

    ``timeout=2`` gives each attempt 2 s from hand-off to the last body byte; the default
    (5 s connect, 30 s read) gives 30 s. A ``read`` of ``None`` (wait for ever) means no
    budget.
    """
    if timeout.read is None:
        return None
    phases = (timeout.connect, timeout.read, timeout.write, timeout.pool)
    return max(phase for phase in phases if phase is not None)


# httpx/httpcore ``trace`` events fired just before a request's headers are written.
_HEADERS_STARTED = ("http11.send_request_headers.started", "http2.send_request_headers.started")
# The request extension carrying the attempt in progress, so the wire hook can find it.
_ATTEMPT = "dixa.attempt"
# The budget closes this much after the phase timeouts would have, so that when one phase
# (a read, a connect) is what ran out, the error names that phase.
_BUDGET_GRACE = 0.05


class _AttemptTimeout(httpx.ReadTimeout):
    """An attempt used up its budget (retried like a read timeout: reads are, writes not)."""

    def __init__(self, budget: float, request: httpx.Request) -> None:
        self.budget = budget
        super().__init__(f"the attempt took longer than its {budget:g}s budget", request=request)


class _Attempt:
    """One attempt's deadline. Time spent waiting for the limiter's wire slot is added to
    it: that wait is the limiter's, not the server's."""

    __slots__ = ("budget", "deadline", "scope")

    def __init__(self, budget: float | None) -> None:
        self.budget = budget
        self.deadline = time.monotonic() + budget + _BUDGET_GRACE if budget is not None else None
        self.scope: asyncio.Timeout | None = None

    def extend(self, seconds: float) -> None:
        if self.deadline is not None:
            self.deadline += seconds
        if self.scope is not None:
            when = self.scope.when()
            if when is not None:
                self.scope.reschedule(when + seconds)

    def expired(self) -> bool:
        return self.deadline is not None and time.monotonic() > self.deadline


class _Body:
    """Collects one attempt's body within its size limit and deadline (both drivers)."""

    __slots__ = ("_attempt", "_chunks", "_size", "complete", "limit", "response")

    def __init__(self, response: httpx.Response, max_size: int, attempt: _Attempt) -> None:
        self.response = response
        self.limit = max_size if response.status_code < 300 else min(max_size, ERROR_BODY_LIMIT)
        self._attempt = attempt
        self._chunks: list[bytes] = []
        self._size = 0
        declared = response.headers.get("content-length")
        # A declared length over the limit is not read at all.
        self.complete = not (declared is not None and declared.isdigit() and int(declared) > self.limit)

    def feed(self, chunk: bytes) -> bool:
        """Keep ``chunk``; False once the limit is reached and reading should stop."""
        room = self.limit - self._size
        if len(chunk) > room:
            self._chunks.append(chunk[:room])
            self._size = self.limit
            self.complete = False
            return False
        self._chunks.append(chunk)
        self._size += len(chunk)
        if self._attempt.expired():
            assert self._attempt.budget is not None
            raise _AttemptTimeout(self._attempt.budget, self.response.request)
        return True

    def finish(self) -> _Received:
        # What Response.read() does, with the bytes read under our limits.
        self.response._content = b"".join(self._chunks)
        return _Received(self.response, self.complete)


class _Watchdog:
    """One daemon thread that shuts down the socket of a sync attempt past its deadline.

    A blocking read cannot be interrupted from its own thread, and a read timeout
    restarts with every chunk; shutting the socket down wakes the read, which then
    fails and is reported as the attempt's timeout. Deadlines are kept in a heap; the
    thread wakes only for the earliest.
    """

    def __init__(self) -> None:
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._heap: list[tuple[float, int, _Watch]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    @contextlib.contextmanager
    def watch(self, attempt: _Attempt, response: httpx.Response) -> Iterator[_Watch]:
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if attempt.deadline is None or not isinstance(sock, socket.socket):
            yield _Watch(None, attempt)  # nothing to shut: the per-chunk check still applies
            return
        entry = _Watch(sock, attempt)
        with self._cond:
            heapq.heappush(self._heap, (attempt.deadline, next(self._order), entry))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="dixa-deadlines", daemon=True)
                self._thread.start()
            elif self._heap[0][2] is entry:
                self._cond.notify()
        try:
            yield entry
        finally:
            entry.done = True

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._heap and self._heap[0][2].done:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait(30.0)
                    if not self._heap:
                        self._thread = None
                        return
                    continue
                _, _, entry = self._heap[0]
                wait = entry.attempt.deadline - time.monotonic() if entry.attempt.deadline is not None else 0.0
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
            entry.fire()


class _Watch:
    __slots__ = ("attempt", "done", "fired", "sock")

    def __init__(self, sock: socket.socket | None, attempt: _Attempt) -> None:
        self.sock = sock
        self.attempt = attempt
        self.done = False
        self.fired = False

    def fire(self) -> None:
        if self.done or self.sock is None:
            return
        self.fired = True
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)


_WATCHDOG = _Watchdog()


class SyncConnections:
    """The ``httpx.Client`` sync cores send through, shared by a client and its clones.

    When the SDK made the client, a child process (``os.fork()``) gets a new one on first
    use: the inherited pool's sockets are the parent's too, and sharing them makes each
    process read the other's answers. The inherited client is dropped, not closed, so
    nothing is sent on the parent's connections (redis-py's ``_checkpid`` pattern).
    A client passed in as ``http_client`` is the caller's to manage across forks.
    """

    def __init__(self, client: httpx.Client, factory: Callable[[], httpx.Client] | None = None) -> None:
        self._client = client
        self._factory = factory
        self._pid = os.getpid()

    def get(self) -> httpx.Client:
        if self._pid != os.getpid():
            self._pid = os.getpid()
            if self._factory is not None and not self._client.is_closed:
                self._client = self._factory()
        if self._client.is_closed:
            raise _closed_error()
        return self._client

    @property
    def is_closed(self) -> bool:
        return self._client.is_closed

    def close(self) -> None:
        self._client.close()


class AsyncConnections:
    """The ``httpx.AsyncClient`` async cores send through: one per event loop.

    An ``httpx.AsyncClient``'s connections belong to the loop they were opened on; after
    that loop closes (the end of ``asyncio.run()``), reusing them fails with
    ``RuntimeError: Event loop is closed``. When the SDK made the client, each loop gets
    its own (and so does a forked child); clients of closed loops are dropped. A client
    passed in as ``http_client`` cannot be remade: using it on a second loop after the
    first closed is a clear :class:`~dixa.DixaError`.
    """

    def __init__(self, client: httpx.AsyncClient, factory: Callable[[], httpx.AsyncClient] | None = None) -> None:
        self._unbound: httpx.AsyncClient | None = client
        self._caller_client = client if factory is None else None
        self._factory = factory
        self._by_loop: dict[asyncio.AbstractEventLoop, httpx.AsyncClient] = {}
        self._pid = os.getpid()
        self._closed = False

    def get(self) -> httpx.AsyncClient:
        if self._closed:
            raise _closed_error()
        import asyncio

        loop = asyncio.get_running_loop()
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._by_loop.clear()  # the parent's loops and connections
            self._unbound = self._caller_client  # the caller's client is theirs to remake after a fork
        client = self._by_loop.get(loop)
        if client is not None:
            if client.is_closed:
                raise _closed_error()
            return client
        for old in [old for old in self._by_loop if old.is_closed()]:
            del self._by_loop[old]
        if self._caller_client is not None:
            if self._by_loop:
                # Still bound to a loop that runs elsewhere: let httpx decide.
                return self._caller_client
            if self._unbound is None:
                raise DixaError(
                    "this AsyncDixa's http_client was used in an event loop that has closed, and an "
                    "httpx.AsyncClient cannot move to another loop; create the AsyncDixa (and its "
                    "http_client) inside the asyncio.run() that uses it, or let AsyncDixa make its own"
                )
            client, self._unbound = self._unbound, None
        elif self._unbound is not None:
            client, self._unbound = self._unbound, None
        else:
            assert self._factory is not None
            client = self._factory()
        if client.is_closed:
            raise _closed_error()
        self._by_loop[loop] = client
        return client

    @property
    def is_closed(self) -> bool:
        return self._closed

    async def aclose(self) -> None:
        """Close the client of the running loop; those of other loops are dropped."""
        self._closed = True
        import asyncio

        current = asyncio.get_running_loop()
        clients = [client for loop, client in self._by_loop.items() if loop is current]
        if self._unbound is not None:
            clients.append(self._unbound)
        self._by_loop.clear()
        self._unbound = None
        for client in clients:
            await client.aclose()


def _closed_error() -> DixaError:
    return DixaError("this client (or the http_client it was given) has been closed; make a new one")


class _CoreBase:
    # Set by the sync/async subclass: the ``trace`` hook that takes the limiter's wire slot.
    _trace: Callable[[str, dict[str, Any]], None] | Callable[[str, dict[str, Any]], Awaitable[None]] | None = None

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._headers = {
            "Authorization": settings.api_key,
            "Accept": "application/json",
            "User-Agent": f"dixa-python/{__version__}",
        }
        self._timeout_extension = {"timeout": settings.timeout.as_dict()}
        self._budget = attempt_budget(settings.timeout)
        self._pid = os.getpid()
        # The client's headers (as last seen) merged with the SDK's: see _build_request.
        self._merged_headers: tuple[list[tuple[bytes, bytes]] | None, httpx.Headers] = (None, httpx.Headers())

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.settings.base_url}>"

    def _check_process(self) -> None:
        """In a forked child, let the limiter drop the parent's state (once per core)."""
        if self._pid != os.getpid():
            self._pid = os.getpid()
            if self.settings.limiter is not None:
                self.settings.limiter.after_fork()

    def _build_request(self, http: httpx.Client | httpx.AsyncClient, call: Call[Any]) -> httpx.Request:
        if call.json is not None:
            check_json_body("body", call.json)  # NaN, sets, ...: refused here, naming the field
        extensions = {"trace": self._trace} if self._trace is not None else None
        if http.cookies or http.params:
            # Client state httpx merges per request (cookies it was sent, default params): let it.
            return http.build_request(
                call.method,
                self.settings.base_url + call.path,
                params=call.params or None,
                json=call.json,
                files=call.files,
                headers=self._headers,
                timeout=self.settings.timeout,
                extensions=extensions,
            )
        # What build_request would make, without merging the same static headers into the
        # client's on every call. The merged set is cached, and rebuilt if the client's
        # headers change.
        client_headers = http.headers.raw
        cached_for, merged = self._merged_headers
        if client_headers != cached_for:
            merged = httpx.Headers(http.headers)
            merged.update(self._headers)
            self._merged_headers = (client_headers, merged)  # one assignment: threads see a consistent pair
        return httpx.Request(
            call.method,
            self.settings.base_url + call.path,
            params=call.params or None,
            json=call.json,
            files=call.files,
            headers=merged,
            extensions={**self._timeout_extension, **(extensions or {})},
        )

    def _exchange(self, request: httpx.Request) -> _Exchange:
        """Send ``request`` until it succeeds, fails for good, or retries run out.

        Which failures are retried is :mod:`dixa._retry`'s decision; this loop adds the
        rate limiter's schedule before every attempt (retries included), the pause of
        every caller of the key after a 429, and the logging. The limiter's wire slot is
        taken later, by the ``trace`` hook (see ``dixa._rate_limit``).
        """
        limiter = self.settings.limiter
        attempts = self.settings.max_retries + 1
        method = request.method
        attempt = 0
        while True:
            attempt += 1
            if limiter is not None:
                yield _Acquire("schedule")
            started = time.monotonic()
            try:
                received = yield _Send(request, self._budget, self.settings.max_response_size)
            except httpx.RequestError as exc:
                log.debug("%s %s failed: %s (attempt %d)", method, safe_url(request.url), type(exc).__name__, attempt)
                if not isinstance(exc, httpx.TransportError):
                    raise _with_attempts(_request_error(request, exc), attempt) from exc
                if attempt >= attempts or not _retry.should_retry_error(method, exc):
                    raise _with_attempts(_transport_error(request, exc), attempt) from exc
                delay = _retry.backoff_delay(attempt - 1)
                reason = type(exc).__name__
            else:
                assert received is not None
                response = received.response
                status = response.status_code
                if log.isEnabledFor(logging.DEBUG):
                    elapsed = time.monotonic() - started
                    log.debug(
                        "%s %s -> %d in %.3fs (attempt %d)", method, safe_url(request.url), status, elapsed, attempt
                    )
                if status < 300 and not received.complete:
                    raise _with_attempts(_too_large(response, self.settings.max_response_size), attempt)
                retry = attempt < attempts and _retry.should_retry_status(method, status)
                if not retry and status != 429:
                    return Sent(response, attempt)
                retry_after = _retry.retry_after_seconds(response.headers)
                if retry_after is not None and retry_after > _retry.MAX_RETRY_AFTER:
                    retry = False  # a longer pause than a call should hide: the caller decides
                if status == 429 and limiter is not None:
                    # The limit is per key: hold every caller, not just this one, and also
                    # when this call gives up (for at most what a call would wait itself).
                    pause = retry_after if retry_after is not None else _retry.backoff_delay(attempt - 1)
                    yield _Defer(min(pause, _retry.MAX_RETRY_AFTER))
                if not retry:
                    return Sent(response, attempt)
                delay = _retry.backoff_delay(attempt - 1, retry_after)
                reason = str(status)
            log.info(
                "%s %s: %s, retry %d of %d in %.2fs",
                method,
                safe_url(request.url),
                reason,
                attempt,
                attempts - 1,
                delay,
            )
            yield _Sleep(delay)

    def _result(self, call: Call[T], sent: Sent) -> T:
        """The parsed result of a final response, or the typed error it amounts to."""
        response = sent.response
        if response.status_code >= 300:  # 3xx too: a redirect is not the answer (never followed)
            raise _with_attempts(_status_error(response), sent.attempts)
        body = json_body(response)
        error = _error_in_success(body)
        if error is not None:
            raise APIResponseValidationError(
                f"{response.status_code} response carries an error instead of data: {error}",
                response=response,
                body=body,
            )
        # Fast when the body matches the description; else parsed again leniently, deviations
        # logged (or, with strict=True, raised) with their JSON paths: see dixa._lenient.
        operation = call.operation or f"{call.method} {call.path}"
        try:
            return _lenient.parse(call.parse, body, operation=operation, strict=self.settings.strict)
        except _lenient.ResponseDeviationError as exc:
            raise APIResponseValidationError(
                f"{operation}: the response does not match the API description {exc}", response=response, body=body
            ) from exc
        except _lenient.PARSE_ERRORS as exc:
            raise APIResponseValidationError(
                f"{operation}: the response does not match the API description ({type(exc).__name__}: {exc})",
                response=response,
                body=body,
            ) from exc

    def _raw(self, call: Call[T], sent: Sent) -> RawResponse[T]:
        if sent.response.status_code >= 300:
            raise _with_attempts(_status_error(sent.response), sent.attempts)
        return RawResponse(sent.response, lambda: self._result(call, sent))


class _SyncTransport(_CoreBase):
    def __init__(self, settings: Settings, http: httpx.Client | SyncConnections) -> None:
        super().__init__(settings)
        self.connections = http if isinstance(http, SyncConnections) else SyncConnections(http)
        limiter = settings.limiter
        if limiter is not None:

            def trace(event: str, info: dict[str, Any]) -> None:
                if event in _HEADERS_STARTED:
                    started = time.monotonic()
                    limiter.acquire("wire")
                    _extend_attempt(info, time.monotonic() - started)

            self._trace = trace

    @property
    def http(self) -> httpx.Client:
        return self.connections.get()

    def send(self, call: Call[Any]) -> Sent:
        """Drive the exchange with blocking waits and attempts."""
        self._check_process()
        http = self.connections.get()
        exchange = self._exchange(self._build_request(http, call))
        limiter = self.settings.limiter
        try:
            action = next(exchange)
            while True:
                if isinstance(action, _Send):
                    try:
                        received = self._attempt(http, action)
                    except httpx.RequestError as exc:
                        action = exchange.throw(exc)
                    else:
                        action = exchange.send(received)
                    continue
                if isinstance(action, _Sleep):
                    time.sleep(action.seconds)
                elif limiter is not None:
                    if isinstance(action, _Acquire):
                        limiter.acquire(action.stage)
                    else:
                        limiter.defer(action.seconds)
                action = exchange.send(None)
        except StopIteration as done:
            sent: Sent = done.value
            return sent

    @staticmethod
    def _attempt(http: httpx.Client, send: _Send) -> _Received:
        attempt = _Attempt(send.budget)
        request = send.request
        request.extensions[_ATTEMPT] = attempt
        response = http.send(request, stream=True, follow_redirects=False)
        try:
            body = _Body(response, send.max_size, attempt)
            if body.complete:
                with _WATCHDOG.watch(attempt, response) as watch:
                    try:
                        for chunk in response.iter_bytes():
                            if not body.feed(chunk):
                                break
                    except httpx.TransportError as exc:
                        if watch.fired and attempt.budget is not None:
                            raise _AttemptTimeout(attempt.budget, request) from exc
                        raise
        finally:
            response.close()
        return body.finish()


class SyncCore(_SyncTransport):
    """Answers with parsed results; listings are lazy pagers."""

    def run(self, call: Call[T]) -> T:
        return self._result(call, self.send(call))

    def paginate(self, paged: Paged[T]) -> SyncPager[T]:
        return SyncPager(paged, self.run)


class _AsyncTransport(_CoreBase):
    def __init__(self, settings: Settings, http: httpx.AsyncClient | AsyncConnections) -> None:
        super().__init__(settings)
        self.connections = http if isinstance(http, AsyncConnections) else AsyncConnections(http)
        limiter = settings.limiter
        if limiter is not None:

            async def trace(event: str, info: dict[str, Any]) -> None:
                if event in _HEADERS_STARTED:
                    started = time.monotonic()
                    await limiter.acquire_async("wire")
                    _extend_attempt(info, time.monotonic() - started)

            self._trace = trace

    @property
    def http(self) -> httpx.AsyncClient:
        return self.connections.get()

    async def send(self, call: Call[Any]) -> Sent:
        """Drive the exchange with ``asyncio`` waits and attempts."""
        import asyncio

        self._check_process()
        http = self.connections.get()
        exchange = self._exchange(self._build_request(http, call))
        limiter = self.settings.limiter
        try:
            action = next(exchange)
            while True:
                if isinstance(action, _Send):
                    try:
                        received = await self._attempt(http, action)
                    except httpx.RequestError as exc:
                        action = exchange.throw(exc)
                    else:
                        action = exchange.send(received)
                    continue
                if isinstance(action, _Sleep):
                    await asyncio.sleep(action.seconds)
                elif limiter is not None:
                    if isinstance(action, _Acquire):
                        await limiter.acquire_async(action.stage)
                    else:
                        await limiter.defer_async(action.seconds)
                action = exchange.send(None)
        except StopIteration as done:
            sent: Sent = done.value
            return sent

    @staticmethod
    async def _attempt(http: httpx.AsyncClient, send: _Send) -> _Received:
        import asyncio

        attempt = _Attempt(send.budget)
        request = send.request
        request.extensions[_ATTEMPT] = attempt
        try:
            async with asyncio.timeout(None if send.budget is None else send.budget + _BUDGET_GRACE) as scope:
                attempt.scope = scope
                response = await http.send(request, stream=True, follow_redirects=False)
                try:
                    body = _Body(response, send.max_size, attempt)
                    if body.complete:
                        async for chunk in response.aiter_bytes():
                            if not body.feed(chunk):
                                break
                finally:
                    await response.aclose()
        except TimeoutError as exc:
            if scope.expired() and send.budget is not None:
                raise _AttemptTimeout(send.budget, request) from exc
            raise
        return body.finish()


class AsyncCore(_AsyncTransport):
    """Answers with awaitable parsed results; listings are lazy async pagers."""

    async def run(self, call: Call[T]) -> T:
        return self._result(call, await self.send(call))

    def paginate(self, paged: Paged[T]) -> AsyncPager[T]:
        return AsyncPager(paged, self.run)


class SyncRawCore(_SyncTransport):
    """Answers with :class:`RawResponse`; listings give their first page."""

    def run(self, call: Call[T]) -> RawResponse[T]:
        return self._raw(call, self.send(call))

    def paginate(self, paged: Paged[T]) -> RawResponse[Page[T]]:
        return self.run(paged.page(None))


class AsyncRawCore(_AsyncTransport):
    """Answers with :class:`RawResponse`; listings give their first page."""

    async def run(self, call: Call[T]) -> RawResponse[T]:
        return self._raw(call, await self.send(call))

    async def paginate(self, paged: Paged[T]) -> RawResponse[Page[T]]:
        return await self.run(paged.page(None))


E = TypeVar("E", bound=APIError)


def _with_attempts(error: E, attempts: int) -> E:
    error.attempts = attempts
    return error


def _extend_attempt(info: dict[str, Any], seconds: float) -> None:
    """Give the attempt whose headers are being written back the time spent on the wire slot."""
    request = info.get("request")
    attempt = getattr(request, "extensions", {}).get(_ATTEMPT)
    if isinstance(attempt, _Attempt) and seconds > 0:
        attempt.extend(seconds)


def _too_large(response: httpx.Response, limit: int) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"the response body is larger than max_response_size ({limit} bytes); reading stopped",
        response=response,
        limit=limit,
    )


def _error_in_success(body: Any) -> str | None:
    """Dixa's message when a success response has an error's shape instead of ``data``.

    Every JSON object Dixa answers with on success has ``data``; its errors are
    ``{"message": ...}``. An object with a message and no data is an error whatever the
    status says, and must not be parsed into an empty result.
    """
    if not isinstance(body, dict) or "data" in body:
        return None
    for key in ("message", "error"):
        value = body.get(key)
        if isinstance(value, dict):
            value = value.get("message")
        if isinstance(value, str):
            return value
    return None


def _status_error(response: httpx.Response) -> APIStatusError:
    body: Any = None
    message = response.reason_phrase or "error"
    if response.content:
        try:
            body = response.json()
        except (ValueError, RecursionError):  # not JSON, cut at ERROR_BODY_LIMIT, or absurdly deep
            text = response.text.strip()
            if text and content_type(response) == "text/plain":
                message = text
    found = _error_in_success(body)
    if found is not None:
        message = found
    if 300 <= response.status_code < 400:
        location = response.headers.get("location")
        shown = safe_url(httpx.URL(location)) if location else "no Location"
        return RedirectError(f"redirect to {shown} not followed", response=response, body=body, location=location)
    error = status_error_class(response.status_code)(message, response=response, body=body)
    if isinstance(error, RateLimitError):
        error.retry_after = _retry.retry_after_seconds(response.headers)
    return error


_TIMEOUT_PHASES: dict[type[httpx.TimeoutException], tuple[str, str]] = {
    httpx.ConnectTimeout: ("connect", "connecting"),
    httpx.ReadTimeout: ("read", "waiting for the response"),
    httpx.WriteTimeout: ("write", "sending the request"),
    httpx.PoolTimeout: ("pool", "waiting for a free connection"),
}


def _transport_error(request: httpx.Request, exc: httpx.TransportError) -> APIConnectionError:
    if isinstance(exc, _AttemptTimeout):
        return APITimeoutError(
            request=request, message=f"timed out: the attempt took longer than its {exc.budget:g}s budget (timeout=)"
        )
    if isinstance(exc, httpx.TimeoutException):
        phase, doing = _TIMEOUT_PHASES.get(type(exc), ("", "waiting"))
        limit = request.extensions.get("timeout", {}).get(phase)
        limit_text = f" ({phase} timeout {limit:g}s)" if isinstance(limit, (int, float)) else ""
        return APITimeoutError(request=request, message=f"timed out {doing}{limit_text}")
    detail = _first_message(exc)
    reason = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return APIConnectionError(request=request, message=f"connection failed ({reason})")


def _first_message(exc: BaseException) -> str:
    """The first non-empty message down an exception's causes (async httpx errors are often
    empty wrappers around e.g. ``ConnectionResetError: [Errno 104] ...``)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text = one_line(str(current))
        if text:
            return text
        current = current.__cause__ or current.__context__
    return ""


def _request_error(request: httpx.Request, exc: httpx.RequestError) -> APIError:
    """Errors httpx raises that are not transport failures: decoding, redirects."""
    if isinstance(exc, httpx.DecodingError):
        return APIResponseValidationError(f"the response body could not be decoded ({exc})", request=request)
    return APIConnectionError(request=request, message=f"request failed ({type(exc).__name__}: {exc})")
