"""Every exported exception round-trips through ``pickle`` (issue 9, item 6).

Before: ``pickle.loads`` raised ``APIStatusError.__init__() missing ... 'response'`` (and
likewise for connection, timeout, validation and parameter errors), which breaks
multiprocessing pools and Celery; ``BulkFailureError`` came back with a wrong count. Now
each comes back with the same type, ``str()``, status and message, and the pickled bytes
never contain the API key (the request is pickled without ``Authorization``).
"""

from __future__ import annotations

import pickle
from typing import Any

import httpx
import pytest

import dixa
from tests.faults.faultkit import GET, Runner
from tests.faults.faultserver import FaultServer, Reply, closed_port

STATUSES = {
    "BadRequestError": 400,
    "AuthenticationError": 401,
    "PermissionDeniedError": 403,
    "NotFoundError": 404,
    "ConflictError": 409,
    "UnprocessableEntityError": 422,
    "RateLimitError": 429,
    "InternalServerError": 500,
    "RedirectError": 307,
    "APIStatusError": 418,
}


def _exported_errors() -> list[type[BaseException]]:
    return [
        value
        for name in dixa.__all__
        if isinstance(value := getattr(dixa, name, None), type) and issubclass(value, dixa.DixaError)
    ]


async def _raised(run: Runner, fn: Any, **options: Any) -> dixa.DixaError:
    try:
        await run.call(fn, **options)
    except dixa.DixaError as exc:
        return exc
    raise AssertionError("the call did not fail")


async def _samples(run: Runner, server: FaultServer) -> dict[type[BaseException], BaseException]:
    """One instance of each exported error, from real calls wherever the SDK raises it."""
    samples: list[BaseException] = []
    for name, status in STATUSES.items():
        path = f"/beta/conversations/{status}/tags"
        headers = {"Retry-After": "120", "Location": "https://elsewhere.test/x"}
        server.script("GET", path, Reply(status, {"message": f"{name} from Dixa"}, headers=headers))
        samples.append(await _raised(run, lambda c, s=status: c.conversations.tags.list(s), max_retries=0))
    server.script(GET.method, GET.path, Reply(200, body=b"<html>", content_type="text/html"))
    samples.append(await _raised(run, GET.call))
    samples.append(await _raised(run, GET.call, max_response_size=3))  # ResponseTooLargeError
    slow = "/beta/conversations/7/tags"
    server.script("GET", slow, Reply(200, {"data": []}, delay=1.0))
    samples.append(await _raised(run, lambda c: c.conversations.tags.list(7), timeout=0.2, max_retries=0))
    with closed_port() as url:
        samples.append(await _raised(Runner(run.mode, url), GET.call, max_retries=0))
    samples.append(await _raised(run, lambda c: c.conversations.tags.list(0)))
    samples.append(await _raised(run, lambda c: c.conversations.tags.list("1")))
    try:
        dixa.BulkResult(failed=[dixa.BulkFailure(0, "vip", {"message": "exists"}, "exists")]).raise_for_failures()
    except dixa.BulkFailureError as exc:
        samples.append(exc)
    request = httpx.Request("GET", "https://dev.dixa.io/beta/x", headers={"Authorization": run.api_key})
    samples += [
        dixa.DixaError("something failed"),
        dixa.APIError("something failed", request=request),
        dixa.PaginationLoopError("A", 3),
        dixa.WebhookVerificationError("signature", "no signature matched"),
    ]
    found: dict[type[BaseException], BaseException] = {}
    for sample in samples:
        found.setdefault(type(sample), sample)
    for cls in _exported_errors():
        if cls not in found:
            found[cls] = cls("an error of a kind this test does not raise for real")  # e.g. a newer export
    return found


async def test_every_exported_exception_round_trips_without_the_key(run: Runner, server: FaultServer) -> None:
    samples = await _samples(run, server)
    assert set(samples) >= set(_exported_errors())
    assert {type(samples[cls]) for cls in _exported_errors()} == set(_exported_errors())
    for cls in _exported_errors():
        error = samples[cls]
        data = pickle.dumps(error)
        assert run.api_key.encode() not in data, cls.__name__
        back = pickle.loads(data)
        assert type(back) is cls
        assert str(back) == str(error)
        assert back.args == error.args
        for attribute in ("status_code", "message", "attempts", "body", "param", "location", "retry_after", "limit"):
            assert getattr(back, attribute, None) == getattr(error, attribute, None), (cls.__name__, attribute)
        if isinstance(error, dixa.APIStatusError):
            assert back.response.status_code == error.response.status_code
            assert back.response.json() == error.response.json()
            assert "authorization" not in back.request.headers
            assert back.request.url == error.request.url
        if isinstance(error, dixa.BulkFailureError):
            assert len(back.failures) == len(error.failures) == 1


def test_a_pickled_error_is_still_the_classes_it_was() -> None:
    back = pickle.loads(pickle.dumps(dixa.InvalidParameterError("page_limit", "must be at least 1, got 0")))
    assert isinstance(back, ValueError) and back.param == "page_limit"
    with pytest.raises(dixa.InvalidParameterError, match=r"^page_limit: must be at least 1"):
        raise back
