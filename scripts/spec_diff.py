"""Compare two versions of Dixa's OpenAPI document and say what changed for callers.

Dixa edits the beta document in place; a user who regenerates needs to know, before
their code meets production, which operations, parameters, request fields, response
fields and ``_type`` variants changed, and which of those changes break callers.

Both documents go through :func:`scripts.normalize_spec.normalize` first (it is
idempotent, so an already normalized document is fine too). The published document
declares no discriminators; only after normalization are ``_type`` variants explicit,
and unions of case objects become the strings they are on the wire, so that a new
``Closed`` status is not mistaken for a new object variant. What is compared is
therefore what the SDK is generated from.

Each schema is flattened into field paths (``$.data.name``, ``$.data[].id``,
``$.data<EmailConversation>.subject`` for the fields of one ``_type`` variant,
``$.map.*`` for map values), and the two flattenings are compared path by path. A
change under a field that was itself added or removed is not reported again.

Breaking, for a caller of the regenerated SDK:

* removed operation, removed parameter, new required parameter;
* new required request field, removed request field, optional request field now required;
* removed response field, response field now optional or nullable;
* any type change; removed ``_type`` variant; removed request enum value;
* removed success status.

Usage: ``python -m scripts.spec_diff OLD NEW`` prints the report and exits 0.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts.normalize_spec import TYPE_FIELD, normalize
from scripts.operation_index import surface_by_key
from scripts.specio import Spec, load_spec, operations, ref_name, schemas

__all__ = ["Change", "Field", "OperationShape", "compare", "flatten_operation", "render"]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference a caller may care about."""

    kind: str  # e.g. "operation removed", "request field added", "response variant added"
    operation: str  # "POST /beta/agents"
    location: str  # "" for whole operations, else "query pageLimit", "request $.name", "response 200 $.data.id"
    breaking: bool
    detail: str
    operation_id: str = ""

    @property
    def field(self) -> str:
        """The field path alone (``$.data.id``), without the part of the exchange it is in."""
        return self.location.rsplit(" ", 1)[-1] if self.location else ""


@dataclass(frozen=True, slots=True)
class Field:
    """What a caller relies on about one field."""

    type: str  # "string(uuid)", "integer(int64)", "array", "object", "oneOf", "any"
    required: bool
    nullable: bool = False
    enum: tuple[str, ...] = ()


@dataclass(slots=True)
class OperationShape:
    """An operation flattened into comparable parts."""

    operation_id: str
    parameters: dict[str, Field] = field(default_factory=dict)  # "query pageLimit" -> Field
    request: dict[str, Field] = field(default_factory=dict)  # "$.name" -> Field
    request_variants: dict[str, frozenset[str]] = field(default_factory=dict)  # "$.x" -> {"A", "B"}
    responses: dict[str, dict[str, Field]] = field(default_factory=dict)  # "200" -> {"$.data": Field}
    response_variants: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)


# --- flattening ------------------------------------------------------------------------------


def _describe(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if kind is None:
        kind = "object" if "properties" in schema or "additionalProperties" in schema else "any"
    return f"{kind}({schema['format']})" if "format" in schema else str(kind)


class _Flattener:
    """Walks schemas, following ``$ref`` but never into a schema already on the path (recursion)."""

    def __init__(self, spec: Spec) -> None:
        self.table = schemas(spec)
        self.fields: dict[str, Field] = {}
        self.variants: dict[str, frozenset[str]] = {}

    def walk(self, schema: dict[str, Any], path: str, required: bool, stack: tuple[str, ...] = ()) -> None:
        while "$ref" in schema:
            name = ref_name(schema["$ref"])
            if name in stack:
                self.fields[path] = Field(f"recursive {name}", required)
                return
            stack = (*stack, name)
            schema = self.table[name]
        if "oneOf" in schema:
            self._union(schema, path, required, stack)
            return
        enum = tuple(str(v) for v in schema.get("enum", ()))
        self.fields[path] = Field(_describe(schema), required, bool(schema.get("nullable")), enum)
        needed = set(schema.get("required", ()))
        for name, sub in schema.get("properties", {}).items():
            if name == TYPE_FIELD and "const" in sub:
                continue  # the tag itself is reported as a variant, not as a field
            self.walk(sub, f"{path}.{name}", name in needed, stack)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            self.walk(extra, f"{path}.*", False, stack)
        if "items" in schema:
            self.walk(schema["items"], f"{path}[]", False, stack)

    def _union(self, schema: dict[str, Any], path: str, required: bool, stack: tuple[str, ...]) -> None:
        self.fields[path] = Field("oneOf", required, bool(schema.get("nullable")))
        mapping: dict[str, str] = schema.get("discriminator", {}).get("mapping", {})
        by_tag: dict[str, dict[str, Any]] = {}
        if mapping:
            by_tag = {tag: {"$ref": ref} for tag, ref in mapping.items()}
        else:  # untagged: a variant is known by its title
            for index, variant in enumerate(schema["oneOf"]):
                target = self.table.get(ref_name(variant["$ref"]), {}) if "$ref" in variant else variant
                by_tag[str(target.get("title", index))] = variant
        self.variants[path] = frozenset(by_tag)
        for tag, variant in by_tag.items():
            self.walk(variant, f"{path}<{tag}>", True, stack)


def _flatten(spec: Spec, schema: dict[str, Any], required: bool) -> tuple[dict[str, Field], dict[str, frozenset[str]]]:
    walker = _Flattener(spec)
    walker.walk(schema, "$", required)
    return walker.fields, walker.variants


def _json_schema(content: dict[str, Any]) -> dict[str, Any] | None:
    for media in ("application/json", *content):
        schema = content.get(media, {}).get("schema")
        if schema is not None:
            return dict(schema)
    return None


def flatten_operation(spec: Spec, operation: dict[str, Any]) -> OperationShape:
    """The comparable shape of one operation of a normalized document."""
    shape = OperationShape(str(operation.get("operationId", "")))
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        while "$ref" in schema:
            schema = schemas(spec)[ref_name(schema["$ref"])]
        enum = tuple(str(v) for v in schema.get("enum", ()))
        key = f"{parameter['in']} {parameter['name']}"
        shape.parameters[key] = Field(_describe(schema), bool(parameter.get("required")), False, enum)
    body = operation.get("requestBody")
    if body is not None:
        schema = _json_schema(body.get("content", {}))
        if schema is not None:
            shape.request, shape.request_variants = _flatten(spec, schema, bool(body.get("required")))
    for status, response in operation.get("responses", {}).items():
        schema = _json_schema(response.get("content", {}))
        fields, variants = _flatten(spec, schema, True) if schema is not None else ({"$": Field("none", True)}, {})
        shape.responses[str(status)] = fields
        shape.response_variants[str(status)] = variants
    return shape


# --- comparing -------------------------------------------------------------------------------


def _under(path: str, roots: Iterable[str]) -> bool:
    """Whether ``path`` lies inside one of ``roots`` (a field, element, map value or variant)."""
    return any(path != root and path.startswith(root) and path[len(root)] in ".[<" for root in roots)


@dataclass(frozen=True, slots=True)
class _Side:
    """Which part of the exchange a set of fields belongs to, and how breakage reads there."""

    label: str  # "request" or "response 200"
    inbound: bool  # True for what Dixa sends us (responses)


def _compare_fields(side: _Side, old: dict[str, Field], new: dict[str, Field]) -> Iterator[tuple[str, str, bool, str]]:
    """(kind, path, breaking, detail) for each field difference on one side."""
    noun = "response field" if side.inbound else "request field"
    added = [p for p in new if p not in old]
    removed = [p for p in old if p not in new]
    for path in removed:
        if _under(path, removed):
            continue
        detail = f"was {old[path].type}"
        if side.inbound:
            yield f"{noun} removed", path, True, f"{detail}; code reading it gets nothing"
        else:
            yield f"{noun} removed", path, True, f"{detail}; the regenerated model no longer accepts it"
    for path in added:
        if _under(path, added):
            continue
        item = new[path]
        if side.inbound:
            yield f"{noun} added", path, False, f"{item.type}"
        elif item.required and path == "$":
            yield "request body added", path, True, "a required request body"
        elif item.required:
            yield f"{noun} added", path, True, f"required {item.type}: existing calls do not send it"
        else:
            yield f"{noun} added", path, False, f"optional {item.type}"
    for path in old.keys() & new.keys():
        yield from _compare_field(side, noun, path, old[path], new[path])


def _compare_field(
    side: _Side, noun: str, path: str, before: Field, after: Field
) -> Iterator[tuple[str, str, bool, str]]:
    kind = f"{noun} changed"
    if before.type != after.type:
        yield kind, path, True, f"type {before.type} -> {after.type}"
    if before.required != after.required:
        became = "required" if after.required else "optional"
        # Dixa may now omit a response field; we must now send a request field.
        breaking = (not after.required) if side.inbound else after.required
        yield kind, path, breaking, f"now {became}"
    if before.nullable != after.nullable:
        became = "nullable" if after.nullable else "not nullable"
        breaking = after.nullable if side.inbound else not after.nullable
        yield kind, path, breaking, f"now {became}"
    gone = [v for v in before.enum if v not in after.enum]
    new_values = [v for v in after.enum if v not in before.enum]
    if gone:
        yield kind, path, not side.inbound, f"enum values removed: {', '.join(gone)}"
    if new_values and before.enum and after.enum:
        yield kind, path, False, f"enum values added: {', '.join(new_values)}"


def _compare_variants(
    side: _Side, old: dict[str, frozenset[str]], new: dict[str, frozenset[str]], hidden: list[str]
) -> Iterator[tuple[str, str, bool, str]]:
    noun = "response variant" if side.inbound else "request variant"
    for path in sorted(old.keys() & new.keys()):
        if _under(path, hidden):
            continue
        for tag in sorted(old[path] - new[path]):
            yield f"{noun} removed", f"{path}<{tag}>", True, f"{TYPE_FIELD} {tag!r} is gone"
        for tag in sorted(new[path] - old[path]):
            hint = "code that matches on _type should handle it" if side.inbound else "a new option"
            yield f"{noun} added", f"{path}<{tag}>", False, f"{TYPE_FIELD} {tag!r}: {hint}"


def _fields_without_variant_members(fields: dict[str, Field], variants: dict[str, frozenset[str]]) -> list[str]:
    """Roots of variant subtrees, so that an added variant is not also reported field by field."""
    return [f"{path}<{tag}>" for path, tags in variants.items() for tag in tags]


def _compare_side(
    side: _Side,
    old: tuple[dict[str, Field], dict[str, frozenset[str]]],
    new: tuple[dict[str, Field], dict[str, frozenset[str]]],
) -> Iterator[tuple[str, str, bool, str]]:
    old_fields, old_variants = old
    new_fields, new_variants = new
    gone_variants = [
        f"{p}<{t}>" for p in old_variants.keys() & new_variants.keys() for t in old_variants[p] - new_variants[p]
    ]
    added_variants = [
        f"{p}<{t}>" for p in old_variants.keys() & new_variants.keys() for t in new_variants[p] - old_variants[p]
    ]
    hidden = gone_variants + added_variants
    for kind, path, breaking, detail in _compare_fields(side, old_fields, new_fields):
        if path in hidden or _under(path, hidden):
            continue
        yield kind, path, breaking, detail
    removed_or_added = list(old_fields.keys() ^ new_fields.keys())
    yield from _compare_variants(side, old_variants, new_variants, removed_or_added)


def _compare_operation(key: str, old: OperationShape, new: OperationShape) -> Iterator[Change]:
    def change(kind: str, location: str, breaking: bool, detail: str) -> Change:
        return Change(kind, key, location, breaking, detail, new.operation_id)

    for name in old.parameters.keys() - new.parameters.keys():
        yield change("parameter removed", name, True, "calls that pass it no longer type-check")
    for name in new.parameters.keys() - old.parameters.keys():
        item = new.parameters[name]
        yield change(
            "parameter added", name, item.required, f"{'required' if item.required else 'optional'} {item.type}"
        )
    for name in old.parameters.keys() & new.parameters.keys():
        for kind, _, breaking, detail in _compare_field(
            _Side("", False), "parameter", name, old.parameters[name], new.parameters[name]
        ):
            yield change(kind, name, breaking, detail)
    request = _Side("request", False)
    for kind, path, breaking, detail in _compare_side(
        request, (old.request, old.request_variants), (new.request, new.request_variants)
    ):
        yield change(kind, f"request {path}", breaking, detail)
    for status in old.responses.keys() - new.responses.keys():
        yield change("response status removed", f"response {status}", status.startswith("2"), "")
    for status in new.responses.keys() - old.responses.keys():
        yield change("response status added", f"response {status}", False, "")
    for status in sorted(old.responses.keys() & new.responses.keys()):
        side = _Side(f"response {status}", True)
        for kind, path, breaking, detail in _compare_side(
            side,
            (old.responses[status], old.response_variants[status]),
            (new.responses[status], new.response_variants[status]),
        ):
            yield change(kind, f"response {status} {path}", breaking, detail)


def _order(change: Change) -> tuple[str, str, str]:
    return (change.location.split(" ", 1)[0], change.location, change.kind)


def compare(old: Spec, new: Spec) -> list[Change]:
    """Every difference between two documents (published or normalized), operation by operation."""
    old_n, new_n = normalize(old), normalize(new)
    old_ops, new_ops = operations(old_n), operations(new_n)
    changes: list[Change] = []
    for key, operation in old_ops.items():
        if key not in new_ops:
            changes.append(
                Change("operation removed", key, "", True, "calls to it fail", str(operation.get("operationId", "")))
            )
    for key, operation in new_ops.items():
        if key not in old_ops:
            changes.append(Change("operation added", key, "", False, "", str(operation.get("operationId", ""))))
            continue
        found = _compare_operation(key, flatten_operation(old_n, old_ops[key]), flatten_operation(new_n, operation))
        changes.extend(sorted(found, key=_order))
    return changes


# --- reporting -------------------------------------------------------------------------------


def render(changes: list[Change], surface: dict[str, list[str]] | None = None) -> str:
    """A report grouped by operation, breaking changes first; ``BREAKING`` marks each one.

    ``surface`` (spec key -> ``client.…`` methods, see
    :func:`scripts.operation_index.surface_by_key`) adds the SDK methods each operation affects.
    """
    if not changes:
        return "No changes to operations, parameters, request or response fields.\n"
    by_operation: dict[str, list[Change]] = {}
    for item in changes:
        by_operation.setdefault(item.operation, []).append(item)
    breaking = sum(item.breaking for item in changes)
    touched = sum(any(c.breaking for c in items) for items in by_operation.values())
    lines = [
        f"{len(changes)} change(s) in {len(by_operation)} operation(s); "
        f"{breaking} breaking, in {touched} operation(s).",
    ]
    ordered = sorted(by_operation.items(), key=lambda kv: not any(c.breaking for c in kv[1]))
    for operation, items in ordered:
        operation_id = items[0].operation_id
        lines.append("")
        calls = ", ".join((surface or {}).get(operation, []))
        lines.append(
            f"{operation}" + (f"  ({operation_id})" if operation_id else "") + (f"  [{calls}]" if calls else "")
        )
        for item in sorted(items, key=lambda c: not c.breaking):
            mark = "BREAKING" if item.breaking else "ok      "
            where = f" {item.location}" if item.location else ""
            detail = f": {item.detail}" if item.detail else ""
            lines.append(f"  {mark} {item.kind}{where}{detail}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("old", type=Path, help="the previous document (YAML or JSON)")
    parser.add_argument("new", type=Path, help="the new document (YAML or JSON)")
    parser.add_argument("--no-surface", action="store_true", help="do not name the dixa methods affected")
    args = parser.parse_args(argv)
    old, new = load_spec(args.old), load_spec(args.new)
    surface = {} if args.no_surface else surface_by_key(old, new)
    print(render(compare(old, new), surface), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
