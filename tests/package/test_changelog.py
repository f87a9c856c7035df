"""CHANGELOG.md entries come from the spec diff (scripts/changelog.py)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from scripts import changelog
from scripts.specio import load_spec
from tests.drift import drifts

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "dixa-api-beta.yaml"


def test_an_entry_names_breaking_changes_with_the_methods_they_affect() -> None:
    spec = load_spec(SPEC)
    new = drifts.drifted(spec, drifts.remove_response_field, drifts.add_required_request_field, drifts.add_operation)
    text = changelog.entry("9.9.9", spec, new, "0" * 64)
    breaking = text.split("### Breaking", 1)[1].split("###", 1)[0]
    assert (
        "`client.organization.get` (GET /beta/organization): response field removed `response 200 $.data.subdomain`"
        in breaking
    )
    assert "`client.tags.create` (POST /beta/tags): request field added `request $.priority`" in breaking
    assert "### Operations added (1)" in text
    assert "GET /beta/tags/{tagId}/usage" in text  # no SDK method calls it yet: named by its route


def test_the_top_entry_is_this_release_and_this_spec() -> None:
    # A spec accepted without a changelog entry fails here: the entry says what it changed.
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    sha256 = json.loads((ROOT / "openapi" / "spec.lock").read_text())["sha256"]
    text = (ROOT / "CHANGELOG.md").read_text()
    entries = re.findall(r"^## (\S+)\n\n.*sha256 `([0-9a-f]+)`", text, flags=re.MULTILINE)
    assert entries, "CHANGELOG.md has no entries"
    assert entries[0] == (version, sha256[:12]), (
        f"the newest CHANGELOG.md entry is {entries[0]}, this is {version} generated from {sha256[:12]}: "
        "add an entry with 'python -m scripts.changelog OLD NEW --version ... --insert'"
    )


def test_insert_puts_the_new_entry_above_the_older_ones(tmp_path: Path) -> None:
    target = tmp_path / "CHANGELOG.md"
    target.write_text("# Changelog\n\nIntro.\n\n## 0.1.0\n\nOld.\n")
    changelog.insert("## 0.2.0\n\nNew.\n", target)
    assert target.read_text() == "# Changelog\n\nIntro.\n\n## 0.2.0\n\nNew.\n\n## 0.1.0\n\nOld.\n"
