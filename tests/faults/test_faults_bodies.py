"""Responses that arrive whole but cannot be used: truncated or malformed JSON, the wrong
content type, an undecodable encoding, and a success status carrying an error.

Each raises ``APIResponseValidationError`` (a ``DixaError``, never a bare
``JSONDecodeError``), is not retried (the same request would get the same answer), and
reads as one line naming the request.
"""

from __future__ import annotations

import gzip
import json

import pytest

import dixa
from tests.faults.faultkit import ALL_OPS, GET, NON_IDEMPOTENT, NOTE, POST, Op, Runner
from tests.faults.faultserver import FaultServer, Reply


def _ids(op: Op) -> str:
    return op.method


TRUNCATED = json.dumps(NOTE).encode()[:40]  # Content-Length matches: the JSON itself is cut

BAD_BODIES = {
    "truncated-json": (Reply(200, body=TRUNCATED), "the response is not valid JSON (40 bytes; "),
    "malformed-json": (Reply(200, body=b"{data: [}"), "the response is not valid JSON (9 bytes; "),
    "not-utf8": (Reply(200, body=b'{"data": "\xff\xfe"}'), "the response is not valid JSON (14 bytes; "),
    "html": (
        Reply(200, body=b"<html>\n<body>Maintenance</body>\n</html>", content_type="text/html; charset=utf-8"),
        "expected a JSON response, got text/html (39 bytes)",
    ),
    "no-content-type": (Reply(200, body=b'{"data": []}', content_type=None), "expected a JSON response, got no"),
    "bad-gzip": (
        Reply(200, body=b"not gzip at all", headers={"Content-Encoding": "gzip"}),
        "the response body could not be decoded (",
    ),
}


@pytest.mark.parametrize("case", list(BAD_BODIES))
@pytest.mark.parametrize("op", [GET, POST], ids=_ids)
async def test_undecodable_body_raises_validation_error_without_retry(
    run: Runner, server: FaultServer, op: Op, case: str
) -> None:
    reply, starts = BAD_BODIES[case]
    server.script(op.method, op.path, reply, op.ok)

    with pytest.raises(dixa.APIResponseValidationError) as info:
        await run.call(op.call)

    error = info.value
    assert isinstance(error, dixa.DixaError)
    assert not isinstance(error.__cause__, dixa.DixaError)
    assert str(error).startswith(starts)
    assert str(error).endswith(f"({op.method} {server.url}{op.path})")
    assert "\n" not in str(error)
    assert server.hits(op.method, op.path) == 1 == error.attempts
    if op.is_write:
        assert server.applied(op.method, op.path) == 1


async def test_a_valid_gzip_body_is_fine(run: Runner, server: FaultServer) -> None:
    """The control for "bad-gzip": the server's encoding header is honoured when truthful."""
    compressed = gzip.compress(json.dumps(GET.ok.json).encode())
    server.script(GET.method, GET.path, Reply(200, body=compressed, headers={"Content-Encoding": "gzip"}))

    assert [tag.name for tag in await run.call(GET.call)] == ["vip"]


@pytest.mark.parametrize("op", ALL_OPS, ids=_ids)
async def test_success_status_carrying_an_error_body_raises(run: Runner, server: FaultServer, op: Op) -> None:
    """A 200 ``{"message": ...}`` is an error, not an empty listing or a None result."""
    server.script(op.method, op.path, Reply(200, {"message": "Internal failure, please retry"}))

    with pytest.raises(dixa.APIResponseValidationError) as info:
        await run.call(op.call)

    error = info.value
    assert error.status_code == 200
    assert error.body == {"message": "Internal failure, please retry"}
    assert error.url.startswith(f"{server.url}{op.path}")
    assert str(error) == (
        f"200 response carries an error instead of data: Internal failure, please retry ({op.method} {error.url})"
    )
    assert server.hits(op.method, op.path) == 1


@pytest.mark.parametrize("op", NON_IDEMPOTENT, ids=_ids)
async def test_wrong_shape_names_the_operation(run: Runner, server: FaultServer, op: Op) -> None:
    server.script(op.method, op.path, Reply(200, {"data": {"unexpected": True}}))

    with pytest.raises(dixa.APIResponseValidationError) as info:
        await run.call(op.call)

    assert "the response does not match the API description" in str(info.value)
    assert info.value.body == {"data": {"unexpected": True}}
    assert server.applied(op.method, op.path) == 1


async def test_raw_response_defers_parsing_and_its_errors(run: Runner, server: FaultServer) -> None:
    """``with_raw_response`` gives status and bytes even when the body cannot be parsed."""
    server.script(POST.method, POST.path, Reply(201, body=TRUNCATED))

    raw = await run.call(lambda c: c.with_raw_response.conversations.notes.create(1, message="Called back"))

    assert raw.status_code == 201
    assert raw.http_response.content == TRUNCATED
    with pytest.raises(dixa.APIResponseValidationError):
        raw.parse()
    assert server.applied(POST.method, POST.path) == 1
