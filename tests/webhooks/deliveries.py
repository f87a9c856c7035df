"""Test deliveries, one per event type, built from the field lists of the fact sheet
(``shared/dixa-webhooks.md``: sections 3 to 5), and the signing helpers the tests use.

Signatures are computed here from Dixa's documented algorithm, independently of
``dixa.webhooks``: HMAC-SHA256 over ``"<t>.<raw body>"``, keyed with the hex-decoded
secret, hex digest in ``v1``.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
from typing import Any

# The fact sheet's worked example (section 2.2), byte for byte.
EXAMPLE_SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
EXAMPLE_T = "1700000000000"
EXAMPLE_BODY = (
    b'{"event_id":"0b0c2a52-7f4e-4d0e-9a53-3f1d2b6c8e11","event_fqn":"CONVERSATION_CREATED","event_version":"1",'
    b'"event_timestamp":"2023-11-14T22:13:20.000Z","organization":{"id":"5d6a1c2e-0000-4000-8000-000000000001",'
    b'"name":"Example Org"},"data":{"conversation":{"csid":42}}}'
)
EXAMPLE_V1 = "e1a7334fc2e577631fc1f09a184a838321fce6b0b25fa348e94fe928a3f009f7"
EXAMPLE_HEADER = f"t={EXAMPLE_T},v1={EXAMPLE_V1}"
# Section 2.2's negative vectors: the same inputs with one common mistake each.
EXAMPLE_WRONG_V1 = {
    "secret used as ASCII text": "523649394a4f057231a142a199853212f1a2904ead051c08e122369d78248949",
    "body only, no t. prefix": "1b669a57851a9e9ed02681731e65a2d084ffc7648241e0f6a941cffab21b08dc",
    "body re-serialised": "57fdd7446b8c36d5f0b5a2149ce340c62087cc7c042a77cee23ae57ded0147bf",
    "t in seconds": "0164e7941d18c85d50511b24d113e3721c1b80a3a5ad330febcbf28e367e3ef9",
}
# The second vector: a non-ASCII body, so bytes (not characters) are what is signed.
UTF8_BODY = '{"event_fqn":"CONVERSATION_NOTE_ADDED","data":{"text":"Tak, på gensyn"}}'.encode()
UTF8_V1 = "6a492a1bb050f60f0cfaaff2b7ed8d5a7e5aef714b09dbbf233074db214be053"

OTHER_SECRET = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"


def sign(body: bytes, secret: str, t: str) -> str:
    """``v1`` per Dixa's documented algorithm."""
    return hmac.new(bytes.fromhex(secret), t.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()


def signed_headers(body: bytes, secret: str, t_seconds: float) -> dict[str, str]:
    t = str(int(t_seconds * 1000))
    return {
        "X-DIXA-SIGNATURE": f"t={t},v1={sign(body, secret, t)}",
        "X-DIXA-SUBSCRIPTION-ID": "beabb3e2-3a10-4a44-9a88-9359887a139f",
        "Content-Type": "application/json",
    }


# --------------------------------------------------------------------------- objects (section 5)

ORGANIZATION = {"id": "5d6a1c2e-0000-4000-8000-000000000001", "name": "Example Org"}

REQUESTER = {  # 5.3: name seen null on requesters; user_type Contact
    "id": "ec4a2b65-0403-42b3-b054-8998325fd8ac",
    "name": None,
    "email": "test@example.com",
    "phone": None,
    "roles": [],
    "user_type": "Contact",
}
AGENT = {
    "id": "cccb8520-e24f-43bf-8344-49d07665d854",
    "name": "An Agent",
    "email": "agent@yourcompany.com",
    "phone": "+4511223344",
    "roles": [],
    "user_type": "Member",
}
QUEUE = {"id": "b5b10483-7d28-4dea-bf8d-0d88cc3bd7cc", "name": "Support "}  # 5.4: trailing space kept
TAG = {"id": "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", "name": "vip", "is_deactivated": False}

CONVERSATION = {  # 5.2, in Dixa's key order
    "csid": 1234,
    "channel": "EMAIL",
    "status": "OPEN",
    "direction": "INBOUND",
    "queue": QUEUE,
    "contact_point": "support@acme.email.dixa.io",
    "requester": REQUESTER,
    "assignee": AGENT,
    "subject": "Where is my order?",
    "tags": [TAG],
    "created_at": "2025-01-14T22:01:05.429Z",
}
# The nulls production deliveries show: no queue, no assignee, no subject, no contact point.
BARE_CONVERSATION = {
    **CONVERSATION,
    "channel": "FACEBOOK_MESSENGER",
    "status": "CLOSED",
    "queue": None,
    "contact_point": None,
    "assignee": None,
    "subject": None,
    "tags": [],
}

MESSAGE_CONTENT = {
    "text": "Hello",
    "content_type": "Text",
    "original_content_url": None,
    "processed_content_url": None,
}

# --------------------------------------------------------------------------- data per event (section 4)

_CONVERSATION_ONLY = {"conversation": CONVERSATION}

DATA: dict[str, dict[str, Any]] = {
    "CONVERSATION_CREATED": {"conversation": {**CONVERSATION, "assignee": None}},
    "CONVERSATION_OPEN": _CONVERSATION_ONLY,
    "CONVERSATION_PENDING": {"conversation": {**CONVERSATION, "status": "PENDING"}},
    "CONVERSATION_PENDING_EXPIRED": {"conversation": CONVERSATION, "pendingByUser": AGENT},
    "CONVERSATION_CLOSED": {"conversation": BARE_CONVERSATION},
    "CONVERSATION_ABANDONED": {"conversation": CONVERSATION, "queue": QUEUE},
    "CONVERSATION_ENQUEUED": _CONVERSATION_ONLY,
    "CONVERSATION_NOTE_ADDED": {
        "conversation": CONVERSATION,
        "note_id": "ac951357-5189-4707-add7-616af55698q7",
        "text": "Some Note Added",
        "created_at": "2023-09-15T12:00:00.000Z",
        "author": AGENT,
    },
    "CONVERSATION_MESSAGE_ADDED": {
        "author": AGENT,
        "channel": "EMAIL",
        "content": MESSAGE_CONTENT,
        "conversation": {**CONVERSATION, "direction": "OUTBOUND"},
        "created_at": "2025-01-14T22:01:05.429Z",
        "direction": "outbound",
        "external_id": "null",
        "message_id": "2d1c0b9a-8f7e-4d6c-b5a4-938271605f4e",
        "text": "Hello",
    },
    "CONVERSATION_TAG_ADDED": {"author": AGENT, "tag": "vip", "conversation": CONVERSATION},
    # Dixa's own test bodies: score, comment and type directly in data.
    "CONVERSATION_RATED": {"conversation": CONVERSATION, "score": 4, "comment": "Quick help", "type": "Csat"},
}
# Events whose data Dixa does not document: the conversation when they are about one,
# plus a key nobody documents, which must survive untouched.
UNDOCUMENTED = [
    "CONVERSATION_ASSIGNED",
    "CONVERSATION_UNASSIGNED",
    "CONVERSATION_TRANSFERRED",
    "CONVERSATION_TAG_REMOVED",
    "CONVERSATION_CUSTOM_ATTRIBUTE_UPDATED",
    "CONVERSATION_END_USER_REPLACED",
    "AGENT_BANNED_ENDUSER",
    "AGENT_UNBANNED_ENDUSER",
    "AGENT_BANNED_IP",
    "AGENT_UNBANNED_IP",
    "TYPING_STARTED",
    "SLA_EVALUATION_PENDING",
    "SLA_EVALUATION_BREACHED",
    "SLA_EVALUATION_ACHIEVED",
    "SLA_EVALUATION_VOIDED",
    "CONVERSATION_MESSAGE_DELIVERY_SENT",
    "CONVERSATION_MESSAGE_DELIVERY_DELIVERED",
    "CONVERSATION_MESSAGE_DELIVERY_SEEN",
    "CONVERSATION_MESSAGE_DELIVERY_FAILED",
    "CONVERSATION_MESSAGE_DELIVERY_INFO",
    "CONVERSATION_MESSAGE_DELIVERY_SPAM_COMPLAINT",
]
for _fqn in UNDOCUMENTED:
    DATA[_fqn] = (
        {"conversation": CONVERSATION, "undocumented": {"kept": True}} if _fqn.startswith("CONVERSATION_") else {}
    )

# Section 4.1: subscription name (PascalCase) -> event_fqn, all 32 of the beta enum.
SUBSCRIPTION_NAMES = {
    "ConversationCreated": "CONVERSATION_CREATED",
    "ConversationOpen": "CONVERSATION_OPEN",
    "ConversationPending": "CONVERSATION_PENDING",
    "ConversationPendingExpired": "CONVERSATION_PENDING_EXPIRED",
    "ConversationClosed": "CONVERSATION_CLOSED",
    "ConversationAbandoned": "CONVERSATION_ABANDONED",
    "ConversationEnqueued": "CONVERSATION_ENQUEUED",
    "ConversationAssigned": "CONVERSATION_ASSIGNED",
    "ConversationUnassigned": "CONVERSATION_UNASSIGNED",
    "ConversationTransferred": "CONVERSATION_TRANSFERRED",
    "ConversationNoteAdded": "CONVERSATION_NOTE_ADDED",
    "ConversationMessageAdded": "CONVERSATION_MESSAGE_ADDED",
    "ConversationTagAdded": "CONVERSATION_TAG_ADDED",
    "ConversationTagRemoved": "CONVERSATION_TAG_REMOVED",
    "ConversationRated": "CONVERSATION_RATED",
    "ConversationCustomAttributeUpdated": "CONVERSATION_CUSTOM_ATTRIBUTE_UPDATED",
    "ConversationEndUserReplaced": "CONVERSATION_END_USER_REPLACED",
    "AgentBannedEnduser": "AGENT_BANNED_ENDUSER",
    "AgentUnbannedEnduser": "AGENT_UNBANNED_ENDUSER",
    "AgentBannedIp": "AGENT_BANNED_IP",
    "AgentUnbannedIp": "AGENT_UNBANNED_IP",
    "TypingStarted": "TYPING_STARTED",
    "SLAEvaluationPending": "SLA_EVALUATION_PENDING",
    "SLAEvaluationBreached": "SLA_EVALUATION_BREACHED",
    "SLAEvaluationAchieved": "SLA_EVALUATION_ACHIEVED",
    "SLAEvaluationVoided": "SLA_EVALUATION_VOIDED",
    "ConversationMessageDeliverySent": "CONVERSATION_MESSAGE_DELIVERY_SENT",
    "ConversationMessageDeliveryDelivered": "CONVERSATION_MESSAGE_DELIVERY_DELIVERED",
    "ConversationMessageDeliverySeen": "CONVERSATION_MESSAGE_DELIVERY_SEEN",
    "ConversationMessageDeliveryFailed": "CONVERSATION_MESSAGE_DELIVERY_FAILED",
    "ConversationMessageDeliveryInfo": "CONVERSATION_MESSAGE_DELIVERY_INFO",
    "ConversationMessageDeliverySpamComplaint": "CONVERSATION_MESSAGE_DELIVERY_SPAM_COMPLAINT",
}
assert sorted(SUBSCRIPTION_NAMES.values()) == sorted(DATA)


def delivery(fqn: str, data: Any = None, **envelope: Any) -> dict[str, Any]:
    """A delivery envelope (section 3, Dixa's key order) around ``data`` (default: ``DATA[fqn]``)."""
    return {
        "event_id": envelope.pop("event_id", "8967e0c6-fe64-4105-bf71-14ae0c256aa4"),
        "event_fqn": fqn,
        "event_version": envelope.pop("event_version", "1"),
        "event_timestamp": envelope.pop("event_timestamp", "2025-01-14T22:01:05.429Z"),
        "organization": envelope.pop("organization", ORGANIZATION),
        "data": copy.deepcopy(DATA[fqn] if data is None else data),
        **envelope,
    }


def body(payload: dict[str, Any]) -> bytes:
    """Compact JSON, as live deliveries are."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
