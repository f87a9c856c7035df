"""``Dixa`` and ``AsyncDixa``: configuration, connection ownership and the resource tree.

Both are the same resource tree (:class:`dixa.resources.Namespaces`) over a different
core, so every operation exists on both with one definition.
"""

from __future__ import annotations

import math
import os
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from dixa._core import (
    DEFAULT_MAX_RESPONSE_SIZE,
    AsyncConnections,
    AsyncCore,
    AsyncRawCore,
    Settings,
    SyncConnections,
    SyncCore,
    SyncRawCore,
)
from dixa._exceptions import InvalidParameterError, InvalidParameterTypeError, safe_url
from dixa._logs import setup_from_env
from dixa._rate_limit import RateLimit, RateLimiter, limiter_for
from dixa.resources import Namespaces

if TYPE_CHECKING:
    from dixa_generated import Client as GeneratedClient

    from dixa._shared_rate_limit import SharedRateLimit

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "AsyncDixa", "Dixa"]

DEFAULT_BASE_URL = "https://dev.dixa.io"
# Connecting should be quick; a slow Dixa endpoint (search, exports) may take a while to
# answer; a request waits at most 10 s for a free pooled connection. ``timeout=`` on the
# client or ``with_options(timeout=...)`` overrides it: seconds (all four phases), an
# ``httpx.Timeout`` (per phase) or ``None`` (wait forever).
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0, pool=10.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_RATE_LIMIT = RateLimit(rate=10.0, burst=4)

_NOT_GIVEN: Any = object()

H = TypeVar("H", SyncConnections, AsyncConnections)


def _check_timeout(timeout: object) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if timeout is None:
        return httpx.Timeout(None)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise InvalidParameterTypeError(
            "timeout", f"expected seconds, httpx.Timeout or None, got {type(timeout).__name__}"
        )
    if not (timeout > 0 and math.isfinite(timeout)):
        raise InvalidParameterError("timeout", f"must be a positive number of seconds, got {timeout!r}")
    return httpx.Timeout(float(timeout))


def _check_api_key(api_key: str) -> None:
    """An API key goes into a header, so it must be printable ASCII. Refused at construction
    (not as a ``UnicodeEncodeError`` or an h11 error quoting the header on the first call),
    and never echoed: only the position of the first bad character is named."""
    for position, char in enumerate(api_key):
        if not " " <= char <= "~":
            kind = "a control character" if ord(char) < 0x20 or ord(char) == 0x7F else "a non-ASCII character"
            raise InvalidParameterError(
                "api_key", f"contains {kind} at position {position}; API keys are printable ASCII"
            )


def _check_max_response_size(size: object) -> int:
    if isinstance(size, bool) or not isinstance(size, int):
        raise InvalidParameterTypeError("max_response_size", f"expected int (bytes), got {type(size).__name__}")
    if size < 1:
        raise InvalidParameterError("max_response_size", f"must be at least 1 byte, got {size}")
    return size


def _check_max_retries(max_retries: object) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int):
        raise InvalidParameterTypeError("max_retries", f"expected int, got {type(max_retries).__name__}")
    if max_retries < 0:
        raise InvalidParameterError("max_retries", f"must be 0 or more, got {max_retries}")
    return max_retries


def _check_strict(strict: object) -> bool:
    """``strict=`` as given, else ``$DIXA_STRICT_VALIDATION``: "1"/"true" turn it on,
    "0"/"false"/unset leave it off, anything else is refused rather than guessed."""
    if strict is None:
        setting = os.environ.get("DIXA_STRICT_VALIDATION", "").strip().lower()
        if setting not in ("", "0", "false", "1", "true"):
            raise InvalidParameterError(
                "DIXA_STRICT_VALIDATION", f'expected "1", "true", "0" or "false", got {setting!r}'
            )
        return setting in ("1", "true")
    if not isinstance(strict, bool):
        raise InvalidParameterTypeError("strict", f"expected bool, got {type(strict).__name__}")
    return strict


def _limiter(api_key: str, rate_limit: object) -> RateLimiter | None:
    """The limiter for ``rate_limit=``: one per key (and limits), shared by every client,
    thread and task using it; with a :class:`~dixa.SharedRateLimit`, by every process too.
    Left at its default, ``$DIXA_RATE_LIMIT_URL`` (a Redis URL) makes the limit shared, so
    deployments switch without changing code."""
    if rate_limit is DEFAULT_RATE_LIMIT:
        url = os.environ.get("DIXA_RATE_LIMIT_URL", "").strip()
        if url:
            from dixa._shared_rate_limit import shared_limit_from_env

            rate_limit = shared_limit_from_env(url, DEFAULT_RATE_LIMIT)
    if rate_limit is None:
        return None
    if isinstance(rate_limit, RateLimit):
        return limiter_for(api_key, rate_limit)
    from dixa._shared_rate_limit import SharedRateLimit, shared_limiter_for  # no redis import yet

    if isinstance(rate_limit, SharedRateLimit):
        return shared_limiter_for(api_key, rate_limit)
    raise InvalidParameterTypeError(
        "rate_limit",
        f"expected dixa.RateLimit, dixa.SharedRateLimit or None, got {type(rate_limit).__name__}"
        + (" (for a Redis URL use dixa.SharedRateLimit(url))" if isinstance(rate_limit, str) else ""),
    )


def _settings(
    api_key: str | None,
    base_url: str | None,
    timeout: float | httpx.Timeout | None,
    max_retries: int,
    rate_limit: RateLimit | SharedRateLimit | None,
    *,
    strict: bool | None = None,
) -> Settings:
    api_key = api_key if api_key is not None else os.environ.get("DIXA_API_KEY")
    if api_key is None:
        raise InvalidParameterError("api_key", "missing; pass api_key= or set DIXA_API_KEY")
    if not isinstance(api_key, str):
        raise InvalidParameterTypeError("api_key", f"expected str, got {type(api_key).__name__}")
    if not api_key.strip():
        raise InvalidParameterError("api_key", "is empty")
    _check_api_key(api_key.strip())
    base_url = base_url if base_url is not None else os.environ.get("DIXA_BASE_URL") or DEFAULT_BASE_URL
    if not isinstance(base_url, str):
        raise InvalidParameterTypeError("base_url", f"expected str, got {type(base_url).__name__}")
    if not base_url.startswith(("http://", "https://")):
        raise InvalidParameterError("base_url", f"must start with http:// or https://, got {base_url!r}")
    return Settings(
        api_key=api_key.strip(),
        base_url=base_url.rstrip("/"),
        timeout=_check_timeout(timeout),
        max_retries=_check_max_retries(max_retries),
        limiter=_limiter(api_key.strip(), rate_limit),
        strict=_check_strict(strict),
    )


class _ClientMixin(Generic[H]):
    _settings: Settings
    _http: H
    _owns_http: bool

    @property
    def base_url(self) -> str:
        return self._settings.base_url

    @property
    def max_retries(self) -> int:
        return self._settings.max_retries

    @property
    def timeout(self) -> httpx.Timeout:
        return self._settings.timeout

    @property
    def rate_limit(self) -> RateLimit | None:
        limiter = self._settings.limiter
        return limiter.limit if limiter is not None else None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={safe_url(httpx.URL(self._settings.base_url))!r}>"

    @property
    def strict(self) -> bool:
        """Whether a response that deviates from the API description fails the call."""
        return self._settings.strict

    def _evolved(self, timeout: Any, max_retries: Any, strict: Any = _NOT_GIVEN) -> Settings:
        """These settings with a per-call timeout, retry budget and/or strictness; the limiter is kept."""
        changes: dict[str, Any] = {}
        if strict is not _NOT_GIVEN:
            changes["strict"] = _check_strict(strict)
        if timeout is not _NOT_GIVEN:
            changes["timeout"] = _check_timeout(timeout)
        if max_retries is not _NOT_GIVEN:
            changes["max_retries"] = _check_max_retries(max_retries)
        return self._settings.evolve(**changes)


class Dixa(_ClientMixin[SyncConnections], Namespaces[SyncCore]):
    """The synchronous Dixa client.

    ``api_key`` defaults to ``$DIXA_API_KEY`` and is sent as-is in ``Authorization``;
    ``base_url`` defaults to ``$DIXA_BASE_URL``, then ``https://dev.dixa.io``. Pass
    ``http_client`` to bring your own ``httpx.Client`` (proxies, custom transport); it is
    then yours to close. ``rate_limit=None`` turns the client-side limiter off; a
    :class:`~dixa.SharedRateLimit` (or ``$DIXA_RATE_LIMIT_URL``) shares it through Redis
    with every process using the key.
    ``strict=True`` (or ``DIXA_STRICT_VALIDATION=1``) makes a response that deviates from
    the API description an ``APIResponseValidationError`` instead of a logged warning.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        http_client: httpx.Client | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        rate_limit: RateLimit | SharedRateLimit | None = DEFAULT_RATE_LIMIT,
        strict: bool | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
    ) -> None:
        setup_from_env()
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise InvalidParameterTypeError("http_client", f"expected httpx.Client, got {type(http_client).__name__}")
        self._settings = _settings(api_key, base_url, timeout, max_retries, rate_limit, strict=strict)
        self._settings = self._settings.evolve(max_response_size=_check_max_response_size(max_response_size))
        self._owns_http = http_client is None
        # Made by the SDK: remade in a forked child (see SyncConnections).
        self._http = (
            SyncConnections(http_client) if http_client is not None else SyncConnections(httpx.Client(), httpx.Client)
        )
        self._generated: GeneratedClient | None = None
        super().__init__(SyncCore(self._settings, self._http))

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = _NOT_GIVEN,
        max_retries: int = _NOT_GIVEN,
        strict: bool = _NOT_GIVEN,
    ) -> Dixa:
        """A client sharing this one's connections and rate limit, with other per-call settings."""
        clone = object.__new__(Dixa)
        clone._settings = self._evolved(timeout, max_retries, strict)
        clone._http, clone._owns_http, clone._generated = self._http, False, None
        Namespaces.__init__(clone, SyncCore(clone._settings, clone._http))
        return clone

    @property
    def with_raw_response(self) -> Namespaces[SyncRawCore]:
        """The same operations, answering with :class:`~dixa.RawResponse` (status, headers, JSON)."""
        return Namespaces(SyncRawCore(self._settings, self._http))

    @property
    def generated(self) -> GeneratedClient:
        """A ``dixa_generated.Client`` for calling generated operations directly.

        It bypasses this SDK's retries, rate limit and error types.
        """
        if self._generated is None:
            from dixa_generated import Client as GeneratedClient

            http = httpx.Client(
                base_url=self._settings.base_url, auth=_KeyAuth(self._settings.api_key), timeout=self._settings.timeout
            )
            self._generated = GeneratedClient(base_url=self._settings.base_url).set_httpx_client(http)
        return self._generated

    def close(self) -> None:
        if self._owns_http:
            self._http.close()
        if self._generated is not None:
            self._generated.get_httpx_client().close()

    def __enter__(self) -> Dixa:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncDixa(_ClientMixin[AsyncConnections], Namespaces[AsyncCore]):
    """The asyncio twin of :class:`Dixa`: same arguments, awaitable methods, async pagers."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        rate_limit: RateLimit | SharedRateLimit | None = DEFAULT_RATE_LIMIT,
        strict: bool | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
    ) -> None:
        setup_from_env()
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise InvalidParameterTypeError(
                "http_client", f"expected httpx.AsyncClient, got {type(http_client).__name__}"
            )
        self._settings = _settings(api_key, base_url, timeout, max_retries, rate_limit, strict=strict)
        self._settings = self._settings.evolve(max_response_size=_check_max_response_size(max_response_size))
        self._owns_http = http_client is None
        # Made by the SDK: one per event loop and process (see AsyncConnections).
        self._http = (
            AsyncConnections(http_client)
            if http_client is not None
            else AsyncConnections(httpx.AsyncClient(), httpx.AsyncClient)
        )
        self._generated: GeneratedClient | None = None
        super().__init__(AsyncCore(self._settings, self._http))

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = _NOT_GIVEN,
        max_retries: int = _NOT_GIVEN,
        strict: bool = _NOT_GIVEN,
    ) -> AsyncDixa:
        """A client sharing this one's connections and rate limit, with other per-call settings."""
        clone = object.__new__(AsyncDixa)
        clone._settings = self._evolved(timeout, max_retries, strict)
        clone._http, clone._owns_http, clone._generated = self._http, False, None
        Namespaces.__init__(clone, AsyncCore(clone._settings, clone._http))
        return clone

    @property
    def with_raw_response(self) -> Namespaces[AsyncRawCore]:
        """The same operations, answering with :class:`~dixa.RawResponse` (status, headers, JSON)."""
        return Namespaces(AsyncRawCore(self._settings, self._http))

    @property
    def generated(self) -> GeneratedClient:
        """A ``dixa_generated.Client`` for calling generated operations directly (``asyncio`` variants).

        It bypasses this SDK's retries, rate limit and error types.
        """
        if self._generated is None:
            from dixa_generated import Client as GeneratedClient

            http = httpx.AsyncClient(
                base_url=self._settings.base_url, auth=_KeyAuth(self._settings.api_key), timeout=self._settings.timeout
            )
            self._generated = GeneratedClient(base_url=self._settings.base_url).set_async_httpx_client(http)
        return self._generated

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()
        if self._generated is not None:
            await self._generated.get_async_httpx_client().aclose()

    async def __aenter__(self) -> AsyncDixa:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


class _KeyAuth(httpx.Auth):
    """Puts the raw key in ``Authorization`` (Dixa wants no "Bearer"); never shows it."""

    def __init__(self, api_key: str) -> None:
        self._api_key = api_key

    def auth_flow(self, request: httpx.Request) -> Any:
        request.headers["Authorization"] = self._api_key
        yield request

    def __repr__(self) -> str:
        return "<DixaKeyAuth>"
