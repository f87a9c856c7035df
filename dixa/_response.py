"""The raw escape hatch: status, headers and JSON as they came, parsing on demand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import httpx

T = TypeVar("T")

__all__ = ["RawResponse"]


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
        return self.http_response.json() if self.http_response.content else None

    def parse(self) -> T:
        """The result the non-raw method would have returned."""
        return self._parse()

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<RawResponse {self.status_code} {request.method} {request.url}>"
