"""What the fault tests share: one public operation per HTTP method with the answer that
makes it succeed, and ``Runner``, which executes one test body through ``Dixa`` (in a
worker thread, as a threaded application would) or through ``AsyncDixa``; and the
cold-start transports that hold a first request back, as a slow first connection does.

Every runner has its own API key, so rate-limit state never leaks between tests.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

import dixa
from tests.faults.faultserver import Reply

TAG_ID = "b794a74a-625b-4303-8237-9b11668a9605"
TAGS_PATH = "/beta/conversations/1/tags"
NOTES_PATH = "/beta/conversations/1/notes"
TAG_PATH = f"/beta/conversations/1/tags/{TAG_ID}"
ANONYMIZE_PATH = "/beta/conversations/1/anonymize"

TAGS = {"data": [{"id": TAG_ID, "name": "vip", "state": "Active"}]}
NOTE = {
    "data": {
        "id": "eb31acbb-13f9-4ce7-abd3-44dd86266741",
        "authorId": "5e8a300e-787e-47cd-af53-fc1ccc37933d",
        "createdAt": "2021-12-01T12:46:36.581Z[GMT]",
        "csid": 1,
        "message": "Called back",
    }
}
ANONYMIZATION = {
    "data": {
        "id": "87bac308-e49f-4134-84cc-96b868f1e1e4",
        "entityType": "ConversationAnonymizationType",
        "_type": "Conversation",
        "initiatedAt": "2021-12-01T12:46:36.581Z[GMT]",
        "targetEntityId": "1",
        "requestedBy": "b165fdaa-51d6-44b0-bfcd-5f431d623fa7",
    }
}


@dataclass(frozen=True)
class Op:
    """One public operation per HTTP method, with the answer that makes it succeed."""

    method: str
    path: str
    ok: Reply
    call: Callable[[Any], Any]

    @property
    def is_write(self) -> bool:
        return self.method != "GET"


GET = Op("GET", TAGS_PATH, Reply(200, TAGS), lambda c: c.conversations.tags.list(1))
POST = Op("POST", NOTES_PATH, Reply(201, NOTE), lambda c: c.conversations.notes.create(1, message="Called back"))
PUT = Op("PUT", TAG_PATH, Reply(204, content_type=None), lambda c: c.conversations.tag(1, TAG_ID))
DELETE = Op("DELETE", TAG_PATH, Reply(204, content_type=None), lambda c: c.conversations.untag(1, TAG_ID))
PATCH = Op("PATCH", ANONYMIZE_PATH, Reply(202, ANONYMIZATION), lambda c: c.conversations.anonymize(1))

IDEMPOTENT = [GET, PUT, DELETE]
NON_IDEMPOTENT = [POST, PATCH]
ALL_OPS = [GET, POST, PUT, DELETE, PATCH]


def check_success(op: Op, result: Any) -> None:
    """The parsed result each operation gives for its ``ok`` answer."""
    if op is GET:
        assert [tag.name for tag in result] == ["vip"]
    elif op is POST:
        assert result.message == "Called back"
    elif op is PATCH:
        assert str(result.target_entity_id) == "1"
    else:
        assert result is None


class Runner:
    """Runs ``fn(client)`` with a fresh client of the test's mode against ``base_url``."""

    def __init__(self, mode: str, base_url: str) -> None:
        self.mode = mode
        self.base_url = base_url
        self.api_key = f"fault-{uuid.uuid4()}"
        self.elapsed = 0.0

    def options(self, **overrides: Any) -> dict[str, Any]:
        options: dict[str, Any] = {
            "api_key": self.api_key,
            "base_url": self.base_url,
            "rate_limit": None,
            "max_retries": 2,
            "timeout": 5.0,
        }
        options.update(overrides)
        return options

    async def call(self, fn: Callable[[Any], Any], **client_options: Any) -> Any:
        """``fn(client)``'s result (listings drained), or the exception it raises."""
        options = self.options(**client_options)
        started = time.monotonic()
        try:
            if self.mode == "sync":
                return await asyncio.to_thread(self._sync, fn, options)
            async with dixa.AsyncDixa(**options) as client:
                result = fn(client)
                if isinstance(result, dixa.AsyncPager):
                    return [item async for item in result]
                return await result
        finally:
            self.elapsed = time.monotonic() - started

    @staticmethod
    def _sync(fn: Callable[[Any], Any], options: dict[str, Any]) -> Any:
        with dixa.Dixa(**options) as client:
            result = fn(client)
            return list(result) if isinstance(result, dixa.SyncPager) else result


class ColdStart(httpx.HTTPTransport):
    """Delays the first request before httpx/httpcore see it, like a slow first
    connection (TCP and TLS handshakes, one-time imports) would."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay
        self.lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            delay, self.delay = self.delay, 0.0
        time.sleep(delay)
        return super().handle_request(request)


class AsyncColdStart(httpx.AsyncHTTPTransport):
    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        delay, self.delay = self.delay, 0.0
        await asyncio.sleep(delay)
        return await super().handle_async_request(request)
