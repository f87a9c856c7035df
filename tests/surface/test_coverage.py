"""Every generated operation is reachable from the `dixa` surface.

When a regenerated spec adds an operation, this test names it until a resource method
(or an entry in EXCLUDED, with a reason) covers it.
"""

from __future__ import annotations

import functools
import inspect
from pathlib import Path

import dixa
from dixa._resource import Resource, _Operation
from dixa.resources import Namespaces

GENERATED_API = Path(__file__).resolve().parents[2] / "generated" / "dixa_generated" / "api"

# Generated operations deliberately not exposed, each with its reason. Empty: all are exposed.
EXCLUDED: dict[str, str] = {}


def generated_operations() -> set[str]:
    return {f"{p.parent.name}.{p.stem}" for p in GENERATED_API.rglob("*.py") if p.name != "__init__.py"}


def surface_operations() -> dict[str, str]:
    """operation module -> where it is reachable, e.g. ``client.conversations.notes.create``."""
    found: dict[str, str] = {}
    client = dixa.Dixa(api_key="coverage", base_url="http://127.0.0.1:9")

    def walk(resource: Resource[object], path: str) -> None:
        for name in dir(type(resource)):
            attribute = inspect.getattr_static(resource, name)
            if isinstance(attribute, _Operation):
                found.setdefault(attribute.operation, f"{path}.{name}")
            elif isinstance(attribute, functools.cached_property):
                child = getattr(resource, name)
                if isinstance(child, Resource):
                    walk(child, f"{path}.{name}")

    walk(client, "client")
    client.close()
    return found


def test_every_generated_operation_is_reachable():
    reachable = surface_operations()
    missing = sorted(generated_operations() - reachable.keys() - EXCLUDED.keys())
    assert not missing, "operations with no dixa method (add one, or an EXCLUDED reason):\n" + "\n".join(missing)


def test_every_surface_method_names_a_real_operation():
    unknown = {where: op for op, where in surface_operations().items() if op not in generated_operations()}
    assert not unknown, f"methods naming operations the generated package does not have: {unknown}"


def test_coverage_figure():
    assert len(generated_operations()) == 123
    assert len(surface_operations().keys() & generated_operations()) + len(EXCLUDED) == 123


def test_namespaces_cover_every_generated_tag():
    tags = {p.name for p in GENERATED_API.iterdir() if p.is_dir() and p.name != "__pycache__"}
    areas = {name for name in vars(Namespaces) if not name.startswith("_")}
    assert tags <= areas
