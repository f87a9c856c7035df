"""``Surface``: one test body, run through both ``Dixa`` and ``AsyncDixa``.

A test written as ``surface.call(lambda c: c.conversations.get(1))`` runs once with the
sync client and once with the async one (awaiting the result), so the twins are proven
to behave the same without writing every test twice. Clients talk to the mock server, or
to a scripted ``httpx.MockTransport`` handler.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import dixa


class Surface:
    def __init__(
        self, mode: str, base_url: str, handler: Callable[[httpx.Request], httpx.Response] | None = None
    ) -> None:
        self.mode = mode
        self.base_url = base_url
        self.handler = handler

    def scripted(self, handler: Callable[[httpx.Request], httpx.Response]) -> Surface:
        """The same surface with its requests answered by ``handler`` instead of the mock server."""
        return Surface(self.mode, "http://dixa.test", handler)

    def _sync(self) -> dixa.Dixa:
        http = httpx.Client(transport=httpx.MockTransport(self.handler)) if self.handler else None
        return dixa.Dixa(api_key="test-key", base_url=self.base_url, rate_limit=None, max_retries=0, http_client=http)

    def _async(self) -> dixa.AsyncDixa:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self.handler)) if self.handler else None
        return dixa.AsyncDixa(
            api_key="test-key", base_url=self.base_url, rate_limit=None, max_retries=0, http_client=http
        )

    def result(self, fn: Callable[[Any], Any]) -> Any:
        """``fn(client)``'s result: awaited when async, and drained to a list when it is a listing."""
        if self.mode == "sync":
            with self._sync() as client:
                value = fn(client)
                return list(value) if isinstance(value, dixa.SyncPager) else value

        async def run() -> Any:
            async with self._async() as client:
                value = fn(client)
                if isinstance(value, dixa.AsyncPager):
                    return [item async for item in value]
                return await value

        return asyncio.run(run())

    def call(self, fn: Callable[[Any], Any]) -> Any:
        """The result of ``fn(client)``, awaited when the client is async."""
        if self.mode == "sync":
            with self._sync() as client:
                return fn(client)

        async def run() -> Any:
            async with self._async() as client:
                result = fn(client)
                assert inspect.isawaitable(result), "async methods must return awaitables"
                return await result

        return asyncio.run(run())

    def items(self, fn: Callable[[Any], Any]) -> list[Any]:
        """Every item of the listing ``fn(client)`` returns, iterated the way each client iterates."""
        if self.mode == "sync":
            with self._sync() as client:
                pager = fn(client)
                assert isinstance(pager, dixa.SyncPager)
                return list(pager)

        async def run() -> list[Any]:
            async with self._async() as client:
                pager = fn(client)
                assert isinstance(pager, dixa.AsyncPager), "async listings are async iterators, not awaitables"
                return [item async for item in pager]

        return asyncio.run(run())

    def raises(self, exception: type[BaseException], fn: Callable[[Any], Any]) -> pytest.ExceptionInfo[Any]:
        with pytest.raises(exception) as info:
            self.call(fn)
        return info
