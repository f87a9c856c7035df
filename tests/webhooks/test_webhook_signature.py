"""Signature checks of ``dixa.webhooks``: Dixa's documented vectors, every tampering case,
header sources, tolerance, rotation, the Authorization header, and no secret in errors."""

from __future__ import annotations

import datetime as dt
import email.message
import hmac

import httpx
import pytest

import dixa
from dixa import webhooks
from dixa.models import BasicAuth, NoAuth, TokenAuth
from tests.webhooks.deliveries import (
    EXAMPLE_BODY,
    EXAMPLE_HEADER,
    EXAMPLE_SECRET,
    EXAMPLE_T,
    EXAMPLE_V1,
    EXAMPLE_WRONG_V1,
    OTHER_SECRET,
    UTF8_BODY,
    UTF8_V1,
    sign,
    signed_headers,
)

NOW = 1_700_000_000.0  # EXAMPLE_T, in seconds


def check_of(exc_info: pytest.ExceptionInfo[dixa.WebhookVerificationError]) -> str:
    assert isinstance(exc_info.value, dixa.DixaError)
    assert EXAMPLE_SECRET not in str(exc_info.value) and OTHER_SECRET not in str(exc_info.value)
    return exc_info.value.check


def test_the_documented_worked_example_verifies_and_parses():
    assert sign(EXAMPLE_BODY, EXAMPLE_SECRET, EXAMPLE_T) == EXAMPLE_V1  # our own reference, as a sanity check
    headers = {"X-DIXA-SIGNATURE": EXAMPLE_HEADER}
    assert webhooks.verify_signature(EXAMPLE_BODY, headers, EXAMPLE_SECRET, now=NOW) is None
    event = webhooks.construct_event(EXAMPLE_BODY, headers, EXAMPLE_SECRET, now=NOW)
    assert isinstance(event, webhooks.ConversationCreated)
    assert event.data.conversation.csid == 42
    assert event.organization == webhooks.Organization(
        id="5d6a1c2e-0000-4000-8000-000000000001", name="Example Org", raw=event.raw["organization"]
    )
    assert event.event_timestamp == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)


def test_signature_header_reproduces_the_worked_example():
    assert webhooks.signature_header(EXAMPLE_BODY, EXAMPLE_SECRET, timestamp=NOW) == EXAMPLE_HEADER
    stamped = dt.datetime.fromtimestamp(NOW, dt.UTC)
    assert webhooks.signature_header(EXAMPLE_BODY, EXAMPLE_SECRET, timestamp=stamped) == EXAMPLE_HEADER


def test_the_non_ascii_vector_signs_bytes_not_characters():
    headers = {"x-dixa-signature": f"t={EXAMPLE_T},v1={UTF8_V1}"}
    webhooks.verify_signature(UTF8_BODY, headers, EXAMPLE_SECRET, now=NOW)
    webhooks.verify_signature(UTF8_BODY.decode(), headers, EXAMPLE_SECRET, now=NOW)  # str: its UTF-8 bytes


@pytest.mark.parametrize("mistake", sorted(EXAMPLE_WRONG_V1))
def test_the_documented_mistakes_do_not_verify(mistake):
    headers = {"X-DIXA-SIGNATURE": f"t={EXAMPLE_T},v1={EXAMPLE_WRONG_V1[mistake]}"}
    with pytest.raises(dixa.WebhookVerificationError) as info:
        webhooks.verify_signature(EXAMPLE_BODY, headers, EXAMPLE_SECRET, now=NOW)
    assert check_of(info) == "signature"


@pytest.mark.parametrize(
    ("case", "body", "header", "secret", "check"),
    [
        (
            "tampered body",
            EXAMPLE_BODY.replace(b'"csid":42', b'"csid":43'),
            EXAMPLE_HEADER,
            EXAMPLE_SECRET,
            "signature",
        ),
        ("extra whitespace", EXAMPLE_BODY + b"\n", EXAMPLE_HEADER, EXAMPLE_SECRET, "signature"),
        ("wrong secret", EXAMPLE_BODY, EXAMPLE_HEADER, OTHER_SECRET, "signature"),
        ("other timestamp", EXAMPLE_BODY, f"t=1700000000001,v1={EXAMPLE_V1}", EXAMPLE_SECRET, "signature"),
        ("upper-case v1 still matches", EXAMPLE_BODY, f"t={EXAMPLE_T},v1={EXAMPLE_V1.upper()}", EXAMPLE_SECRET, None),
        ("spaces around pairs", EXAMPLE_BODY, f" t={EXAMPLE_T} , v1={EXAMPLE_V1} ", EXAMPLE_SECRET, None),
        ("unknown keys ignored", EXAMPLE_BODY, f"t={EXAMPLE_T},v0=abc,v2=def,v1={EXAMPLE_V1}", EXAMPLE_SECRET, None),
        ("no t", EXAMPLE_BODY, f"v1={EXAMPLE_V1}", EXAMPLE_SECRET, "malformed_header"),
        ("no v1", EXAMPLE_BODY, f"t={EXAMPLE_T}", EXAMPLE_SECRET, "malformed_header"),
        ("empty v1", EXAMPLE_BODY, f"t={EXAMPLE_T},v1=", EXAMPLE_SECRET, "malformed_header"),
        ("t not a number", EXAMPLE_BODY, f"t=yesterday,v1={EXAMPLE_V1}", EXAMPLE_SECRET, "malformed_header"),
        ("t as a float", EXAMPLE_BODY, f"t=1700000000.0,v1={EXAMPLE_V1}", EXAMPLE_SECRET, "malformed_header"),
        ("two timestamps", EXAMPLE_BODY, f"t=1,t={EXAMPLE_T},v1={EXAMPLE_V1}", EXAMPLE_SECRET, "malformed_header"),
        ("garbage", EXAMPLE_BODY, "sha256=abc", EXAMPLE_SECRET, "malformed_header"),
        ("non-ASCII v1", EXAMPLE_BODY, f"t={EXAMPLE_T},v1=é{EXAMPLE_V1}", EXAMPLE_SECRET, "signature"),
    ],
)
def test_signature_cases(case, body, header, secret, check):
    headers = {"X-DIXA-SIGNATURE": header}
    if check is None:
        webhooks.verify_signature(body, headers, secret, now=NOW)
        return
    with pytest.raises(dixa.WebhookVerificationError) as info:
        webhooks.verify_signature(body, headers, secret, now=NOW)
    assert check_of(info) == check, case
    assert str(info.value).startswith(f"{check}: ")


def test_missing_header():
    with pytest.raises(dixa.WebhookVerificationError) as info:
        webhooks.construct_event(EXAMPLE_BODY, {"Content-Type": "application/json"}, EXAMPLE_SECRET, now=NOW)
    assert check_of(info) == "missing_header"
    assert "X-DIXA-SIGNATURE" in str(info.value)


def test_every_v1_is_tried_so_signatures_can_rotate():
    wrong = "0" * 64
    for header in (f"t={EXAMPLE_T},v1={wrong},v1={EXAMPLE_V1}", f"t={EXAMPLE_T},v1={EXAMPLE_V1},v1={wrong}"):
        webhooks.verify_signature(EXAMPLE_BODY, {"X-DIXA-SIGNATURE": header}, EXAMPLE_SECRET, now=NOW)
    # The header repeated (one per secret): read as one list, HTTP's rule for repeated headers.
    pairs = [("X-Dixa-Signature", f"t={EXAMPLE_T},v1={wrong}"), ("x-dixa-signature", EXAMPLE_HEADER)]
    webhooks.verify_signature(EXAMPLE_BODY, pairs, EXAMPLE_SECRET, now=NOW)
    # ... but both copies must agree on the timestamp.
    pairs = [("X-Dixa-Signature", f"t=1,v1={wrong}"), ("x-dixa-signature", EXAMPLE_HEADER)]
    with pytest.raises(dixa.WebhookVerificationError) as info:
        webhooks.verify_signature(EXAMPLE_BODY, pairs, EXAMPLE_SECRET, now=NOW)
    assert check_of(info) == "malformed_header"


def test_rotating_the_secret_on_the_receiving_side():
    """During a rotation a receiver tries its old and new secrets in turn."""
    body_headers = signed_headers(EXAMPLE_BODY, OTHER_SECRET, NOW)

    def construct(secrets):
        for secret in secrets:
            try:
                return webhooks.construct_event(EXAMPLE_BODY, body_headers, secret, now=NOW)
            except dixa.WebhookVerificationError as exc:
                if exc.check != "signature":
                    raise
        raise AssertionError("no secret matched")

    assert isinstance(construct([EXAMPLE_SECRET, OTHER_SECRET]), webhooks.ConversationCreated)


class GetOnly:
    """A header object with only ``.get``."""

    def __init__(self, values):
        self.values = values

    def get(self, name):
        return self.values.get(name)


def http_message(values):
    message = email.message.Message()
    for name, value in values.items():
        message[name] = value
    return message


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda h: h, id="dict"),
        pytest.param(lambda h: {k.lower(): v for k, v in h.items()}, id="dict-lower"),
        pytest.param(lambda h: {k.title(): v for k, v in h.items()}, id="dict-title"),
        pytest.param(lambda h: list(h.items()), id="pairs"),
        pytest.param(lambda h: [(k.lower().encode(), v.encode()) for k, v in h.items()], id="asgi-bytes"),
        pytest.param(httpx.Headers, id="httpx.Headers"),
        pytest.param(http_message, id="http.server-message"),
        pytest.param(lambda h: GetOnly({k.lower(): v for k, v in h.items()}), id="get-only"),
        pytest.param(lambda h: {k: [v] for k, v in h.items()}, id="list-values"),
    ],
)
def test_headers_from_any_framework_shape(make):
    headers = make({"X-DIXA-SIGNATURE": EXAMPLE_HEADER, "Content-Type": "application/json"})
    event = webhooks.construct_event(EXAMPLE_BODY, headers, EXAMPLE_SECRET, now=NOW)
    assert isinstance(event, webhooks.ConversationCreated)


@pytest.mark.parametrize(("headers", "param"), [("t=1,v1=2", "headers"), (42, "headers"), ([("a",)], "headers")])
def test_unusable_header_objects_name_the_parameter(headers, param):
    with pytest.raises(dixa.InvalidParameterTypeError) as info:
        webhooks.verify_signature(EXAMPLE_BODY, headers, EXAMPLE_SECRET, now=NOW)
    assert info.value.param == param


@pytest.mark.parametrize(
    ("offset", "tolerance", "ok"),
    [
        (0, webhooks.DEFAULT_TOLERANCE, True),
        (299, webhooks.DEFAULT_TOLERANCE, True),
        (301, webhooks.DEFAULT_TOLERANCE, False),  # stale: a replay
        (-301, webhooks.DEFAULT_TOLERANCE, False),  # from the future: a clock out of sync
        (3600, dt.timedelta(hours=2), True),
        (3600, 60, False),  # seconds
        (3600, 7200.0, True),
        (10**9, None, True),  # None: not checked
    ],
)
def test_timestamp_tolerance(offset, tolerance, ok):
    headers = {"X-DIXA-SIGNATURE": EXAMPLE_HEADER}
    if ok:
        webhooks.verify_signature(EXAMPLE_BODY, headers, EXAMPLE_SECRET, tolerance=tolerance, now=NOW + offset)
        return
    with pytest.raises(dixa.WebhookVerificationError) as info:
        webhooks.verify_signature(EXAMPLE_BODY, headers, EXAMPLE_SECRET, tolerance=tolerance, now=NOW + offset)
    assert check_of(info) == "timestamp"
    assert ("ago" if offset > 0 else "in the future") in str(info.value)


def test_the_default_clock_is_used_when_now_is_not_given():
    stale = {"X-DIXA-SIGNATURE": EXAMPLE_HEADER}  # signed in November 2023
    with pytest.raises(dixa.WebhookVerificationError) as info:
        webhooks.verify_signature(EXAMPLE_BODY, stale, EXAMPLE_SECRET)
    assert check_of(info) == "timestamp"
    fresh = {"X-DIXA-SIGNATURE": webhooks.signature_header(EXAMPLE_BODY, EXAMPLE_SECRET)}
    webhooks.verify_signature(EXAMPLE_BODY, fresh, EXAMPLE_SECRET)


def test_a_signature_is_checked_before_the_timestamp():
    # An unsigned stale request is reported as unsigned: "timestamp" means authentic but old.
    headers = {"X-DIXA-SIGNATURE": f"t={EXAMPLE_T},v1={'0' * 64}"}
    with pytest.raises(dixa.WebhookVerificationError) as info:
        webhooks.verify_signature(EXAMPLE_BODY, headers, EXAMPLE_SECRET, now=NOW + 10**6)
    assert check_of(info) == "signature"


@pytest.mark.parametrize(
    "secret",
    [
        "not hex at all",
        EXAMPLE_SECRET[:-1],  # odd length
        "4g4h988p" * 8,  # the spec's example secretKey shape: not hex
        "",
    ],
)
def test_an_unusable_secret_is_named_but_never_shown(secret):
    with pytest.raises(dixa.WebhookVerificationError) as info:
        webhooks.verify_signature(EXAMPLE_BODY, {"X-DIXA-SIGNATURE": EXAMPLE_HEADER}, secret, now=NOW)
    assert check_of(info) == "secret"
    if secret:
        assert secret not in str(info.value) and secret not in repr(info.value.args)


def test_secret_whitespace_is_ignored():
    headers = {"X-DIXA-SIGNATURE": EXAMPLE_HEADER}
    webhooks.verify_signature(EXAMPLE_BODY, headers, f"  {EXAMPLE_SECRET.upper()}\n", now=NOW)


@pytest.mark.parametrize(
    ("kwargs", "param", "error"),
    [
        ({"secret": bytes.fromhex(EXAMPLE_SECRET)}, "secret", dixa.InvalidParameterTypeError),
        ({"payload": {"event_id": "x"}}, "payload", dixa.InvalidParameterTypeError),
        ({"tolerance": "5m"}, "tolerance", dixa.InvalidParameterTypeError),
        ({"tolerance": -1}, "tolerance", dixa.InvalidParameterError),
        ({"tolerance": float("nan")}, "tolerance", dixa.InvalidParameterError),
        ({"now": "today"}, "now", dixa.InvalidParameterTypeError),
        ({"authorization": {"_type": "TokenAuth"}}, "authorization", dixa.InvalidParameterTypeError),
    ],
)
def test_bad_arguments_name_the_parameter(kwargs, param, error):
    # No signature header at all: a mistake in the call is reported before anything about the request.
    arguments = {"payload": EXAMPLE_BODY, "headers": {}, "secret": EXAMPLE_SECRET}
    arguments.update(kwargs)
    payload, headers, secret = arguments.pop("payload"), arguments.pop("headers"), arguments.pop("secret")
    arguments.setdefault("now", NOW)
    with pytest.raises(error) as info:
        webhooks.verify_signature(payload, headers, secret, **arguments)
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == param


BASIC = BasicAuth(username="webhook_user", password="webhook_password")
BASIC_HEADER = "Basic d2ViaG9va191c2VyOndlYmhvb2tfcGFzc3dvcmQ="  # the spec's example, checked in the fact sheet


@pytest.mark.parametrize(
    ("authorization", "received", "ok"),
    [
        (BASIC, BASIC_HEADER, True),
        (BASIC, "Basic " + "d2ViaG9va191c2VyOndyb25n", False),
        (BASIC, None, False),
        (TokenAuth(value="eyDo-token"), "Bearer eyDo-token", True),
        (TokenAuth(value="eyDo-token"), "Bearer eyDo-tokem", False),
        (TokenAuth(value="eyDo-token"), "eyDo-token", False),
        ("Bearer eyDo-token", "Bearer eyDo-token", True),
        (NoAuth(), None, True),  # NoAuth: Dixa sends none, nothing to check
        (None, "Bearer anything", True),  # not asked: not checked
    ],
)
def test_the_authorization_header(authorization, received, ok):
    headers = {"X-DIXA-SIGNATURE": EXAMPLE_HEADER}
    if received is not None:
        headers["authorization"] = received
    if ok:
        webhooks.verify_signature(EXAMPLE_BODY, headers, EXAMPLE_SECRET, authorization=authorization, now=NOW)
        return
    with pytest.raises(dixa.WebhookVerificationError) as info:
        webhooks.verify_signature(EXAMPLE_BODY, headers, EXAMPLE_SECRET, authorization=authorization, now=NOW)
    assert check_of(info) == "authorization"
    for secret in ("webhook_password", "eyDo-token", BASIC_HEADER, received or "Bearer"):
        assert secret not in str(info.value)


def test_comparisons_are_constant_time(monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((type(a), type(b)))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    headers = {"X-DIXA-SIGNATURE": EXAMPLE_HEADER, "Authorization": "Bearer t"}
    webhooks.verify_signature(EXAMPLE_BODY, headers, EXAMPLE_SECRET, authorization="Bearer t", now=NOW)
    assert calls == [(bytes, bytes), (bytes, bytes)]  # the signature, then the Authorization header


def test_malformed_json_after_a_valid_signature_is_a_dixa_error():
    for bad, problem in [(b'{"event_id": ', "not valid JSON"), (b"[1, 2]", "got array"), (b"\xff\xfe{", "JSON")]:
        headers = signed_headers(bad, EXAMPLE_SECRET, NOW)
        webhooks.verify_signature(bad, headers, EXAMPLE_SECRET, now=NOW)  # the signature itself is fine
        with pytest.raises(dixa.InvalidParameterError) as info:
            webhooks.construct_event(bad, headers, EXAMPLE_SECRET, now=NOW)
        assert isinstance(info.value, dixa.DixaError)
        assert info.value.param == "payload"
        assert problem in str(info.value)


def test_verification_error_is_exported_from_both_places():
    assert webhooks.WebhookVerificationError is dixa.WebhookVerificationError
    assert issubclass(dixa.WebhookVerificationError, dixa.DixaError)


def test_a_str_body_is_verified_as_its_original_bytes():
    body = EXAMPLE_BODY.replace(b"Example Org", b"Example \xe6rg")  # Latin-1, not UTF-8
    headers = signed_headers(body, EXAMPLE_SECRET, NOW)
    webhooks.verify_signature(body.decode("utf-8", "surrogateescape"), headers, EXAMPLE_SECRET, now=NOW)
    with pytest.raises(dixa.InvalidParameterError) as info:
        webhooks.verify_signature("\ud800", headers, EXAMPLE_SECRET, now=NOW)
    assert info.value.param == "payload"
