"""The exception tree: every failure the SDK raises is a ``DixaError``.

Errors carry what a person needs to act (status, Dixa's message, method and URL) and
never the API key: the key only travels in a header, headers are never formatted into
a message, and credentials embedded in a URL are stripped before the URL is shown.
Every error reads as one line, because it usually ends up in a log.

Input problems found before a request is sent are also ``ValueError``/``TypeError`` so
that ordinary ``except ValueError`` code keeps working.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BulkFailureError",
    "ConflictError",
    "DixaError",
    "InternalServerError",
    "InvalidParameterError",
    "InvalidParameterTypeError",
    "NotFoundError",
    "PaginationLoopError",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "ResponseTooLargeError",
    "UnprocessableEntityError",
    "WebhookVerificationError",
]

_MAX_MESSAGE = 300
_WHITESPACE = re.compile(r"\s+")


def one_line(text: str, limit: int = _MAX_MESSAGE) -> str:
    """``text`` with runs of whitespace (newlines included) folded to one space, cut at ``limit``."""
    text = _WHITESPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe_url(url: httpx.URL) -> str:
    """The URL as shown in errors and logs: any ``user:password@`` part is dropped."""
    return str(url.copy_with(userinfo=b"")) if url.userinfo else str(url)


def _revive(cls: type[DixaError], state: dict[str, Any]) -> DixaError:
    """Rebuild a pickled error without calling its ``__init__`` (module level, so pickle finds it)."""
    error = cls.__new__(cls)
    Exception.__init__(error, *state.pop("_args"))
    error.__dict__.update(state)
    return error


def _without_key(request: httpx.Request) -> httpx.Request:
    """A copy of ``request`` safe to pickle: no ``Authorization``, no body, no extensions."""
    headers = [(name, value) for name, value in request.headers.raw if name.lower() != b"authorization"]
    return httpx.Request(request.method, request.url, headers=headers)


def _response_without_key(response: httpx.Response, request: httpx.Request) -> httpx.Response:
    try:
        content = response.content
    except httpx.ResponseNotRead:
        content = b""
    # The content is already decoded: drop the headers that would make httpx decode it again.
    dropped = {b"content-encoding", b"content-length", b"transfer-encoding"}
    headers = [(name, value) for name, value in response.headers.raw if name.lower() not in dropped]
    return httpx.Response(response.status_code, headers=headers, content=content, request=request)


class DixaError(Exception):
    """Root of everything this SDK raises on purpose.

    Every error pickles (multiprocessing pools, Celery and other cross-process queues
    ship exceptions that way) into the same type, message and attributes. The default
    pickling calls ``cls(*args)``, which fails for errors with keyword-only arguments;
    ``__reduce__`` restores the state instead. A request or response an error carries is
    pickled without its ``Authorization`` header, so the API key never leaves the process.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        state = dict(self.__dict__)
        request = state.get("request")
        if isinstance(request, httpx.Request):
            state["request"] = request = _without_key(request)
        response = state.get("response")
        if isinstance(response, httpx.Response):
            if not isinstance(request, httpx.Request):
                request = _without_key(response.request)
            state["response"] = _response_without_key(response, request)
        state["_args"] = self.args
        return _revive, (type(self), state)


class InvalidParameterError(DixaError, ValueError):
    """An argument has the right type but an unusable value. Raised before any request."""

    def __init__(self, param: str, problem: str) -> None:
        self.param = param
        super().__init__(f"{param}: {problem}")


class InvalidParameterTypeError(DixaError, TypeError):
    """An argument has the wrong type. Raised before any request."""

    def __init__(self, param: str, problem: str) -> None:
        self.param = param
        super().__init__(f"{param}: {problem}")


class APIError(DixaError):
    """A request was attempted and did not produce a usable result.

    ``method`` and ``url`` say which request; ``attempts`` how many times it was sent
    (retries included) before the SDK gave up.
    """

    def __init__(self, message: str, *, request: httpx.Request) -> None:
        self.message = one_line(message)
        self.request = request
        self.method = request.method
        self.url = safe_url(request.url)
        self.attempts = 1
        super().__init__(self.message)

    def _headline(self) -> str:
        return self.message

    def __str__(self) -> str:
        tail = f"; gave up after {self.attempts} attempts" if self.attempts > 1 else ""
        return f"{self._headline()} ({self.method} {self.url}){tail}"


class APIConnectionError(APIError):
    """The server could not be reached, or the connection broke mid-exchange."""

    def __init__(self, *, request: httpx.Request, message: str | None = None) -> None:
        super().__init__(message or "connection error", request=request)


class APITimeoutError(APIConnectionError):
    """The request did not complete within its timeout (``dixa.Dixa(timeout=...)``)."""

    def __init__(self, *, request: httpx.Request, message: str | None = None) -> None:
        super().__init__(request=request, message=message or "request timed out")


class APIResponseValidationError(APIError):
    """A response arrived but cannot be used: not JSON, malformed or truncated JSON, the
    wrong shape, or a success status carrying an error. ``body`` is the decoded JSON when
    there was any; ``status_code`` is ``None`` when the body could not even be read."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response | None = None,
        request: httpx.Request | None = None,
        body: Any = None,
    ) -> None:
        if request is None:
            if response is None:
                raise TypeError("APIResponseValidationError needs a response or a request")
            request = response.request
        self.response = response
        self.status_code: int | None = response.status_code if response is not None else None
        self.body = body
        super().__init__(message, request=request)


class ResponseTooLargeError(APIResponseValidationError):
    """A response body was larger than the client's ``max_response_size``; reading stopped.

    ``limit`` is that size in bytes. Not retried: the same request gets the same body.
    """

    def __init__(self, message: str, *, response: httpx.Response, limit: int) -> None:
        self.limit = limit
        super().__init__(message, response=response)


class APIStatusError(APIError):
    """Dixa answered with a 3xx, 4xx or 5xx status.

    ``message`` is Dixa's own explanation (the ``message`` of its error body) when it
    gave one, else the status's reason phrase; ``body`` is the decoded error body.
    """

    def __init__(self, message: str, *, response: httpx.Response, body: Any = None) -> None:
        self.response = response
        self.status_code = response.status_code
        self.body = body
        super().__init__(message, request=response.request)

    def _headline(self) -> str:
        return f"{self.status_code} {self.message}"


class RedirectError(APIStatusError):
    """3xx: Dixa (or something in between) answered with a redirect, which is never followed.

    A redirect is not the result: a write answered 307 did not happen where it was
    sent, and following it would carry the API key to wherever ``location`` points.
    ``location`` is the ``Location`` header as sent (``None`` when missing).
    """

    def __init__(
        self, message: str, *, response: httpx.Response, body: Any = None, location: str | None = None
    ) -> None:
        self.location = location
        super().__init__(message, response=response, body=body)


class BadRequestError(APIStatusError):
    """400: Dixa rejected the request's content."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing, wrong or revoked."""


class PermissionDeniedError(APIStatusError):
    """403: the API key may not do this."""


class NotFoundError(APIStatusError):
    """404: the conversation, agent, ... does not exist."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state."""


class UnprocessableEntityError(APIStatusError):
    """422: the request is well-formed but cannot be applied."""


class RateLimitError(APIStatusError):
    """429: too many requests for this API key, still refused after the retries.

    ``retry_after`` is the wait in seconds the server asked for, when it said.
    """

    retry_after: float | None = None

    def _headline(self) -> str:
        wait = f"; retry after {self.retry_after:g}s" if self.retry_after is not None else ""
        return f"{super()._headline()}{wait}"


class InternalServerError(APIStatusError):
    """5xx: Dixa failed to process the request."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status: int) -> type[APIStatusError]:
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, APIStatusError)


class BulkFailureError(DixaError):
    """Some items of a bulk call failed; ``failures`` holds each with its input and error."""

    def __init__(self, failures: list[Any]) -> None:
        self.failures = failures
        first = failures[0] if failures else None
        detail = f"; first: {first}" if first is not None else ""
        super().__init__(one_line(f"{len(failures)} item(s) of a bulk call failed{detail}"))


class PaginationLoopError(DixaError):
    """A listing handed back a page key it had already given: following it would loop for ever.

    ``page_key`` is the repeated key; ``pages`` how many pages were read before it.
    """

    def __init__(self, page_key: str, pages: int) -> None:
        self.page_key = page_key
        self.pages = pages
        super().__init__(one_line(f"the listing repeated page key {page_key!r} after {pages} page(s); stopped"))


class WebhookVerificationError(DixaError):
    """A webhook delivery failed a check (signature, timestamp, header): do not trust it.

    ``check`` names the check that failed; the message never contains the secret.
    """

    def __init__(self, check: str, problem: str) -> None:
        self.check = check
        super().__init__(f"{check}: {problem}")
