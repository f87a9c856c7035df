"""``client.call(op, ...)``: any generated operation, run through the SDK's core.

What ``dixa_generated``'s own ``sync()`` would return, but with the SDK's auth, retries,
rate limit and typed errors; against Prism and against a recording loopback server,
with ``Dixa`` and ``AsyncDixa``.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from dixa_generated.api.conversations import get_conversations_conversationid, post_conversations_conversationid_notes
from dixa_generated.api.tags import delete_tags_tagid, get_tags, get_tags_tagid, post_tags
from dixa_generated.models.create_internal_note_input import CreateInternalNoteInput
from dixa_generated.models.create_tag_input import CreateTagInput
from dixa_generated.models.create_tag_output import CreateTagOutput
from dixa_generated.models.get_conversation_output import GetConversationOutput
from dixa_generated.models.get_tag_output import GetTagOutput
from dixa_generated.models.list_tags_output import ListTagsOutput

import dixa
from tests.escape.conftest import Answer, Both, Recorder

TAG_ID = uuid.UUID("b794a74a-625b-4303-8237-9b11668a9605")
TAG = {"data": {"id": str(TAG_ID), "name": "vip", "state": "Active"}}


# --- against Prism ----------------------------------------------------------------------


@pytest.mark.parametrize("op", [get_tags_tagid, get_tags_tagid.sync], ids=["module", "sync"])
def test_runs_an_operation_given_as_module_or_function(both: Both, mock_url: str, op: Any) -> None:
    output = both(mock_url, lambda c: c.call(op, tag_id=TAG_ID))

    assert isinstance(output, GetTagOutput)
    assert output.data.name == "example"


def test_the_asyncio_function_works_too(both: Both, mock_url: str) -> None:
    output = both(mock_url, lambda c: c.call(get_tags_tagid.asyncio, tag_id=TAG_ID))

    assert isinstance(output, GetTagOutput)


def test_gives_what_the_generated_client_gives(mock_url: str) -> None:
    with dixa.Dixa(api_key="k", base_url=mock_url, rate_limit=None) as client:
        ours = client.call(get_conversations_conversationid, conversation_id=1)
        theirs = get_conversations_conversationid.sync(1, client=client.generated)

    assert isinstance(ours, GetConversationOutput)
    assert isinstance(theirs, GetConversationOutput)
    assert ours.to_dict() == theirs.to_dict()


@pytest.mark.parametrize(
    ("op", "kwargs", "expected"),
    [
        (get_tags, {"include_deactivated": True}, ListTagsOutput),
        (post_tags, {"body": CreateTagInput(name="vip")}, CreateTagOutput),
        (delete_tags_tagid, {"tag_id": TAG_ID}, type(None)),  # a 204: None, as sync() gives
    ],
    ids=["query", "body", "no-content"],
)
def test_query_body_and_no_content(both: Both, mock_url: str, op: Any, kwargs: dict[str, Any], expected: type) -> None:
    assert isinstance(both(mock_url, lambda c: c.call(op, **kwargs)), expected)


def test_positional_arguments_as_in_sync(both: Both, mock_url: str) -> None:
    body = CreateInternalNoteInput(message="Called back")

    output = both(mock_url, lambda c: c.call(post_conversations_conversationid_notes, 1, body=body))

    assert output.data.message


def test_under_with_raw_response(both: Both, mock_url: str) -> None:
    raw = both(mock_url, lambda c: c.with_raw_response.call(get_tags_tagid, tag_id=TAG_ID))

    assert isinstance(raw, dixa.RawResponse)
    assert raw.status_code == 200
    assert isinstance(raw.parse(), GetTagOutput)


def test_a_uuid_may_be_given_as_its_string(both: Both, mock_url: str) -> None:
    assert isinstance(both(mock_url, lambda c: c.call(get_tags_tagid, tag_id=str(TAG_ID))), GetTagOutput)


# --- refused before anything is sent -------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "kwargs", "error", "param"),
    [
        (get_tags_tagid, {"tag_id": ".."}, dixa.InvalidParameterTypeError, "tag_id"),  # not a UUID
        (get_tags_tagid, {"tag_id": 5}, dixa.InvalidParameterTypeError, "tag_id"),
        (get_tags_tagid, {"tagid": TAG_ID}, dixa.InvalidParameterTypeError, "tags.get_tags_tagid"),
        (get_tags_tagid, {}, dixa.InvalidParameterTypeError, "tags.get_tags_tagid"),
        (post_tags, {"body": {"name": "vip"}}, dixa.InvalidParameterTypeError, "body"),  # a dict, not the model
        (get_tags, {"include_deactivated": "yes"}, dixa.InvalidParameterTypeError, "include_deactivated"),
        (
            get_conversations_conversationid,
            {"conversation_id": True},
            dixa.InvalidParameterTypeError,
            "conversation_id",
        ),
        (print, {}, dixa.InvalidParameterTypeError, "op"),
        (get_tags_tagid.sync_detailed, {"tag_id": TAG_ID}, dixa.InvalidParameterTypeError, "op"),
        (dixa, {}, dixa.InvalidParameterTypeError, "op"),
    ],
    ids=[
        "dots",
        "int-for-uuid",
        "unknown-kwarg",
        "missing",
        "dict-body",
        "str-for-bool",
        "bool-for-int",
        "builtin",
        "detailed",
        "module",
    ],
)
def test_bad_arguments(
    both: Both, recorder: Recorder, op: Any, kwargs: dict[str, Any], error: type[dixa.DixaError], param: str
) -> None:
    with pytest.raises(error) as info:
        both(recorder.url, lambda c: c.call(op, **kwargs))

    assert info.value.param == param  # type: ignore[attr-defined]
    assert recorder.seen == []


# --- the core's rules apply ----------------------------------------------------------------


def test_sends_the_key_retries_a_read_and_types_errors(both: Both, recorder: Recorder) -> None:
    path = f"/beta/tags/{TAG_ID}"
    recorder.script("GET", path, Answer(500, {"message": "oops"}), Answer(200, TAG), Answer(404, {"message": "gone"}))

    first = both(recorder.url, lambda c: c.call(get_tags_tagid, tag_id=TAG_ID))
    with pytest.raises(dixa.NotFoundError, match="gone"):
        both(recorder.url, lambda c: c.call(get_tags_tagid, tag_id=TAG_ID))

    assert isinstance(first, GetTagOutput)
    assert [s.target for s in recorder.seen] == [path] * 3
    assert {s.headers["authorization"] for s in recorder.seen} == {"escape-key"}


def test_a_write_is_never_sent_twice(both: Both, recorder: Recorder) -> None:
    recorder.script("POST", "/beta/tags", Answer(502, {"message": "bad gateway"}))

    with pytest.raises(dixa.InternalServerError):
        both(recorder.url, lambda c: c.call(post_tags, body=CreateTagInput(name="vip")))

    assert len(recorder.hits("POST")) == 1


def test_a_response_that_is_not_the_documented_shape_is_a_validation_error(both: Both, recorder: Recorder) -> None:
    recorder.script("GET", f"/beta/tags/{TAG_ID}", Answer(200, ["not", "an", "object"]))

    with pytest.raises(dixa.APIResponseValidationError, match=r"tags\.get_tags_tagid"):
        both(recorder.url, lambda c: c.call(get_tags_tagid, tag_id=TAG_ID))
