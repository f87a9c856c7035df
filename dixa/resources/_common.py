"""Small helpers every resource module uses to describe its calls."""

from __future__ import annotations

import datetime as _dt
import typing
import uuid
from collections.abc import Callable, Collection, Mapping
from functools import cache
from typing import Any, TypeVar

from dixa_generated.types import UNSET, Unset

from dixa._call import Call, Page, Paged
from dixa._exceptions import InvalidParameterError, InvalidParameterTypeError
from dixa._validation import check_bool, check_datetime, check_int, check_items, check_mapping, check_str, check_uuid
from dixa.resources._envelope import listing_parser

T = TypeVar("T")

__all__ = [
    "attribute_patch",
    "check_keys",
    "check_model",
    "follow_pages",
    "no_content",
    "optional_bool",
    "optional_datetime",
    "optional_int",
    "optional_str",
    "optional_uuid",
    "single_page",
]


def no_content(_: Any) -> None:
    """Parser for actions (tag, untag, close, reopen, claim, transfer, delete ...): their
    result is ``None`` whatever 2xx arrives, an empty 204, an empty 200 or a body, since
    Dixa has answered the same action either way over time."""
    return None


def single_page(kwargs: dict[str, Any], parse: Callable[[Any], list[T]]) -> Paged[T]:
    """A listing Dixa returns in one response (no ``pageKey``), as a pager of one page.

    ``parse`` reads the documented body; a bare JSON array where an envelope is documented
    is accepted, and a body that is no listing refused (``listing_parser``)."""
    read = listing_parser(parse)
    call = Call.from_generated(kwargs, lambda body: Page(read(body)))
    return Paged(lambda _key: call)


def follow_pages(request: Callable[[str | Unset], dict[str, Any]], parse: Callable[[Any], Page[T]]) -> Paged[T]:
    """A listing Dixa pages with ``pageKey``: ``request(page_key)`` builds one page's request
    (``UNSET`` for the first page) and ``parse`` reads a response into its items and the key
    of the next page (``page_of`` finds it in ``meta.next``). A bare JSON array is one
    last page (``listing_parser``)."""
    read = listing_parser(parse)
    return Paged(lambda key: Call.from_generated(request(UNSET if key is None else key), read))


def optional_uuid(name: str, value: object) -> uuid.UUID | Unset:
    return UNSET if value is None else check_uuid(name, value)


def optional_datetime(name: str, value: object) -> _dt.datetime | Unset:
    return UNSET if value is None else check_datetime(name, value)


def optional_str(name: str, value: object) -> str | Unset:
    return UNSET if value is None else check_str(name, value)


def optional_int(name: str, value: object) -> int | Unset:
    return UNSET if value is None else check_int(name, value)


def optional_bool(name: str, value: object) -> bool | Unset:
    return UNSET if value is None else check_bool(name, value)


def check_keys(name: str, mapping: Mapping[Any, Any], allowed: Collection[str]) -> None:
    """Refuse keys a dict argument does not take, so a typo fails here rather than being
    dropped from the request. ``allowed`` is listed in the error in its own order."""
    unknown = set(mapping) - set(allowed)
    if unknown:
        # Keys are shown as strings so that keys of mixed types can still be sorted.
        raise InvalidParameterError(name, f"unknown keys {sorted(map(str, unknown))}; expected {', '.join(allowed)}")


@cache
def _body_types(get_kwargs: Callable[..., Any]) -> tuple[type, ...]:
    annotation = typing.get_type_hints(get_kwargs)["body"]
    options = typing.get_args(annotation) or (annotation,)
    return tuple(t for t in options if isinstance(t, type) and t is not Unset)


def check_model(name: str, value: object, get_kwargs: Callable[..., Any]) -> None:
    """Accept exactly the generated models an operation's ``body`` is declared with."""
    allowed = _body_types(get_kwargs)
    if not isinstance(value, allowed):
        expected = " or ".join(t.__name__ for t in allowed)
        raise InvalidParameterTypeError(name, f"expected {expected} (from dixa.models), got {type(value).__name__}")


def attribute_patch(name: str, values: object) -> Any:
    """Validate ``{attribute_id: value}`` (text: a string; select: a list of strings) and build
    the generated map model shared by conversation and end-user custom attributes."""
    from dixa_generated.models.map_uuid_option_attribute_value import MapUUIDOptionAttributeValue

    mapping = check_mapping(name, values)
    body = MapUUIDOptionAttributeValue()
    for key, value in mapping.items():
        attribute = str(check_uuid(f"{name} key", key))
        if isinstance(value, str):
            body.additional_properties[attribute] = value
        else:
            body.additional_properties[attribute] = check_items(
                f"{name}[{attribute}]", value, check_str, allow_empty=True
            )
    return body
