"""api.md is generated from the resource tree (scripts/api_reference.py) and kept current."""

from __future__ import annotations

import dixa
from scripts import api_reference
from tests.surface.test_coverage import generated_operations, surface_operations


def test_api_md_is_current() -> None:
    text = api_reference.render()
    current = api_reference.API_MD.read_text(encoding="utf-8")
    assert current == text, "api.md is out of date: run 'make api' and commit it"


def test_every_operation_is_listed_with_its_http_route() -> None:
    text = api_reference.API_MD.read_text(encoding="utf-8")
    for operation, where in surface_operations().items():
        assert f"| `{where}(" in text, f"{where} ({operation}) is missing from api.md"
    assert len(surface_operations().keys() & generated_operations()) == text.count("| GET ") + text.count(
        "| POST "
    ) + text.count("| PUT ") + text.count("| PATCH ") + text.count("| DELETE ")


def test_signatures_are_the_callers_not_the_builders() -> None:
    with dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9") as client:
        entries = {e.path: e for e in api_reference.walk(client)}
        note = entries["client.conversations.notes.create"]
        # What a caller passes and gets: the listing's pager, the endpoint's model, no `self`.
        assert note.signature.startswith("(conversation_id: int, *, message: str")
        assert note.signature.endswith("-> InternalNoteData")
        assert entries["client.conversations.notes.list"].signature.endswith("-> SyncPager[InternalNoteData]")
