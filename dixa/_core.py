"""The transport core: turn a :class:`~dixa._call.Call` into a result, sync or async.

The retry and rate-limit logic is written once, as a generator (``_exchange``) that
yields what it needs done (sleep this long, send this request) and receives the
outcome (a response, or the httpx error thrown into it). The sync and async cores are
small drivers around it, so the two clients cannot drift apart in how they treat
failures. Turning a final response into a result or a typed error (``_result``) is
likewise shared.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import httpx

from dixa import _retry
from dixa._call import Call, Page, Paged
from dixa._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    RateLimitError,
    one_line,
    safe_url,
    status_error_class,
)
from dixa._pagination import AsyncPager, SyncPager
from dixa._rate_limit import Limiter
from dixa._response import RawResponse, content_type, json_body
from dixa._version import __version__

T = TypeVar("T")

log = logging.getLogger("dixa")


@dataclass(frozen=True, slots=True)
class _Sleep:
    """Asks the driver to pause (rate limit or backoff) before resuming the exchange."""

    seconds: float


@dataclass(frozen=True, slots=True)
class Sent:
    """The final response of an exchange and how many attempts it took."""

    response: httpx.Response
    attempts: int


# The exchange yields sleeps and requests, receives responses (or has httpx errors thrown
# in), and returns the final response.
_Exchange = Generator[_Sleep | httpx.Request, httpx.Response | None, Sent]


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a core needs besides the HTTP client. The key is kept out of repr."""

    api_key: str = field(repr=False)
    base_url: str
    timeout: httpx.Timeout
    max_retries: int
    limiter: Limiter | None
    # Strict response validation: a response that deviates from the API description is an
    # APIResponseValidationError instead of a logged warning (see dixa._client).
    strict: bool = False

    def evolve(self, **changes: Any) -> Settings:
        return replace(self, **changes)


# httpx/httpcore ``trace`` events fired just before a request's headers are written.
_HEADERS_STARTED = ("http11.send_request_headers.started", "http2.send_request_headers.started")


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
        # The client's headers (as last seen) merged with the SDK's: see _build_request.
        self._merged_headers: tuple[list[tuple[bytes, bytes]] | None, httpx.Headers] = (None, httpx.Headers())

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.settings.base_url}>"

    def _build_request(self, http: httpx.Client | httpx.AsyncClient, call: Call[Any]) -> httpx.Request:
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
        rate limiter's schedule before every attempt (retries included) and the logging.
        The limiter's wire slot is taken later, by the ``trace`` hook (see ``dixa._rate_limit``).
        """
        limiter = self.settings.limiter
        attempts = self.settings.max_retries + 1
        method = request.method
        attempt = 0
        while True:
            attempt += 1
            if limiter is not None:
                wait = limiter.schedule.reserve()
                if wait > 0:
                    yield _Sleep(wait)
            started = time.monotonic()
            try:
                response = yield request
            except httpx.RequestError as exc:
                log.debug("%s %s failed: %s (attempt %d)", method, safe_url(request.url), type(exc).__name__, attempt)
                if not isinstance(exc, httpx.TransportError):
                    raise _with_attempts(_request_error(request, exc), attempt) from exc
                if attempt >= attempts or not _retry.should_retry_error(method, exc):
                    raise _with_attempts(_transport_error(request, exc), attempt) from exc
                delay = _retry.backoff_delay(attempt - 1)
                reason = type(exc).__name__
            else:
                assert response is not None
                status = response.status_code
                if log.isEnabledFor(logging.DEBUG):
                    elapsed = time.monotonic() - started
                    log.debug(
                        "%s %s -> %d in %.3fs (attempt %d)", method, safe_url(request.url), status, elapsed, attempt
                    )
                if attempt >= attempts or not _retry.should_retry_status(method, status):
                    return Sent(response, attempt)
                retry_after = _retry.retry_after_seconds(response.headers)
                if retry_after is not None and retry_after > _retry.MAX_RETRY_AFTER:
                    return Sent(response, attempt)  # a longer pause than a call should hide
                delay = _retry.backoff_delay(attempt - 1, retry_after)
                if status == 429 and limiter is not None:
                    limiter.defer(delay)  # the limit is per key: hold every caller, not just this one
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
        if response.status_code >= 400:
            raise _with_attempts(_status_error(response), sent.attempts)
        body = json_body(response)
        error = _error_in_success(body)
        if error is not None:
            raise APIResponseValidationError(
                f"{response.status_code} response carries an error instead of data: {error}",
                response=response,
                body=body,
            )
        try:
            return call.parse(body)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise APIResponseValidationError(
                f"the response does not match the API description ({type(exc).__name__}: {exc})",
                response=response,
                body=body,
            ) from exc

    def _raw(self, call: Call[T], sent: Sent) -> RawResponse[T]:
        if sent.response.status_code >= 400:
            raise _with_attempts(_status_error(sent.response), sent.attempts)
        return RawResponse(sent.response, lambda: self._result(call, sent))


class _SyncTransport(_CoreBase):
    def __init__(self, settings: Settings, http: httpx.Client) -> None:
        super().__init__(settings)
        self.http = http
        limiter = settings.limiter
        if limiter is not None:

            def trace(event: str, info: dict[str, Any]) -> None:
                if event in _HEADERS_STARTED:
                    wait = limiter.wire.reserve()
                    if wait > 0:
                        time.sleep(wait)

            self._trace = trace

    def send(self, call: Call[Any]) -> Sent:
        """Drive the exchange with blocking sleeps and sends."""
        exchange = self._exchange(self._build_request(self.http, call))
        try:
            action = next(exchange)
            while True:
                if isinstance(action, _Sleep):
                    time.sleep(action.seconds)
                    action = exchange.send(None)
                    continue
                try:
                    response = self.http.send(action)
                except httpx.RequestError as exc:
                    action = exchange.throw(exc)
                else:
                    action = exchange.send(response)
        except StopIteration as done:
            sent: Sent = done.value
            return sent


class SyncCore(_SyncTransport):
    """Answers with parsed results; listings are lazy pagers."""

    def run(self, call: Call[T]) -> T:
        return self._result(call, self.send(call))

    def paginate(self, paged: Paged[T]) -> SyncPager[T]:
        return SyncPager(paged, self.run)


class _AsyncTransport(_CoreBase):
    def __init__(self, settings: Settings, http: httpx.AsyncClient) -> None:
        super().__init__(settings)
        self.http = http
        limiter = settings.limiter
        if limiter is not None:

            async def trace(event: str, info: dict[str, Any]) -> None:
                if event in _HEADERS_STARTED:
                    wait = limiter.wire.reserve()
                    if wait > 0:
                        await asyncio.sleep(wait)

            self._trace = trace

    async def send(self, call: Call[Any]) -> Sent:
        """Drive the exchange with ``asyncio`` sleeps and sends."""
        exchange = self._exchange(self._build_request(self.http, call))
        try:
            action = next(exchange)
            while True:
                if isinstance(action, _Sleep):
                    await asyncio.sleep(action.seconds)
                    action = exchange.send(None)
                    continue
                try:
                    response = await self.http.send(action)
                except httpx.RequestError as exc:
                    action = exchange.throw(exc)
                else:
                    action = exchange.send(response)
        except StopIteration as done:
            sent: Sent = done.value
            return sent


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
        except ValueError:
            text = response.text.strip()
            if text and content_type(response) == "text/plain":
                message = text
    found = _error_in_success(body)
    if found is not None:
        message = found
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
