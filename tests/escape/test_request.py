"""``client.request(method, path, ...)``: any request, through the same core as every method.

Against Prism (the spec's mock, which validates what it receives) for the happy paths,
and against a recording loopback server for what went over the socket: the key, the
exact request target, retries and typed errors. Every test runs with ``Dixa`` and with
``AsyncDixa`` (``both``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from dixa_generated.models.create_tag_input import CreateTagInput
from dixa_generated.models.create_tag_output import CreateTagOutput
from dixa_generated.models.get_conversation_output import GetConversationOutput

import dixa
from tests.escape.conftest import Answer, Both, Recorder

TAG_ID = "b794a74a-625b-4303-8237-9b11668a9605"
TAG = {"data": {"id": TAG_ID, "name": "vip", "state": "Active"}}


# --- against Prism ----------------------------------------------------------------------


def test_answers_the_json_as_it_came_with_timestamps_as_strings(both: Both, mock_url: str) -> None:
    body = both(
        mock_url,
        lambda c: c.request("GET", "/beta/conversations/{conversation_id}", path_params={"conversation_id": 1}),
    )

    assert body["data"]["id"] == 1
    assert body["data"]["createdAt"] == "2020-12-16T09:41:43Z"  # not parsed: the JSON as Dixa sent it


def test_cast_to_parses_with_the_generated_model(both: Both, mock_url: str) -> None:
    output = both(
        mock_url,
        lambda c: c.request(
            "GET",
            "/beta/conversations/{conversation_id}",
            path_params={"conversation_id": 1},
            cast_to=GetConversationOutput,
        ),
    )

    assert isinstance(output, GetConversationOutput)
    assert output.data.created_at == dt.datetime(2020, 12, 16, 9, 41, 43, tzinfo=dt.UTC)


@pytest.mark.parametrize("body", [CreateTagInput(name="vip", color="#ff8800"), {"name": "vip", "color": "#ff8800"}])
def test_sends_a_json_body_from_a_model_or_plain_data(both: Both, mock_url: str, body: Any) -> None:
    # Prism checks the body against the spec: a malformed one would be answered 422.
    output = both(mock_url, lambda c: c.request("POST", "/beta/tags", json=body, cast_to=CreateTagOutput))

    assert isinstance(output, CreateTagOutput)


def test_query_params_reach_the_api(both: Both, mock_url: str) -> None:
    body = both(mock_url, lambda c: c.request("get", "beta/tags", params={"includeDeactivated": True}))

    assert isinstance(body["data"], list)


def test_under_with_raw_response(both: Both, mock_url: str) -> None:
    raw = both(
        mock_url,
        lambda c: c.with_raw_response.request(
            "GET", "/beta/conversations/{id}", path_params={"id": 1}, cast_to=GetConversationOutput
        ),
    )

    assert isinstance(raw, dixa.RawResponse)
    assert raw.status_code == 200
    assert raw.json()["data"]["id"] == 1
    assert isinstance(raw.parse(), GetConversationOutput)


def test_an_error_status_is_a_typed_error(both: Both, mock_url: str) -> None:
    # Prism answers 401 to a request without its security header; dixa sends the key,
    # so ask for something the spec does not have instead.
    with pytest.raises(dixa.NotFoundError) as info:
        both(mock_url, lambda c: c.request("GET", "/beta/no-such-resource"))

    assert info.value.status_code == 404


# --- on the wire ------------------------------------------------------------------------


def test_sends_the_key_and_each_path_parameter_as_one_segment(both: Both, recorder: Recorder) -> None:
    recorder.script("GET", "/beta/things/a%2Fb%20c%3F/x", Answer(200, {"data": []}))

    both(
        recorder.url,
        lambda c: c.request("GET", "/beta/things/{thing_id}/x", path_params={"thing_id": "a/b c?"}, params={"n": 2}),
    )

    (seen,) = recorder.seen
    assert seen.target == "/beta/things/a%2Fb%20c%3F/x?n=2"
    assert seen.path.count("/") == "/beta/things/{thing_id}/x".count("/")  # as many segments as the template
    assert seen.headers["authorization"] == "escape-key"


def test_an_absolute_url_under_the_base_url_is_accepted(both: Both, recorder: Recorder) -> None:
    # e.g. a ``meta.next`` link followed by hand
    recorder.script("GET", "/beta/agents", Answer(200, {"data": []}))

    both(recorder.url, lambda c: c.request("GET", f"{recorder.url}/beta/agents?pageKey=abc&pageLimit=2"))

    assert recorder.seen[0].target == "/beta/agents?pageKey=abc&pageLimit=2"


def test_query_values_are_sent_in_dixas_forms(both: Both, recorder: Recorder) -> None:
    recorder.script("GET", "/beta/x", Answer(200, {}))
    when = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)

    both(
        recorder.url,
        lambda c: c.request(
            "GET", "/beta/x", params={"at": when, "id": uuid.UUID(TAG_ID), "flag": False, "ids": [1, 2], "skip": None}
        ),
    )

    target = recorder.seen[0].target
    assert target.startswith("/beta/x?at=2024-05-01T12%3A00%3A00")
    assert f"id={TAG_ID}" in target
    assert "flag=false" in target
    assert "ids=1&ids=2" in target
    assert "skip" not in target


REFUSED: list[tuple[str, dict[str, Any], type[dixa.DixaError], str]] = [
    ("https://evil.example/beta/tags", {}, dixa.InvalidParameterError, "path"),
    ("//evil.example/beta/tags", {}, dixa.InvalidParameterError, "path"),
    ("http://[::1/beta", {}, dixa.InvalidParameterError, "path"),
    ("/beta/tags/../agents", {}, dixa.InvalidParameterError, "path"),
    ("/beta/tags/./x", {}, dixa.InvalidParameterError, "path"),
    ("/beta/tags/%2E%2e", {}, dixa.InvalidParameterError, "path"),
    ("/beta//tags", {}, dixa.InvalidParameterError, "path"),
    ("/beta\\..\\tags", {}, dixa.InvalidParameterError, "path"),
    ("/beta/tags#x", {}, dixa.InvalidParameterError, "path"),
    ("/beta/tags\r\nX-Evil: 1", {}, dixa.InvalidParameterError, "path"),
    ("/beta/tags/{tag_id}", {"path_params": {"tag_id": ".."}}, dixa.InvalidParameterError, "tag_id"),
    ("/beta/tags/{tag_id}", {"path_params": {"tag_id": ""}}, dixa.InvalidParameterError, "tag_id"),
    ("/beta/tags/{tag_id}", {"path_params": {"tag_id": 2**63}}, dixa.InvalidParameterError, "tag_id"),
    ("/beta/tags/{tag_id}", {"path_params": {"tag_id": 1.5}}, dixa.InvalidParameterTypeError, "tag_id"),
    ("/beta/tags/{tag_id}", {}, dixa.InvalidParameterError, "path_params"),
    ("/beta/tags", {"path_params": {"tag_id": TAG_ID}}, dixa.InvalidParameterError, "path_params"),
    ("/beta/tags", {"params": {"at": object()}}, dixa.InvalidParameterTypeError, "params['at']"),
    ("/beta/tags", {"params": {"n": float("nan")}}, dixa.InvalidParameterError, "params['n']"),
    ("/beta/tags", {"params": [("a", 1)]}, dixa.InvalidParameterTypeError, "params"),
    ("/beta/tags", {"cast_to": dict}, dixa.InvalidParameterTypeError, "cast_to"),
    ("/beta/tags", {"method": "FETCH"}, dixa.InvalidParameterError, "method"),
]


@pytest.mark.parametrize(("path", "options", "error", "param"), REFUSED)
def test_refused_before_anything_is_sent(
    both: Both, recorder: Recorder, path: str, options: dict[str, Any], error: type[dixa.DixaError], param: str
) -> None:
    options = dict(options)
    method = options.pop("method", "GET")

    with pytest.raises(error) as info:
        both(recorder.url, lambda c: c.request(method, path, **options))

    assert info.value.param == param  # type: ignore[attr-defined]
    assert recorder.seen == []


def test_a_path_that_is_not_a_string_is_a_type_error(both: Both, recorder: Recorder) -> None:
    with pytest.raises(dixa.InvalidParameterTypeError, match="path"):
        both(recorder.url, lambda c: c.request("GET", b"/beta/tags"))
    assert recorder.seen == []


def test_cast_to_needs_a_json_object(both: Both, recorder: Recorder) -> None:
    recorder.script("GET", "/beta/tags", Answer(200, [1, 2]))

    with pytest.raises(dixa.APIResponseValidationError, match="expected a JSON object to build GetConversationOutput"):
        both(recorder.url, lambda c: c.request("GET", "/beta/tags", cast_to=GetConversationOutput))


# --- the core's rules apply ----------------------------------------------------------------


def test_a_failed_read_is_retried_and_a_404_is_typed(both: Both, recorder: Recorder) -> None:
    recorder.script("GET", "/beta/tags/1", Answer(503, {"message": "busy"}), Answer(200, TAG))
    recorder.script("GET", "/beta/tags/2", Answer(404, {"message": "Tag not found"}))

    assert both(recorder.url, lambda c: c.request("GET", "/beta/tags/1")) == TAG
    with pytest.raises(dixa.NotFoundError, match="Tag not found"):
        both(recorder.url, lambda c: c.request("GET", "/beta/tags/2"))

    assert [s.path for s in recorder.seen] == ["/beta/tags/1", "/beta/tags/1", "/beta/tags/2"]


def test_a_write_is_never_sent_twice(both: Both, recorder: Recorder) -> None:
    recorder.script("POST", "/beta/tags", Answer(503, {"message": "busy"}), Answer(201, TAG))

    with pytest.raises(dixa.InternalServerError):
        both(recorder.url, lambda c: c.request("POST", "/beta/tags", json={"name": "vip"}))

    assert len(recorder.hits("POST")) == 1


def test_a_429_is_waited_out_for_a_write_too(both: Both, recorder: Recorder) -> None:
    refusal = Answer(429, {"message": "Rate limit exceeded"})
    recorder.script("POST", "/beta/tags", refusal, Answer(201, TAG))

    assert both(recorder.url, lambda c: c.request("POST", "/beta/tags", json={"name": "vip"})) == TAG
    assert len(recorder.hits("POST")) == 2
