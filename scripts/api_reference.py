"""Write ``api.md``: every public method of the ``dixa`` surface, its signature and return type.

The page is generated from the resource tree itself, the way the coverage test walks it:
from a ``dixa.Dixa``, every public attribute of every resource class is either a sub-resource
(a cached property returning a ``Resource``), an operation (``@operation``/``@paginated``,
whose HTTP method and path come from the spec), or a plain method or property, listed with
its annotations as written in the source. Nothing is kept by hand, so a new method shows
up on the next ``make api``, and ``tests/package/test_api_reference.py`` fails until the
committed page is regenerated.

    python -m scripts.api_reference            # rewrite api.md
    python -m scripts.api_reference --check    # exit 1 if api.md is out of date
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
API_MD = ROOT / "api.md"
SPEC = ROOT / "openapi" / "dixa-api-beta.normalized.json"
# Defined on the base classes every resource shares: not part of any area's surface.
_INHERITED = frozenset({"with_raw_response"})


@dataclass(frozen=True)
class Entry:
    path: str  # "client.conversations.notes.create"
    signature: str  # "(conversation_id: int, *, message: str) -> InternalNoteData"
    kind: str  # "endpoint", "listing", "method", "property"
    http: str = ""  # "POST /beta/conversations/{conversationId}/notes"


def _annotation(value: Any) -> str:
    if value is inspect.Parameter.empty:
        return ""
    text = value if isinstance(value, str) else inspect.formatannotation(value)
    return _PRIVATE_ALIAS.sub("datetime.", text)  # `import datetime as _dt` in the source


_PRIVATE_ALIAS = re.compile(r"\b_dt\.")


def format_parameters(signature: inspect.Signature) -> str:
    """Parameters as written in the source (annotations are strings under ``from __future__
    import annotations``; ``str(signature)`` would quote them)."""
    parts: list[str] = []
    star_done = False
    positional_only = False
    for parameter in signature.parameters.values():
        if parameter.kind is parameter.POSITIONAL_ONLY:
            positional_only = True
        elif positional_only:
            parts.append("/")
            positional_only = False
        if parameter.kind is parameter.KEYWORD_ONLY and not star_done:
            parts.append("*")
            star_done = True
        text = parameter.name
        if parameter.kind is parameter.VAR_POSITIONAL:
            text, star_done = f"*{text}", True
        elif parameter.kind is parameter.VAR_KEYWORD:
            text = f"**{text}"
        annotation = _annotation(parameter.annotation)
        if annotation:
            text += f": {annotation}"
        if parameter.default is not inspect.Parameter.empty:
            default = _default(parameter.default)
            text += f" = {default}" if annotation else f"={default}"
        parts.append(text)
    if positional_only:
        parts.append("/")
    return "(" + ", ".join(parts) + ")"


def _default(value: Any) -> str:
    """A default as source would show it; a sentinel object (``<object at 0x...>``) as ``...``,
    so the page does not change from run to run."""
    text = repr(value)
    return "..." if re.search(r" at 0x[0-9a-fA-F]+>$", text) else text


def _result(annotation: str, kind: str) -> str:
    """What the sync client returns for a method whose builder returns ``annotation``."""
    inner = re.fullmatch(r"(Call|Paged)\[(.*)\]", annotation.strip())
    if inner is None:
        return annotation
    return f"SyncPager[{inner.group(2)}]" if kind == "listing" else inner.group(2)


def _callable_entry(path: str, function: Any, kind: str, bound: Any = None, http: str = "") -> Entry:
    source = inspect.signature(function, eval_str=False)
    shown = inspect.signature(bound, eval_str=False) if bound is not None else source
    parameters = list(shown.parameters.values())
    if bound is None and parameters and parameters[0].name in ("self", "cls"):
        parameters = parameters[1:]
    text = format_parameters(shown.replace(parameters=parameters))
    returns = _annotation(source.return_annotation)
    if returns:
        text += f" -> {_result(returns, kind)}"
    return Entry(path, text, kind, http)


def _http(index: Any, operation: str) -> str:
    ref = index.by_name.get(operation) if index is not None else None
    return f"{ref.method} {ref.path}" if ref is not None else ""


def walk(client: Any, index: Any = None) -> list[Entry]:
    """Every public method and property reachable from ``client``, depth first, sorted by name."""
    from dixa._resource import Resource, _Operation

    entries: list[Entry] = []

    def visit(resource: Any, dotted: str, seen: frozenset[type]) -> None:
        owner = type(resource)
        if owner in seen:
            return
        for name in sorted(dir(owner)):
            if name.startswith("_") or (dotted != "client" and name in _INHERITED):
                continue
            static = inspect.getattr_static(resource, name)
            path = f"{dotted}.{name}"
            if isinstance(static, _Operation):
                kind = type(static).__name__  # "endpoint" or "listing"
                http = _http(index, static.operation)
                entries.append(_callable_entry(path, static.__wrapped__, kind, getattr(resource, name), http))
            elif isinstance(static, cached_property):
                child = getattr(resource, name)
                if isinstance(child, Resource):
                    visit(child, path, seen | {owner})
                else:
                    entries.append(_property_entry(path, static.func))
            elif isinstance(static, property):
                if static.fget is not None:
                    entries.append(_property_entry(path, static.fget))
            elif isinstance(static, staticmethod | classmethod):
                entries.append(_callable_entry(path, getattr(resource, name), "method", getattr(resource, name)))
            elif inspect.isfunction(static):
                entries.append(_callable_entry(path, static, "method"))

    visit(client, "client", frozenset())
    return entries


def _property_entry(path: str, getter: Any) -> Entry:
    returns = _annotation(inspect.signature(getter, eval_str=False).return_annotation)
    return Entry(path, f": {returns}" if returns else "", "property")


def _constructor(cls: type) -> str:
    signature = inspect.signature(cls.__init__, eval_str=False)  # type: ignore[misc]
    parameters = list(signature.parameters.values())[1:]
    return f"dixa.{cls.__name__}{format_parameters(signature.replace(parameters=parameters))}"


def render() -> str:
    import dixa
    from scripts.operation_index import OperationIndex
    from scripts.specio import load_spec

    index = OperationIndex(load_spec(SPEC)) if SPEC.exists() else None
    client = dixa.Dixa(api_key="api-reference", base_url="http://api-reference.invalid", rate_limit=None)
    try:
        entries = walk(client, index)
    finally:
        client.close()

    operations = sum(1 for e in entries if e.kind in ("endpoint", "listing"))
    lines = [
        "# API reference",
        "",
        "<!-- Generated by scripts/api_reference.py (`make api`) from the resource tree; do not edit. -->",
        "",
        f"Every public method of the `dixa` surface: {operations} operations and the client's own",
        "methods and properties, with their signatures as written in the source and what they return",
        "on `dixa.Dixa`. The same paths exist on `dixa.AsyncDixa`, where an operation returns an",
        "awaitable of the same type and a listing returns an `AsyncPager[...]` (no `await` on the",
        "call). `client.with_raw_response.<same path>(...)` returns `RawResponse[...]` of the same type",
        "(a listing's raw response is one `Page[...]`). Types come from `dixa` and `dixa.models`;",
        "names such as `Conversation` are unions of the models listed in the method's docstring.",
        "",
        "## Clients",
        "",
        "```python",
        _constructor(dixa.Dixa),
        _constructor(dixa.AsyncDixa),
        "```",
        "",
    ]
    client_level = [e for e in entries if e.path.count(".") == 1]
    lines += _table(client_level, areas=False)
    functions = module_functions(dixa)
    if functions:
        lines += ["", "## Functions", ""]
        lines += _table(functions, areas=False, header="function")
    areas: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.path.count(".") >= 2:  # client.<area>.<name>
            areas.setdefault(entry.path.split(".")[1], []).append(entry)
    for area in sorted(areas):
        lines += ["", f"## {area}", ""]
        lines += _table(areas[area], areas=True)
    return "\n".join(lines).rstrip() + "\n"


def module_functions(package: ModuleType) -> list[Entry]:
    """The functions ``dixa`` exports, and those of its public submodules (``dixa.webhooks``);
    ``dixa.models`` is the data models, documented by their own docstrings."""
    entries: list[Entry] = []
    for name in sorted(getattr(package, "__all__", [])):
        value = getattr(package, name)
        dotted = f"{package.__name__}.{name}"
        if inspect.isfunction(value):
            entries.append(_callable_entry(dotted, value, "function"))
        elif inspect.ismodule(value) and name != "models":
            entries += module_functions(value)
    return entries


def _table(entries: list[Entry], *, areas: bool, header: str = "method or property") -> list[str]:
    rows = ["| method | HTTP |", "|---|---|"] if areas else [f"| {header} |", "|---|"]
    for entry in entries:
        signature = f"{entry.path}{entry.signature}".replace("|", "\\|")
        rows.append(f"| `{signature}` | {entry.http} |" if areas else f"| `{signature}` |")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if api.md is not current")
    args = parser.parse_args(argv)
    text = render()
    current = API_MD.read_text(encoding="utf-8") if API_MD.exists() else ""
    if args.check:
        if current != text:
            print("api.md is out of date: run 'make api'", file=sys.stderr)
            return 1
        return 0
    API_MD.write_text(text, encoding="utf-8")
    print(f"wrote {API_MD.relative_to(ROOT)} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
