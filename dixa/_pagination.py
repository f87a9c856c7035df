"""Lazy iteration over Dixa's ``pageKey`` listings.

A pager fetches nothing until iterated and holds one page at a time, so walking a
million conversations needs the memory of one page (and of the page keys seen: a key
handed back again would make the walk loop for ever, so it is a
:class:`~dixa.PaginationLoopError` instead).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qs

from dixa._call import Call, Page, Paged
from dixa._exceptions import PaginationLoopError

T = TypeVar("T")

__all__ = ["AsyncPager", "Page", "SyncPager", "next_page_key"]


def next_page_key(meta: Any) -> str | None:
    """The ``pageKey`` in a ``meta.next`` link such as ``/beta/agents?pageKey=abc``.

    Only the query is read, cut at the first ``?`` and before any ``#``, rather than the
    link parsed as a URL: a link that is no valid URL (``"//["``) still has an exact
    query, and ``urlsplit`` would raise on it. A ``next`` that is present but not a
    string is a broken response (``ValueError``, which the core reports as an
    ``APIResponseValidationError``), not a silent last page.
    """
    link = meta.get("next") if isinstance(meta, dict) else getattr(meta, "next_", None)
    if not link:  # absent (None, UNSET) or empty: the last page
        return None
    if not isinstance(link, str):
        raise ValueError(f"meta.next is not a link: {link!r:.80}")
    query = link.partition("?")[2].partition("#")[0]
    keys = parse_qs(query).get("pageKey")
    return keys[0] if keys else None


class _SeenKeys:
    """The page keys a walk has followed; one shared rule for both pagers.

    A page whose next key is its own key is the last page, as before (a page pointing at
    itself has nothing further to give; mock servers answer every page that way). A
    key that comes back later (A, B, A) is a loop and raises.
    """

    def __init__(self) -> None:
        self._keys: set[str] = set()
        self._current: str | None = None

    def next_key(self, page: Page[Any]) -> str | None:
        """The key to follow after ``page`` (``None``: it was the last); a key seen before raises."""
        key = page.next_page_key
        if key is None or key == self._current:
            return None
        if key in self._keys:
            raise PaginationLoopError(key, len(self._keys) + 1)
        self._keys.add(key)
        self._current = key
        return key


class SyncPager(Generic[T]):
    """Iterate items across pages; ``.pages()`` iterates page by page."""

    def __init__(self, paged: Paged[T], run: Callable[[Call[Page[T]]], Page[T]]) -> None:
        self._paged = paged
        self._run = run

    def pages(self) -> Iterator[Page[T]]:
        key: str | None = None
        seen = _SeenKeys()
        while True:
            page = self._run(self._paged.page(key))
            yield page
            key = seen.next_key(page)
            if key is None:
                return

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
        seen = _SeenKeys()
        while True:
            page = await self._run(self._paged.page(key))
            yield page
            key = seen.next_key(page)
            if key is None:
                return

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def to_list(self) -> list[T]:
        return [item async for item in self]
