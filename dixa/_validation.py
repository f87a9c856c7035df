"""Argument checks that run before any request is sent.

Each check names the parameter in its error, returns the value in the form the
generated models want (a ``uuid.UUID``, an aware ``datetime``), and raises
:class:`~dixa.InvalidParameterTypeError` (a ``TypeError``) for the wrong type or
:class:`~dixa.InvalidParameterError` (a ``ValueError``) for an unusable value.
"""

from __future__ import annotations

import datetime as _dt
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from dixa._exceptions import InvalidParameterError, InvalidParameterTypeError

T = TypeVar("T")

__all__ = [
    "check_bool",
    "check_datetime",
    "check_int",
    "check_items",
    "check_mapping",
    "check_str",
    "check_uuid",
    "exclusive",
]


def _type_error(name: str, expected: str, value: object) -> InvalidParameterTypeError:
    return InvalidParameterTypeError(name, f"expected {expected}, got {type(value).__name__}")


def check_int(name: str, value: object, *, minimum: int | None = 1) -> int:
    """An integer id or count (``bool`` is refused: ``True`` is not conversation 1)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _type_error(name, "int", value)
    if minimum is not None and value < minimum:
        raise InvalidParameterError(name, f"must be at least {minimum}, got {value}")
    return value


def check_str(name: str, value: object) -> str:
    """A required, non-blank string."""
    if not isinstance(value, str):
        raise _type_error(name, "str", value)
    if not value.strip():
        raise InvalidParameterError(name, "must not be empty")
    return value


def check_uuid(name: str, value: object) -> uuid.UUID:
    """A UUID given as ``uuid.UUID`` or its string form."""
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str):
        raise _type_error(name, "UUID string", value)
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidParameterError(name, f"is not a valid UUID: {value!r}") from None


def check_bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise _type_error(name, "bool", value)
    return value


def check_datetime(name: str, value: object) -> _dt.datetime:
    """A ``datetime``; a naive one is taken as UTC, as Dixa does."""
    if not isinstance(value, _dt.datetime):
        raise _type_error(name, "datetime", value)
    return value if value.tzinfo is not None else value.replace(tzinfo=_dt.UTC)


def check_items(name: str, value: object, check: Callable[[str, Any], T], *, allow_empty: bool = False) -> list[T]:
    """A list (or other iterable, but not a string) whose items each pass ``check``."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise _type_error(name, "a list", value)
    items = [check(f"{name}[{index}]", item) for index, item in enumerate(value)]
    if not items and not allow_empty:
        raise InvalidParameterError(name, "must not be empty")
    return items


def check_mapping(name: str, value: object, *, allow_empty: bool = False) -> Mapping[Any, Any]:
    if not isinstance(value, Mapping):
        raise _type_error(name, "a dict", value)
    if not value and not allow_empty:
        raise InvalidParameterError(name, "must not be empty")
    return value


def exclusive(**given: object) -> None:
    """At most one of these may be given (not ``None``)."""
    present = [name for name, value in given.items() if value is not None]
    if len(present) > 1:
        raise InvalidParameterError(
            present[1], f"cannot be combined with {present[0]}; pass only one of {', '.join(given)}"
        )
