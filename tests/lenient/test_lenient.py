"""Lenient by default, strict on request: real payloads that stray from the spec.

Every test runs through the public clients, sync and async, with a transport answering as
the live API does (payloads built from Dixa's published examples, then changed the way
real responses differ). Default clients parse and log each deviation once per model and
field; ``strict=True`` (or ``DIXA_STRICT_VALIDATION=1``) raises naming operation and path.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from dixa_generated.models.attachments import Attachments
from dixa_generated.models.select import Select
from dixa_generated.models.text_1 import Text1
from dixa_generated.models.unknown_form_attribute_value import UnknownFormAttributeValue
from dixa_generated.types import UNSET, Unset

import dixa
from dixa import _lenient
from tests.surfaces import Surface

ARTICLE = "123e4567-e89b-12d3-a456-426614174000"
WRONG_SHAPE = "0f5c9a4e-2d7b-4c1e-9a3f-6b8d2e1c4a70"
TRANSLATION = {
    "language": "en",
    "title": "Getting Started",
    "isIndexedVersion": True,
    "contents": {"html": "<p>HTML content</p>", "plaintext": "plaintext content"},
    "availableAt": {"helpCenterLinks": []},
}  # as Dixa's v1 examples show it: no createdAt, updatedAt, createdBy or updatedBy
TRANSLATIONS = {"data": {"translations": {"draft": [TRANSLATION], "published": [TRANSLATION]}}}
ARTICLE_BODY = {
    "data": {
        "id": ARTICLE,
        "isDefaultLocation": True,
        "translation": {"draft": TRANSLATION},
        "tags": [],
        "createdAt": "2021-12-01T12:46:36.581Z[GMT]",
        "updatedAt": "2021-12-01T12:46:36.581Z[GMT]",
        "restrictions": {"isRestricted": False},
    }
}
FORM_VALUES = {
    "Name": {"_type": "Text", "value": "x"},
    "Empty": {"_type": "Text", "value": ""},
    "Topics": {"_type": "Select", "value": ["A", "B"]},
    "Nothing picked": {"_type": "Select", "value": []},
    "Files": {"_type": "Attachments", "value": []},
    "Rating": {"_type": "Stars", "value": 4},
    "Bare name": "John Doe",
    "Bare choice": ["Email"],
}
MESSAGE = {
    "id": "44b95893-0514-4606-a5d8-1880172b3a58",
    "authorId": "41646d42-edc0-493e-ac7b-814d9ff40a2e",
    "externalId": None,  # the live API sends null here (other Dixa clients' history)
    "createdAt": "2021-12-01T12:49:36.581Z[GMT]",
    "attributes": {
        "formSubmission": {"values": FORM_VALUES},
        "direction": "Inbound",
        "content": {"value": "<form>...</form>", "_type": "Html"},
        "_type": "MessengerFormAttributes",
    },
    "mood": "curious",  # a field this SDK does not know
}
CALL_RECORDING = {
    "id": "66b95893-0514-4606-a5d8-1880172b3a60",
    "authorId": "41646d42-edc0-493e-ac7b-814d9ff40a2e",
    "createdAt": "2021-12-01T12:51:36.581Z[GMT]",
    "attributes": {"duration": "2m", "recording": "https://files.dixa.io/r/1", "_type": "CallRecordingAttributes"},
}
BODIES = {
    f"/beta/knowledge/articles/{ARTICLE}/translations": TRANSLATIONS,
    f"/beta/knowledge/articles/{ARTICLE}": ARTICLE_BODY,
    "/beta/conversations/1/messages": {"data": [MESSAGE]},
    "/beta/conversations/2/messages": {"data": [CALL_RECORDING]},
    "/beta/conversations/3": {"data": None},
    f"/beta/knowledge/articles/{WRONG_SHAPE}": {"data": {"unexpected": True}},
    f"/beta/knowledge/articles/{WRONG_SHAPE}/translations": {
        "data": {"translations": {"draft": [{"unexpected": True}], "published": [TRANSLATION]}}
    },
}


def _answer(request: httpx.Request) -> httpx.Response:
    body = BODIES.get(request.url.path)
    if body is None:
        return httpx.Response(404, json={"message": "unexpected " + request.url.path})
    return httpx.Response(200, json=copy.deepcopy(body))


@pytest.fixture(params=["sync", "async"])
def call(request: pytest.FixtureRequest) -> Callable[[Callable[[Any], Any]], Any]:
    """``call(lambda c: ...)``: the result through a sync or an async client (pagers drained)."""
    return Surface(request.param, "http://dixa.test", _answer).result


@pytest.fixture(autouse=True)
def fresh_warnings() -> Iterator[None]:
    """Each test sees the first deviation of each (model, field) again."""
    _lenient._warned.clear()
    yield
    _lenient._warned.clear()


def _strict(client: Any) -> Any:
    return client.with_options(strict=True)


def test_a_translation_without_timestamps_parses_and_reads_unset(call: Any) -> None:
    translations = call(lambda c: c.knowledge.articles.translations.get(ARTICLE))
    draft = translations.draft[0]
    assert isinstance(draft.created_at, Unset) and draft.updated_at is UNSET
    assert draft.title == "Getting Started"  # the fields that arrived are typed as usual
    assert translations.to_dict() == TRANSLATIONS["data"]["translations"]  # nothing added, nothing dropped

    article = call(lambda c: c.knowledge.articles.get(ARTICLE))
    assert article.translation.draft.created_at is UNSET
    assert article.created_at.year == 2021 and article.created_at.tzinfo is not None


def test_strict_names_the_operation_and_the_json_path(call: Any) -> None:
    with pytest.raises(dixa.APIResponseValidationError) as caught:
        call(lambda c: _strict(c).knowledge.articles.translations.get(ARTICLE))
    message = str(caught.value)
    assert message.startswith("knowledge.get_knowledge_articles_articleid_translations: ")
    assert "at $.data.translations.draft[0].createdAt (ArticleTranslation.createdAt: missing)" in message
    assert "and 3 more" in message  # updatedAt here, both again in the published translation

    with pytest.raises(dixa.APIResponseValidationError, match=r"at \$\.data\.translation\.draft\.createdAt "):
        call(lambda c: _strict(c).knowledge.articles.get(ARTICLE))


def test_the_environment_turns_strict_on(call: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIXA_STRICT_VALIDATION", "1")
    with pytest.raises(dixa.APIResponseValidationError, match="createdAt"):
        call(lambda c: c.knowledge.articles.translations.get(ARTICLE))


def test_each_deviation_is_logged_once_per_model_and_field(call: Any, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="dixa"):
        call(lambda c: c.knowledge.articles.translations.get(ARTICLE))
        call(lambda c: c.knowledge.articles.translations.get(ARTICLE))
    lines = [r.getMessage() for r in caplog.records if r.name == "dixa"]
    assert len(lines) == 2, lines  # createdAt and updatedAt of ArticleTranslation: four places, two calls
    assert all(r.levelno == logging.WARNING for r in caplog.records if r.name == "dixa")
    assert "$.data.translations.draft[0].createdAt (ArticleTranslation.createdAt: missing)" in lines[0]
    assert lines[0].startswith("knowledge.get_knowledge_articles_articleid_translations: ")


def test_null_and_mistyped_values_are_kept_as_received(call: Any, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="dixa"):
        (message,) = call(lambda c: c.conversations.messages.list(1))
        (recording,) = call(lambda c: c.conversations.messages.list(2))
    assert message.external_id is None
    assert message.additional_properties == {"mood": "curious"}
    assert message.to_dict()["externalId"] is None and message.to_dict()["mood"] == "curious"
    assert recording.attributes.duration == "2m"  # an integer in the spec: kept as it arrived
    assert recording.to_dict()["attributes"] == CALL_RECORDING["attributes"]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "$.data[0].externalId (Message.externalId: null)" in logged
    assert "$.data[0].attributes.duration (CallRecordingAttributes.duration: unexpected str" in logged

    with pytest.raises(dixa.APIResponseValidationError, match=r"at \$\.data\[0\]\.externalId \("):
        call(lambda c: _strict(c).conversations.messages.list(1))


def test_form_values_land_on_the_variant_their_type_names(call: Any) -> None:
    (message,) = call(lambda c: c.conversations.messages.list(1))
    values = message.attributes.form_submission.values
    assert isinstance(values["Name"], Text1) and values["Name"].value == "x"
    assert isinstance(values["Empty"], Text1) and values["Empty"].value == ""
    assert isinstance(values["Topics"], Select) and values["Topics"].value == ["A", "B"]
    assert isinstance(values["Nothing picked"], Select) and values["Nothing picked"].value == []
    assert isinstance(values["Files"], Attachments)
    assert isinstance(values["Rating"], UnknownFormAttributeValue)  # a kind of field Dixa adds later
    assert values["Bare name"] == "John Doe" and values["Bare choice"] == ["Email"]  # the form the examples show
    assert message.attributes.form_submission.to_dict() == {"values": FORM_VALUES}  # every value unchanged


def test_a_missing_payload_is_an_error_in_every_mode(call: Any) -> None:
    with pytest.raises(dixa.APIResponseValidationError, match=r"\$\.data \("):
        call(lambda c: c.conversations.get(3))


def test_an_object_with_none_of_its_fields_is_the_wrong_shape(call: Any) -> None:
    # As the payload: an error in every mode, named at the payload.
    with pytest.raises(dixa.APIResponseValidationError, match=r"at \$\.data \(GetKnowledgeArticleOutput\.data: "):
        call(lambda c: c.knowledge.articles.get(WRONG_SHAPE))
    # Deeper: kept as received at the field that holds it.
    translations = call(lambda c: c.knowledge.articles.translations.get(WRONG_SHAPE))
    assert translations.draft == [{"unexpected": True}]
    sent = BODIES[f"/beta/knowledge/articles/{WRONG_SHAPE}/translations"]["data"]
    assert translations.to_dict() == sent["translations"]


def test_raw_responses_parse_leniently_too(call: Any) -> None:
    raw = call(lambda c: c.with_raw_response.knowledge.articles.translations.get(ARTICLE))
    assert raw.parse().draft[0].created_at is UNSET
    strict = call(lambda c: _strict(c).with_raw_response.knowledge.articles.translations.get(ARTICLE))
    with pytest.raises(dixa.APIResponseValidationError, match="createdAt"):
        strict.parse()
