"""A webhook receiver: checks each delivery's signature, then dispatches it by event class.

    DIXA_WEBHOOK_SECRET=<the subscription's secret key> python -m examples.webhook_receiver [port]

It listens on 127.0.0.1 (``HOST`` to change, port 8000 unless given; 0 picks a free one)
and prints one line per event. Set ``DIXA_WEBHOOK_AUTHORIZATION`` to the header value the
subscription sends (``"Bearer ..."``, ``"Basic ..."``) to check that too.

How it answers, and why:

* 202 as soon as the delivery is verified and parsed: the work happens on a worker thread,
  so a slow handler never makes Dixa wait (or retry). A repeated ``event_id`` is answered
  200 and not handled again: deliveries can repeat.
* 400 for a request that is not a Dixa delivery (no or malformed ``X-DIXA-SIGNATURE``,
  a body that is not an event), 401 when a check fails (signature, timestamp,
  authorization), 411/413 for a body of unknown length or over ``MAX_BODY`` (not read at
  all), 500 if the secret itself is unusable. Errors name the failed check, nothing more.
"""

from __future__ import annotations

import collections
import contextlib
import json
import logging
import os
import queue
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import dixa
from dixa import webhooks

log = logging.getLogger("examples.webhook_receiver")

MAX_BODY = 1 << 20  # 1 MiB: deliveries are a few kB
SEEN_EVENTS = 10_000  # event ids remembered for de-duplication
BAD_REQUEST_CHECKS = frozenset({"missing_header", "malformed_header"})


def describe(event: webhooks.WebhookEvent) -> str:
    """What the receiver does with each event: here, one line. Ids only: the payloads
    carry names, emails and message texts, which do not belong in logs."""
    match event:
        case webhooks.ConversationCreated(data=data) | webhooks.ConversationOpen(data=data):
            return f"{event.event_fqn}: conversation {data.conversation.csid} via {data.conversation.channel}"
        case webhooks.ConversationClosed(data=data):
            queue_name = data.conversation.queue.name if data.conversation.queue else "no queue"
            return f"{event.event_fqn}: conversation {data.conversation.csid} closed ({queue_name})"
        case webhooks.ConversationRated(data=data):
            return f"{event.event_fqn}: conversation {data.conversation.csid} rated {data.score} ({data.rating_type})"
        case webhooks.ConversationMessageAdded(data=data):
            return f"{event.event_fqn}: {data.direction} message {data.message_id} on {data.conversation.csid}"
        case webhooks.ConversationTagAdded(data=data):
            return f"{event.event_fqn}: conversation {data.conversation.csid} tagged"
        case webhooks.UnknownEvent(reason=reason):
            return f"{event.event_fqn}: not typed ({reason})"
        case _:
            return f"{event.event_fqn}: {type(event).__name__}"


class Receiver(ThreadingHTTPServer):
    """An HTTP server that verifies deliveries and hands each new event to ``handle`` on one
    worker thread, in arrival order."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        secret: str,
        *,
        handle: Callable[[webhooks.WebhookEvent], object] = lambda event: print(describe(event), flush=True),
        authorization: str | None = None,
        max_body: int = MAX_BODY,
    ) -> None:
        webhooks.signature_header(b"", secret)  # refuse to start with an unusable secret
        super().__init__(address, _Handler)
        self.secret = secret
        self.authorization = authorization
        self.max_body = max_body
        self._handle = handle
        self._seen: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._seen_lock = threading.Lock()
        self._queue: queue.Queue[webhooks.WebhookEvent | None] = queue.Queue()
        self._worker = threading.Thread(target=self._work, name="webhook-worker", daemon=True)
        self._worker.start()

    def is_new(self, event_id: str) -> bool:
        with self._seen_lock:
            if event_id in self._seen:
                return False
            self._seen[event_id] = None
            if len(self._seen) > SEEN_EVENTS:
                self._seen.popitem(last=False)
            return True

    def submit(self, event: webhooks.WebhookEvent) -> None:
        self._queue.put(event)

    def _work(self) -> None:
        while (event := self._queue.get()) is not None:
            try:
                self._handle(event)
            except Exception:  # one failing event must not stop the others
                log.exception("handling %s %s failed", event.event_fqn, event.event_id)

    def server_close(self) -> None:
        super().server_close()
        self._queue.put(None)
        self._worker.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    server: Receiver
    protocol_version = "HTTP/1.1"
    timeout = 10  # seconds a client may take to send its request

    def do_POST(self) -> None:
        length = self.headers.get("Content-Length", "")
        if "Transfer-Encoding" in self.headers or not length.isdigit():
            self._reply(411, "length_required", close=True)
            return
        if int(length) > self.server.max_body:
            self._reply(413, "too_large", close=True)  # the body is never read
            return
        body = self.rfile.read(int(length))
        try:
            event = webhooks.construct_event(
                body, self.headers, self.server.secret, authorization=self.server.authorization
            )
        except dixa.WebhookVerificationError as exc:
            status = 500 if exc.check == "secret" else 400 if exc.check in BAD_REQUEST_CHECKS else 401
            log.warning("rejected a delivery: %s", exc)
            self._reply(status, exc.check)
            return
        except dixa.DixaError as exc:  # signed, but not an event (not JSON, no envelope)
            log.warning("rejected a delivery: %s", exc)
            self._reply(400, "payload")
            return
        if not self.server.is_new(event.event_id):
            self._reply(200, None)
            return
        self.server.submit(event)
        self._reply(202, None)

    def _reply(self, status: int, error: str | None, *, close: bool = False) -> None:
        body = json.dumps({"error": error} if error else {"ok": True}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        log.debug(format, *args)


def main(argv: list[str]) -> int:
    secret = os.environ.get("DIXA_WEBHOOK_SECRET")
    if not secret:
        print("set DIXA_WEBHOOK_SECRET to the subscription's secret key", file=sys.stderr)
        return 2
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(argv[0]) if argv else 8000
    try:
        server = Receiver((host, port), secret, authorization=os.environ.get("DIXA_WEBHOOK_AUTHORIZATION"))
    except dixa.WebhookVerificationError as exc:
        print(f"cannot start: {exc}", file=sys.stderr)
        return 2
    with server:
        print(f"listening on http://{host}:{server.server_port}/", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
