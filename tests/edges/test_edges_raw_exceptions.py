"""Everything the SDK raises for a bad response or bad input is a ``dixa.DixaError``, and
the API key appears in no message and no log record (issue 9, item 5).

Before: JSON nested 100,000 deep raised a bare ``RecursionError`` (on 200 and on 400);
``Csat(value=float("nan"))`` a bare ``ValueError`` from ``json``; a non-ASCII key a
``UnicodeEncodeError``; a key containing ``\\x00`` or ``\\n`` was echoed whole in the
error and in an httpcore DEBUG record.
"""

from __future__ import annotations

import logging

import pytest

import dixa
from dixa.models import Csat
from tests.faults.faultkit import GET, TAGS, Runner
from tests.faults.faultserver import FaultServer, Reply

DEEP = b"[" * 100_000 + b"]" * 100_000
RATING_PATH = "/beta/conversations/1/ratings/r-1/submit"


@pytest.mark.parametrize("status", [200, 400])
async def test_absurdly_deep_json_is_a_validation_error(run: Runner, server: FaultServer, status: int) -> None:
    server.script(GET.method, GET.path, Reply(status, body=DEEP))
    with pytest.raises(dixa.DixaError) as info:
        await run.call(GET.call)
    if status == 200:
        assert isinstance(info.value, dixa.APIResponseValidationError)
        assert "not valid JSON" in str(info.value)
    else:
        assert isinstance(info.value, dixa.BadRequestError)  # the status still decides the type


async def test_deep_json_through_the_raw_response(run: Runner, server: FaultServer) -> None:
    server.script(GET.method, GET.path, Reply(200, body=DEEP))
    raw = await run.call(lambda c: c.with_raw_response.conversations.tags.list(1))
    with pytest.raises(dixa.APIResponseValidationError):
        raw.json()


@pytest.mark.parametrize(
    ("value", "error", "problem"),
    [
        (float("nan"), dixa.InvalidParameterError, "finite"),
        (float("inf"), dixa.InvalidParameterError, "finite"),
        ({1, 2}, dixa.InvalidParameterTypeError, "cannot be sent as JSON"),
        (object(), dixa.InvalidParameterTypeError, "cannot be sent as JSON"),
    ],
    ids=["nan", "inf", "set", "object"],
)
async def test_unsendable_values_in_a_body_are_refused_naming_the_field(
    run: Runner, server: FaultServer, value: object, error: type[Exception], problem: str
) -> None:
    with pytest.raises(error) as info:
        await run.call(lambda c: c.conversations.ratings.submit(1, "r-1", result=Csat(value=value)))  # type: ignore[arg-type]
    assert getattr(info.value, "param", None) == "body.ratingResult.value"
    assert problem in str(info.value)
    assert server.hits("POST", RATING_PATH) == 0  # refused before sending


SECRET = "s3cr3t-KEY-0123456789"


@pytest.mark.parametrize(
    ("key", "kind", "position"),
    [
        (f"{SECRET}\x00", "a control character", len(SECRET)),
        (f"{SECRET}\nX-Injected: 1", "a control character", len(SECRET)),
        (f"é{SECRET}", "a non-ASCII character", 0),
        (f"{SECRET}\x7f", "a control character", len(SECRET)),
    ],
    ids=["nul", "newline", "non-ascii", "del"],
)
@pytest.mark.parametrize("client", [dixa.Dixa, dixa.AsyncDixa])
def test_a_key_that_cannot_be_a_header_is_refused_without_echoing_it(
    caplog: pytest.LogCaptureFixture, client: type, key: str, kind: str, position: int
) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(dixa.InvalidParameterError) as info:
        client(api_key=key, base_url="http://127.0.0.1:9")
    assert info.value.param == "api_key"
    assert str(info.value) == f"api_key: contains {kind} at position {position}; API keys are printable ASCII"
    assert SECRET not in str(info.value)
    assert all(SECRET not in record.getMessage() for record in caplog.records)


async def test_no_log_record_at_any_level_contains_the_key(
    run: Runner, server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    """httpx and httpcore DEBUG records included: a success, a retried 503, a 404, a refused key."""
    caplog.set_level(logging.DEBUG)  # the root logger: dixa, httpx, httpcore all propagate to it
    server.script(
        GET.method, GET.path, Reply(503, {"message": "busy"}), Reply(200, TAGS), Reply(404, {"message": "no"})
    )
    await run.call(GET.call)
    with pytest.raises(dixa.NotFoundError):
        await run.call(GET.call)
    with pytest.raises(dixa.InvalidParameterError):
        dixa.Dixa(api_key=run.api_key + "\nX-Injected: 1", base_url=server.url)
    with pytest.raises(dixa.InvalidParameterError):
        dixa.Dixa(api_key=run.api_key + "\x00x", base_url=server.url)

    names = {record.name.split(".")[0] for record in caplog.records}
    assert {"httpcore", "dixa"} <= names  # the transport's DEBUG records were captured
    for record in caplog.records:
        text = record.getMessage() + (logging.Formatter().formatException(record.exc_info) if record.exc_info else "")
        assert run.api_key not in text, record.name
