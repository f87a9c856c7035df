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
    "PermissionDeniedError",
    "RateLimitError",
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


class DixaError(Exception):
    """Root of everything this SDK raises on purpose."""


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


class APIStatusError(APIError):
    """Dixa answered with a 4xx or 5xx status.

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


class WebhookVerificationError(DixaError):
    """A webhook delivery failed a check (signature, timestamp, header): do not trust it.

    ``check`` names the check that failed; the message never contains the secret.
    """

    def __init__(self, check: str, problem: str) -> None:
        self.check = check
        super().__init__(f"{check}: {problem}")
