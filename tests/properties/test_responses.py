"""Property tests: every operation's success response, as the spec allows it, through the SDK.

For each of the spec's 123 operations, Hypothesis draws response bodies valid by the
operation's schema (``tests/properties/responses.py``: Dixa's ``_type`` tags and Java
timestamp forms included), a scripted transport answers the operation's representative
call (``tests/contract/calls.py``, the contract suite's table) with them, and:

* ``test_spec_valid_responses_parse_strictly``: the call succeeds on a strict client,
  every object lands on the class its ``_type`` names, every datetime is timezone-aware,
  and every model's ``to_dict()`` gives back the JSON it was built from;
* ``test_deviations_parse_leniently_and_fail_strictly``: with one required field removed
  or one ``null`` written where the schema allows none, the default client still answers
  (and its models still give back exactly what arrived), while a strict client raises
  ``APIResponseValidationError`` naming the operation and that field's JSON path.

Examples per operation are bounded (``EXAMPLES``) and derandomized: Hypothesis derives the
examples from the test itself, so every run draws the same ones (no database is kept).
To explore further, run with ``DIXA_PROPERTY_EXAMPLES=200 DIXA_PROPERTY_SEED=<n>``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import HealthCheck, assume, given, seed, settings
from hypothesis import strategies as st

import dixa
from dixa import parse_datetime
from scripts.normalize_spec import UNKNOWN_PREFIX
from tests.contract.calls import CALLS
from tests.properties import responses

EXAMPLES = int(os.environ.get("DIXA_PROPERTY_EXAMPLES", "3"))
SEED = os.environ.get("DIXA_PROPERTY_SEED")

SUCCESSES = {ref.name: responses.success(ref) for ref in responses.INDEX}
WITH_BODY = sorted(name for name, found in SUCCESSES.items() if found.schema is not None)
_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {}


def _settings(test: Any) -> Any:
    configured = settings(
        max_examples=EXAMPLES,
        derandomize=SEED is None,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )(test)
    return configured if SEED is None else seed(int(SEED))(configured)


def _bodies(name: str) -> st.SearchStrategy[Any]:
    if name not in _STRATEGIES:
        _STRATEGIES[name] = responses.bodies(SUCCESSES[name])
    return _STRATEGIES[name]


class _Answer:
    """A transport answering every request with the current body, at the operation's status."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.body: Any = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.body is None:
            return httpx.Response(self.status)
        return httpx.Response(self.status, json=self.body)


def _client(answer: _Answer, *, strict: bool) -> dixa.Dixa:
    http = httpx.Client(transport=httpx.MockTransport(answer))
    return dixa.Dixa(
        api_key="test-key", base_url="http://dixa.test", rate_limit=None, max_retries=0, http_client=http, strict=strict
    )


def _call(name: str, client: dixa.Dixa) -> Any:
    result = CALLS[name](client)
    if isinstance(result, dixa.SyncPager):
        return next(iter(result.pages())).items
    return result


# --- what a parsed result must satisfy -------------------------------------------------------


def _walk(value: Any) -> Iterator[Any]:
    """``value`` and everything it holds: models, lists, dicts, their contents."""
    yield value
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            if not field.name.startswith("_"):
                yield from _walk(getattr(value, field.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)


def _wrong_variants(result: Any) -> list[str]:
    wrong = []
    for model in _walk(result):
        if not attrs.has(type(model)) or type(model).__name__.startswith(UNKNOWN_PREFIX):
            continue  # an Unknown... catch-all refuses every known tag itself
        declared = attrs.fields_dict(type(model)).get("field_type_")
        if declared is not None and isinstance(declared.default, str) and model.field_type_ != declared.default:
            wrong.append(f"_type {model.field_type_!r} parsed as {type(model).__name__}")
    return wrong


def _naive_datetimes(result: Any) -> list[str]:
    return [repr(value) for value in _walk(result) if isinstance(value, dt.datetime) and value.tzinfo is None]


def _same(expected: Any, actual: Any) -> bool:
    """JSON equality, except that a timestamp may come back in canonical form."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(_same(expected[k], actual[k]) for k in expected)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(_same(a, b) for a, b in zip(expected, actual, strict=True))
    if type(expected) is type(actual) and expected == actual:
        return True
    if isinstance(expected, str) and isinstance(actual, str):
        try:
            return parse_datetime(expected) == parse_datetime(actual)
        except ValueError:
            return False
    return False


def _subtrees(body: Any) -> Iterator[Any]:
    yield body
    if isinstance(body, dict):
        for item in body.values():
            yield from _subtrees(item)
    elif isinstance(body, list):
        for item in body:
            yield from _subtrees(item)


def _not_round_tripped(result: Any, body: Any) -> list[str]:
    """Models of the result whose ``to_dict()`` is no part of the body they came from."""
    models = result if isinstance(result, list) else [result]
    lost = []
    for model in models:
        if hasattr(model, "to_dict"):
            written = model.to_dict()
            if not any(_same(part, written) for part in _subtrees(body)):
                lost.append(f"{type(model).__name__}.to_dict() = {written!r}")
    return lost


# --- the properties ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SUCCESSES))
def test_spec_valid_responses_parse_strictly(name: str) -> None:
    found = SUCCESSES[name]
    answer = _Answer(found.status)
    with _client(answer, strict=True) as client:
        if found.schema is None:  # an action answered without a body
            _call(name, client)
            return

        @_settings
        @given(body=_bodies(name))
        def check(body: Any) -> None:
            answer.body = body
            result = _call(name, client)
            problems = _wrong_variants(result) + _naive_datetimes(result) + _not_round_tripped(result, body)
            assert not problems, "\n".join(problems)

        check()


@pytest.mark.parametrize("name", WITH_BODY)
def test_deviations_parse_leniently_and_fail_strictly(name: str) -> None:
    found = SUCCESSES[name]
    assert found.schema is not None
    answer = _Answer(found.status)
    with _client(answer, strict=False) as lenient, _client(answer, strict=True) as strict:

        @_settings
        @given(data=st.data())
        def check(data: st.DataObject) -> None:
            body = data.draw(_bodies(name), label="body")
            sites = responses.mutations(found.schema, body)
            assume(sites)
            site = data.draw(st.sampled_from(sites), label="deviation")
            answer.body = site.apply(body)
            result = _call(name, lenient)
            assert not _not_round_tripped(result, answer.body)
            with pytest.raises(dixa.APIResponseValidationError) as caught:
                _call(name, strict)
            assert f"at {site.path} (" in str(caught.value), (site, str(caught.value))

        check()
