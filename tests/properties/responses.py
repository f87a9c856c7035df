"""Spec-valid success responses for every operation, as Hypothesis strategies.

The schemas are the published document as the generator reads it (``scripts.normalize_spec``:
Dixa's ``_type`` tags made explicit, a catch-all variant per union, the plain forms the
examples show). hypothesis-jsonschema draws each component schema on its own (a ``$ref``
is a placeholder filled with a draw of that component), after these changes:

* OpenAPI's ``nullable`` becomes a ``null`` type, ``oneOf`` an ``anyOf`` (the variants
  exclude each other by their ``_type`` already);
* ``format: date-time`` draws from the timestamp forms Dixa's Java services print
  (``2021-12-01T12:46:36.581Z[GMT]``, nine fraction digits, an offset with a region,
  zone-less local times) instead of RFC 3339 only; ``uuid`` draws UUIDs; other formats
  (``int64``, ``double``) say nothing a JSON value can break and are dropped;
* arrays hold at most three items and objects at most three fields beyond those declared.

:func:`mutations` lists the deviations a test may make in a generated body: a required
field removed, or ``null`` written where the schema does not allow it, each at a field
whose JSON path is known (objects reached through plain references or a ``_type``).
"""

from __future__ import annotations

import copy
import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from scripts import normalize_spec
from scripts.operation_index import OperationIndex, OperationRef
from scripts.specio import Spec, load_spec, ref_name, schemas

ROOT = Path(__file__).resolve().parents[2]
SPEC: Spec = normalize_spec.normalize(load_spec(ROOT / "openapi" / "dixa-api-beta.yaml"))
INDEX = OperationIndex(SPEC)
TABLE = schemas(SPEC)

TIMESTAMP_FORMAT = "dixa-date-time"
UUID_FORMAT = "dixa-uuid"  # hypothesis-jsonschema has no generator for "uuid" itself
_FORMATS = {"date-time": TIMESTAMP_FORMAT, "uuid": UUID_FORMAT}
REF_FORMAT = "dixa-ref:"
_PLACEHOLDER = "\x00dixa-ref:"
# Annotations that constrain nothing (or that hypothesis-jsonschema does not know).
_DROPPED = frozenset(
    {"discriminator", "example", "examples", "title", "description", "deprecated", "default"}
    | {"x-dixa-bare", "x-dixa-untagged"}
)
MAX_ITEMS = 3


@dataclass(frozen=True)
class Success:
    """An operation's documented success answer."""

    ref: OperationRef
    status: int
    schema: dict[str, Any] | None  # the OpenAPI schema of its JSON body; None when it has none


def success(ref: OperationRef) -> Success:
    """The first 2xx response the operation documents."""
    for status, response in sorted(ref.operation.get("responses", {}).items()):
        if str(status).startswith("2"):
            content = response.get("content", {}).get("application/json")
            return Success(ref, int(status), content.get("schema") if content else None)
    raise LookupError(f"{ref.key} documents no success response")


def _convert(schema: dict[str, Any], refs: set[str]) -> dict[str, Any]:
    """``schema`` as JSON Schema for hypothesis-jsonschema, one component deep.

    A ``$ref`` becomes a string of format ``dixa-ref:<Name>`` (collected in ``refs``), a
    placeholder that :func:`_resolved` replaces by a value drawn for that component. Each
    component is thus canonicalised once and small, instead of one inlined schema per
    operation that hypothesis-jsonschema would canonicalise again on every draw.
    """
    if "$ref" in schema:
        name = ref_name(schema["$ref"])
        refs.add(name)
        placeholder: dict[str, Any] = {"type": "string", "format": REF_FORMAT + name}
        return {"anyOf": [placeholder, {"type": "null"}]} if schema.get("nullable") else placeholder
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DROPPED or key == "nullable":
            continue
        if key == "properties":
            out[key] = {k: _convert(v, refs) for k, v in value.items()}
        elif key in ("items", "not") or (key == "additionalProperties" and isinstance(value, dict)):
            out[key] = _convert(value, refs)
        elif key in ("oneOf", "anyOf"):
            # anyOf: the variants exclude each other already (a _type const each, the catch-all
            # refusing those), and hypothesis-jsonschema checks every oneOf draw against all.
            out["anyOf"] = [_convert(v, refs) for v in value]
        elif key == "allOf":
            out[key] = [_convert(v, refs) for v in value]
        elif key == "format":
            if value in _FORMATS:
                out[key] = _FORMATS[value]
        else:
            out[key] = copy.deepcopy(value)
    if schema.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    if out.get("type") == "array" or "items" in out:
        out["maxItems"] = min(out.get("maxItems", MAX_ITEMS), MAX_ITEMS)
    if out.get("type") == "object" or "properties" in out or "additionalProperties" in out:
        out["maxProperties"] = len(out.get("properties", {})) + MAX_ITEMS
    return out


def _instances(schema: dict[str, Any], required: tuple[str, ...] = ()) -> st.SearchStrategy[Any]:
    refs: set[str] = set()
    shallow = _convert(schema, refs)
    if required:
        shallow["required"] = sorted({*shallow.get("required", ()), *required})
    formats = {TIMESTAMP_FORMAT: timestamps(), UUID_FORMAT: st.uuids().map(str)}
    formats.update({REF_FORMAT + name: st.just(_PLACEHOLDER + name) for name in refs})
    return from_schema(shallow, custom_formats=formats).flatmap(_resolved)


_COMPONENTS: dict[str, st.SearchStrategy[Any]] = {}


def component(name: str) -> st.SearchStrategy[Any]:
    """Values of component schema ``name`` (deferred: components may contain themselves)."""
    if name not in _COMPONENTS:
        _COMPONENTS[name] = st.deferred(lambda: _instances(TABLE[name]))
    return _COMPONENTS[name]


def _resolved(value: Any) -> st.SearchStrategy[Any]:
    """``value`` with every placeholder replaced by a draw of its component."""
    if isinstance(value, str) and value.startswith(_PLACEHOLDER):
        return component(value.removeprefix(_PLACEHOLDER))
    if isinstance(value, dict) and _has_placeholder(value):
        return st.fixed_dictionaries({key: _resolved(item) for key, item in value.items()})
    if isinstance(value, list) and _has_placeholder(value):
        return st.tuples(*(_resolved(item) for item in value)).map(list)
    return st.just(value)


def _has_placeholder(value: Any) -> bool:
    if isinstance(value, str):
        return value.startswith(_PLACEHOLDER)
    if isinstance(value, dict):
        return any(_has_placeholder(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_placeholder(item) for item in value)
    return False


# Dixa's timestamp forms (dixa._timestamps): java.time.ZonedDateTime and friends.
_ZONES = ("Z", "Z[GMT]", "Z[Etc/UTC]", "+01:00[Europe/Copenhagen]", "+02:00", "-05:00", "")


@st.composite
def timestamps(draw: st.DrawFn) -> str:
    moment = draw(st.datetimes(min_value=_dt.datetime(1971, 1, 1), max_value=_dt.datetime(2099, 12, 31)))
    digits = draw(st.sampled_from((0, 3, 6, 9)))
    fraction = f".{moment.microsecond:06d}{draw(st.integers(0, 999)):03d}"[: digits + 1] if digits else ""
    return f"{moment:%Y-%m-%dT%H:%M:%S}{fraction}{draw(st.sampled_from(_ZONES))}"


def bodies(found: Success) -> st.SearchStrategy[Any]:
    """Spec-valid JSON bodies of the operation's success response.

    The envelope's ``data`` is drawn always: the spec leaves it optional, but an envelope
    without its payload is an error by design (issue 10: ``{}`` stays an error).
    """
    assert found.schema is not None
    envelope = _resolve(found.schema)
    return _instances(envelope, ("data",) if "data" in envelope.get("properties", {}) else ())


# --- deviations to make in a generated body ---------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    """A required field removed (``"missing"``) or ``null`` written where none is allowed."""

    path: str  # JSON path of the field, as dixa._lenient names it
    holder: tuple[str | int, ...]  # keys from the body's root to the object holding the field
    key: str
    kind: str  # "missing" or "null"

    def apply(self, body: Any) -> Any:
        changed = copy.deepcopy(body)
        holder = changed
        for step in self.holder:
            holder = holder[step]
        if self.kind == "missing":
            del holder[self.key]
        else:
            holder[self.key] = None
        return changed


def mutations(schema: dict[str, Any], body: Any) -> list[Mutation]:
    """Every deviation :class:`Mutation` can make in ``body``, an instance of ``schema``.

    Fields of the envelope itself (``data``, ``meta``) are left alone: without its payload a
    response is an error in any mode. So are values whose variant is chosen by trying the
    variants in turn (no ``_type``) and the entries of maps, where a deviation is reported
    at the field that holds them rather than inside.
    """
    found: list[Mutation] = []

    def visit(schema: dict[str, Any], value: Any, path: str, steps: tuple[str | int, ...]) -> None:
        schema = _resolve(schema)
        if "oneOf" in schema:
            mapping = schema.get("discriminator", {}).get("mapping", {})
            tag = value.get(normalize_spec.TYPE_FIELD) if isinstance(value, dict) else None
            if not isinstance(tag, str) or tag not in mapping:
                return
            schema = _resolve({"$ref": mapping[tag]})
        if isinstance(value, dict) and "properties" in schema:
            required = set(schema.get("required", ())) - {normalize_spec.TYPE_FIELD}
            present = required & value.keys()
            for key, item in value.items():
                sub = schema["properties"].get(key)
                if sub is None:
                    continue
                where = _join(path, key)
                if steps:  # not a field of the envelope itself
                    # Another required field must remain: an object with none is no longer
                    # recognisably that model, and is reported at the field holding it.
                    if key in present and len(present) > 1:
                        found.append(Mutation(where, steps, key, "missing"))
                    if key != normalize_spec.TYPE_FIELD and item is not None and not _allows_null(sub):
                        found.append(Mutation(where, steps, key, "null"))
                visit(sub, item, where, (*steps, key))
        elif isinstance(value, list) and "items" in schema:
            for position, item in enumerate(value):
                visit(schema["items"], item, f"{path}[{position}]", (*steps, position))

    visit(schema, body, "$", ())
    return found


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = TABLE[ref_name(schema["$ref"])]
    return schema


def _allows_null(schema: dict[str, Any]) -> bool:
    schema = _resolve(schema)
    if schema.get("nullable") or not ({"type", "oneOf", "anyOf", "enum", "const"} & schema.keys()):
        return True
    if "oneOf" in schema or "anyOf" in schema:
        return any(_allows_null(member) for member in schema.get("oneOf", schema.get("anyOf", ())))
    kind = schema.get("type")
    return kind == "null" or (isinstance(kind, list) and "null" in kind)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if key.isidentifier() else f"{path}[{key!r}]"
