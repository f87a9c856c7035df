"""The transport core: turn a :class:`~dixa._call.Call` into a result, sync or async.

The retry and rate-limit logic is written once, as a generator that yields what it
needs done (wait this long, send this request) and receives the outcome. The sync and
async cores are small drivers around it, so the two clients cannot drift apart in how
they treat failures.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Generator
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import httpx

from dixa import _retry
from dixa._call import Call, Page, Paged
from dixa._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    RateLimitError,
    status_error_class,
)
from dixa._pagination import AsyncPager, SyncPager
from dixa._rate_limit import TokenBucket
from dixa._response import RawResponse
from dixa._version import __version__

T = TypeVar("T")

log = logging.getLogger("dixa")

# What the exchange generator asks its driver for: a pause, or a request to send.
_Action = float | httpx.Request
_Exchange = Generator[_Action, Any, httpx.Response]


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a core needs besides the HTTP client. The key is kept out of repr."""

    api_key: str = field(repr=False)
    base_url: str
    timeout: httpx.Timeout
    max_retries: int
    bucket: TokenBucket | None

    def evolve(self, **changes: Any) -> Settings:
        return replace(self, **changes)


class _CoreBase:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._headers = {
            "Authorization": settings.api_key,
            "Accept": "application/json",
            "User-Agent": f"dixa-python/{__version__}",
        }

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.settings.base_url}>"

    def _build_request(self, http: httpx.Client | httpx.AsyncClient, call: Call[Any]) -> httpx.Request:
        return http.build_request(
            call.method,
            self.settings.base_url + call.path,
            params=call.params or None,
            json=call.json,
            headers=self._headers,
            timeout=self.settings.timeout,
        )

    def _exchange(self, request: httpx.Request) -> _Exchange:
        """Send ``request`` until it succeeds, fails for good, or retries run out."""
        settings = self.settings
        method = request.method
        for retries_done in range(settings.max_retries + 1):
            last_try = retries_done == settings.max_retries
            if settings.bucket is not None:
                wait = settings.bucket.reserve()
                if wait > 0:
                    yield wait
            started = time.monotonic()
            try:
                response: httpx.Response = yield request
            except httpx.TimeoutException as exc:
                _log_failure(request, exc, retries_done)
                if last_try or not _retry.should_retry_error(method, exc):
                    raise APITimeoutError(request=request) from exc
                yield _retry.backoff_delay(retries_done)
                continue
            except httpx.TransportError as exc:
                _log_failure(request, exc, retries_done)
                if last_try or not _retry.should_retry_error(method, exc):
                    raise APIConnectionError(request=request, message=_connection_message(request, exc)) from exc
                yield _retry.backoff_delay(retries_done)
                continue
            status = response.status_code
            if log.isEnabledFor(logging.DEBUG):
                elapsed = time.monotonic() - started
                log.debug("%s %s -> %d in %.3fs (attempt %d)", method, request.url, status, elapsed, retries_done + 1)
            if last_try or not _retry.should_retry_status(method, status):
                return response
            retry_after = _retry.retry_after_seconds(response.headers)
            if retry_after is not None and retry_after > _retry.MAX_RETRY_AFTER:
                return response  # the server wants a longer pause than a call should hide
            yield _retry.backoff_delay(retries_done, retry_after)
        raise AssertionError("unreachable")  # pragma: no cover

    def _result(self, call: Call[T], response: httpx.Response) -> T:
        if response.status_code >= 400:
            raise _status_error(response)
        body = _json_body(response)
        try:
            return call.parse(body)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            what = call.operation or f"{response.request.method} {response.request.url.path}"
            raise APIResponseValidationError(
                f"{what}: the response does not match the API description ({exc})", response=response, body=body
            ) from exc


class _SyncTransport(_CoreBase):
    def __init__(self, settings: Settings, http: httpx.Client) -> None:
        super().__init__(settings)
        self.http = http

    def send(self, call: Call[Any]) -> httpx.Response:
        exchange = self._exchange(self._build_request(self.http, call))
        action = next(exchange)
        while True:
            try:
                if isinstance(action, float):
                    time.sleep(action)
                    action = exchange.send(None)
                    continue
                try:
                    response = self.http.send(action)
                except httpx.TransportError as exc:
                    action = exchange.throw(exc)
                    continue
                action = exchange.send(response)
            except StopIteration as done:
                result: httpx.Response = done.value
                return result



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

    async def send(self, call: Call[Any]) -> httpx.Response:
        exchange = self._exchange(self._build_request(self.http, call))
        action = next(exchange)
        while True:
            try:
                if isinstance(action, float):
                    await asyncio.sleep(action)
                    action = exchange.send(None)
                    continue
                try:
                    response = await self.http.send(action)
                except httpx.TransportError as exc:
                    action = exchange.throw(exc)
                    continue
                action = exchange.send(response)
            except StopIteration as done:
                result: httpx.Response = done.value
                return result



class AsyncCore(_AsyncTransport):
    """Answers with awaitable parsed results; listings are lazy async pagers."""

    async def run(self, call: Call[T]) -> T:
        return self._result(call, await self.send(call))

    def paginate(self, paged: Paged[T]) -> AsyncPager[T]:
        return AsyncPager(paged, self.run)


class SyncRawCore(_SyncTransport):
    """Answers with :class:`RawResponse`; listings give their first page."""

    def run(self, call: Call[T]) -> RawResponse[T]:
        response = self.send(call)
        if response.status_code >= 400:
            raise _status_error(response)
        return RawResponse(response, lambda: self._result(call, response))

    def paginate(self, paged: Paged[T]) -> RawResponse[Page[T]]:
        return self.run(paged.page(None))


class AsyncRawCore(_AsyncTransport):
    """Answers with :class:`RawResponse`; listings give their first page."""

    async def run(self, call: Call[T]) -> RawResponse[T]:
        response = await self.send(call)
        if response.status_code >= 400:
            raise _status_error(response)
        return RawResponse(response, lambda: self._result(call, response))

    async def paginate(self, paged: Paged[T]) -> RawResponse[Page[T]]:
        return await self.run(paged.page(None))


def _is_json(response: httpx.Response) -> bool:
    content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return content_type == "application/json" or content_type.endswith("+json")


def _json_body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    if not _is_json(response):
        content_type = response.headers.get("content-type", "no content type")
        raise APIResponseValidationError(
            f"expected a JSON response, got {content_type} ({len(response.content)} bytes)", response=response
        )
    try:
        return response.json()
    except ValueError as exc:
        raise APIResponseValidationError(f"the response is not valid JSON ({exc})", response=response) from exc


def _status_error(response: httpx.Response) -> APIStatusError:
    body: Any = None
    message = response.reason_phrase or "error"
    try:
        body = response.json() if response.content else None
    except ValueError:
        text = response.text.strip()
        if text:
            message = text[:200]
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        message = body["message"]
    error = status_error_class(response.status_code)(message, response=response, body=body)
    if isinstance(error, RateLimitError):
        error.retry_after = _retry.retry_after_seconds(response.headers)
    return error


def _connection_message(request: httpx.Request, exc: Exception) -> str:
    reason = type(exc).__name__
    return f"connection error ({reason}): {request.method} {request.url}"


def _log_failure(request: httpx.Request, exc: Exception, retries_done: int) -> None:
    log.debug("%s %s failed: %s (attempt %d)", request.method, request.url, type(exc).__name__, retries_done + 1)
