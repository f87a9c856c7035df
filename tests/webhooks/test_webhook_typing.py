"""The events are typed for their readers: mypy --strict, run on a snippet, narrows the
``WebhookEvent`` union by ``match`` and ``isinstance`` (checked with ``assert_type``).

The snippet also holds lines that must *not* type-check, and the test requires exactly
those errors, so models loosened to ``Any`` would fail it too.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[2]

SNIPPET = textwrap.dedent(
    """
    from __future__ import annotations

    import datetime as dt
    from typing import Any, assert_type

    import dixa
    from dixa import webhooks


    def receive(body: bytes, headers: dict[str, str], client: dixa.Dixa) -> None:
        event = webhooks.construct_event(body, headers, "00")
        assert_type(event, webhooks.WebhookEvent)
        assert_type(event.event_id, str)
        assert_type(event.event_timestamp, dt.datetime)
        assert_type(event.organization, webhooks.Organization | None)
        match event:
            case webhooks.ConversationClosed() | webhooks.ConversationCreated():
                assert_type(event.data, webhooks.ConversationEventData)
                assert_type(event.data.conversation.csid, int)
                assert_type(event.data.conversation.queue, webhooks.Queue | None)
                assert_type(event.data.conversation.assignee, webhooks.User | None)
                assert_type(event.data.conversation.tags, tuple[webhooks.Tag, ...])
                assert_type(event.data.conversation.created_at, dt.datetime | None)
            case webhooks.ConversationRated(data=data):
                assert_type(data.score, int | None)
                assert_type(data.rating_type, str | None)
            case webhooks.SLAEvaluationBreached():
                assert_type(event.data, webhooks.EventData)
                assert_type(event.data.raw["anything"], Any)
            case webhooks.UnknownEvent():
                assert_type(event.reason, str)
                assert_type(event.data, Any)
        if isinstance(event, webhooks.ConversationMessageAdded):
            assert_type(event.data.content, webhooks.MessageContent | None)
            assert_type(event.to_dict(), dict[str, Any])
        for log in client.webhooks.event_logs.list("cb452b81-6748-40ab-af85-6559b371bc5d", "ConversationClosed"):
            assert_type(log, webhooks.EventLog)
            assert_type(log.payload, str)
            assert_type(log.event, webhooks.WebhookEvent)

        event.data.conversation.csid  # error: not every event has a conversation
        event.event_id = "other"  # error: frozen
        webhooks.verify_signature(body, headers, "00", tolerance="5m")  # error: not a duration
    """
)

# The lines marked "# error:" in the snippet, and the codes mypy must give them.
EXPECTED_CODES = ["union-attr", "misc", "arg-type"]


def test_mypy_narrows_webhook_events() -> None:
    # A fixed path: mypy's cache is keyed by module, and would replay a same-named snippet's errors.
    snippet = ROOT / "build" / "webhook-typing" / "webhook_types.py"
    snippet.parent.mkdir(parents=True, exist_ok=True)
    snippet.write_text(SNIPPET)

    stdout, stderr, _ = api.run(
        [
            str(snippet),
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(snippet.parent / ".mypy_cache"),
            "--show-error-codes",
            "--no-pretty",
        ]
    )

    errors = {
        int(line.split(":")[1]): line.rsplit("[", 1)[-1].rstrip("]")
        for line in stdout.splitlines()
        if line.split(":")[0].endswith(snippet.name) and ": error:" in line  # mypy may print it relative
    }
    marked = [number for number, line in enumerate(SNIPPET.splitlines(), 1) if "# error:" in line]
    assert errors == dict(zip(marked, EXPECTED_CODES, strict=True)), stdout + stderr
