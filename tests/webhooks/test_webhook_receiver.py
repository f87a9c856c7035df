"""``examples/webhook_receiver.py`` over real loopback HTTP: signed deliveries are accepted
and dispatched, every tampering case is refused with the right status, bodies are bounded."""

from __future__ import annotations

import http.client
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dixa import webhooks
from examples.webhook_receiver import Receiver, describe
from tests.webhooks import deliveries
from tests.webhooks.deliveries import EXAMPLE_SECRET, OTHER_SECRET, delivery, sign, signed_headers

ROOT = Path(__file__).resolve().parents[2]


class Running:
    def __init__(self, server: Receiver, handled: queue.Queue[webhooks.WebhookEvent]) -> None:
        self.server = server
        self.handled = handled
        self.port = server.server_port

    def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, object]]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("POST", "/", body=body, headers=headers)
            response = connection.getresponse()
            return response.status, json.loads(response.read())
        finally:
            connection.close()

    def next_handled(self) -> webhooks.WebhookEvent:
        return self.handled.get(timeout=10)


def serve(**options: object) -> Iterator[Running]:
    handled: queue.Queue[webhooks.WebhookEvent] = queue.Queue()
    server = Receiver(("127.0.0.1", 0), EXAMPLE_SECRET, handle=handled.put, **options)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Running(server, handled)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def receiver() -> Iterator[Running]:
    yield from serve(max_body=64 * 1024)


def fresh(fqn: str = "CONVERSATION_CLOSED", **envelope: object) -> tuple[bytes, dict[str, str]]:
    body = deliveries.body(delivery(fqn, **envelope))
    return body, signed_headers(body, EXAMPLE_SECRET, time.time())


def test_a_valid_delivery_is_accepted_and_dispatched(receiver):
    body, headers = fresh()
    assert receiver.post(body, headers) == (202, {"ok": True})
    event = receiver.next_handled()
    assert isinstance(event, webhooks.ConversationClosed)
    assert event.data.conversation.csid == 1234
    assert describe(event) == "CONVERSATION_CLOSED: conversation 1234 closed (no queue)"


def test_tampering_cases_are_refused(receiver):
    body, headers = fresh()
    stale_body, _ = fresh(event_id="stale")
    cases = {
        "tampered body": (body.replace(b'"csid":1234', b'"csid":1235'), headers, 401, "signature"),
        "wrong secret": (body, signed_headers(body, OTHER_SECRET, time.time()), 401, "signature"),
        "stale timestamp": (
            stale_body,
            signed_headers(stale_body, EXAMPLE_SECRET, time.time() - 3600),
            401,
            "timestamp",
        ),
        "missing header": (body, {"Content-Type": "application/json"}, 400, "missing_header"),
        "malformed header": (body, {"X-DIXA-SIGNATURE": "v1=abc"}, 400, "malformed_header"),
    }
    for case, (sent, sent_headers, status, check) in cases.items():
        assert receiver.post(sent, sent_headers) == (status, {"error": check}), case
    assert receiver.handled.empty()
    # and the server still takes good deliveries afterwards
    assert receiver.post(body, headers)[0] == 202


def test_rotated_and_duplicated_signatures(receiver):
    body, _ = fresh("CONVERSATION_RATED")
    t = str(int(time.time() * 1000))
    rotated = {"X-DIXA-SIGNATURE": f"t={t},v1={sign(body, OTHER_SECRET, t)},v1={sign(body, EXAMPLE_SECRET, t)}"}
    assert receiver.post(body, rotated)[0] == 202
    assert isinstance(receiver.next_handled(), webhooks.ConversationRated)
    # The very same delivery again (Dixa may redeliver): answered, not handled twice.
    assert receiver.post(body, rotated) == (200, {"ok": True})
    body2, headers2 = fresh("CONVERSATION_OPEN", event_id="second")
    assert receiver.post(body2, headers2)[0] == 202
    assert receiver.next_handled().event_id == "second"  # the duplicate was never queued


def test_unknown_events_are_accepted(receiver):
    body = deliveries.body(delivery("CONVERSATION_OPEN", event_fqn="CONVERSATION_TELEPORTED"))
    assert receiver.post(body, signed_headers(body, EXAMPLE_SECRET, time.time()))[0] == 202
    event = receiver.next_handled()
    assert isinstance(event, webhooks.UnknownEvent)
    assert describe(event).startswith("CONVERSATION_TELEPORTED: not typed")


def test_a_signed_body_that_is_not_an_event_is_a_400(receiver):
    body = b'{"hello": "world"}'
    assert receiver.post(body, signed_headers(body, EXAMPLE_SECRET, time.time())) == (400, {"error": "payload"})


def test_oversize_bodies_are_refused_unread(receiver):
    connection = http.client.HTTPConnection("127.0.0.1", receiver.port, timeout=10)
    try:
        connection.putrequest("POST", "/")
        connection.putheader("Content-Length", str(10 * 1024 * 1024))
        connection.putheader("X-DIXA-SIGNATURE", "t=1,v1=00")
        # Nothing of the promised 10 MB is sent: the answer must come from the headers alone.
        # (Sending part of it would race the server's close into a connection reset.)
        connection.endheaders()
        response = connection.getresponse()
        assert (response.status, json.loads(response.read())) == (413, {"error": "too_large"})
        assert response.getheader("Connection") == "close"
    finally:
        connection.close()
    assert receiver.handled.empty()


def test_a_body_without_length_is_refused(receiver):
    connection = http.client.HTTPConnection("127.0.0.1", receiver.port, timeout=10)
    try:
        connection.putrequest("POST", "/")
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        response = connection.getresponse()
        assert (response.status, json.loads(response.read())) == (411, {"error": "length_required"})
    finally:
        connection.close()


def test_the_authorization_header_is_checked_when_configured():
    for running in serve(authorization="Bearer s3cret"):
        body, headers = fresh()
        assert running.post(body, headers) == (401, {"error": "authorization"})
        assert running.post(body, {**headers, "Authorization": "Bearer wrong"}) == (401, {"error": "authorization"})
        assert running.post(body, {**headers, "Authorization": "Bearer s3cret"})[0] == 202


def test_the_module_runs_as_a_server():
    """``python -m examples.webhook_receiver``, as the docs say to run it."""
    env = {**os.environ, "DIXA_WEBHOOK_SECRET": EXAMPLE_SECRET, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "examples.webhook_receiver", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()  # type: ignore[union-attr]
    try:
        first = lines.get(timeout=30)
        assert first.startswith("listening on http://127.0.0.1:")
        port = int(first.rsplit(":", 1)[1].strip().rstrip("/"))
        running = Running.__new__(Running)
        running.port = port
        body, headers = fresh("CONVERSATION_MESSAGE_ADDED")
        assert running.post(body, headers)[0] == 202
        assert lines.get(timeout=10).strip() == (
            "CONVERSATION_MESSAGE_ADDED: outbound message 2d1c0b9a-8f7e-4d6c-b5a4-938271605f4e on 1234"
        )
        assert running.post(body.replace(b"Hello", b"Hellp"), headers) == (401, {"error": "signature"})
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]


def test_the_module_refuses_to_start_without_a_usable_secret():
    for secret in ("", "not-hex"):
        env = {**os.environ, "DIXA_WEBHOOK_SECRET": secret}
        result = subprocess.run(
            [sys.executable, "-m", "examples.webhook_receiver", "0"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert result.returncode == 2
        assert "DIXA_WEBHOOK_SECRET" in result.stderr or "secret" in result.stderr
        assert "not-hex" not in result.stderr
