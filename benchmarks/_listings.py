"""Large listing pages shaped like Dixa's own examples, for the parse and walk benchmarks.

Conversations come from ``GET /beta/endusers/{userId}/conversations`` and agents from
``GET /beta/agents``. Each item is built from the spec's example for that operation and
varied the way real traffic varies: conversations cycle through every channel's
``_type`` (so a parser that tries the variants in order pays for the late ones), and
carry the optional parts (assignment, queue, link, custom attributes) on a share of the
items. The timestamps are the spec examples' form (``...Z``, with milliseconds on some):
the form every library compared here accepts.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from benchmarks._payloads import JSON_HEADERS

END_USER_ID = "9deb936b-52e5-4c44-828d-4c8d48fe0c7e"
CONVERSATIONS_PATH = f"/beta/endusers/{END_USER_ID}/conversations"
AGENTS_PATH = "/beta/agents"

# Every tagged conversation variant, with the fields only it has (values from the spec's examples).
_CHANNELS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "EmailConversation",
        "Email",
        {
            "toEmail": "support@example.org",
            "fromEmail": "ada@example.org",
            "integrationEmail": "support@example.org",
            "subject": "Refund for order 1042",
        },
    ),
    (
        "ChatConversation",
        "WidgetChat",
        {
            "browserInfo": {
                "name": "Chrome 9",
                "version": "91.0.4472.114",
                "ipAddress": "127.0.0.1",
                "originatingUrl": "http://localhost:3000/",
            },
            "language": "en",
        },
    ),
    ("PstnPhoneConversation", "PstnPhone", {}),
    ("WhatsAppConversation", "WhatsApp", {}),
    ("ContactFormConversation", "ContactForm", {"fromEmail": "ada@example.org", "subject": "Where is my parcel?"}),
    ("SmsConversation", "Sms", {"fromNumber": "+4512345678", "toNumber": "+4587654321"}),
    ("FacebookMessengerConversation", "FacebookMessenger", {}),
    ("MessengerConversation", "Messenger", {"language": "da"}),
    ("TwitterConversation", "Twitter", {"conversationType": "DirectMessage", "endUserTwitterId": "1234"}),
    ("GenericConversation", "Voicemail", {"fromContactPointId": "cp-1", "toContactPointId": "cp-2"}),
    ("AnonymizedConversation", "Email", {"anonymizedAt": "2021-01-04T10:00:00Z"}),
]
_LINKS = ["SideConversation", "FollowUp", "EmailForward"]


def _uuid(n: int, salt: int = 0) -> str:
    return str(uuid.UUID(int=(0x0E4D0EAD_DC69_470A_9B3A_E7EB00000000 + salt * 0x10000 + n) & ((1 << 128) - 1)))


def conversation(n: int) -> dict[str, Any]:
    kind, channel, extra = _CHANNELS[n % len(_CHANNELS)]
    item: dict[str, Any] = {
        "id": 1000 + n,
        "requesterId": END_USER_ID,
        "channel": channel,
        "createdAt": f"2020-12-16T09:{n % 60:02d}:43Z",
        "direction": "Inbound",
        "state": "Open" if n % 3 else "Closed",
        "stateUpdatedAt": f"2020-12-16T10:41:{n % 60:02d}.{n % 1000:03d}Z",
    }
    if kind != "AnonymizedConversation":
        item["assignment"] = {"agentId": _uuid(n % 40, 1), "assignedAt": "2020-12-16T11:00:34Z"}
        if n % 2:
            item["queue"] = {"id": _uuid(n % 7, 2), "queuedAt": "2020-12-16T10:40:40Z"}
    if n % 5 == 0:
        item["link"] = {"parentId": 1000 + n // 2, "_type": _LINKS[n % len(_LINKS)]}
    if n % 4 == 0:
        item["customAttributes"] = [
            {"id": _uuid(1, 3), "name": "Order", "identifier": "order_id", "value": f"#{1000 + n}"},
            {"id": _uuid(2, 3), "name": "Topics", "identifier": "topics", "value": ["refund", "shipping"]},
        ]
    item.update(extra)
    item["_type"] = kind
    return item


def agent(n: int) -> dict[str, Any]:
    return {
        "id": _uuid(n, 4),
        "createdAt": "2020-12-16T09:41:43Z",
        "displayName": f"Agent {n}",
        "email": f"agent.{n}@example.org",
        "avatarUrl": f"https://files.dixa.io/public/image_{n}_id",
        "additionalEmails": [],
        "additionalPhoneNumbers": [],
        "middleNames": [],
        "roles": ["Agent"] if n % 10 else ["Agent", "Admin"],
    }


ITEMS = {"conversations": conversation, "agents": agent}
PATHS = {"conversations": CONVERSATIONS_PATH, "agents": AGENTS_PATH}


def page(kind: str, count: int, start: int = 0) -> bytes:
    """One listing page of ``count`` items as the API sends it (``{"data": [...]}``)."""
    return json.dumps({"data": [ITEMS[kind](start + n) for n in range(count)]}).encode()


class Pages:
    """``pages`` pages of ``per_page`` items of ``kind``, linked by ``meta.next``, served from memory."""

    def __init__(self, kind: str, pages: int, per_page: int) -> None:
        self.path = PATHS[kind]
        self.pages = pages
        self.per_page = per_page
        self._bodies = []
        for index in range(pages):
            body: dict[str, Any] = {"data": [ITEMS[kind](index * per_page + n) for n in range(per_page)], "meta": {}}
            if index + 1 < pages:
                body["meta"]["next"] = f"{self.path}?pageLimit={per_page}&pageKey={index + 1}"
            self._bodies.append(json.dumps(body).encode())

    def body(self, page_key: str | None) -> bytes:
        return self._bodies[int(page_key) if page_key else 0]

    def handler(self, request: Any) -> Any:
        import httpx

        return httpx.Response(200, content=self.body(request.url.params.get("pageKey")), headers=JSON_HEADERS)

    @property
    def total_items(self) -> int:
        return self.pages * self.per_page
