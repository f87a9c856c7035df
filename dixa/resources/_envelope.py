"""Unwrapping Dixa's ``{"data": ..., "meta": ...}`` envelopes into what callers want.

Lenient with the shapes the live API is known to send, strict with everything else:

* A listing documented as ``{"data": [...], "meta": ...}`` may arrive as a bare JSON
  array (Dixa's own clients record endpoints answering that way): the array is the
  items, on one page.
* Any other body where a listing is documented (``{}``, ``""``, ``null``, ``{"data":
  null}``, a string, a number) is a broken response and fails the call, never an empty
  list: "no items" and "not a listing" must stay distinguishable.

These raise ``ValueError`` from inside a call's ``parse``; the core turns that into an
``APIResponseValidationError`` carrying the response.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from dixa_generated.types import Unset

from dixa._call import Page
from dixa._pagination import next_page_key

T = TypeVar("T")
R = TypeVar("R")
T_co = TypeVar("T_co", covariant=True)

__all__ = ["data_of", "items_of", "listing_parser", "page_of"]


class Envelope(Protocol[T_co]):
    @property
    def data(self) -> T_co | Unset: ...


class PagedEnvelope(Envelope[T_co], Protocol[T_co]):
    @property
    def meta(self) -> Any: ...


def data_of(envelope: Envelope[T]) -> T:
    """The ``data`` of a single-object response; its absence is a broken response."""
    data = envelope.data
    if isinstance(data, Unset) or data is None:
        raise ValueError(f"the response has no 'data' (got {_shape(data)})")
    return data


def items_of(envelope: Envelope[list[T]]) -> list[T]:
    """The ``data`` list of a listing. Anything but a list (absent, ``null``, an object)
    is a broken response, not an empty listing."""
    data = envelope.data
    if not isinstance(data, list):
        raise ValueError(f"expected a listing ('data' holding a JSON array), got 'data' {_shape(data)}")
    return data


def page_of(envelope: PagedEnvelope[list[T]]) -> Page[T]:
    """One page of a ``pageKey`` listing: its items and the key in ``meta.next``, if any."""
    meta = envelope.meta
    return Page(items_of(envelope), None if isinstance(meta, Unset) or meta is None else next_page_key(meta))


def listing_parser(parse: Callable[[Any], R]) -> Callable[[Any], R]:
    """``parse`` (a listing's reader of its documented body) made to accept a bare JSON
    array where an envelope is documented, and to refuse what is no listing at all before
    ``parse`` sees it.

    Which shape ``parse`` reads is asked of ``parse`` itself, and only when an array
    arrives: a reader of bare arrays (``agents.presence``) accepts ``[]``, while an
    envelope reader refuses it (``items_of`` finds no ``data``). So no table of endpoints
    is kept, and a listing added later gets the same treatment.
    """

    def parse_listing(body: Any) -> R:
        if isinstance(body, list):
            return parse(body if _reads_bare_array(parse) else {"data": body})
        if isinstance(body, dict) and body.get("data") is not None:
            return parse(body)  # an envelope: ``items_of``/``data_of`` check what ``data`` holds
        if isinstance(body, dict) and "data" in body:
            raise ValueError("expected a listing, but its 'data' is null")
        raise ValueError(f"expected a listing ('data' holding a JSON array, or an array), got {_shape(body)}")

    return parse_listing


def _reads_bare_array(parse: Callable[[Any], Any]) -> bool:
    # In a fresh context: the question must not be answered leniently, nor leave a
    # deviation behind in the lenient parse of the real body (see dixa._lenient).
    try:
        contextvars.Context().run(parse, [])
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    return True


def _shape(value: object) -> str:
    """A short description of a JSON value for error messages (never the whole body)."""
    if value is None:
        return "null"
    if isinstance(value, Unset):
        return "nothing (the key is absent)"
    if isinstance(value, str):
        return f"a string {value[:40]!r}" if value else 'an empty string ""'
    if isinstance(value, bool):
        return f"a boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"a number {value!r}"
    if isinstance(value, dict):
        return f"an object with keys {sorted(value)[:8]}" if value else "an empty object {}"
    if isinstance(value, list):
        return f"an array of {len(value)}"
    return type(value).__name__
