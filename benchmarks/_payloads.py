"""Canned response bodies shaped like Dixa's, shared by the in-process and loopback benchmarks.

The bodies are realistic on purpose: Dixa's own timestamp format (with the bracketed
zone), UUIDs, and activity-log entries of several kinds, so that the SDK's typed parsing
costs what it costs on real traffic.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

CONVERSATION_ID = 9456
NOTES_PATH = f"/beta/conversations/{CONVERSATION_ID}/notes"
# The dixa-api-client package speaks the v1 API; same body, other path.
NOTES_PATH_V1 = f"/v1/conversations/{CONVERSATION_ID}/notes"
ACTIVITY_PATH = "/beta/conversations/activitylog"
JSON_HEADERS = {"content-type": "application/json"}
API_KEY = "bench-api-key"


def _uuid(n: int) -> str:
    return str(uuid.UUID(int=0x5F2B2A2E_0000_4000_8000_000000000000 + n))


def note(n: int) -> dict[str, Any]:
    return {
        "id": _uuid(n),
        "authorId": "7c1d3f4e-1111-4222-8333-444455556666",
        "createdAt": f"2021-12-01T12:46:{n % 60:02d}.581Z[GMT]",
        "csid": CONVERSATION_ID,
        "message": f"Called the customer back about order #{1000 + n}; refund approved.",
    }


# A canned page of five internal notes, as GET /beta/conversations/{id}/notes returns it.
NOTES_PAGE: bytes = json.dumps({"data": [note(n) for n in range(5)]}).encode()

_ATTRIBUTES: list[tuple[str, str, dict[str, Any]]] = [
    ("NoteAdded", "NoteAddedActivityType", {"_type": "NoteAddedAttribute", "message": "Checked the refund"}),
    (
        "MessageAddedByCustomer",
        "MessageAddedByCustomerActivityType",
        {"_type": "MessageAddedAttribute", "messageId": "m-1"},
    ),
    (
        "ConversationAssigned",
        "ConversationAssignedActivityType",
        {"_type": "ConversationAssignedAttribute", "agentId": "a-1"},
    ),
    ("TagAdded", "TagAddedActivityType", {"_type": "TagAddedAttribute", "tag": "refund"}),
]


def activity_entry(n: int) -> dict[str, Any]:
    kind, activity_type, attributes = _ATTRIBUTES[n % len(_ATTRIBUTES)]
    return {
        "id": _uuid(n),
        "conversationId": CONVERSATION_ID + n % 97,
        "activityTimestamp": f"2024-11-20T12:59:{n % 60:02d}.947112912Z[Etc/UTC]",
        "activityType": activity_type,
        "_type": kind,
        "author": {"id": "7c1d3f4e-1111-4222-8333-444455556666", "name": "Ada Agent"},
        "attributes": attributes,
    }


class ActivityPages:
    """``pages`` pages of ``per_page`` activity-log entries, linked by ``meta.next``.

    Bodies are rendered on request from one template, so the server side holds a few
    kilobytes whatever the page count: the memory benchmark must measure the client.
    """

    def __init__(self, pages: int, per_page: int) -> None:
        self.pages = pages
        self.per_page = per_page
        template = json.dumps({"data": [activity_entry(n) for n in range(per_page)], "meta": "@META@"})
        self._head, self._tail = template.split('"@META@"')

    def body(self, page_key: str | None) -> bytes:
        index = int(page_key) if page_key else 0
        meta: dict[str, str] = {}
        if index + 1 < self.pages:
            meta["next"] = f"{ACTIVITY_PATH}?pageKey={index + 1}"
        return (self._head + json.dumps(meta) + self._tail).encode()

    @property
    def total_items(self) -> int:
        return self.pages * self.per_page
