"""The exception tree: every failure the SDK raises is a ``DixaError``.

Errors carry what a person needs to act (status, Dixa's message, method and URL) and
never the API key. Input problems found before a request is sent are also
``ValueError``/``TypeError`` so that ordinary ``except ValueError`` code keeps working.
"""

from __future__ import annotations

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
]


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
    """A request was attempted and did not produce a usable result."""

    def __init__(self, message: str, *, request: httpx.Request) -> None:
        self.message = message
        self.request = request
        self.method = request.method
        self.url = str(request.url)
        super().__init__(message)


class APIConnectionError(APIError):
    """The server could not be reached, or the connection broke mid-exchange."""

    def __init__(self, *, request: httpx.Request, message: str | None = None) -> None:
        super().__init__(message or f"connection error: {request.method} {request.url}", request=request)


class APITimeoutError(APIConnectionError):
    """The request did not complete within its timeout."""

    def __init__(self, *, request: httpx.Request) -> None:
        super().__init__(request=request, message=f"request timed out: {request.method} {request.url}")


class APIResponseValidationError(APIError):
    """A response arrived but is not what the API promises (bad JSON, wrong shape or type)."""

    def __init__(self, message: str, *, response: httpx.Response, body: Any = None) -> None:
        self.response = response
        self.status_code = response.status_code
        self.body = body
        super().__init__(message, request=response.request)


class APIStatusError(APIError):
    """Dixa answered with a 4xx or 5xx status."""

    def __init__(self, message: str, *, response: httpx.Response, body: Any = None) -> None:
        self.response = response
        self.status_code = response.status_code
        self.body = body
        request = response.request
        super().__init__(f"{response.status_code} {message} ({request.method} {request.url})", request=request)
        self.message = message


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
    """429: too many requests for this API key.

    ``retry_after`` is the wait in seconds the server asked for, when it said.
    """

    retry_after: float | None = None


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
        super().__init__(f"{len(failures)} item(s) of a bulk call failed{detail}")
