"""Name the spec's operations the way the SDK does, and find the operation a request calls.

Three vocabularies meet in the contract suite, the cassettes and the drift reports:

* the spec's key, ``"POST /beta/conversations/{conversationId}/notes"``;
* the generated module, ``"conversations.post_conversations_conversationid_notes"``,
  which is also what every surface method's ``.operation`` says (see ``dixa/_resource.py``);
* the surface method a user calls, ``"client.conversations.notes.create"``.

This module translates between them, from the spec itself (so a new spec needs no table),
and matches a recorded ``METHOD /path`` to the spec operation it exercises.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openapi_python_client.strings import snake_case

from scripts.specio import Spec, operations, ref_name, schemas

__all__ = ["OperationIndex", "OperationRef", "accepts", "operation_name", "surface_methods"]

_PARAM = re.compile(r"\{([^}]+)\}")


def operation_name(operation: dict[str, Any]) -> str:
    """``"<tag>.<module>"``: where openapi-python-client puts the operation's module."""
    tag = operation.get("tags", ["default"])[0]
    return f"{snake_case(tag)}.{snake_case(operation['operationId'])}"


@dataclass(frozen=True, slots=True)
class OperationRef:
    key: str  # "GET /beta/agents/{agentId}"
    method: str
    path: str
    name: str  # "agents.get_agents_agentid"
    operation_id: str
    operation: dict[str, Any]


class OperationIndex:
    """The operations of one (normalized) document, addressable by key, name or request."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.by_key: dict[str, OperationRef] = {}
        for key, operation in operations(spec).items():
            method, path = key.split(" ", 1)
            self.by_key[key] = OperationRef(
                key, method, path, operation_name(operation), str(operation.get("operationId", "")), operation
            )
        self.by_name = {ref.name: ref for ref in self.by_key.values()}

    def __iter__(self) -> Iterator[OperationRef]:
        return iter(self.by_key.values())

    def __len__(self) -> int:
        return len(self.by_key)

    def find(self, method: str, path: str) -> tuple[OperationRef, dict[str, str]] | None:
        """The operation ``METHOD path`` calls, and its path parameters.

        Literal segments beat parameters (``/conversations/activitylog`` is not conversation
        ``activitylog``), and a parameter only takes a segment its schema accepts.
        """
        segments = path.rstrip("/").split("/")
        best: tuple[int, OperationRef, dict[str, str]] | None = None
        for ref in self.by_key.values():
            if ref.method != method.upper():
                continue
            template = ref.path.rstrip("/").split("/")
            if len(template) != len(segments):
                continue
            bound = self._bind(ref, template, segments)
            if bound is None:
                continue
            literals = sum(1 for part in template if not _PARAM.fullmatch(part))
            if best is None or literals > best[0]:
                best = (literals, ref, bound)
        return None if best is None else (best[1], best[2])

    def _bind(self, ref: OperationRef, template: list[str], segments: list[str]) -> dict[str, str] | None:
        bound: dict[str, str] = {}
        for part, segment in zip(template, segments, strict=True):
            match = _PARAM.fullmatch(part)
            if match is None:
                if part != segment:
                    return None
                continue
            name = match.group(1)
            if not accepts(self.parameter_schema(ref, "path", name), segment):
                return None
            bound[name] = segment
        return bound

    def parameter_schema(self, ref: OperationRef, location: str, name: str) -> dict[str, Any]:
        for parameter in ref.operation.get("parameters", []):
            if parameter.get("in") == location and parameter.get("name") == name:
                schema: dict[str, Any] = parameter.get("schema", {})
                while "$ref" in schema:
                    schema = schemas(self.spec)[ref_name(schema["$ref"])]
                return schema
        return {}


def accepts(schema: dict[str, Any], text: str) -> bool:
    """Whether a path segment or query value can be the parameter ``schema`` describes."""
    kind = schema.get("type")
    if kind == "integer":
        return re.fullmatch(r"-?\d+", text) is not None
    if kind == "number":
        return re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", text) is not None
    if kind == "boolean":
        return text in ("true", "false")
    if schema.get("format") == "uuid":
        try:
            uuid.UUID(text)
        except ValueError:
            return False
    return True


def surface_methods() -> tuple[dict[str, list[str]], dict[str, str]]:
    """Every surface method by the generated operation it calls, and areas that failed to import.

    Walks ``dixa.Dixa``'s resource tree (areas and their sub-resources are cached
    properties) and collects each ``@operation``/``@paginated`` descriptor's ``.operation``.
    """
    import dixa
    from dixa._resource import Resource, _Operation

    found: dict[str, list[str]] = {}
    broken: dict[str, str] = {}
    client = dixa.Dixa(api_key="index", base_url="http://index.invalid", rate_limit=None, max_retries=0)

    def visit(resource: Resource[Any], dotted: str, seen: frozenset[type]) -> None:
        owner = type(resource)
        if owner in seen:
            return
        for attribute in sorted(dir(owner)):
            if attribute.startswith("_"):
                continue
            descriptor = getattr(owner, attribute, None)
            if isinstance(descriptor, _Operation):
                found.setdefault(descriptor.operation, []).append(f"{dotted}.{attribute}")
            elif _is_cached_property(owner, attribute):
                try:
                    child = getattr(resource, attribute)
                except ImportError as exc:
                    broken[f"{dotted}.{attribute}"] = str(exc)
                    continue
                if isinstance(child, Resource):
                    visit(child, f"{dotted}.{attribute}", seen | {owner})

    try:
        visit(client, "client", frozenset())
    finally:
        client.close()
    return found, broken


def _is_cached_property(owner: type, attribute: str) -> bool:
    from functools import cached_property

    return any(isinstance(vars(klass).get(attribute), cached_property) for klass in owner.__mro__)


def surface_by_key(*specs: Spec) -> dict[str, list[str]]:
    """Spec key (``"POST /beta/tags"``) -> the surface methods that call it, over one or more
    documents (an old and a new one, so removed operations are named too). Empty when the
    surface cannot be imported (e.g. before ``make generate``)."""
    try:
        methods, _ = surface_methods()
    except ImportError:
        return {}
    found: dict[str, list[str]] = {}
    for spec in specs:
        for key, operation in operations(spec).items():
            if "operationId" in operation:
                found.setdefault(key, methods.get(operation_name(operation), []))
    return found
