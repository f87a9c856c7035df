"""Proof that the guard and the spec diff report drift precisely.

A drifted copy of the published spec is derived programmatically (``drifts.py``) for
each of five kinds of change Dixa could make. For each, the spec diff must report exactly
the expected change (operation, location, breaking or not) and the drift guard, replaying
the committed cassettes against the drifted spec, must report exactly the expected
findings (operation, field, cassette): nothing missing, nothing extra.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import drift_guard, spec_diff
from scripts.cassettes import CASSETTES, ROOT
from scripts.specio import load_spec
from tests.drift import drifts

PUBLISHED = load_spec(ROOT / "openapi" / "dixa-api-beta.yaml")


def cassette(relative: str) -> str:
    return f"{(CASSETTES / relative).relative_to(ROOT)}#0"


SUBMIT = "POST /beta/conversations/{conversationId}/ratings/{ratingId}/submit"
SUBMIT_CASSETTE = cassette("conversations/post_conversations_conversationid_ratings_ratingid_submit.yaml")

# kind of drift -> (expected diff: (kind, operation, location, breaking), expected guard findings)
EXPECTED: dict[str, tuple[set[tuple[str, str, str, bool]], set[drift_guard.Finding]]] = {
    "remove a response field": (
        {("response field removed", "GET /beta/organization", "response 200 $.data.subdomain", True)},
        {
            drift_guard.Finding(
                "GET /beta/organization",
                "$.data.subdomain",
                cassette("organization/get_organization.yaml"),
                "response",
                "is not declared by the spec",
            )
        },
    ),
    "add a required request field": (
        {("request field added", "POST /beta/tags", "request $.priority", True)},
        {
            drift_guard.Finding(
                "POST /beta/tags", "$.priority", cassette("tags/post_tags.yaml"), "request", "is required but missing"
            )
        },
    ),
    "add an operation": (
        {("operation added", "GET /beta/tags/{tagId}/usage", "", False)},
        {
            drift_guard.Finding(
                "GET /beta/tags/{tagId}/usage",
                "",
                "",
                "coverage",
                "no cassette exercises tags.get_tags_tagid_usage: give it an entry in tests/contract/calls.py, "
                "then make cassettes",
            )
        },
    ),
    "add a _type variant": (
        {
            ("request variant added", SUBMIT, "request $.ratingResult<Ces>", False),
            ("response variant added", SUBMIT, "response 201 $.data.ratingResult<Ces>", False),
        },
        {
            drift_guard.Finding(
                SUBMIT,
                "$.ratingResult<Ces>",
                SUBMIT_CASSETTE,
                "variant",
                "request: _type 'Ces' was added after the cassettes were recorded; no recorded call has seen it "
                "(regenerate, handle it where you match on _type, then re-record)",
            ),
            drift_guard.Finding(
                SUBMIT,
                "$.data.ratingResult<Ces>",
                SUBMIT_CASSETTE,
                "variant",
                "response 201: _type 'Ces' was added after the cassettes were recorded; no recorded call has seen it "
                "(regenerate, handle it where you match on _type, then re-record)",
            ),
        },
    ),
    "remove an operation": (
        {("operation removed", "GET /beta/conversations/{conversationId}/rating", "", True)},
        {
            drift_guard.Finding(
                "GET /beta/conversations/{conversationId}/rating",
                "",
                cassette("conversations/get_conversations_conversationid_rating.yaml"),
                "request",
                "the operation is gone: no operation of the spec matches the recorded "
                "GET /beta/conversations/9456/rating (removed or moved)",
            )
        },
    ),
}


@pytest.fixture(scope="module")
def baseline() -> set[drift_guard.Finding]:
    """What the guard says about the undrifted spec (nothing, once every cassette is recorded)."""
    return set(drift_guard.check(PUBLISHED))


def summary(changes: list[spec_diff.Change]) -> set[tuple[str, str, str, bool]]:
    return {(c.kind, c.operation, c.location, c.breaking) for c in changes}


def test_the_undrifted_spec_shows_no_change():
    assert spec_diff.compare(PUBLISHED, PUBLISHED) == []


@pytest.mark.parametrize("kind", list(drifts.EDITS))
def test_the_diff_reports_exactly_the_drift(kind):
    changed = drifts.drifted(PUBLISHED, drifts.EDITS[kind])
    expected_diff, _ = EXPECTED[kind]
    assert summary(spec_diff.compare(PUBLISHED, changed)) == expected_diff


@pytest.mark.parametrize("kind", list(drifts.EDITS))
def test_the_guard_reports_exactly_the_drift(kind, baseline):
    changed = drifts.drifted(PUBLISHED, drifts.EDITS[kind])
    _, expected_findings = EXPECTED[kind]
    findings = set(drift_guard.check(changed))
    assert findings - baseline == expected_findings
    assert baseline - findings == set(), "the drift hid a finding the guard made before"


def test_all_five_drifts_at_once_are_reported_together(baseline):
    changed = drifts.drifted(PUBLISHED, *drifts.EDITS.values())
    all_diff = set().union(*(diff for diff, _ in EXPECTED.values()))
    all_findings = set().union(*(found for _, found in EXPECTED.values()))
    assert summary(spec_diff.compare(PUBLISHED, changed)) == all_diff
    assert set(drift_guard.check(changed)) - baseline == all_findings


def test_the_reports_name_operation_field_and_cassette(baseline):
    """What a user reads: each report line carries the operation, the field and (guard) the cassette."""
    changed = drifts.drifted(PUBLISHED, *drifts.EDITS.values())
    diff_report = spec_diff.render(spec_diff.compare(PUBLISHED, changed))
    guard_report = drift_guard.render(sorted(set(drift_guard.check(changed)) - baseline))
    for line in (
        "BREAKING response field removed response 200 $.data.subdomain",
        "BREAKING request field added request $.priority",
        "ok       operation added",
        "ok       response variant added response 201 $.data.ratingResult<Ces>",
        "BREAKING operation removed",
    ):
        assert line in diff_report
    assert "5 breaking" not in diff_report and "3 breaking" in diff_report
    for line in (
        "response $.data.subdomain: is not declared by the spec  (tests/cassettes/organization/get_organization.yaml#0",
        "request  $.priority: is required but missing  (tests/cassettes/tags/post_tags.yaml#0)",
        "variant  $.ratingResult<Ces>: request: _type 'Ces' was added",
    ):
        assert line in guard_report


def test_the_drifted_spec_is_a_copy():
    before = Path(ROOT / "openapi" / "dixa-api-beta.yaml").read_bytes()
    drifts.drifted(PUBLISHED, *drifts.EDITS.values())
    assert "subdomain" in PUBLISHED["components"]["schemas"]["OrganizationDetails"]["properties"]
    assert (ROOT / "openapi" / "dixa-api-beta.yaml").read_bytes() == before
