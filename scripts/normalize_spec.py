"""Turn Dixa's published OpenAPI document into one openapi-python-client reads correctly.

Every repair is a small, pure, idempotent transform from document to document, derived
from the document itself (no hand-kept lists of schemas), so that a newer spec from Dixa
goes through the same code. Each transform has its own tests in
``tests/codegen/test_normalize_spec.py``.

Usage: ``python -m scripts.normalize_spec IN OUT`` (OUT is JSON).
"""

from __future__ import annotations

import argparse
import copy
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from scripts import schema_check
from scripts.specio import Spec, dump_json, load_spec, operations, ref_name, schema_ref, schemas

TYPE_FIELD = "_type"

Transform = Callable[[Spec], Spec]


def wire_name(title: str) -> str:
    """The ``_type`` value tapir writes for a variant.

    Tapir names the schema of a generic case class ``Name_Arg1_Arg2`` while circe tags it
    with the class's simple name: ``BulkActionSuccess_ErrorResponse_InternalNoteData``
    travels as ``BulkActionSuccess``.
    """
    return title.split("_", 1)[0]


def _tagged_unions(spec: Spec) -> Iterator[tuple[str, dict[str, Any], list[str]]]:
    """Component schemas that are tapir sealed traits: a ``oneOf`` of object ``$ref``s
    (besides the plain forms :func:`accept_bare_union_values` adds)."""
    table = schemas(spec)
    for name, schema in table.items():
        variants = [v for v in schema.get("oneOf", ()) if BARE not in v]
        if not variants or not all("$ref" in v for v in variants):
            continue
        names = [ref_name(v["$ref"]) for v in variants]
        if all(table[n].get("type") == "object" for n in names):
            yield name, schema, names


def _direct_references(spec: Spec) -> set[str]:
    """Schemas referenced somewhere other than as a member of a ``oneOf``."""
    found: set[str] = set()

    def walk(node: Any, in_union: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref" and not in_union:
                    found.add(ref_name(value))
                elif key != "discriminator":
                    walk(value, key == "oneOf")
        elif isinstance(node, list):
            for item in node:
                walk(item, in_union)

    walk(spec, False)
    return found


def _is_empty_object(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "object" and not schema.get("properties") and "additionalProperties" not in schema


def case_object_unions_as_strings(spec: Spec) -> Spec:
    """Write a union of property-less objects as the string it is on the wire.

    A Scala sealed trait of case objects (``BusinessHourStatus``: ``Open`` | ``Closed``)
    is published as a ``oneOf`` of empty objects, but circe encodes it as the object's
    name, and every example in the document shows a plain string. No ``enum`` is added:
    a value Dixa introduces later must still parse.
    """
    spec = copy.deepcopy(spec)
    table = schemas(spec)
    for name, union, variant_names in list(_tagged_unions(spec)):
        if all(_is_empty_object(table[v]) for v in variant_names):
            values = ", ".join(table[v].get("title", v) for v in variant_names)
            replacement: dict[str, Any] = {"title": union.get("title", name), "type": "string"}
            replacement["description"] = f"{union['description']} " if "description" in union else ""
            replacement["description"] += f"values: [{values}]"
            if union.get("deprecated"):
                replacement["deprecated"] = True
            table[name] = replacement
    return spec


TAGGED, UNTAGGED, PLAIN = "tagged", "untagged", "plain"


def _union_tag_evidence(spec: Spec) -> dict[str, set[str]]:
    """For each union the examples illustrate, the forms its values took there: objects with
    ``_type`` (``TAGGED``), objects without (``UNTAGGED``), or no object at all (``PLAIN``)."""
    table = schemas(spec)
    seen: dict[str, set[str]] = defaultdict(set)

    def visit(schema: dict[str, Any], value: Any, depth: int = 0) -> None:
        name = None
        while "$ref" in schema:
            name = ref_name(schema["$ref"])
            schema = table[name]
        if depth > 64:
            return
        members = [schema]
        if "oneOf" in schema:
            if name is not None:
                seen[name].add((TAGGED if TYPE_FIELD in value else UNTAGGED) if isinstance(value, dict) else PLAIN)
            members = [table[ref_name(v["$ref"])] if "$ref" in v else v for v in schema["oneOf"]]
        if isinstance(value, dict):
            for key, item in value.items():
                for member in members:
                    sub = member.get("properties", {}).get(key, member.get("additionalProperties"))
                    if isinstance(sub, dict):
                        visit(sub, item, depth + 1)
                        break
        elif isinstance(value, list):
            for member in members:
                if "items" in member:
                    for item in value:
                        visit(member["items"], item, depth + 1)

    for _, schema, value in examples(spec):
        visit(schema, value)
    return seen


def mark_untagged_unions(spec: Spec) -> Spec:
    """Flag the unions whose examples show values without ``_type``.

    Most unions follow tapir's ``_type`` convention, but a few have hand-written codecs
    (``GetMetricDataInput`` is told apart by its fields). The examples are the only
    evidence of that, so a union is marked ``x-dixa-untagged`` when its examples show objects
    and none of them carries the tag; :func:`declare_type_discriminators` leaves such unions
    alone. Plain values are no evidence either way (see :func:`accept_bare_union_values`).
    """
    spec = copy.deepcopy(spec)
    for name, forms in _union_tag_evidence(spec).items():
        if UNTAGGED in forms and TAGGED not in forms:
            schemas(spec)[name]["x-dixa-untagged"] = True
    return spec


BARE = "x-dixa-bare"
WRAPPED_FIELD = "value"


def accept_bare_union_values(spec: Spec) -> Spec:
    """Let a union whose examples show plain values accept them beside its tagged objects.

    ``FormAttributeValue`` is ``Text | Select | Attachments``, objects holding one ``value``;
    the spec's own example of a form submission shows the values unwrapped (``"Name":
    "John Doe"``, ``"Interests": ["Product A"]``). So for a union whose examples show a value
    that is no object at all, each variant that wraps a single ``value`` field (``_type``
    aside) also travels as that value: its schema is added to the ``oneOf``, after the
    objects, marked ``x-dixa-bare`` with the variant it stands for. Parsers try the plain
    forms only for values that are not tagged objects, and keep them as received.
    """
    spec = copy.deepcopy(spec)
    table = schemas(spec)
    for name, forms in _union_tag_evidence(spec).items():
        union = table[name]
        if PLAIN not in forms or any(BARE in member for member in union["oneOf"]):
            continue
        for member in list(union["oneOf"]):
            if "$ref" not in member:
                continue
            variant = ref_name(member["$ref"])
            fields = {k: v for k, v in table[variant].get("properties", {}).items() if k != TYPE_FIELD}
            if set(fields) == {WRAPPED_FIELD}:
                bare = {**copy.deepcopy(fields[WRAPPED_FIELD]), BARE: variant}
                union["oneOf"].append(bare)
    return spec


def require_distinguishing_fields(spec: Spec) -> Spec:
    """In an untagged union, require the fields that only one variant declares.

    With no tag, a value is told apart only by its fields. ``GetMetricDataInputCsidFilter``
    leaves ``csidFilter`` optional, so a period query also fits it: validators reject the
    value as matching two variants and parsers may pick the wrong one. A field no sibling
    declares is what makes a variant that variant, so it is required.
    """
    spec = copy.deepcopy(spec)
    table = schemas(spec)
    for _, union, variant_names in _tagged_unions(spec):
        if not union.get("x-dixa-untagged"):
            continue
        declared = {name: set(table[name].get("properties", {})) for name in variant_names}
        for name in variant_names:
            others = set().union(*(fields for other, fields in declared.items() if other != name))
            own = sorted(declared[name] - others)
            required = table[name].setdefault("required", [])
            required.extend(field for field in own if field not in required)
    return spec


def declare_type_discriminators(spec: Spec) -> Spec:
    """Make tapir's ``_type`` convention explicit.

    Each variant of a tagged union gets a ``_type`` property whose ``const`` is its wire
    name, so a parser rejects the wrong variant and a serializer always writes the tag;
    each union gets a ``discriminator`` with a mapping. A variant that the document also
    uses on its own (outside any union) travels untagged there, so its ``_type`` stays
    optional and has no default.
    """
    spec = copy.deepcopy(spec)
    table = schemas(spec)
    standalone = _direct_references(spec)
    for _, union, variant_names in _tagged_unions(spec):
        if union.get("x-dixa-untagged"):
            continue
        mapping: dict[str, str] = {}
        for variant_name in variant_names:
            if "not" in table[variant_name].get("properties", {}).get(TYPE_FIELD, {}):
                continue  # the catch-all that add_unknown_variants appends
            variant = table[variant_name]
            declared = variant.get("properties", {}).get(TYPE_FIELD, {}).get("const")
            tag = declared or wire_name(variant.get("title", variant_name))
            field: dict[str, Any] = {"type": "string", "const": tag, "description": "Variant tag on the wire."}
            if variant_name not in standalone:
                field["default"] = tag
                required = variant.setdefault("required", [])
                if TYPE_FIELD not in required:
                    required.append(TYPE_FIELD)
            variant.setdefault("properties", {})[TYPE_FIELD] = field
            mapping.setdefault(tag, schema_ref(variant_name))
        union["discriminator"] = {"propertyName": TYPE_FIELD, "mapping": mapping}
    return spec


UNKNOWN_PREFIX = "Unknown"


def add_unknown_variants(spec: Spec) -> Spec:
    """Give every tagged union a last, catch-all variant for tags this SDK does not know.

    Dixa ships new variants (a new activity type, a new rating kind) without warning. A
    parser that only knows the published ones would fail the whole response; with
    ``Unknown<Union>`` (any ``_type`` not in the mapping, every field kept as received)
    the caller gets an explicit object holding the raw JSON and the rest of the response.
    The ``not``/``enum`` keeps the union "exactly one" for validators such as Prism.
    """
    spec = copy.deepcopy(spec)
    table = schemas(spec)
    for name, union, _ in list(_tagged_unions(spec)):
        mapping = union.get("discriminator", {}).get("mapping")
        if not mapping:
            continue
        unknown = f"{UNKNOWN_PREFIX}{name}"
        table[unknown] = {
            "title": unknown,
            "description": f"A {name} variant that this SDK's spec does not describe; every field is kept as received.",
            "type": "object",
            "required": [TYPE_FIELD],
            "properties": {
                TYPE_FIELD: {"type": "string", "not": {"enum": sorted(mapping)}, "description": "The unknown tag."}
            },
            "additionalProperties": True,
        }
        reference = {"$ref": schema_ref(unknown)}
        if reference not in union["oneOf"]:
            union["oneOf"].append(reference)
    return spec


def unique_titles(spec: Spec) -> Spec:
    """Give schemas that share a ``title`` their component name as title.

    The generator names classes after titles, so ``Between`` and ``Between1`` (both titled
    "Between") would collide and one of them, with everything that uses it, be dropped.
    Runs after :func:`declare_type_discriminators`, which reads the original titles.
    """
    spec = copy.deepcopy(spec)
    by_title: dict[str, list[str]] = defaultdict(list)
    for name, schema in schemas(spec).items():
        by_title[schema.get("title", name)].append(name)
    for names in by_title.values():
        if len(names) > 1:
            for name in names:
                schemas(spec)[name]["title"] = name
    return spec


TRANSFORMS: tuple[Transform, ...] = (
    case_object_unions_as_strings,
    mark_untagged_unions,
    require_distinguishing_fields,
    declare_type_discriminators,
    add_unknown_variants,
    accept_bare_union_values,
    unique_titles,
)


def normalize(spec: Spec) -> Spec:
    for transform in TRANSFORMS:
        spec = transform(spec)
    return spec


# --- the report on the document's own examples -------------------------------------------

Example = tuple[str, dict[str, Any], Any]  # (where, schema, value)


def examples(spec: Spec) -> Iterator[Example]:
    """Every request and response example with the schema it illustrates."""
    for key, operation in operations(spec).items():
        body = operation.get("requestBody", {}).get("content", {})
        for media, content in body.items():
            yield from _media_examples(f"{key} request {media}", content)
        for status, response in operation.get("responses", {}).items():
            for media, content in response.get("content", {}).items():
                yield from _media_examples(f"{key} {status} {media}", content)


def _media_examples(where: str, content: dict[str, Any]) -> Iterator[Example]:
    schema = content.get("schema")
    if schema is None:
        return
    if "example" in content:
        yield where, schema, content["example"]
    for name, example in content.get("examples", {}).items():
        if "value" in example:
            yield f"{where} [{name}]", schema, example["value"]


def example_disagreements(spec: Spec) -> dict[str, list[schema_check.Problem]]:
    """Examples that contradict their own schema, by example. Reported, never edited."""
    found = {}
    for where, schema, value in examples(spec):
        problems = schema_check.check(spec, schema, value)
        if problems:
            found[where] = problems
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    spec = normalize(load_spec(args.source))
    dump_json(spec, args.target)
    total = sum(1 for _ in examples(spec))
    disagreements = example_disagreements(spec)
    unions = sum(1 for _ in _tagged_unions(spec))
    print(f"normalized {len(operations(spec))} operations, {len(schemas(spec))} schemas, {unions} tagged unions")
    print(f"{total - len(disagreements)} of {total} examples agree with their schemas", end="")
    print(f"; {len(disagreements)} disagree (Dixa's data, left as published):" if disagreements else "")
    for where, problems in disagreements.items():
        print(f"  - {where}")
        for path, message in problems:
            print(f"      {path} {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
