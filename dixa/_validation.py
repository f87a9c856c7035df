"""Argument checks that run before any request is sent.

Each check names the parameter in its error, returns the value in the form the
generated models want (a ``uuid.UUID``, an aware ``datetime``), and raises
:class:`~dixa.InvalidParameterTypeError` (a ``TypeError``) for the wrong type or
:class:`~dixa.InvalidParameterError` (a ``ValueError``) for an unusable value.
"""

from __future__ import annotations

import datetime as _dt
import math
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
    "check_json_body",
    "check_mapping",
    "check_str",
    "check_uuid",
    "exclusive",
]


def _type_error(name: str, expected: str, value: object) -> InvalidParameterTypeError:
    return InvalidParameterTypeError(name, f"expected {expected}, got {type(value).__name__}")


# The API's integers are int64 (the spec's format): a larger Python int is refused, not sent.
_INT64_MAX = 2**63 - 1


def check_int(name: str, value: object, *, minimum: int | None = 1) -> int:
    """An integer id or count (``bool`` is refused: ``True`` is not conversation 1)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _type_error(name, "int", value)
    if minimum is not None and value < minimum:
        raise InvalidParameterError(name, f"must be at least {minimum}, got {value}")
    if not -_INT64_MAX - 1 <= value <= _INT64_MAX:
        raise InvalidParameterError(name, f"must fit in a 64-bit integer, got {value}")
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


# Deeper than this, a body is a mistake (and json.dumps would hit the recursion limit).
MAX_JSON_DEPTH = 200


def check_json_body(name: str, value: object) -> None:
    """Refuse, naming the field, what JSON cannot carry: NaN and infinities (``json``
    would write ``NaN``, which is not JSON, or httpx raises a bare ``ValueError``),
    values of other types (a ``set``, an object) and absurd nesting.

    Fields are named by their path in the body, e.g. ``body.value`` or ``body.items[2].id``.
    Walks with an explicit stack, so a deep body cannot exhaust the recursion limit here.
    """
    stack: list[tuple[str, object, int]] = [(name, value, 0)]
    while stack:
        path, item, depth = stack.pop()
        if item is None or isinstance(item, (str, bool, int)):
            continue
        if isinstance(item, float):
            if not math.isfinite(item):
                raise InvalidParameterError(path, f"must be a finite number to be sent as JSON, got {item!r}")
            continue
        if depth >= MAX_JSON_DEPTH:
            raise InvalidParameterError(path, f"is nested more than {MAX_JSON_DEPTH} levels deep")
        if isinstance(item, Mapping):
            for key, child in item.items():
                if not isinstance(key, str):
                    raise InvalidParameterTypeError(path, f"has a key of type {type(key).__name__}; JSON keys are str")
                stack.append((f"{path}.{key}", child, depth + 1))
        elif isinstance(item, (list, tuple)):
            stack.extend((f"{path}[{index}]", child, depth + 1) for index, child in enumerate(item))
        else:
            raise InvalidParameterTypeError(path, f"cannot be sent as JSON (got {type(item).__name__})")
