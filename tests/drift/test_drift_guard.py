"""The drift guard on the committed cassettes, and on cassettes tampered with to make it fail.

``test_the_cassettes_fit_the_current_spec`` is the guard as ``make test`` runs it: every
recorded request validated against the current spec, every recorded response validated
and parsed by the current generated models, every operation covered, no ``_type`` variant
added or removed since recording.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from scripts import cassettes, drift_guard
from scripts.specio import load_spec

SPEC = load_spec(drift_guard.SPEC)


def test_the_cassettes_fit_the_current_spec():
    findings = drift_guard.check(SPEC)
    assert not findings, drift_guard.render(findings)


def test_the_manifest_was_written_for_the_current_spec():
    manifest = json.loads((cassettes.CASSETTES / "manifest.json").read_text())
    assert manifest["variants"] == drift_guard.variant_baseline(SPEC), "re-record: make cassettes"
    assert len(manifest["cassettes"]) == len(cassettes.all_cassettes())


# --- tampered copies: each kind of misfit is found and located --------------------------------

Edit = Callable[[dict], None]


def guard_one(tmp_path: Path, relative: str, edit: Edit) -> list[drift_guard.Finding]:
    """Guard findings for one edited copy of a committed cassette (coverage findings left out)."""
    source = cassettes.CASSETTES / relative
    copy = tmp_path / relative
    copy.parent.mkdir(parents=True)
    data = yaml.safe_load(source.read_text())
    edit(data["interactions"][0])
    copy.write_text(yaml.safe_dump(data, sort_keys=False))
    shutil.copyfile(cassettes.CASSETTES / "manifest.json", tmp_path / "manifest.json")
    return [f for f in drift_guard.check(SPEC, tmp_path) if f.kind != "coverage"]


def located(findings: list[drift_guard.Finding]) -> set[tuple[str, str, str]]:
    return {(f.kind, f.operation, f.field) for f in findings}


ORGANIZATION = "organization/get_organization.yaml"
TAGS = "tags/post_tags.yaml"
CONVERSATION = "conversations/get_conversations_conversationid.yaml"


def test_an_untouched_copy_has_no_findings(tmp_path):
    assert guard_one(tmp_path, ORGANIZATION, lambda item: None) == []


def test_a_response_field_of_the_wrong_type(tmp_path):
    def edit(item):
        item["response"]["body"]["json"]["data"]["name"] = 42

    findings = guard_one(tmp_path, ORGANIZATION, edit)
    assert ("response", "GET /beta/organization", "$.data.name") in located(findings)
    assert {f.cassette for f in findings} == {f"{tmp_path / ORGANIZATION}#0"}


def test_a_missing_required_response_field_also_breaks_the_generated_models(tmp_path):
    def edit(item):
        del item["response"]["body"]["json"]["data"]["id"]

    findings = guard_one(tmp_path, ORGANIZATION, edit)
    assert ("response", "GET /beta/organization", "$.data.id") in located(findings)
    [parse] = [f for f in findings if f.kind == "parse"]
    assert parse.field == "$.data.id"
    assert "KeyError" in parse.problem


def test_an_unknown_type_tag_in_a_response(tmp_path):
    def edit(item):
        item["response"]["body"]["json"]["data"]["_type"] = "CarrierPigeonConversation"

    findings = guard_one(tmp_path, CONVERSATION, edit)
    assert ("response", "GET /beta/conversations/{conversationId}", "$.data._type") in located(findings)


def test_a_request_that_no_longer_fits(tmp_path):
    def edit(item):
        item["request"]["uri"] += "?colour=red"
        item["request"]["body"]["json"] = {"colour": "red"}

    assert located(guard_one(tmp_path, TAGS, edit)) == {
        ("request", "POST /beta/tags", "query colour"),
        ("request", "POST /beta/tags", "$.colour"),
        ("request", "POST /beta/tags", "$.name"),
    }


def test_a_path_parameter_of_the_wrong_type(tmp_path):
    def edit(item):
        item["request"]["uri"] = item["request"]["uri"].replace("/9456", "/not-a-number")

    [finding] = guard_one(tmp_path, CONVERSATION, edit)
    assert (finding.operation, finding.field) == ("GET /beta/conversations/{conversationId}", "path conversationId")
    assert finding.problem == "recorded 'not-a-number' does not fit integer(int64)"


def test_an_undeclared_status(tmp_path):
    def edit(item):
        item["response"]["status"]["code"] = 418

    [finding] = guard_one(tmp_path, ORGANIZATION, edit)
    assert (finding.kind, finding.field) == ("response", "status")


def test_a_variant_removed_since_recording(tmp_path):
    manifest = json.loads((cassettes.CASSETTES / "manifest.json").read_text())
    key = "GET /beta/conversations/{conversationId}"
    manifest["variants"][key]["response 200 $.data"].append("CarrierPigeonConversation")
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest))
    findings = [f for f in drift_guard.check(SPEC, cassettes.CASSETTES, manifest=path) if f.kind == "variant"]
    assert located(findings) == {("variant", key, "$.data<CarrierPigeonConversation>")}
    assert "was removed from the spec" in findings[0].problem


def test_the_cli_exits_1_and_names_the_surface_method(tmp_path, capsys):
    def edit(item):
        del item["response"]["body"]["json"]["data"]["id"]

    guard_one(tmp_path, ORGANIZATION, edit)
    assert drift_guard.main(["--cassettes", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "GET /beta/organization  [client.organization.get]" in out
    assert "$.data.id: is required but missing" in out


@pytest.mark.parametrize("spec_file", ["dixa-api-beta.yaml", "dixa-api-beta.normalized.json"])
def test_the_cli_is_clean_on_the_committed_cassettes(spec_file, capsys):
    assert drift_guard.main(["--spec", str(cassettes.ROOT / "openapi" / spec_file)]) == 0, capsys.readouterr().out


def test_a_form_part_the_spec_does_not_declare(tmp_path):
    """Multipart bodies are stored as base64 (an image is not text); the guard reads the parts."""
    import base64

    def edit(item):
        body = base64.b64decode(item["request"]["body"]["base64"])
        item["request"]["body"]["base64"] = base64.b64encode(
            body.replace(b'name="files"', b'name="images"', 1)
        ).decode()

    findings = guard_one(tmp_path, "knowledge/post_knowledge_articles_attachments.yaml", edit)
    assert located(findings) == {("request", "POST /beta/knowledge/articles/attachments", "$.images")}
    assert findings[0].problem == "is not a field of the form any more"
