"""The spec diff, rule by rule, on small documents shaped like Dixa's; and its CLI.

Each test changes one thing in a copy of a base document and checks the exact report:
kind, operation, location and whether it is marked breaking.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts import spec_diff
from scripts.normalize_spec import normalize
from scripts.specio import load_spec

ROOT = Path(__file__).resolve().parents[2]


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def base() -> dict[str, Any]:
    """Notes on a conversation: a request body, a response with a tagged union, parameters."""
    schemas = {
        "NoteInput": {
            "title": "NoteInput",
            "type": "object",
            "required": ["message"],
            "properties": {
                "message": {"type": "string"},
                "agentId": {"type": "string", "format": "uuid"},
                "kind": {"type": "string", "enum": ["Internal", "Public"]},
            },
        },
        "Note": {
            "title": "Note",
            "type": "object",
            "required": ["id", "message", "rating"],
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "message": {"type": "string"},
                "createdAt": {"type": "string", "format": "date-time"},
                "rating": ref("Rating"),
                "status": {"type": "string", "enum": ["Open", "Closed"]},
                "replies": {"type": "array", "items": ref("Note")},
            },
        },
        "Rating": {"title": "Rating", "oneOf": [ref("Csat"), ref("Nps")]},
        "Csat": {
            "title": "Csat",
            "type": "object",
            "required": ["value"],
            "properties": {"value": {"type": "integer"}},
        },
        "Nps": {"title": "Nps", "type": "object", "required": ["score"], "properties": {"score": {"type": "integer"}}},
        "NoteOutput": {
            "title": "NoteOutput",
            "type": "object",
            "required": ["data"],
            "properties": {"data": ref("Note")},
        },
    }
    create = {
        "operationId": "postNotes",
        "tags": ["Conversations"],
        "parameters": [
            {
                "name": "conversationId",
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "format": "int64"},
            },
            {"name": "force", "in": "query", "required": False, "schema": {"type": "boolean"}},
        ],
        "requestBody": {"required": True, **json_body(ref("NoteInput"))},
        "responses": {"201": {"description": "created", **json_body(ref("NoteOutput"))}},
    }
    get = {
        "operationId": "getNotes",
        "tags": ["Conversations"],
        "parameters": [{"name": "conversationId", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "ok", **json_body(ref("NoteOutput"))}},
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/beta/conversations/{conversationId}/notes": {"post": create, "get": get}},
        "components": {"schemas": schemas},
    }


POST = "POST /beta/conversations/{conversationId}/notes"
GET = "GET /beta/conversations/{conversationId}/notes"


def changed(edit: Callable[[dict[str, Any]], None]) -> set[tuple[str, str, str, bool]]:
    new = copy.deepcopy(base())
    edit(new)
    return {(c.kind, c.operation, c.location, c.breaking) for c in spec_diff.compare(base(), new)}


def schema(spec: dict[str, Any], name: str) -> dict[str, Any]:
    result: dict[str, Any] = spec["components"]["schemas"][name]
    return result


def post(spec: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = spec["paths"]["/beta/conversations/{conversationId}/notes"]["post"]
    return result


def test_identical_documents_have_no_changes():
    assert spec_diff.compare(base(), base()) == []


def test_a_published_and_a_normalized_document_compare_equal():
    assert spec_diff.compare(base(), normalize(base())) == []


# --- operations -----------------------------------------------------------------------------


def test_operation_removed_is_breaking_and_added_is_not():
    def edit(spec):
        path = spec["paths"].pop("/beta/conversations/{conversationId}/notes")
        del path["get"]
        spec["paths"]["/beta/conversations/{conversationId}/notes"] = path
        spec["paths"]["/beta/notes"] = {"get": {"operationId": "listNotes", "responses": {"204": {"description": "x"}}}}

    assert changed(edit) == {
        ("operation removed", GET, "", True),
        ("operation added", "GET /beta/notes", "", False),
    }


# --- parameters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda s: post(s)["parameters"].append(
                {"name": "lang", "in": "query", "required": True, "schema": {"type": "string"}}
            ),
            ("parameter added", POST, "query lang", True),
        ),
        (
            lambda s: post(s)["parameters"].append({"name": "lang", "in": "query", "schema": {"type": "string"}}),
            ("parameter added", POST, "query lang", False),
        ),
        (lambda s: post(s)["parameters"].pop(1), ("parameter removed", POST, "query force", True)),
        (
            lambda s: post(s)["parameters"][0].update(schema={"type": "string", "format": "uuid"}),
            ("parameter changed", POST, "path conversationId", True),
        ),
        (lambda s: post(s)["parameters"][1].update(required=True), ("parameter changed", POST, "query force", True)),
    ],
)
def test_parameters(edit, expected):
    assert changed(edit) == {expected}


# --- request fields -------------------------------------------------------------------------


def test_new_required_request_field_is_breaking():
    def edit(spec):
        schema(spec, "NoteInput")["properties"]["priority"] = {"type": "integer"}
        schema(spec, "NoteInput")["required"].append("priority")

    assert changed(edit) == {("request field added", POST, "request $.priority", True)}


def test_new_optional_request_field_is_not_breaking_and_its_insides_are_not_repeated():
    def edit(spec):
        schema(spec, "NoteInput")["properties"]["meta"] = {
            "type": "object",
            "required": ["source"],
            "properties": {"source": {"type": "string"}},
        }

    assert changed(edit) == {("request field added", POST, "request $.meta", False)}


def test_request_field_removed_and_made_required():
    def edit(spec):
        del schema(spec, "NoteInput")["properties"]["kind"]
        schema(spec, "NoteInput")["required"].append("agentId")

    assert changed(edit) == {
        ("request field removed", POST, "request $.kind", True),
        ("request field changed", POST, "request $.agentId", True),
    }


def test_request_field_made_optional_is_not_breaking():
    def edit(spec):
        schema(spec, "NoteInput")["required"] = []

    assert changed(edit) == {("request field changed", POST, "request $.message", False)}


def test_request_enum_value_removed_is_breaking():
    def edit(spec):
        schema(spec, "NoteInput")["properties"]["kind"]["enum"] = ["Internal"]

    [change] = spec_diff.compare(base(), _edited(edit))
    assert (change.kind, change.location, change.breaking) == ("request field changed", "request $.kind", True)
    assert change.detail == "enum values removed: Public"


# --- response fields ------------------------------------------------------------------------


def test_removed_response_field_is_breaking_in_every_operation_that_returns_it():
    def edit(spec):
        del schema(spec, "Note")["properties"]["createdAt"]

    # replies[] is a Note again: recursion stops there, so the change is reported once per place.
    assert changed(edit) == {
        ("response field removed", POST, "response 201 $.data.createdAt", True),
        ("response field removed", GET, "response 200 $.data.createdAt", True),
    }


def test_response_type_change_is_breaking_and_addition_is_not():
    def edit(spec):
        schema(spec, "Note")["properties"]["message"] = {"type": "integer"}
        schema(spec, "Note")["properties"]["pinned"] = {"type": "boolean"}
        del schema(spec, "Note")["properties"]["replies"]
        post(spec)["responses"]["201"]["content"]["application/json"]["schema"] = ref("NoteOutput")

    found = changed(edit)
    assert ("response field changed", POST, "response 201 $.data.message", True) in found
    assert ("response field added", POST, "response 201 $.data.pinned", False) in found
    assert ("response field removed", POST, "response 201 $.data.replies", True) in found
    assert not any("replies[]" in location for _, _, location, _ in found)


def test_response_field_made_optional_or_nullable_is_breaking():
    def edit(spec):
        schema(spec, "Note")["required"].remove("message")
        schema(spec, "Note")["properties"]["id"]["nullable"] = True

    details = {(c.operation, c.location, c.detail, c.breaking) for c in spec_diff.compare(base(), _edited(edit))}
    assert (GET, "response 200 $.data.message", "now optional", True) in details
    assert (GET, "response 200 $.data.id", "now nullable", True) in details


def test_response_enum_value_added_is_not_breaking():
    def edit(spec):
        schema(spec, "Note")["properties"]["status"]["enum"].append("Pending")

    found = changed(edit)
    assert ("response field changed", GET, "response 200 $.data.status", False) in found
    assert all(not breaking for *_, breaking in found)


def test_removed_success_status_is_breaking():
    def edit(spec):
        post(spec)["responses"]["200"] = post(spec)["responses"].pop("201")

    assert changed(edit) == {
        ("response status removed", POST, "response 201", True),
        ("response status added", POST, "response 200", False),
    }


# --- `_type` variants -----------------------------------------------------------------------


def test_type_variant_added_is_reported_once_per_place_and_not_breaking():
    def add(spec):
        spec["components"]["schemas"]["Ces"] = {
            "title": "Ces",
            "type": "object",
            "required": ["effort"],
            "properties": {"effort": {"type": "integer"}},
        }
        schema(spec, "Rating")["oneOf"].append(ref("Ces"))

    found = changed(add)
    assert ("response variant added", POST, "response 201 $.data.rating<Ces>", False) in found
    assert ("response variant added", GET, "response 200 $.data.rating<Ces>", False) in found
    assert not any("<Ces>." in location for _, _, location, _ in found), "the variant's fields are not repeated"
    assert all(kind == "response variant added" for kind, *_ in found)


def test_type_variant_removed_is_breaking():
    def edit(spec):
        schema(spec, "Rating")["oneOf"] = [ref("Csat")]

    found = changed(edit)
    assert ("response variant removed", GET, "response 200 $.data.rating<Nps>", True) in found
    assert not any("<Nps>." in location for _, _, location, _ in found)


def test_a_new_case_object_is_a_string_value_not_a_variant():
    """``Open | Closed`` published as empty objects is a string on the wire (the normalizer's reading)."""

    def with_status(values: list[str]) -> dict[str, Any]:
        spec = base()
        for value in values:
            spec["components"]["schemas"][value] = {"title": value, "type": "object"}
        spec["components"]["schemas"]["Status"] = {"title": "Status", "oneOf": [ref(v) for v in values]}
        schema(spec, "Note")["properties"]["state"] = ref("Status")
        return spec

    assert spec_diff.compare(with_status(["Open", "Closed"]), with_status(["Open", "Closed", "Snoozed"])) == []


def test_recursive_schemas_terminate():
    shape = spec_diff.flatten_operation(normalize(base()), post(normalize(base())))
    assert "$.data.replies[]" in shape.responses["201"]
    assert shape.responses["201"]["$.data.replies[]"].type == "recursive Note"


# --- report and CLI -------------------------------------------------------------------------


def _edited(edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    spec = base()
    edit(spec)
    return spec


def test_render_puts_breaking_operations_first_and_marks_each_change():
    def edit(spec):
        spec["paths"]["/beta/notes"] = {"get": {"operationId": "listNotes", "responses": {"204": {"description": "x"}}}}
        del schema(spec, "Note")["properties"]["createdAt"]

    report = spec_diff.render(spec_diff.compare(base(), _edited(edit)))
    lines = report.splitlines()
    assert lines[0] == "3 change(s) in 3 operation(s); 2 breaking, in 2 operation(s)."
    removed = "  BREAKING response field removed response 200 $.data.createdAt: was string(date-time)"
    assert f"{removed}; code reading it gets nothing" in lines
    assert lines.index("GET /beta/notes  (listNotes)") > lines.index(f"{GET}  (getNotes)")
    assert "  ok       operation added" in lines


def test_render_says_so_when_nothing_changed():
    assert spec_diff.render([]) == "No changes to operations, parameters, request or response fields.\n"


def test_cli_prints_the_report_and_exits_0(tmp_path, capsys):
    old, new = tmp_path / "old.yaml", tmp_path / "new.json"
    old.write_text(yaml.safe_dump(base()))
    new.write_text(json.dumps(_edited(lambda s: schema(s, "NoteInput")["required"].append("agentId"))))
    assert spec_diff.main([str(old), str(new)]) == 0
    assert "BREAKING request field changed request $.agentId: now required" in capsys.readouterr().out


def test_the_real_spec_against_itself():
    spec = load_spec(ROOT / "openapi" / "dixa-api-beta.yaml")
    assert spec_diff.compare(spec, copy.deepcopy(spec)) == []
