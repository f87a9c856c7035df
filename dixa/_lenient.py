"""Lenient, observable parsing: a response that strays from the API description still parses.

Dixa's spec is a description, not a guarantee: real payloads lack fields the spec calls
required, carry ``null`` where it allows none, or a value of another type. The generated
models (``scripts/codegen/templates``) parse in two gears, and this module is the second:

* **The fast path** is plain generated code. It checks what it reads (a missing required
  field, a ``null``, a value of the wrong JSON type all raise) and is all that runs for a
  response that matches the description, which is nearly every response.
* **The lenient path** runs only when the fast path raised. :func:`parse` parses the same
  body again inside a :class:`Session`; each field of a generated model is parsed in its
  own ``try``, and a field that fails is handed to :func:`keep`, which records the
  deviation and keeps the value exactly as received (a missing field reads as ``UNSET``,
  the generated models' "absent" sentinel). Everything else is typed as usual, unknown
  keys stay in ``additional_properties``, and ``to_dict()`` gives back what arrived. An
  object with none of its model's required fields is not that model at all: the field
  holding it keeps it as received, and at the envelope's payload (``$.data``) that is an
  error in every mode.

Each deviation is logged once per (model, field) at WARNING on the ``dixa`` logger, with
the operation and the JSON path (``$.data.translations[0].createdAt``). With
``strict=True`` (or ``DIXA_STRICT_VALIDATION=1``) a deviation is an error instead.

Paths cost nothing on the fast path: a deviation is recorded against the JSON object that
held the field (the generated code passes the very dict it was given), and the path of
that object is found in the body by identity, once, after the lenient parse.
"""

from __future__ import annotations

import functools
import logging
import sys
import threading
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

import attrs
from dixa_generated.types import UNSET

__all__ = ["PARSE_ERRORS", "Deviation", "ResponseDeviationError", "keep", "parse", "strictly", "without_unset"]

T = TypeVar("T")

log = logging.getLogger("dixa")

# What a generated parser raises for a value that does not fit its description.
PARSE_ERRORS = (KeyError, TypeError, ValueError, AttributeError)

# The envelope's payload itself: without it there is nothing to be lenient about.
_PAYLOAD = "$.data"


@dataclass(frozen=True, slots=True)
class Deviation:
    """One place where a response differs from the API description."""

    path: str  # JSON path in the response body, e.g. "$.data.translations[0].createdAt"
    model: str  # the generated model that declares the field
    field: str  # the field's JSON name
    problem: str  # "missing", "null", or what was wrong with the value

    def __str__(self) -> str:
        return f"{self.path} ({self.model}.{self.field}: {self.problem})"


class ResponseDeviationError(ValueError):
    """Raised by :func:`parse` in strict mode, or when the payload itself is unusable."""

    def __init__(self, operation: str, deviations: list[Deviation]) -> None:
        self.operation = operation
        self.deviations = deviations
        more = f" and {len(deviations) - 1} more" if len(deviations) > 1 else ""
        super().__init__(f"at {deviations[0]}{more}")


class Session:
    """Collects the deviations of one lenient parse (see :func:`keep`)."""

    def __init__(self) -> None:
        # (the JSON object holding the field, its JSON name, the model, the problem)
        self.found: list[tuple[object, str, str, str]] = []
        # Required fields found missing, by the JSON object that lacks them.
        self.missing: dict[int, set[str]] = {}

    def deviations(self, body: object) -> list[Deviation]:
        """The recorded deviations with their paths in ``body``.

        A holder is found by identity (the generated code hands down the very objects of
        the body); failing that (a parse function that copied the body), by equality.
        """
        objects: list[tuple[str, object]] = []
        _index(body, "$", objects)
        by_identity = {id(node): path for path, node in reversed(objects)}
        found = []
        for holder, key, model, problem in self.found:
            path = by_identity.get(id(holder))
            if path is None:
                path = next((p for p, node in objects if node == holder), f"<{model}>")
            found.append(Deviation(_join(path, key), model, key, problem))
        return found


_SESSION: ContextVar[Session | None] = ContextVar("dixa_lenient_session", default=None)


def keep(cls: type, src: Mapping[str, Any], key: str, name: str, kept: dict[str, Any] | None) -> dict[str, Any]:
    """Called by generated ``from_dict`` from inside ``except PARSE_ERRORS``.

    Outside a lenient parse this re-raises the error being handled, so ``from_dict`` keeps
    its strict behaviour. Inside one it records the deviation and returns ``kept`` (the
    model's fields held as received, by Python name) with field ``name`` added: its raw
    value, or ``UNSET`` when ``key`` is absent.
    """
    session = _SESSION.get()
    if session is None:
        raise  # noqa: PLE0704 - re-raises the caller's error: we are only ever called from its except block
    value = src.get(key, UNSET) if isinstance(src, Mapping) else UNSET
    if value is UNSET:
        problem = "missing"
        missing = session.missing.setdefault(id(src), set())
        missing.add(name)
        required = _required(cls)
        if required and missing >= required:
            # Not this model with a field missing, but something else: the field holding it
            # keeps it as received, and the deviation is reported there.
            session.found = [found for found in session.found if found[0] is not src]
            raise ValueError(f"no field of {cls.__name__} that the API description requires")
    elif value is None:
        problem = "null"
    else:
        error = sys.exc_info()[1]
        detail = f": {error}" if error is not None and str(error) else ""
        problem = f"unexpected {type(value).__name__}{detail}"
    session.found.append((src, key, cls.__name__, problem))
    kept = {} if kept is None else kept
    kept[name] = value
    return kept


@functools.cache
def _required(cls: type) -> frozenset[str]:
    """The fields (Python names) a model cannot be built without."""
    return frozenset(f.name for f in attrs.fields(cls) if f.init and f.default is attrs.NOTHING)


class strictly:  # noqa: N801 - used like a function: ``with strictly():``
    """Suspend leniency: a union trying its variants in turn must see each one fail."""

    __slots__ = ("_token",)

    def __enter__(self) -> None:
        self._token = _SESSION.set(None)

    def __exit__(self, *exc: object) -> None:
        _SESSION.reset(self._token)


def without_unset(field_dict: dict[str, Any]) -> dict[str, Any]:
    """``to_dict()`` of a model parsed leniently: required fields that were absent stay absent."""
    return {key: value for key, value in field_dict.items() if value is not UNSET}


def parse(parse: Callable[[Any], T], body: Any, *, operation: str, strict: bool) -> T:
    """``parse(body)``: fast when the body matches the description, lenient when not.

    Raises ``PARSE_ERRORS`` when even the lenient parse fails (the body is not the shape of
    the response at all), and :class:`ResponseDeviationError` for any deviation in strict
    mode or a payload (``$.data``) that is absent, ``null`` or of the wrong type.
    """
    try:
        return parse(body)
    except PARSE_ERRORS:
        pass
    session = Session()
    token = _SESSION.set(session)
    try:
        result = parse(body)
    finally:
        _SESSION.reset(token)
    deviations = session.deviations(body)
    if deviations and (strict or any(d.path == _PAYLOAD for d in deviations)):
        raise ResponseDeviationError(operation, deviations)
    for deviation in deviations:
        _warn_once(operation, deviation)
    return result


_warned: set[tuple[str, str]] = set()
_warned_lock = threading.Lock()


def _warn_once(operation: str, deviation: Deviation) -> None:
    with _warned_lock:
        if (deviation.model, deviation.field) in _warned:
            return
        _warned.add((deviation.model, deviation.field))
    log.warning(
        "%s: the response deviates from the API description at %s (%s.%s: %s); kept as received",
        operation,
        deviation.path,
        deviation.model,
        deviation.field,
        deviation.problem,
    )


def _index(node: object, path: str, objects: list[tuple[str, object]]) -> None:
    """Every JSON object in ``node`` with its path, in document order."""
    if isinstance(node, dict):
        objects.append((path, node))
        for key, value in node.items():
            if isinstance(value, dict | list):
                _index(value, _join(path, key), objects)
    elif isinstance(node, list):
        for position, value in enumerate(node):
            if isinstance(value, dict | list):
                _index(value, f"{path}[{position}]", objects)


def _join(path: str, key: object) -> str:
    key = str(key)
    return f"{path}.{key}" if key.isidentifier() else f"{path}[{key!r}]"
