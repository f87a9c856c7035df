"""dixa: the Python SDK for the Dixa API.

    import dixa

    client = dixa.Dixa()  # DIXA_API_KEY from the environment
    note = client.conversations.notes.create(9456, message="Called back")

Names are loaded on first use, so ``import dixa`` costs little more than ``import httpx``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dixa._version import __version__

if TYPE_CHECKING:
    from dixa_generated._spec import SPEC_SHA256, SPEC_VERSION

    from dixa._bulk import BulkFailure, BulkResult
    from dixa._call import Page
    from dixa._client import AsyncDixa, Dixa
    from dixa._exceptions import (
        APIConnectionError,
        APIError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        BulkFailureError,
        ConflictError,
        DixaError,
        InternalServerError,
        InvalidParameterError,
        InvalidParameterTypeError,
        NotFoundError,
        PaginationLoopError,
        PermissionDeniedError,
        RateLimitError,
        RedirectError,
        ResponseTooLargeError,
        UnprocessableEntityError,
        WebhookVerificationError,
    )
    from dixa._pagination import AsyncPager, SyncPager
    from dixa._rate_limit import RateLimit
    from dixa._response import RawResponse
    from dixa._shared_rate_limit import RateLimiterUnavailableError, SharedRateLimit
    from dixa._timestamps import format_datetime, parse_datetime

_EXPORTS = {
    "Dixa": "dixa._client",
    "AsyncDixa": "dixa._client",
    "RateLimit": "dixa._rate_limit",
    # Imports no redis: that happens only when a shared limiter is first used.
    "SharedRateLimit": "dixa._shared_rate_limit",
    "RateLimiterUnavailableError": "dixa._shared_rate_limit",
    "BulkResult": "dixa._bulk",
    "BulkFailure": "dixa._bulk",
    "Page": "dixa._call",
    "SyncPager": "dixa._pagination",
    "AsyncPager": "dixa._pagination",
    "RawResponse": "dixa._response",
    "parse_datetime": "dixa._timestamps",
    "format_datetime": "dixa._timestamps",
    # Which API description the installed SDK was generated from (scripts/generate.py).
    "SPEC_VERSION": "dixa_generated._spec",
    "SPEC_SHA256": "dixa_generated._spec",
    **dict.fromkeys(
        [
            "DixaError",
            "APIError",
            "APIConnectionError",
            "APITimeoutError",
            "APIResponseValidationError",
            "APIStatusError",
            "BadRequestError",
            "AuthenticationError",
            "PermissionDeniedError",
            "NotFoundError",
            "ConflictError",
            "UnprocessableEntityError",
            "RateLimitError",
            "RedirectError",
            "ResponseTooLargeError",
            "PaginationLoopError",
            "InternalServerError",
            "InvalidParameterError",
            "InvalidParameterTypeError",
            "BulkFailureError",
            "WebhookVerificationError",
        ],
        "dixa._exceptions",
    ),
}

__all__ = [
    "SPEC_SHA256",
    "SPEC_VERSION",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncDixa",
    "AsyncPager",
    "AuthenticationError",
    "BadRequestError",
    "BulkFailure",
    "BulkFailureError",
    "BulkResult",
    "ConflictError",
    "Dixa",
    "DixaError",
    "InternalServerError",
    "InvalidParameterError",
    "InvalidParameterTypeError",
    "NotFoundError",
    "Page",
    "PaginationLoopError",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitError",
    "RateLimiterUnavailableError",
    "RawResponse",
    "RedirectError",
    "ResponseTooLargeError",
    "SharedRateLimit",
    "SyncPager",
    "UnprocessableEntityError",
    "WebhookVerificationError",
    "__version__",
    "format_datetime",
    "models",
    "parse_datetime",
    "webhooks",
]


def __getattr__(name: str) -> Any:
    if name in ("models", "webhooks"):  # submodules, loaded on first use
        return importlib.import_module(f"dixa.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'dixa' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
