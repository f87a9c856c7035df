"""Check the recorded cassettes against the current spec and generated models.

The cassettes (``tests/cassettes``) are what the SDK sent and what came back when they
were recorded. When Dixa edits the spec and the SDK is regenerated, replaying them tells
whether our calls and their answers still fit:

(a) every recorded request is validated against the current spec: the operation it calls
    still exists, its path and query parameters are declared and of the right type, and
    its body satisfies the request schema (no missing required field, no field the spec
    no longer declares);
(b) every recorded response is validated against the response schema of its status
    (including fields the spec no longer declares) and parsed by the current generated
    models (``dixa_generated.api.<tag>.<module>._parse_response``);
(c) every operation of the spec is exercised by at least one cassette;
(d) the ``_type`` variants each operation can send or receive are the ones the spec had
    when the cassettes were recorded (``tests/cassettes/manifest.json``): a variant added
    since then is something no recorded call has seen, a removed one is gone for good.

Each finding names the operation (and the surface methods that call it), the field and
the cassette. ``python -m scripts.drift_guard`` prints them and exits 1 when there are any.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from scripts import cassettes, schema_check
from scripts.normalize_spec import TYPE_FIELD, normalize
from scripts.operation_index import OperationIndex, OperationRef, accepts, surface_by_key
from scripts.spec_diff import flatten_operation
from scripts.specio import Spec, load_spec, ref_name, schemas

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "dixa-api-beta.normalized.json"

COVERAGE_HINT = "give it an entry in tests/contract/calls.py, then make cassettes"

__all__ = ["Finding", "check", "form_problems", "render", "report", "variant_baseline", "write_manifest"]


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One way the recorded traffic no longer fits the spec (or the models)."""

    operation: str  # "POST /beta/agents", or the recorded "METHOD /path" when no operation matches
    field: str  # "$.data.name", "query pageLimit", "path conversationId", "$.data<Email>", "" for the whole call
    cassette: str  # "tests/cassettes/agents/post_agents.yaml#0", "" when no cassette is involved
    kind: str  # "request", "response", "parse", "coverage", "variant"
    problem: str


# --- (a) requests ----------------------------------------------------------------------------


def _describe(schema: dict[str, Any]) -> str:
    kind = str(schema.get("type", "any"))
    return f"{kind}({schema['format']})" if "format" in schema else kind


def _json_content(content: dict[str, Any]) -> dict[str, Any] | None:
    media = content.get("application/json")
    return None if media is None else media.get("schema")


def _request_findings(index: OperationIndex, ref: OperationRef, item: cassettes.Interaction) -> Iterator[Finding]:
    where = item.where()

    def finding(field: str, problem: str) -> Finding:
        return Finding(ref.key, field, where, "request", problem)

    declared = {p["name"]: p for p in ref.operation.get("parameters", []) if p.get("in") == "query"}
    sent = dict(parse_qsl(item.query, keep_blank_values=True))
    for name, value in sent.items():
        if name not in declared:
            yield finding(f"query {name}", "is not a parameter of the operation any more")
        elif not accepts(index.parameter_schema(ref, "query", name), value):
            expected = _describe(index.parameter_schema(ref, "query", name))
            yield finding(f"query {name}", f"recorded {value!r} does not fit {expected}")
    for name, parameter in declared.items():
        if parameter.get("required") and name not in sent:
            yield finding(f"query {name}", "is required but was not sent")

    body = ref.operation.get("requestBody")
    if body is None:
        if item.request_body is not None:
            yield finding("$", "the operation takes no request body any more")
        return
    if item.request_body is None:
        if body.get("required"):
            yield finding("$", "a request body is required but none was sent")
        return
    content = body.get("content", {})
    schema = _json_content(content)
    if schema is None:
        if "json" in item.request_body:
            yield finding("$", f"the operation no longer takes JSON (takes {', '.join(content)})")
        elif "multipart/form-data" in content:
            text = cassettes.body_text(item.request_body)
            for path, problem in form_problems(index.spec, content["multipart/form-data"], text):
                yield finding(path, problem)
        return
    if "json" not in item.request_body:
        yield finding("$", "the operation takes JSON but a non-JSON body was recorded")
        return
    for path, problem in _problems(index.spec, schema, item.request_body["json"]):
        yield finding(path, problem)


_PART = re.compile(r'Content-Disposition: form-data; name="([^"]+)"(; filename="[^"]*")?', re.I)


def form_problems(spec: Spec, media: dict[str, Any], body: str) -> list[schema_check.Problem]:
    """A ``multipart/form-data`` body against the form schema: every part a declared field,
    every required field present, only array fields repeated, binary fields sent as files.

    Prism (5.14) cannot judge arrays in forms (a repeated part overwrites the previous one,
    stoplightio/prism#2654), so this is the contract suite's verdict on the parts.
    """
    form = _resolve(spec, media.get("schema", {}))
    declared: dict[str, Any] = form.get("properties", {})
    parts = _PART.findall(body)
    names = [name for name, _ in parts]
    found: list[schema_check.Problem] = []
    for name in sorted(set(names) - declared.keys()):
        found.append((f"$.{name}", "is not a field of the form any more"))
    for name in form.get("required", []):
        if name not in names:
            found.append((f"$.{name}", "is required but missing"))
    for name, declared_field in declared.items():
        field = _resolve(spec, declared_field)
        sent = [filename for part, filename in parts if part == name]
        if len(sent) > 1 and field.get("type") != "array":
            found.append((f"$.{name}", f"is sent {len(sent)} times but is not an array"))
        item = _resolve(spec, field.get("items", {})) if field.get("type") == "array" else field
        if item.get("format") == "binary" and not all(sent):
            found.append((f"$.{name}", "is binary but a part was sent without a filename"))
    return found


# --- (b) responses ---------------------------------------------------------------------------


def _response_findings(index: OperationIndex, ref: OperationRef, item: cassettes.Interaction) -> Iterator[Finding]:
    where = item.where()
    responses = ref.operation.get("responses", {})
    declared = responses.get(str(item.status), responses.get("default"))
    if declared is None:
        yield Finding(ref.key, "status", where, "response", f"status {item.status} is not a declared response")
        return
    schema = _json_content(declared.get("content", {}))
    body = item.response_body
    if schema is None or body is None:
        if schema is not None and body is None:
            yield Finding(ref.key, "$", where, "response", "the spec declares a JSON body but none was recorded")
        return
    if "json" not in body:
        yield Finding(ref.key, "$", where, "response", "the spec declares JSON but the recorded body is not JSON")
        return
    for path, problem in _problems(index.spec, schema, body["json"]):
        yield Finding(ref.key, path, where, "response", problem)
    yield from _parse_findings(index, ref, item, body["json"])


def _parse_findings(
    index: OperationIndex, ref: OperationRef, item: cassettes.Interaction, body: Any
) -> Iterator[Finding]:
    """Parse the recorded body with the generated endpoint's own response parser."""
    import httpx

    try:
        module = importlib.import_module(f"dixa_generated.api.{ref.name}")
        from dixa_generated import Client
    except ImportError:
        yield Finding(ref.key, "", item.where(), "parse", f"no generated module {ref.name}: run make generate")
        return
    client = Client(base_url=cassettes.REPLAY_BASE_URL, raise_on_unexpected_status=True)
    response = httpx.Response(item.status, json=body)
    try:
        module._parse_response(client=client, response=response)
    except Exception as exc:  # any failure of generated code is the finding
        located = _problems(index.spec, _response_schema(ref, item.status), body)
        field = located[0][0] if located else ""
        yield Finding(ref.key, field, item.where(), "parse", f"the generated models fail: {type(exc).__name__}: {exc}")


def _response_schema(ref: OperationRef, status: int) -> dict[str, Any]:
    responses = ref.operation.get("responses", {})
    declared = responses.get(str(status), responses.get("default", {}))
    return _json_content(declared.get("content", {})) or {}


# --- schema checks: the lenient checker plus fields the spec does not declare ------------------


def _problems(spec: Spec, schema: dict[str, Any], value: Any) -> list[schema_check.Problem]:
    found = schema_check.check(spec, schema, value)
    found.extend((path, "is not declared by the spec") for path in _undeclared(spec, schema, value, "$"))
    return sorted(set(found))


def _resolve(spec: Spec, schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = schemas(spec)[ref_name(schema["$ref"])]
    return schema


def _undeclared(spec: Spec, schema: dict[str, Any], value: Any, path: str) -> Iterator[str]:
    """Paths of object fields that the schema (with declared properties) does not name.

    :mod:`scripts.schema_check` tolerates extra fields, as a parser must; the guard must
    not, because a field that the spec stopped declaring is a field the regenerated models
    stopped reading.
    """
    schema = _resolve(spec, schema)
    if "oneOf" in schema:
        variant = _variant_for(spec, schema, value)
        if variant is not None:
            yield from _undeclared(spec, variant, value, path)
        return
    if isinstance(value, dict):
        properties: dict[str, Any] = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if key in properties:
                yield from _undeclared(spec, properties[key], item, f"{path}.{key}")
            elif isinstance(extra, dict):
                yield from _undeclared(spec, extra, item, f"{path}.{key}")
            elif properties and extra is not True:
                yield f"{path}.{key}"
    elif isinstance(value, list) and "items" in schema:
        for position, item in enumerate(value):
            yield from _undeclared(spec, schema["items"], item, f"{path}[{position}]")


def _variant_for(spec: Spec, union: dict[str, Any], value: Any) -> dict[str, Any] | None:
    """The variant ``value`` is an instance of: by ``_type``, else the one naming most of its fields."""
    mapping: dict[str, str] = union.get("discriminator", {}).get("mapping", {})
    if mapping:
        tag = value.get(TYPE_FIELD) if isinstance(value, dict) else None
        return {"$ref": mapping[tag]} if tag in mapping else None
    if not isinstance(value, dict):
        return None
    best: tuple[int, dict[str, Any]] | None = None
    for variant in union["oneOf"]:
        declared = _resolve(spec, variant).get("properties", {})
        score = sum(key in declared for key in value)
        if not schema_check.check(spec, variant, value) and (best is None or score > best[0]):
            best = (score, variant)
    return None if best is None else best[1]


# --- (d) variants since recording --------------------------------------------------------------


def variant_baseline(spec: Spec) -> dict[str, dict[str, list[str]]]:
    """Per operation, each place a ``_type`` union appears and the variants it has."""
    spec = normalize(spec)
    baseline: dict[str, dict[str, list[str]]] = {}
    for ref in OperationIndex(spec):
        shape = flatten_operation(spec, ref.operation)
        places = {f"request {path}": sorted(tags) for path, tags in shape.request_variants.items()}
        for status, variants in shape.response_variants.items():
            places.update({f"response {status} {path}": sorted(tags) for path, tags in variants.items()})
        if places:
            baseline[ref.key] = dict(sorted(places.items()))
    return baseline


def write_manifest(spec_path: Path, root: Path) -> None:
    """Record what the cassettes under ``root`` were recorded against (``make cassettes`` calls this):
    the spec's hash, the ``_type`` variants of every operation, and the operation each
    cassette exercised (so that a cassette whose operation is later removed can still name it).
    """
    spec = normalize(load_spec(spec_path))
    index = OperationIndex(spec)
    exercised: dict[str, str] = {}
    for item in cassettes.interactions(root):
        hit = index.find(item.method, item.path)
        if hit is not None:
            exercised.setdefault(item.cassette.relative_to(root).as_posix(), hit[0].key)
    manifest = {
        "spec": spec_path.name,
        "spec_sha256": hashlib.sha256(spec_path.read_bytes()).hexdigest(),
        "cassettes": exercised,
        "variants": variant_baseline(spec),
    }
    (root / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _variant_findings(
    spec: Spec, recorded: dict[str, dict[str, list[str]]], cassette_of: dict[str, str]
) -> Iterator[Finding]:
    for key, places in variant_baseline(spec).items():
        before_places = recorded.get(key)
        if before_places is None:
            continue  # a new operation: coverage reports it
        for place, tags in places.items():
            before = before_places.get(place)
            if before is None:
                continue
            where = cassette_of.get(key, "")
            side, path = place.rsplit(" ", 1)
            for tag in sorted(set(tags) - set(before)):
                yield Finding(
                    key,
                    f"{path}<{tag}>",
                    where,
                    "variant",
                    f"{side}: _type {tag!r} was added after the cassettes were recorded; no recorded call has seen it "
                    "(regenerate, handle it where you match on _type, then re-record)",
                )
            for tag in sorted(set(before) - set(tags)):
                yield Finding(
                    key,
                    f"{path}<{tag}>",
                    where,
                    "variant",
                    f"{side}: _type {tag!r} was removed from the spec; code that sends or matches it breaks",
                )


# --- the whole check ---------------------------------------------------------------------------


def check(spec: Spec, root: Path = cassettes.CASSETTES, manifest: Path | None = None) -> list[Finding]:
    """Every finding for the cassettes under ``root`` against ``spec`` (published or normalized).

    ``manifest`` defaults to ``root/manifest.json``; without one, (d) is skipped.
    """
    spec = normalize(spec)
    index = OperationIndex(spec)
    manifest = manifest or root / "manifest.json"
    recorded: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    recorded_as: dict[str, str] = recorded.get("cassettes", {})
    findings: list[Finding] = []
    cassette_of: dict[str, str] = {}
    for item in cassettes.interactions(root):
        hit = index.find(item.method, item.path)
        if hit is None:
            was = recorded_as.get(item.cassette.relative_to(root).as_posix())
            findings.extend(_unmatched(index, item, was))
            continue
        ref = hit[0]
        cassette_of.setdefault(ref.key, item.where())
        findings.extend(_request_findings(index, ref, item))
        findings.extend(_response_findings(index, ref, item))
    for ref in index:
        if ref.key not in cassette_of:
            findings.append(
                Finding(
                    ref.key,
                    "",
                    "",
                    "coverage",
                    f"no cassette exercises {ref.name}: {COVERAGE_HINT}",
                )
            )
    if recorded:
        findings.extend(_variant_findings(spec, recorded.get("variants", {}), cassette_of))
    return sorted(set(findings))


def _unmatched(index: OperationIndex, item: cassettes.Interaction, was: str | None) -> Iterator[Finding]:
    """A recorded request no operation accepts: removed, moved, or a path parameter changed type.

    ``was`` is the operation the cassette exercised when it was recorded (from the manifest).
    """
    recorded = f"{item.method} {item.path}"
    segments = item.path.rstrip("/").split("/")
    for ref in index:
        template = ref.path.rstrip("/").split("/")
        if ref.method != item.method or len(template) != len(segments):
            continue
        pairs = list(zip(template, segments, strict=True))
        if all(t == s or t.startswith("{") for t, s in pairs):
            for part, segment in pairs:
                name = part.strip("{}")
                if part.startswith("{") and not accepts(index.parameter_schema(ref, "path", name), segment):
                    expected = _describe(index.parameter_schema(ref, "path", name))
                    yield Finding(
                        ref.key,
                        f"path {name}",
                        item.where(),
                        "request",
                        f"recorded {segment!r} does not fit {expected}",
                    )
            return
    yield Finding(
        was or recorded,
        "",
        item.where(),
        "request",
        f"the operation is gone: no operation of the spec matches the recorded {recorded} (removed or moved)",
    )


def render(findings: list[Finding], surface: dict[str, list[str]] | None = None) -> str:
    """Findings grouped by operation, each naming field and cassette."""
    if not findings:
        return "drift guard: every cassette fits the spec and the generated models.\n"
    lines = [f"drift guard: {len(findings)} finding(s)"]
    current = None
    for item in sorted(findings):
        if item.operation != current:
            current = item.operation
            calls = ", ".join((surface or {}).get(item.operation, []))
            lines.append("")
            lines.append(f"{item.operation}" + (f"  [{calls}]" if calls else ""))
        field = item.field or "(operation)"
        cassette = f"  ({item.cassette})" if item.cassette else ""
        lines.append(f"  {item.kind:<8} {field}: {item.problem}{cassette}")
    return "\n".join(lines) + "\n"


def report(spec: Spec, root: Path = cassettes.CASSETTES) -> str:
    """The guard's report for ``spec`` over the cassettes, naming the surface methods.

    ``make spec`` can print it for a downloaded spec before accepting it: which recorded
    calls the new document no longer accepts, and which answers it no longer describes.
    """
    return render(check(spec, root), _surface(spec, root))


def _surface(spec: Spec, root: Path) -> dict[str, list[str]]:
    """Spec key -> surface methods, including operations the spec no longer has (from the
    manifest: a cassette's path names the generated operation it was recorded for)."""
    from scripts.operation_index import surface_methods

    mapping = surface_by_key(spec)
    manifest = root / "manifest.json"
    if not manifest.exists():
        return mapping
    try:
        methods, _ = surface_methods()
    except ImportError:
        return mapping
    for relative, key in json.loads(manifest.read_text(encoding="utf-8")).get("cassettes", {}).items():
        name = relative.removesuffix(".yaml").replace("/", ".")
        mapping.setdefault(key, methods.get(name, []))
    return mapping


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--spec", type=Path, default=SPEC, help="the spec to check against (default: the normalized one)"
    )
    parser.add_argument("--cassettes", type=Path, default=cassettes.CASSETTES)
    args = parser.parse_args(argv)
    spec = load_spec(args.spec)
    findings = check(spec, args.cassettes)
    print(render(findings, _surface(spec, args.cassettes)), end="")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
