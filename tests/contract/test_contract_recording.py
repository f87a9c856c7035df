"""Recording is deterministic: a new recording is equivalent to the committed cassettes.

The committed cassettes came from an earlier ``make cassettes`` (another Prism, another
port, another day); recording every operation again here must give the same files with
the same requests and responses. This is ``make cassettes`` run twice.
"""

from __future__ import annotations

import os

from scripts import cassettes, record_cassettes
from tests.contract.calls import CALLS

LOCAL = not os.environ.get("DIXA_MOCK_URL")


def test_a_second_recording_is_equivalent_to_the_committed_one(mock_url, tmp_path):
    failures = record_cassettes.record(mock_url, tmp_path, list(CALLS), local_prism=LOCAL)
    assert not failures, failures
    assert record_cassettes.differences(tmp_path, cassettes.CASSETTES) == []


def test_the_comparison_can_fail(mock_url, tmp_path):
    name = "organization.get_organization"
    assert record_cassettes.record(mock_url, tmp_path, [name], local_prism=LOCAL) == {}
    path = cassettes.cassette_path(name, tmp_path)
    path.write_text(path.read_text().replace("Example Organization", "Another Organization"))
    assert record_cassettes.differences(tmp_path, cassettes.CASSETTES, full=False) == [
        "organization/get_organization.yaml: differs at /interactions/0/response/body/json/data/name "
        "('Another Organization' != 'Example Organization')"
    ]
