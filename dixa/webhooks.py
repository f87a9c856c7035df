"""Receiving Dixa's webhooks: check that a delivery comes from Dixa, then read it into a
typed event.

    from dixa import webhooks

    event = webhooks.construct_event(body, request.headers, secret)  # raw body bytes
    match event:
        case webhooks.ConversationClosed():
            ...

Dixa signs every delivery (https://docs.dixa.io/docs/webhooks/webhooks-security) with
``X-DIXA-SIGNATURE: t=<unix milliseconds>,v1=<hex>``, where ``v1`` is the HMAC-SHA256 of
``"<t>.<raw body>"`` keyed with the subscription's secret key, *hex-decoded*. The check
must see the body byte for byte as it arrived: parse it only afterwards.

What is checked, and the ``check`` a ``WebhookVerificationError`` names when it fails:

``secret``
    the secret is not a hex string (a configuration mistake, not the sender's);
``missing_header`` / ``malformed_header``
    no ``X-DIXA-SIGNATURE``, or one without a numeric ``t`` and a ``v1``;
``signature``
    no ``v1`` matches: another secret, or a body changed on the way;
``timestamp``
    signed longer ago (or further ahead) than ``tolerance``: a replay, or a clock
    out of sync. Dixa documents no window; five minutes is this SDK's default;
``authorization``
    the ``Authorization`` header differs from the one the subscription was created with
    (checked only when ``authorization=`` is given).

Several ``v1`` values are accepted (any one matching suffices), so a sender may sign with
an old and a new secret while they rotate; to rotate on the receiving side, try each of
your secrets in turn. Comparisons are constant-time and messages never contain a secret.

Importing this module is cheap (about what ``hmac`` costs): the event models load on first
use, and neither httpx nor the generated API models are imported to verify a delivery.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
import importlib
import re
import time
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, TypeAlias

if TYPE_CHECKING:
    from dixa_generated.models.basic_auth import BasicAuth
    from dixa_generated.models.no_auth import NoAuth
    from dixa_generated.models.token_auth import TokenAuth

    from dixa._exceptions import WebhookVerificationError
    from dixa._webhook_events import (
        EVENT_TYPES,
        AbandonedData,
        AgentBannedEnduser,
        AgentBannedIp,
        AgentUnbannedEnduser,
        AgentUnbannedIp,
        BaseEvent,
        Conversation,
        ConversationAbandoned,
        ConversationAssigned,
        ConversationClosed,
        ConversationCreated,
        ConversationCustomAttributeUpdated,
        ConversationEndUserReplaced,
        ConversationEnqueued,
        ConversationEventData,
        ConversationMessageAdded,
        ConversationMessageDeliveryDelivered,
        ConversationMessageDeliveryFailed,
        ConversationMessageDeliveryInfo,
        ConversationMessageDeliverySeen,
        ConversationMessageDeliverySent,
        ConversationMessageDeliverySpamComplaint,
        ConversationNoteAdded,
        ConversationOpen,
        ConversationPending,
        ConversationPendingExpired,
        ConversationRated,
        ConversationTagAdded,
        ConversationTagRemoved,
        ConversationTransferred,
        ConversationUnassigned,
        EventData,
        MessageAddedData,
        MessageContent,
        NoteAddedData,
        Organization,
        PendingExpiredData,
        Queue,
        RatedData,
        SLAEvaluationAchieved,
        SLAEvaluationBreached,
        SLAEvaluationPending,
        SLAEvaluationVoided,
        Tag,
        TagAddedData,
        TypingStarted,
        UnknownEvent,
        User,
        WebhookEvent,
        parse_event,
    )
    from dixa._webhook_logs import EventLog

__all__ = [
    "DEFAULT_TOLERANCE",
    "EVENT_TYPES",
    "SIGNATURE_HEADER",
    "SUBSCRIPTION_ID_HEADER",
    "AbandonedData",
    "AgentBannedEnduser",
    "AgentBannedIp",
    "AgentUnbannedEnduser",
    "AgentUnbannedIp",
    "BaseEvent",
    "Conversation",
    "ConversationAbandoned",
    "ConversationAssigned",
    "ConversationClosed",
    "ConversationCreated",
    "ConversationCustomAttributeUpdated",
    "ConversationEndUserReplaced",
    "ConversationEnqueued",
    "ConversationEventData",
    "ConversationMessageAdded",
    "ConversationMessageDeliveryDelivered",
    "ConversationMessageDeliveryFailed",
    "ConversationMessageDeliveryInfo",
    "ConversationMessageDeliverySeen",
    "ConversationMessageDeliverySent",
    "ConversationMessageDeliverySpamComplaint",
    "ConversationNoteAdded",
    "ConversationOpen",
    "ConversationPending",
    "ConversationPendingExpired",
    "ConversationRated",
    "ConversationTagAdded",
    "ConversationTagRemoved",
    "ConversationTransferred",
    "ConversationUnassigned",
    "EventData",
    "EventLog",
    "MessageAddedData",
    "MessageContent",
    "NoteAddedData",
    "Organization",
    "PendingExpiredData",
    "Queue",
    "RatedData",
    "SLAEvaluationAchieved",
    "SLAEvaluationBreached",
    "SLAEvaluationPending",
    "SLAEvaluationVoided",
    "Tag",
    "TagAddedData",
    "TypingStarted",
    "UnknownEvent",
    "User",
    "WebhookEvent",
    "WebhookVerificationError",
    "construct_event",
    "parse_event",
    "signature_header",
    "verify_signature",
]

SIGNATURE_HEADER = "X-DIXA-SIGNATURE"
SUBSCRIPTION_ID_HEADER = "X-DIXA-SUBSCRIPTION-ID"
DEFAULT_TOLERANCE = _dt.timedelta(minutes=5)

_HEX = re.compile(r"(?:[0-9a-fA-F]{2})+")
_DIGITS = re.compile(r"[0-9]{1,18}")


class _HasItems(Protocol):
    def items(self) -> Iterable[tuple[Any, Any]]: ...


class _HasGet(Protocol):
    def get(self, key: str, /) -> Any: ...


Headers: TypeAlias = "Mapping[str, Any] | _HasItems | _HasGet | Iterable[tuple[str | bytes, str | bytes]]"
"""Request headers as any framework gives them: a ``Mapping`` (``dict``, Django's
``request.headers``), an object with ``.items()`` (Starlette, Werkzeug/Flask, aiohttp,
``http.server``'s ``self.headers``) or ``.get()``, or ``(name, value)`` pairs (ASGI's raw
``scope["headers"]``, bytes allowed). Names are matched case-insensitively."""

Tolerance: TypeAlias = "_dt.timedelta | float | None"
Authorization: TypeAlias = "str | BasicAuth | TokenAuth | NoAuth | None"


# --------------------------------------------------------------------------- public API


def verify_signature(
    payload: bytes | bytearray | memoryview | str,
    headers: Headers,
    secret: str,
    *,
    tolerance: Tolerance = DEFAULT_TOLERANCE,
    authorization: Authorization = None,
    now: _dt.datetime | float | None = None,
) -> None:
    """Raise ``WebhookVerificationError`` unless ``payload`` is a delivery Dixa signed with
    ``secret`` (the subscription's ``secret_key``, a hex string) within ``tolerance``.

    ``payload`` is the request body exactly as received: bytes (a ``str`` is taken as its
    UTF-8 encoding). ``tolerance`` is a ``timedelta`` or seconds; ``None`` skips the
    timestamp check. ``authorization`` is what the subscription was created with
    (``BasicAuth``/``TokenAuth`` from ``dixa.models``) or the full expected header value
    (``"Bearer ..."``); when given, the request's ``Authorization`` header must equal it.
    ``now`` (a ``datetime`` or Unix seconds) replaces the clock, for tests.
    """
    # Arguments first, so that a mistake in the call is reported as such, whatever arrived.
    body = _body(payload)
    key = _key(secret)
    window = _tolerance(tolerance)
    clock = _now(now)
    credentials = None if authorization is None else _expected_authorization(authorization)
    timestamp, signatures = _signature(headers)
    expected = hmac.new(key, timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest().encode("ascii")
    # Each candidate is compared in constant time; the loop stops at the first match, which
    # reveals only which of the sender's own signatures matched.
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        _fail(
            "signature",
            f"no v1 signature in {SIGNATURE_HEADER} matches the payload: a different secret, "
            "or a body changed before verification (verify the raw bytes, before any parsing)",
        )
    if window is not None:
        age = clock - int(timestamp) / 1000
        if abs(age) > window:
            when = f"{age:.0f}s ago" if age > 0 else f"{-age:.0f}s in the future"
            _fail("timestamp", f"signed {when}, outside the {window:g}s tolerance (a replay, or a clock out of sync)")
    if credentials is not None:
        _check_authorization(headers, credentials)


def construct_event(
    payload: bytes | bytearray | memoryview | str,
    headers: Headers,
    secret: str,
    *,
    tolerance: Tolerance = DEFAULT_TOLERANCE,
    authorization: Authorization = None,
    now: _dt.datetime | float | None = None,
) -> WebhookEvent:
    """Verify a delivery (``verify_signature``) and parse it (``parse_event``).

    Raises ``WebhookVerificationError`` when a check fails, and ``InvalidParameterError``
    (param ``payload``) when a correctly signed body is not a Dixa event (not JSON, not an
    object, no envelope). Both are ``dixa.DixaError``.
    """
    verify_signature(payload, headers, secret, tolerance=tolerance, authorization=authorization, now=now)
    from dixa._webhook_events import parse_event

    return parse_event(payload)


def signature_header(
    payload: bytes | bytearray | memoryview | str, secret: str, *, timestamp: _dt.datetime | float | None = None
) -> str:
    """The ``X-DIXA-SIGNATURE`` value Dixa would send with ``payload``: for testing your
    receiver. ``timestamp`` (a ``datetime`` or Unix seconds) defaults to now."""
    millis = str(round(_now(timestamp) * 1000))
    digest = hmac.new(_key(secret), millis.encode("ascii") + b"." + _body(payload), hashlib.sha256).hexdigest()
    return f"t={millis},v1={digest}"


# --------------------------------------------------------------------------- the checks


def _fail(check: str, problem: str) -> NoReturn:
    from dixa._exceptions import WebhookVerificationError  # imports httpx: only on failure

    raise WebhookVerificationError(check, problem)


def _bad_type(param: str, problem: str) -> NoReturn:
    from dixa._exceptions import InvalidParameterTypeError

    raise InvalidParameterTypeError(param, problem)


def _body(payload: object) -> bytes:
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, bytearray | memoryview):
        return bytes(payload)
    if isinstance(payload, str):
        try:
            # surrogateescape gives back the exact bytes of a body decoded with it
            return payload.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            from dixa._exceptions import InvalidParameterError

            raise InvalidParameterError("payload", "is a str that is not UTF-8 text: pass the raw body bytes") from None
    _bad_type(
        "payload",
        f"expected the raw request body (bytes), got {type(payload).__name__}: "
        "a decoded or re-serialised body cannot be verified",
    )


def _key(secret: object) -> bytes:
    if not isinstance(secret, str):
        _bad_type("secret", f"expected the subscription's secret key as a str, got {type(secret).__name__}")
    text = secret.strip()
    if not _HEX.fullmatch(text):
        # Say what is wrong with it without showing any part of it.
        _fail(
            "secret",
            f"expected the subscription's secret key, a hex string (Dixa shows it on the webhook's page, "
            f"or client.webhooks.get(id).secret_key); got {len(text)} characters that are not an even number of hex "
            "digits",
        )
    return bytes.fromhex(text)


def _tolerance(tolerance: object) -> float | None:
    if tolerance is None:
        return None
    if isinstance(tolerance, _dt.timedelta):
        seconds = tolerance.total_seconds()
    elif isinstance(tolerance, int | float) and not isinstance(tolerance, bool):
        seconds = float(tolerance)
    else:
        _bad_type("tolerance", f"expected a timedelta, seconds or None, got {type(tolerance).__name__}")
    if not seconds >= 0:  # also refuses NaN
        from dixa._exceptions import InvalidParameterError

        raise InvalidParameterError("tolerance", "must not be negative (None skips the timestamp check)")
    return seconds


def _now(now: object) -> float:
    if now is None:
        return time.time()
    if isinstance(now, _dt.datetime):
        return (now if now.tzinfo else now.replace(tzinfo=_dt.UTC)).timestamp()
    if isinstance(now, int | float) and not isinstance(now, bool):
        return float(now)
    _bad_type("now", f"expected a datetime or Unix seconds, got {type(now).__name__}")


def _signature(headers: Headers) -> tuple[str, list[bytes]]:
    """``t`` and the ``v1`` values of ``X-DIXA-SIGNATURE``. The header is read as
    comma-separated ``key=value`` pairs; repeated headers count as one joined by commas
    (HTTP's rule), unknown keys (a future ``v2``) are ignored."""
    values = _header_values(headers, SIGNATURE_HEADER)
    if not values:
        _fail("missing_header", f"the request has no {SIGNATURE_HEADER} header: it was not sent by Dixa")
    timestamps: set[str] = set()
    signatures: list[bytes] = []
    for value in values:
        for part in value.split(","):
            name, _, item = part.partition("=")
            name, item = name.strip(), item.strip()
            if name == "t":
                timestamps.add(item)
            elif name == "v1" and item:
                signatures.append(item.lower().encode("utf-8", "backslashreplace"))
    if len(timestamps) != 1:
        problem = "no t= timestamp" if not timestamps else "several different t= timestamps"
        _fail("malformed_header", f"{SIGNATURE_HEADER} has {problem}; expected t=<unix ms>,v1=<hex>")
    (timestamp,) = timestamps
    if not _DIGITS.fullmatch(timestamp):
        _fail("malformed_header", f"the t= of {SIGNATURE_HEADER} is not Unix milliseconds")
    if not signatures:
        _fail("malformed_header", f"{SIGNATURE_HEADER} has no v1= signature; expected t=<unix ms>,v1=<hex>")
    return timestamp, signatures


def _header_values(headers: object, name: str) -> list[str]:
    """Every value of header ``name`` (any case) in ``headers``, in order."""
    if isinstance(headers, str | bytes | bytearray):
        _bad_type("headers", "expected the request's headers (a mapping or (name, value) pairs), got a string")
    wanted = name.lower()
    items = getattr(headers, "items", None)
    if callable(items):
        pairs: Iterable[Any] = items()
    elif callable(getattr(headers, "get", None)):
        getter = headers.get  # type: ignore[attr-defined]
        for variant in (name, wanted, name.title()):
            value = getter(variant)
            if value is not None:
                return _strings(value)
        return []
    elif isinstance(headers, Iterable):
        pairs = headers
    else:
        _bad_type(
            "headers",
            f"expected a mapping, an object with .items() or (name, value) pairs, got {type(headers).__name__}",
        )
    found: list[str] = []
    for pair in pairs:
        try:
            key, value = pair
        except (TypeError, ValueError):
            _bad_type("headers", f"expected (name, value) pairs, got an item of type {type(pair).__name__}")
        if _text(key).lower() == wanted:
            found.extend(_strings(value))
    return found


def _strings(value: object) -> list[str]:
    # A header value, or the list of values some frameworks keep per name.
    if isinstance(value, list | tuple):
        return [_text(item) for item in value]
    return [_text(value)]


def _text(value: object) -> str:
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("latin-1")  # HTTP's own header encoding
    return str(value)


def _expected_authorization(authorization: object) -> str | None:
    if isinstance(authorization, str):
        return authorization
    from dixa_generated.models.basic_auth import BasicAuth
    from dixa_generated.models.no_auth import NoAuth
    from dixa_generated.models.token_auth import TokenAuth

    if isinstance(authorization, BasicAuth):
        import base64

        credentials = f"{authorization.username}:{authorization.password}".encode()
        return "Basic " + base64.b64encode(credentials).decode("ascii")
    if isinstance(authorization, TokenAuth):
        return f"Bearer {authorization.value}"
    if isinstance(authorization, NoAuth):
        return None
    _bad_type(
        "authorization",
        "expected BasicAuth, TokenAuth, NoAuth (from dixa.models) or the header value, "
        f"got {type(authorization).__name__}",
    )


def _check_authorization(headers: Headers, expected: str) -> None:
    received = _header_values(headers, "Authorization")
    if not received:
        _fail("authorization", "the request has no Authorization header, but the subscription sends one")
    # Constant-time, and neither value is ever shown: both are credentials.
    if len(received) > 1 or not hmac.compare_digest(received[0].strip().encode(), expected.encode()):
        _fail("authorization", "the Authorization header differs from the subscription's credentials")


# --------------------------------------------------------------------------- lazy names

_LAZY = {
    "WebhookVerificationError": "dixa._exceptions",
    "EventLog": "dixa._webhook_logs",
}


def __getattr__(name: str) -> Any:
    if name in __all__:
        module = importlib.import_module(_LAZY.get(name, "dixa._webhook_events"))
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'dixa.webhooks' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
