"""Reading, writing and summarising OpenAPI documents, shared by the codegen scripts."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

Spec = dict[str, Any]


class _PlainLoader(yaml.SafeLoader):
    """A YAML loader that keeps timestamps as the strings Dixa wrote.

    PyYAML would turn an unquoted ``2021-12-01T12:46:36Z`` into a ``datetime``; the
    examples are our evidence of the wire format, so they must stay text.
    """


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_spec(path: Path) -> Spec:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_PlainLoader)  # noqa: S506
    if not isinstance(data, dict) or "openapi" not in data:
        raise ValueError(f"{path} is not an OpenAPI document")
    return data


def dump_json(spec: Spec, path: Path) -> None:
    """Write deterministically: same document, same bytes."""
    path.write_text(json.dumps(spec, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def operations(spec: Spec) -> dict[str, dict[str, Any]]:
    """Map ``"POST /beta/..."`` to its operation object, in document order."""
    found: dict[str, dict[str, Any]] = {}
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                found[f"{method.upper()} {path}"] = operation
    return found


def schemas(spec: Spec) -> dict[str, Any]:
    result: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    return result


def ref_name(ref: str) -> str:
    """``#/components/schemas/Foo`` -> ``Foo``."""
    return ref.rsplit("/", 1)[-1]


def schema_ref(name: str) -> str:
    return f"#/components/schemas/{name}"
