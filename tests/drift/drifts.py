"""Five edits Dixa could make to the published spec, applied programmatically to a copy.

Each edit works on the *published* document (``openapi/dixa-api-beta.yaml``), the way
Dixa would change it, and checks its own precondition so that a future spec in which
the target moved fails here, with a clear message, rather than in an assertion far away.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from scripts.specio import Spec, schema_ref, schemas

Edit = Callable[[Spec], None]

# 1. A response field disappears: GET /beta/organization stops returning `subdomain`.
REMOVED_FIELD_SCHEMA, REMOVED_FIELD = "OrganizationDetails", "subdomain"
# 2. A request field becomes mandatory: POST /beta/tags needs a `priority`.
REQUIRED_FIELD_SCHEMA, REQUIRED_FIELD = "CreateTagInput", "priority"
# 3. A new operation: GET /beta/tags/{tagId}/usage.
ADDED_PATH, ADDED_OPERATION_ID = "/beta/tags/{tagId}/usage", "getTagsTagidUsage"
# 4. A new `_type` variant of the rating a customer gives: `Ces` (customer effort score).
UNION, NEW_VARIANT = "SubmittedRatingResult", "Ces"
# 5. An operation disappears: the deprecated GET /beta/conversations/{conversationId}/rating.
REMOVED_PATH = "/beta/conversations/{conversationId}/rating"


def remove_response_field(spec: Spec) -> None:
    schema = schemas(spec)[REMOVED_FIELD_SCHEMA]
    assert REMOVED_FIELD in schema["properties"], f"{REMOVED_FIELD_SCHEMA}.{REMOVED_FIELD} is gone from the spec"
    del schema["properties"][REMOVED_FIELD]
    schema["required"] = [name for name in schema.get("required", []) if name != REMOVED_FIELD]


def add_required_request_field(spec: Spec) -> None:
    schema = schemas(spec)[REQUIRED_FIELD_SCHEMA]
    assert REQUIRED_FIELD not in schema["properties"], f"{REQUIRED_FIELD_SCHEMA} already has {REQUIRED_FIELD}"
    schema["properties"][REQUIRED_FIELD] = {"type": "integer", "format": "int32"}
    schema.setdefault("required", []).append(REQUIRED_FIELD)


def add_operation(spec: Spec) -> None:
    assert ADDED_PATH not in spec["paths"], f"{ADDED_PATH} already exists"
    spec["paths"][ADDED_PATH] = {
        "get": {
            "tags": ["Tags"],
            "summary": "Tag usage",
            "operationId": ADDED_OPERATION_ID,
            "parameters": [
                {"name": "tagId", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
            ],
            "responses": {
                "200": {
                    "description": "How many conversations carry the tag",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"data": {"type": "integer"}},
                                "required": ["data"],
                            }
                        }
                    },
                }
            },
        }
    }


def add_type_variant(spec: Spec) -> None:
    table = schemas(spec)
    union = table[UNION]
    assert NEW_VARIANT not in table, f"{NEW_VARIANT} already exists"
    table[NEW_VARIANT] = {
        "title": NEW_VARIANT,
        "type": "object",
        "required": ["value"],
        "properties": {"value": {"type": "integer", "format": "int32"}},
    }
    union["oneOf"].append({"$ref": schema_ref(NEW_VARIANT)})


def remove_operation(spec: Spec) -> None:
    assert "get" in spec["paths"].get(REMOVED_PATH, {}), f"GET {REMOVED_PATH} is gone from the spec"
    del spec["paths"][REMOVED_PATH]["get"]
    if not any(key for key in spec["paths"][REMOVED_PATH] if key != "parameters"):
        del spec["paths"][REMOVED_PATH]


EDITS: dict[str, Edit] = {
    "remove a response field": remove_response_field,
    "add a required request field": add_required_request_field,
    "add an operation": add_operation,
    "add a _type variant": add_type_variant,
    "remove an operation": remove_operation,
}


def drifted(spec: Spec, *edits: Edit) -> dict[str, Any]:
    """A deep copy of ``spec`` with ``edits`` applied; ``spec`` itself is left alone."""
    copied = copy.deepcopy(spec)
    for edit in edits:
        edit(copied)
    return copied
