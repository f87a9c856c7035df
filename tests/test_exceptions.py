"""The exception tree: one root, one class per common status, one readable line each,
and the request (method, URL without credentials) every API error names."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import dixa

BASE = "http://dixa.test"
TAGS = "/beta/conversations/1/tags"


def _call(mode: str, handler: Callable[[httpx.Request], httpx.Response], base_url: str = BASE) -> Any:
    """``conversations.tags.list(1)`` through a client answering with ``handler``."""
    options: dict[str, Any] = {"api_key": "k", "base_url": base_url, "rate_limit": None, "max_retries": 0}
    if mode == "sync":
        with dixa.Dixa(http_client=httpx.Client(transport=httpx.MockTransport(handler)), **options) as client:
            return client.conversations.tags.list(1).to_list()

    async def run() -> Any:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        async with dixa.AsyncDixa(http_client=http, **options) as client:
            return await client.conversations.tags.list(1).to_list()

    return asyncio.run(run())


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_everything_descends_from_dixa_error() -> None:
    names = [name for name in dixa.__all__ if name.endswith("Error")]
    assert len(names) >= 17
    for name in names:
        assert issubclass(getattr(dixa, name), dixa.DixaError), name
    assert issubclass(dixa.APITimeoutError, dixa.APIConnectionError)
    assert issubclass(dixa.APIConnectionError, dixa.APIError)
    assert issubclass(dixa.APIStatusError, dixa.APIError)
    assert issubclass(dixa.APIResponseValidationError, dixa.APIError)
    assert issubclass(dixa.InvalidParameterError, ValueError)
    assert issubclass(dixa.InvalidParameterTypeError, TypeError)


STATUS_CLASSES = {
    400: dixa.BadRequestError,
    401: dixa.AuthenticationError,
    403: dixa.PermissionDeniedError,
    404: dixa.NotFoundError,
    409: dixa.ConflictError,
    422: dixa.UnprocessableEntityError,
    429: dixa.RateLimitError,
    500: dixa.InternalServerError,
    502: dixa.InternalServerError,
    503: dixa.InternalServerError,
    599: dixa.InternalServerError,
    405: dixa.APIStatusError,
    410: dixa.APIStatusError,
}


@pytest.mark.parametrize(("status", "error_class"), list(STATUS_CLASSES.items()))
def test_one_class_per_common_status(mode: str, status: int, error_class: type[dixa.APIStatusError]) -> None:
    with pytest.raises(dixa.APIStatusError) as info:
        _call(mode, lambda request: httpx.Response(status, json={"message": "Nope"}))
    error = info.value
    assert type(error) is error_class
    assert (error.status_code, error.message, error.body) == (status, "Nope", {"message": "Nope"})
    assert (error.method, error.url) == ("GET", BASE + TAGS)
    assert error.response.status_code == status
    assert error.request.url == BASE + TAGS
    assert error.attempts == 1
    assert str(error) == f"{status} Nope (GET {BASE}{TAGS})"


def test_status_error_without_a_body_uses_the_reason_phrase(mode: str) -> None:
    with pytest.raises(dixa.NotFoundError) as info:
        _call(mode, lambda request: httpx.Response(404))
    assert str(info.value) == f"404 Not Found (GET {BASE}{TAGS})"
    assert info.value.body is None


def test_plain_text_error_bodies_are_the_message(mode: str) -> None:
    with pytest.raises(dixa.BadRequestError) as info:
        _call(mode, lambda request: httpx.Response(400, text="pageLimit must be\npositive"))
    assert info.value.message == "pageLimit must be positive"


def test_multi_line_and_long_messages_become_one_bounded_line(mode: str) -> None:
    long = "Invalid input:\n" + "\n".join(f"  field {n} is wrong" for n in range(100))
    with pytest.raises(dixa.UnprocessableEntityError) as info:
        _call(mode, lambda request: httpx.Response(422, json={"message": long}))
    text = str(info.value)
    assert "\n" not in text
    assert text.startswith("422 Invalid input: field 0 is wrong field 1 is wrong")
    assert len(info.value.message) == 300 and info.value.message.endswith("…")
    assert info.value.body == {"message": long}  # the full message is still there


def test_rate_limit_error_carries_retry_after(mode: str) -> None:
    with pytest.raises(dixa.RateLimitError) as info:
        _call(mode, lambda request: httpx.Response(429, headers={"Retry-After": "120"}, json={"message": "Slow down"}))
    assert info.value.retry_after == 120
    assert str(info.value) == f"429 Slow down; retry after 120s (GET {BASE}{TAGS})"


def test_credentials_in_the_base_url_never_appear_in_errors(mode: str) -> None:
    with pytest.raises(dixa.NotFoundError) as info:
        _call(mode, lambda request: httpx.Response(404), base_url="http://user:hunter2@dixa.test")
    assert info.value.url == BASE + TAGS
    assert "hunter2" not in str(info.value) and "hunter2" not in repr(info.value)


def test_undecodable_bodies_never_leak_json_decode_error(mode: str) -> None:
    def truncated(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b'{"data": [{"id": ', headers={"Content-Type": "application/json"})

    with pytest.raises(dixa.APIResponseValidationError) as info:
        _call(mode, truncated)
    assert info.value.status_code == 200
    assert str(info.value).startswith("the response is not valid JSON (17 bytes; Expecting value: line 1 column 18")
    assert isinstance(info.value.__cause__, ValueError)  # the JSONDecodeError is the cause, never raised itself


def test_error_repr_is_short(mode: str) -> None:
    with pytest.raises(dixa.ConflictError) as info:
        _call(mode, lambda request: httpx.Response(409, json={"message": "Already claimed"}))
    assert repr(info.value) == "ConflictError('Already claimed')"


def test_validation_error_needs_a_response_or_a_request() -> None:
    with pytest.raises(TypeError):
        dixa.APIResponseValidationError("x")
    request = httpx.Request("GET", BASE + TAGS)
    error = dixa.APIResponseValidationError("bad", request=request)
    assert error.status_code is None and error.response is None
    assert str(error) == f"bad (GET {BASE}{TAGS})"


def test_input_errors_name_the_parameter() -> None:
    with (
        dixa.Dixa(api_key="k", base_url=BASE, rate_limit=None) as client,
        pytest.raises(dixa.InvalidParameterTypeError) as info,
    ):
        client.conversations.tags.list("one")  # type: ignore[arg-type]
    assert info.value.param == "conversation_id"
    assert str(info.value).startswith("conversation_id: ")
