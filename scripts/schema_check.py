"""A small, lenient JSON-instance checker that speaks the dialect of Dixa's spec.

It exists for two jobs: telling which of the document's own examples disagree with the
document's schemas (the normalizer's report), and checking recorded traffic against the
current spec (the drift guard). It understands exactly what Dixa's document uses:
``$ref``, ``type``, ``required``, ``properties``, ``additionalProperties``, ``items``,
``oneOf`` (with or without a ``_type`` discriminator) and ``const``. Formats are not
checked: the SDK's own parsers are the authority on timestamps.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scripts.specio import Spec, ref_name

Problem = tuple[str, str]  # (JSON path of the value, what is wrong)


def check(spec: Spec, schema: dict[str, Any], value: Any, path: str = "$") -> list[Problem]:
    return list(_check(spec, schema, value, path))


def _resolve(spec: Spec, schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][ref_name(schema["$ref"])]
    return schema


_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


def _type_ok(expected: str, value: Any) -> bool:
    if expected in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES.get(expected, (object,)))


def _check(spec: Spec, schema: dict[str, Any], value: Any, path: str) -> Iterator[Problem]:
    schema = _resolve(spec, schema)
    if value is None:
        if not schema.get("nullable"):
            yield path, "is null where the schema does not allow it"
        return
    if "oneOf" in schema:
        yield from _check_union(spec, schema, value, path)
        return
    expected = schema.get("type")
    if expected is None and "properties" in schema:
        expected = "object"
    if isinstance(expected, str) and not _type_ok(expected, value):
        yield path, f"is {type(value).__name__} where the schema has {expected}"
        return
    if "const" in schema and value != schema["const"]:
        yield path, f"is {value!r} where the schema has {schema['const']!r}"
    if isinstance(value, dict):
        yield from _check_object(spec, schema, value, path)
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            yield from _check(spec, schema["items"], item, f"{path}[{index}]")


def _check_object(spec: Spec, schema: dict[str, Any], value: dict[str, Any], path: str) -> Iterator[Problem]:
    properties: dict[str, Any] = schema.get("properties", {})
    for name in schema.get("required", []):
        if name not in value:
            yield f"{path}.{name}", "is required but missing"
    extra = schema.get("additionalProperties")
    for name, item in value.items():
        if name in properties:
            yield from _check(spec, properties[name], item, f"{path}.{name}")
        elif isinstance(extra, dict):
            yield from _check(spec, extra, item, f"{path}.{name}")


def _check_union(spec: Spec, schema: dict[str, Any], value: Any, path: str) -> Iterator[Problem]:
    mapping: dict[str, str] = schema.get("discriminator", {}).get("mapping", {})
    if mapping and isinstance(value, dict):
        tag = value.get("_type")
        if tag not in mapping:
            yield f"{path}._type", f"is {tag!r}, not one of {sorted(mapping)}"
            return
        yield from _check(spec, {"$ref": mapping[tag]}, value, path)
        return

    # Untagged: judge by the variant that declares most of the value's fields, so that a
    # wrong field inside the intended variant is not excused by a looser sibling.
    def coverage(variant: dict[str, Any]) -> int:
        declared = _resolve(spec, variant).get("properties", {})
        return sum(key in declared for key in value) if isinstance(value, dict) else 0

    attempts = [(coverage(variant), check(spec, variant, value, path)) for variant in schema["oneOf"]]
    best = max(score for score, _ in attempts)
    fitting = [problems for score, problems in attempts if score == best]
    if not all(fitting):
        return
    if all(problems for _, problems in attempts):
        yield path, "matches no variant of the union: " + "; ".join(f"{p} {m}" for p, m in fitting[0])
    else:
        yield from fitting[0]
