"""Lazy iteration over Dixa's ``pageKey`` listings.

A pager fetches nothing until iterated and holds one page at a time, so walking a
million conversations needs the memory of one page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qs, urlsplit

from dixa._call import Call, Page, Paged

T = TypeVar("T")

__all__ = ["AsyncPager", "Page", "SyncPager", "next_page_key"]


def next_page_key(meta: Any) -> str | None:
    """The ``pageKey`` in a ``meta.next`` link such as ``/beta/agents?pageKey=abc``."""
    link = getattr(meta, "next_", None)
    if not isinstance(link, str) or not link:
        return None
    keys = parse_qs(urlsplit(link).query).get("pageKey")
    return keys[0] if keys else None


class SyncPager(Generic[T]):
    """Iterate items across pages; ``.pages()`` iterates page by page."""

    def __init__(self, paged: Paged[T], run: Callable[[Call[Page[T]]], Page[T]]) -> None:
        self._paged = paged
        self._run = run

    def pages(self) -> Iterator[Page[T]]:
        key: str | None = None
        while True:
            page = self._run(self._paged.page(key))
            yield page
            if page.next_page_key is None or page.next_page_key == key:
                return
            key = page.next_page_key

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items

    def to_list(self) -> list[T]:
        return list(self)


class AsyncPager(Generic[T]):
    """``async for`` over items across pages; ``.pages()`` iterates page by page."""

    def __init__(self, paged: Paged[T], run: Callable[[Call[Page[T]]], Awaitable[Page[T]]]) -> None:
        self._paged = paged
        self._run = run

    async def pages(self) -> AsyncIterator[Page[T]]:
        key: str | None = None
        while True:
            page = await self._run(self._paged.page(key))
            yield page
            if page.next_page_key is None or page.next_page_key == key:
                return
            key = page.next_page_key

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def to_list(self) -> list[T]:
        return [item async for item in self]
