"""Replay every committed cassette through the ``dixa`` surface, offline.

vcrpy runs in record mode ``none`` and the client points at an address that cannot
resolve, so a request that is not in its cassette fails the test instead of reaching a
network. Each cassette is replayed with ``Dixa`` and ``AsyncDixa``: both must send the
recorded request (method, URL, JSON body) and parse the recorded answer.
"""

from __future__ import annotations

import pytest
from vcr.errors import CannotOverwriteExistingCassetteException

from scripts import cassettes
from scripts.operation_index import OperationIndex
from scripts.specio import load_spec
from tests.contract import harness
from tests.contract.calls import CALLS

SPEC = load_spec(cassettes.ROOT / "openapi" / "dixa-api-beta.normalized.json")
INDEX = OperationIndex(SPEC)


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("name", sorted(CALLS))
def test_cassette_replays_through_the_surface(name, mode):
    path = cassettes.cassette_path(name)
    assert path.exists(), f"no cassette for {name}: run 'make cassettes'"
    with cassettes.vcr(cassettes.REPLAY_BASE_URL, "none").use_cassette(str(path)) as cassette:
        outcome = harness.run(name, cassettes.REPLAY_BASE_URL, use_async=mode == "async")
    assert not outcome.problems(INDEX), f"{path.relative_to(cassettes.ROOT)}: " + "; ".join(outcome.problems(INDEX))
    assert cassette.all_played, f"{path.relative_to(cassettes.ROOT)}: not every recorded request was made again"


def test_every_operation_of_the_spec_has_a_cassette():
    missing = [ref.name for ref in INDEX if not cassettes.cassette_path(ref.name).exists()]
    assert not missing, "operations without a cassette (run 'make cassettes'):\n" + "\n".join(missing)
    assert len(INDEX) == 123


def test_no_cassette_is_stale():
    names = {ref.name for ref in INDEX}
    stale = [
        str(path.relative_to(cassettes.CASSETTES))
        for path in cassettes.all_cassettes()
        if f"{path.parent.name}.{path.stem}" not in names
    ]
    assert not stale, f"cassettes for operations the spec no longer has: {stale}"


def test_a_request_missing_from_the_cassette_never_goes_out():
    """Change one argument and the replay must refuse, not fall through to a network."""
    name = "conversations.get_conversations_conversationid"
    with (
        cassettes.vcr(cassettes.REPLAY_BASE_URL, "none").use_cassette(str(cassettes.cassette_path(name))),
        pytest.raises(CannotOverwriteExistingCassetteException),
    ):
        import dixa

        with dixa.Dixa(api_key="k", base_url=cassettes.REPLAY_BASE_URL, rate_limit=None, max_retries=0) as client:
            client.conversations.get(424242)
