"""What an operation asks the transport core to do, independent of sync or async.

Resource methods build these; ``_core`` executes them. Keeping the description of a
request apart from its execution is what lets one definition serve ``Dixa`` and
``AsyncDixa`` alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """One HTTP exchange and how to turn its JSON into the caller's result."""

    method: str
    path: str
    parse: Callable[[Any], T]
    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None
    files: Any = None  # multipart parts, as the generated ``to_multipart()`` gives them
    # The generated operation this call performs ("tags.get_tags"), named in errors and logs.
    operation: str = ""

    @classmethod
    def from_generated(cls, kwargs: dict[str, Any], parse: Callable[[Any], T]) -> Call[T]:
        """Adopt the request a generated endpoint's ``_get_kwargs`` describes."""
        return cls(
            method=kwargs["method"].upper(),
            path=kwargs["url"],
            parse=parse,
            params=kwargs.get("params") or {},
            json=kwargs.get("json"),
            files=kwargs.get("files"),
        )


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing. ``next_page_key`` is ``None`` on the last page."""

    items: list[T]
    next_page_key: str | None = None

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True, slots=True)
class Paged(Generic[T]):
    """A listing: given a page key (``None`` for the first page), the call for that page."""

    page: Callable[[str | None], Call[Page[T]]]
