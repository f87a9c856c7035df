"""The raw escape hatch: status, headers and JSON as they came, parsing on demand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import httpx

from dixa._exceptions import APIResponseValidationError

T = TypeVar("T")

__all__ = ["RawResponse", "content_type", "json_body"]


class RawResponse(Generic[T]):
    """What ``client.with_raw_response...`` returns instead of the parsed result."""

    def __init__(self, http_response: httpx.Response, parse: Callable[[], T]) -> None:
        self.http_response = http_response
        self._parse = parse

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    def json(self) -> Any:
        """The decoded body (``None`` when empty); undecodable JSON raises ``APIResponseValidationError``."""
        return json_body(self.http_response)

    def parse(self) -> T:
        """The result the non-raw method would have returned."""
        return self._parse()

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<RawResponse {self.status_code} {request.method} {request.url}>"


def content_type(response: httpx.Response) -> str:
    value: str = response.headers.get("content-type", "")
    return value.split(";", 1)[0].strip().lower()


def _is_json(response: httpx.Response) -> bool:
    media_type = content_type(response)
    return media_type == "application/json" or media_type.endswith("+json")


def json_body(response: httpx.Response) -> Any:
    """The decoded JSON body (``None`` when empty); anything undecodable is a DixaError."""
    if not response.content:
        return None
    if not _is_json(response):
        media_type = content_type(response) or "no content type"
        raise APIResponseValidationError(
            f"expected a JSON response, got {media_type} ({len(response.content)} bytes)", response=response
        )
    try:
        return response.json()
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError; absurd nesting
        raise APIResponseValidationError(
            f"the response is not valid JSON ({len(response.content)} bytes; {exc})", response=response
        ) from exc
