"""Our generator templates are upstream's plus only the intended lines.

When the pinned openapi-python-client is upgraded, this fails until the copies are
re-derived from the new upstream templates, so no upstream fix is silently lost.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import openapi_python_client
import pytest

OURS = Path(__file__).resolve().parents[2] / "scripts" / "codegen" / "templates"
UPSTREAM = Path(openapi_python_client.__file__).parent / "templates"

IMPORT = "from dixa._timestamps import format_datetime, parse_datetime"
# The Unknown<Union> catch-alls refuse the tags of known variants (their `not: enum`), so a
# known variant with a broken shape is an error, not an "unknown" object.
UNKNOWN_GUARD = {
    '{% set tag = (model.data.properties or {}).get("_type") %}',
    "{% if tag and tag.schema_not and tag.schema_not.enum %}",
    '        if d.get("_type") in {{ tag.schema_not.enum | list | tojson }}:',
    """            raise ValueError(f"_type {d.get('_type')!r} is known but the value does not fit it")""",
    "{% endif %}",
}
# Model imports move from inside to_dict/from_dict to the bottom of the module: parsing then
# finds them as globals instead of running an import statement per call (benchmarks/).
BOTTOM_IMPORTS_ADDED = {
    "{% set bottom_imports = (model.lazy_imports | list) + ((model.additional_properties.lazy_imports | list)"
    " if model.additional_properties and model.additional_properties.lazy_imports else []) %}",
    "{% for lazy_import in bottom_imports | unique | sort %}",
    "{% if loop.first %}",
    "# Imported after the class rather than inside from_dict/to_dict: models that refer to each",
    "# other still import cleanly (each module's class exists before it imports the others),",
    "# and parsing finds these as globals instead of running an import statement per call.",
    "{% endif %}",
    "{{ lazy_import }}  # noqa: E402",
    "{% endfor %}",
}
BOTTOM_IMPORTS_REMOVED = {
    "    {% for lazy_import in model.lazy_imports | sort %}",
    "        {{ lazy_import }} # noqa: PLC0415",
    "    {% endfor %}",
    "{% if model.additional_properties.lazy_imports %}",
    "    {% for lazy_import in model.additional_properties.lazy_imports | sort %}",
    "{% endif %}",
}
INTENDED: dict[str, tuple[set[str], set[str]]] = {  # template: (lines added, lines removed)
    "model.py.jinja": ({IMPORT} | UNKNOWN_GUARD | BOTTOM_IMPORTS_ADDED, BOTTOM_IMPORTS_REMOVED),
    "endpoint_module.py.jinja": ({IMPORT}, set()),
}


@pytest.mark.parametrize("name", sorted(INTENDED))
def test_copied_templates_differ_only_by_the_intended_lines(name):
    ours = (OURS / name).read_text().splitlines()
    upstream = (UPSTREAM / name).read_text().splitlines()
    changes = [line for line in difflib.ndiff(upstream, ours) if line[:2] in ("+ ", "- ")]
    added = {line[2:] for line in changes if line.startswith("+ ") and line[2:].strip()}
    removed = {line[2:] for line in changes if line.startswith("- ") and line[2:].strip()}
    assert (added, removed) == INTENDED[name]


def test_datetime_template_swaps_only_parse_and_format():
    ours = (OURS / "property_templates" / "datetime_property.py.jinja").read_text()
    upstream = (UPSTREAM / "property_templates" / "datetime_property.py.jinja").read_text()
    assert "fromisoformat(" in upstream and "fromisoformat(" not in ours
    assert ours.count("parse_datetime(") == 1 and ours.count("format_datetime(") == 2
    assert [m.split("(")[0] for m in ours.split("{% macro ")[1:]] == [
        m.split("(")[0] for m in upstream.split("{% macro ")[1:]
    ]


def test_every_override_replaces_an_upstream_template():
    for path in OURS.rglob("*.jinja"):
        assert (UPSTREAM / path.relative_to(OURS)).exists(), f"{path.name} overrides nothing upstream"
