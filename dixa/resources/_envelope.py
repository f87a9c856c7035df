"""Unwrapping Dixa's ``{"data": ..., "meta": ...}`` envelopes into what callers want."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from dixa_generated.types import Unset

from dixa._call import Page
from dixa._pagination import next_page_key

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

__all__ = ["data_of", "items_of", "page_of"]


class Envelope(Protocol[T_co]):
    @property
    def data(self) -> T_co | Unset: ...


class PagedEnvelope(Envelope[T_co], Protocol[T_co]):
    @property
    def meta(self) -> Any: ...


def data_of(envelope: Envelope[T]) -> T:
    """The ``data`` of a single-object response; its absence is a broken response."""
    data = envelope.data
    if isinstance(data, Unset):
        raise ValueError("the response has no 'data'")
    return data


def items_of(envelope: Envelope[list[T]]) -> list[T]:
    """The ``data`` list of a listing; absent means empty."""
    data = envelope.data
    return [] if isinstance(data, Unset) else data


def page_of(envelope: PagedEnvelope[list[T]]) -> Page[T]:
    meta = envelope.meta
    return Page(items_of(envelope), None if isinstance(meta, Unset) else next_page_key(meta))
