"""The strict switch: ``strict=`` on the clients and ``with_options``, and
``DIXA_STRICT_VALIDATION`` in the environment: a response that deviates from the API
description parses (logged) by default and is an ``APIResponseValidationError`` naming
the JSON path when strict, through a method, ``client.call`` and ``client.request`` alike.
(The lenient rules themselves are tested with the models.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from dixa_generated.api.tags import get_tags_tagid
from dixa_generated.models.get_tag_output import GetTagOutput

import dixa
from tests.escape.conftest import Answer, Both, Recorder

CLIENTS = [dixa.Dixa, dixa.AsyncDixa]


@pytest.fixture(autouse=True)
def no_env_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIXA_STRICT_VALIDATION", raising=False)


@pytest.mark.parametrize("cls", CLIENTS)
def test_lenient_unless_asked(cls: type) -> None:
    assert cls(api_key="k").strict is False
    assert cls(api_key="k", strict=True).strict is True


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize(
    ("value", "strict"), [("1", True), ("true", True), (" TRUE ", True), ("0", False), ("false", False), ("", False)]
)
def test_the_environment_switch(monkeypatch: pytest.MonkeyPatch, cls: type, value: str, strict: bool) -> None:
    monkeypatch.setenv("DIXA_STRICT_VALIDATION", value)

    assert cls(api_key="k").strict is strict


@pytest.mark.parametrize("cls", CLIENTS)
def test_the_argument_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch, cls: type) -> None:
    monkeypatch.setenv("DIXA_STRICT_VALIDATION", "1")

    assert cls(api_key="k", strict=False).strict is False


@pytest.mark.parametrize("cls", CLIENTS)
def test_an_unreadable_environment_value_is_refused_not_guessed(monkeypatch: pytest.MonkeyPatch, cls: type) -> None:
    monkeypatch.setenv("DIXA_STRICT_VALIDATION", "yes please")

    with pytest.raises(dixa.InvalidParameterError, match="DIXA_STRICT_VALIDATION"):
        cls(api_key="k")


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize("value", ["true", 1, 0])
def test_strict_must_be_a_bool(cls: type, value: object) -> None:
    with pytest.raises(dixa.InvalidParameterTypeError, match="strict"):
        cls(api_key="k", strict=value)


@pytest.mark.parametrize("cls", CLIENTS)
def test_with_options_switches_one_copy(cls: type) -> None:
    client = cls(api_key="k")

    strict = client.with_options(strict=True)

    assert (client.strict, strict.strict) == (False, True)
    assert strict.with_options(timeout=5.0).strict is True  # kept through other options
    assert strict.with_options(strict=False).strict is False
    with pytest.raises(dixa.InvalidParameterTypeError, match="strict"):
        client.with_options(strict="yes")


# --- what the switch does, on a real socket ----------------------------------------------------

TAG_ID = "b794a74a-625b-4303-8237-9b11668a9605"
NAMELESS_TAG = {"data": {"id": TAG_ID, "state": "Active"}}  # "name" is required by the spec
WAYS = {
    "method": lambda c: c.tags.get(TAG_ID),
    "call": lambda c: c.call(get_tags_tagid, tag_id=TAG_ID),
    "request": lambda c: c.request("GET", "/beta/tags/{id}", path_params={"id": TAG_ID}, cast_to=GetTagOutput),
}


@pytest.mark.parametrize("way", WAYS.values(), ids=WAYS.keys())
def test_a_deviation_parses_by_default_and_fails_when_strict(
    both: Both, recorder: Recorder, way: Callable[[Any], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder.script("GET", f"/beta/tags/{TAG_ID}", Answer(200, NAMELESS_TAG))

    lenient = both(recorder.url, way)
    with pytest.raises(dixa.APIResponseValidationError, match=r"\$\.data\.name"):
        both(recorder.url, lambda c: way(c.with_options(strict=True)))
    monkeypatch.setenv("DIXA_STRICT_VALIDATION", "1")
    with pytest.raises(dixa.APIResponseValidationError, match=r"\$\.data\.name"):
        both(recorder.url, way)

    tag = lenient if way is WAYS["method"] else lenient.data
    assert str(tag.id) == TAG_ID
    assert tag.to_dict() == NAMELESS_TAG["data"]  # what arrived, nothing added
