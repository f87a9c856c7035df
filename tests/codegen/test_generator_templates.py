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
# Lenient parsing (dixa._lenient): each field parsed in its own try, a failure handed to
# _lenient.keep; values taken as is checked for their JSON type; fields kept as received
# written back as they arrived; the variant tables of tagged unions after the bottom imports.
LENIENT_ADDED = {
    "from dixa import _lenient",
    "    {% if model.required_properties or model.optional_properties %}",
    "    # Fields a lenient parse kept as received (by Python name): see dixa._lenient.",
    "    _received_: dict[str, Any] | None = _attrs_field(init=False, default=None, repr=False, eq=False)",
    "    {% endif %}",
    "{#- A value the generated code takes as is must at least be of its JSON type: a null or a",
    "    mistyped value raises here, so that the lenient path (dixa._lenient) records it. -#}",
    '{% from "property_templates/union_property.py.jinja" import json_type_ok %}',
    "{% macro check_json_type(property) %}",
    "{% set ok = json_type_ok(property, property.python_name) %}",
    "{% if ok and property.required %}",
    "if not {{ ok }}:",
    "    raise TypeError()",
    "{% elif ok %}",
    "if {{ property.python_name }} is not UNSET and not {{ ok }}:",
    "{% endmacro %}",
    "{% if model.required_properties or model.optional_properties %}",
    "received = self._received_",
    '{% import "property_templates/" + property.template as prop_template %}',
    "{% if prop_template.transform %}",
    'if received and received.get("{{ property.python_name }}", received) is self.{{ property.python_name }}:',
    "    {{ property.python_name }} = self.{{ property.python_name }}",
    "else:",
    '    {{ _transform_property(property, "self." + property.python_name) | indent(4) }}',
    "{% else %}",
    "return _lenient.without_unset(field_dict) if received else field_dict",
    "        kept_: dict[str, Any] | None = None",
    "        try:",
    "            {{ prop_template.construct(property, property_source) | indent(12) }}",
    "            {{ property.python_name }} = {{ property_source }}",
    "            {{ check_json_type(property) | indent(12) }}",
    "        except _lenient.PARSE_ERRORS:",
    '            kept_ = _lenient.keep(cls, src_dict, "{{ property.name | in_double_quote_literal }}",'
    ' "{{ property.python_name }}", kept_)',
    '            {{ property.python_name }} = kept_["{{ property.python_name }}"]',
    "        if kept_ is not None:",
    "            {{ module_name }}._received_ = kept_",
    '{% from "property_templates/union_property.py.jinja" import variant_tables %}',
    "{% for property in model.required_properties + model.optional_properties %}",
    "{{ variant_tables(property) }}",
    "{%- endfor %}",
    "{% if model.additional_properties and model.additional_properties.template %}",
    "{{ variant_tables(model.additional_properties) }}",
    "{%- endif %}",
}
LENIENT_REMOVED = {  # the same lines, now inside the per-field try
    "        {{ prop_template.construct(property, property_source) | indent(8) }}",
    "        {{ property.python_name }} = {{ property_source }}",
}
# Lean from_dict (benchmarks/, issue 13): UUIDs through dixa._uuids.parse_uuid, and the
# instance built with positional arguments in the class's field order.
LEAN_ADDED = {
    "from dixa._uuids import parse_uuid",
    "        {#- Positional, in the order the class declares its fields (required ones without a",
    "            default first): attrs' __init__ takes them at half the cost of keywords. #}",
    "{% if property.default is none and property.required %}",
    "{% if property.default is not none or not property.required %}",
    "            {{ property.python_name }},",
}
LEAN_REMOVED = {  # keywords out; the loop's closing line now pairs with the second loop
    "            {{ property.python_name }}={{ property.python_name }},",
    "{% endfor %}",
}
# Path parameters through dixa._paths.path_segment (issue 9): one segment, dot segments refused.
PATHS_ADDED = {
    "from dixa._paths import path_segment",
    '        {{parameter.python_name}}=path_segment("{{parameter.python_name}}", {{parameter.python_name}}),',
}
PATHS_REMOVED = {
    "from urllib.parse import quote",
    '        {{parameter.python_name}}=quote(str({{parameter.python_name}}), safe=""),',
}
# UNSET stays one object across pickle and copy (models compare fields with ``is UNSET``).
UNSET_SINGLETON_ADDED = {
    "    # One UNSET per process, also across pickle and copy: models test fields with",
    "    # ``is UNSET``, so an unpickled model must get the very same object back.",
    "    def __reduce__(self) -> str:",
    '        return "UNSET"',
    "    def __repr__(self) -> str:",
}
INTENDED: dict[str, tuple[set[str], set[str]]] = {  # template: (lines added, lines removed)
    "model.py.jinja": (
        {IMPORT} | UNKNOWN_GUARD | BOTTOM_IMPORTS_ADDED | LENIENT_ADDED | LEAN_ADDED,
        BOTTOM_IMPORTS_REMOVED | LENIENT_REMOVED | LEAN_REMOVED,
    ),
    "endpoint_module.py.jinja": ({IMPORT} | PATHS_ADDED, PATHS_REMOVED),
    "types.py.jinja": (UNSET_SINGLETON_ADDED, set()),
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


@pytest.mark.parametrize("name", ["union_property.py.jinja", "list_property.py.jinja"])
def test_union_and_list_templates_keep_upstream_macros_and_serialization(name):
    ours = (OURS / "property_templates" / name).read_text()
    upstream = (UPSTREAM / "property_templates" / name).read_text()
    macros = [m.split("(")[0] for m in upstream.split("{% macro ")[1:]]
    assert set(macros) <= {m.split("(")[0] for m in ours.split("{% macro ")[1:]}
    # Parsing changes (construct); writing a request (multipart) is upstream's, line for line.
    assert ours[ours.index("{% macro multipart") :] == upstream[upstream.index("{% macro multipart") :]


def test_every_override_replaces_an_upstream_template():
    for path in OURS.rglob("*.jinja"):
        assert (UPSTREAM / path.relative_to(OURS)).exists(), f"{path.name} overrides nothing upstream"
