"""Every operation of the spec, called through the ``dixa`` surface against a mock of Dixa.

The mock is ``DIXA_MOCK_URL`` when set (e.g. Dixa's hosted mock) or a local Prism serving
the normalized spec. An operation fails when the mock says our request violates the spec
(Prism's ``sl-violations`` header, or a 4xx such as ``--errors`` mode answers), when the
request reached another operation, or when the SDK cannot parse the answer.
"""

from __future__ import annotations

import os

import httpx
import pytest

from scripts.mock_server import SPEC
from scripts.operation_index import OperationIndex, surface_methods
from scripts.specio import load_spec
from tests.contract import harness
from tests.contract.calls import CALLS

INDEX = OperationIndex(load_spec(SPEC))
# A local Prism cannot judge arrays in forms; the harness does (tests/contract/prism_forms.py).
PRISM = None if os.environ.get("DIXA_MOCK_URL") else INDEX


@pytest.mark.parametrize("name", [ref.name for ref in INDEX])
def test_operation_honours_the_contract(name, mock_url):
    assert name in CALLS, f"{name} has no representative call in tests/contract/calls.py"
    outcome = harness.run(name, mock_url, prism=PRISM)
    problems = outcome.problems(INDEX)
    assert not problems, f"{INDEX.by_name[name].key}:\n  " + "\n  ".join(problems)


def test_the_call_table_is_exactly_the_spec():
    assert sorted(CALLS) == sorted(ref.name for ref in INDEX)
    assert len(CALLS) == 123


def test_every_call_goes_through_a_surface_method_that_declares_it():
    methods, broken = surface_methods()
    assert not broken, f"areas that failed to import: {broken}"
    assert set(CALLS) <= set(methods), sorted(set(CALLS) - set(methods))


def test_a_request_that_violates_the_spec_is_caught(mock_url):
    """The verdict can fail: a note without its required message, sent straight to the mock."""
    with httpx.Client() as http:
        response = http.post(
            f"{mock_url}/beta/conversations/1/notes", json={"agentId": "not-a-uuid"}, headers={"Authorization": "k"}
        )
    outcome = harness.Outcome("conversations.post_conversations_conversationid_notes", exchanges=[response])
    problems = outcome.problems(INDEX)
    assert any("violates the spec" in p for p in problems) or any("answered 4" in p for p in problems), problems


def test_a_request_to_the_wrong_operation_is_caught(mock_url):
    with httpx.Client() as http:
        response = http.get(f"{mock_url}/beta/organization", headers={"Authorization": "k"})
    outcome = harness.Outcome("agents.get_agents", exchanges=[response])
    assert outcome.problems(INDEX) == [
        "GET /beta/organization: calls GET /beta/organization (organization.get_organization), not GET /beta/agents"
    ]
