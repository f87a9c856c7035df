"""No cassette may hold a secret, and the recording filters are what keeps them out.

The scan (``scripts.cassettes.scan``) looks at every committed cassette for credential
headers that are not ``REDACTED``, unredacted values under secret-looking JSON keys,
credential-shaped text (bearer tokens, basic credentials, JWTs, private keys) and the
exact secrets the contract calls send (the API key and the webhook credentials).
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest
from vcr.request import Request

from scripts import cassettes
from tests.contract.calls import SENT_SECRETS
from tests.contract.harness import SECRET_API_KEY

KNOWN = (SECRET_API_KEY, *SENT_SECRETS)
WEBHOOK = cassettes.cassette_path("webhooks.post_webhooks")


def test_no_committed_cassette_contains_a_secret():
    assert cassettes.all_cassettes(), "no cassettes: run 'make cassettes'"
    leaks = cassettes.scan_all(known=KNOWN)
    assert not leaks, "\n".join(f"{path}: {'; '.join(found)}" for path, found in leaks.items())


def test_the_recorded_authorization_header_is_redacted_not_dropped():
    for item in cassettes.interactions():
        assert item.request_headers.get("authorization") == [cassettes.REDACTED], item.where()


def test_webhook_credentials_were_sent_but_not_recorded():
    [item] = cassettes.read(WEBHOOK)
    sent = item.request_body["json"]
    assert sent["authorization"] == {"username": "REDACTED", "password": "REDACTED", "_type": "BasicAuth"}
    assert sent["customHeaders"] == {"X-Automation-Webhook-Token": "REDACTED"}
    assert item.response_body["json"]["data"]["secretKey"] == "REDACTED"


# --- the scan can fail: plant each kind of secret in a copy of a real cassette ----------------


def _planted(tmp_path: Path, edit) -> list[str]:
    copy = tmp_path / "planted.yaml"
    shutil.copyfile(WEBHOOK, copy)
    copy.write_text(edit(copy.read_text(encoding="utf-8")), encoding="utf-8")
    return cassettes.scan(copy, KNOWN)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace("      - REDACTED", "      - live-api-key", 1), "request header authorization"),
        (lambda t: t.replace("password: REDACTED", "password: hunter2"), "request body $.authorization.password"),
        (lambda t: t.replace("secretKey: REDACTED", "secretKey: s3cr3t"), "response body $.data.secretKey"),
        (lambda t: t.replace("name: Dashboard\n", f"name: {SECRET_API_KEY}\n", 1), "the secret"),
        (lambda t: t.replace("name: Dashboard\n", "name: Bearer abcdefghijklmnop0123\n", 1), "a bearer token"),
        (
            lambda t: t.replace("name: Dashboard\n", f"name: Basic {base64.b64encode(b'u:p4ss').decode()}\n", 1),
            "basic credentials",
        ),
        (
            lambda t: t.replace("name: Dashboard\n", "name: eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.sig\n", 1),
            "JSON web token",
        ),
    ],
)
def test_the_scan_finds_a_planted_secret(tmp_path, edit, expected):
    found = _planted(tmp_path, edit)
    assert any(expected in problem for problem in found), found


def test_the_scan_does_not_flag_ordinary_words(tmp_path):
    assert _planted(tmp_path, lambda t: t.replace("name: Dashboard\n", "name: Basic information\n", 1)) == []


# --- the filters: what vcrpy applies to every request and response before recording -----------


def test_the_request_filter_redacts_credentials_and_normalizes_the_address():
    body = json.dumps({"name": "x", "authorization": {"value": "tok-123", "_type": "TokenAuth"}}).encode()
    request = Request(
        "POST",
        "http://127.0.0.1:43817/beta/webhooks?b=2&a=1",
        body,
        {
            "Authorization": SECRET_API_KEY,
            "Content-Type": "application/json",
            "Cookie": "session=abc",
            "User-Agent": "dixa-python/0.1.0",
            "Host": "127.0.0.1:43817",
        },
    )
    scrubbed = cassettes.request_filter("http://127.0.0.1:43817")(request)
    assert scrubbed.uri == f"{cassettes.REPLAY_BASE_URL}/beta/webhooks?a=1&b=2"
    assert dict(scrubbed.headers) == {"authorization": "REDACTED", "content-type": "application/json"}
    assert json.loads(scrubbed.body) == {"name": "x", "authorization": {"value": "REDACTED", "_type": "TokenAuth"}}


def test_the_request_filter_fixes_the_multipart_boundary():
    request = Request(
        "POST",
        "http://127.0.0.1:1/beta/knowledge/articles/attachments",
        b'--a1b2c3\r\nContent-Disposition: form-data; name="files"\r\n\r\nx\r\n--a1b2c3--\r\n',
        {"Content-Type": "multipart/form-data; boundary=a1b2c3"},
    )
    scrubbed = cassettes.request_filter("http://127.0.0.1:1")(request)
    assert scrubbed.headers["content-type"] == f"multipart/form-data; boundary={cassettes.BOUNDARY}"
    assert b"a1b2c3" not in scrubbed.body
    assert scrubbed.body.startswith(f"--{cassettes.BOUNDARY}".encode())


def test_the_response_filter_keeps_only_stable_headers_and_scrubs_secrets():
    response = {
        "status": {"code": 200, "message": "OK"},
        "headers": {
            "Content-type": ["application/json"],
            "Date": ["Sat, 21 Nov 2026 11:58:25 GMT"],
            "Set-Cookie": ["a=b"],
            "sl-violations": ["[]"],
        },
        "body": {"string": json.dumps({"data": {"secretKey": "abc", "name": "n"}}).encode()},
    }
    scrubbed = cassettes.response_filter(response)
    assert scrubbed["headers"] == {"content-type": ["application/json"]}
    assert json.loads(scrubbed["body"]["string"]) == {"data": {"secretKey": "REDACTED", "name": "n"}}


def test_a_hosted_mock_address_with_a_path_prefix_is_normalized_too():
    base = "https://docs.dixa.io/_mock/openapi/dixa-api/beta"
    request = Request("GET", f"{base}/beta/agents?pageLimit=10", None, {"Authorization": "k"})
    scrubbed = cassettes.request_filter(base)(request)
    assert scrubbed.uri == f"{cassettes.REPLAY_BASE_URL}/beta/agents?pageLimit=10"
