"""``surface``: run one test body through both ``Dixa`` and ``AsyncDixa``.

A test written as ``surface.call(lambda c: c.conversations.get(1))`` runs once with the
sync client and once with the async one (awaiting the result), so the twins are proven
to behave the same without writing every test twice.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

import pytest

import dixa


class Surface:
    def __init__(self, mode: str, base_url: str) -> None:
        self.mode = mode
        self.base_url = base_url

    def _sync(self) -> dixa.Dixa:
        return dixa.Dixa(api_key="test-key", base_url=self.base_url, rate_limit=None, max_retries=0)

    def _async(self) -> dixa.AsyncDixa:
        return dixa.AsyncDixa(api_key="test-key", base_url=self.base_url, rate_limit=None, max_retries=0)

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


@pytest.fixture(params=["sync", "async"])
def surface(request: pytest.FixtureRequest, mock_url: str) -> Surface:
    return Surface(request.param, mock_url)
