"""Organization through the public surface, against the Prism mock, sync and async.

Also checks, for the areas built together (agents, teams, queues, organization), that
every generated operation has exactly one method and that each method's docstring
points at the right operation in Dixa's reference.
"""

from __future__ import annotations

import importlib
import json
import re
from functools import cache
from pathlib import Path

import pytest

from dixa._resource import endpoint, listing
from dixa.models import OrganizationDetails

ROOT = Path(__file__).resolve().parents[2]
API = ROOT / "generated" / "dixa_generated" / "api"
REFERENCE = "Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/"


def test_get_returns_the_organization(surface):
    organization = surface.call(lambda c: c.organization.get())
    assert isinstance(organization, OrganizationDetails)
    assert (organization.name, organization.subdomain, organization.status) == (
        "Example Organization",
        "example-org",
        "Active",
    )
    assert organization.id == "e9609fa9-efff-4fdc-a7ef-dd335f33c5f6"


def test_get_raw_shows_the_request(surface):
    raw = surface.call(lambda c: c.with_raw_response.organization.get())
    assert (raw.status_code, raw.http_response.request.url.path) == (200, "/beta/organization")
    assert raw.json()["data"]["subdomain"] == "example-org"
    assert isinstance(raw.parse(), OrganizationDetails)


@pytest.mark.parametrize("area", ["agents", "teams", "queues", "organization"])
def test_every_operation_has_one_method_pointing_at_its_reference(area):
    module = importlib.import_module(f"dixa.resources.{area}")
    methods = [
        value
        for cls in vars(module).values()
        if isinstance(cls, type) and cls.__module__ == module.__name__
        for value in vars(cls).values()
        if isinstance(value, (endpoint, listing))
    ]
    expected = sorted(f"{area}.{p.stem}" for p in (API / area).glob("*.py") if p.stem != "__init__")
    assert sorted(m.operation for m in methods) == expected
    for method in methods:
        last_line = method.__doc__.strip().splitlines()[-1].strip()
        assert last_line == REFERENCE + _operation_ids()[method.operation], method.name


@cache
def _operation_ids() -> dict[str, str]:
    """``"<tag>.<generated module>"`` -> the spec's operationId, matched on method and path."""
    spec = json.loads((ROOT / "openapi" / "dixa-api-beta.normalized.json").read_text())
    by_route = {
        (method.upper(), _route(path)): op["operationId"]
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    }
    result = {}
    for module in API.glob("*/*.py"):
        found = re.search(r'"method": "(\w+)",\s*"url": "([^"]+)"', module.read_text())
        if found:
            result[f"{module.parent.name}.{module.stem}"] = by_route[(found[1].upper(), _route(found[2]))]
    return result


def _route(path: str) -> str:
    # The spec names path parameters in camelCase, the generated code in snake_case.
    return re.sub(r"\{[^}]+\}", "{}", path)
