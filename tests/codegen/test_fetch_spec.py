"""`make spec`: the lock pins the spec, and a changed spec is reported before it is used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from scripts import fetch_spec

MIRROR = fetch_spec.MIRROR


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    (tmp_path / "openapi").mkdir()
    monkeypatch.setattr(fetch_spec, "ROOT", tmp_path)
    monkeypatch.setattr(fetch_spec, "SPEC", tmp_path / "openapi" / "dixa-api-beta.yaml")
    monkeypatch.setattr(fetch_spec, "LOCK", tmp_path / "openapi" / "spec.lock")
    return tmp_path


def _edited(tmp_path: Path) -> Path:
    spec = yaml.safe_load(MIRROR.read_text())
    del spec["paths"]["/beta/organization"]
    spec["components"]["schemas"]["Csat"]["properties"]["comment"] = {"type": "string"}
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


def test_first_fetch_writes_spec_and_lock(workspace, capsys):
    assert fetch_spec.main(["--url", "https://unused.invalid", "--source", str(MIRROR)]) == 0
    lock = json.loads((workspace / "openapi" / "spec.lock").read_text())
    assert lock["sha256"] == "4ce69e044044e69d297c4bc7580d70631c0e676a428e90eeb79b570f9358ba1b"
    assert (lock["operations"], lock["schemas"]) == (123, 498)
    assert (workspace / "openapi" / "dixa-api-beta.yaml").read_bytes() == MIRROR.read_bytes()


def test_a_changed_spec_is_reported_and_refused_until_accepted(workspace, capsys):
    fetch_spec.main(["--url", "x", "--source", str(MIRROR)])
    edited = _edited(workspace)
    capsys.readouterr()
    assert fetch_spec.main(["--url", "x", "--source", str(edited)]) == 1
    report = capsys.readouterr().out
    assert "operation removed: GET /beta/organization" in report
    assert "schema changed: Csat" in report
    assert "operations 123 -> 122" in report
    # The field-level diff and the methods it affects (scripts/spec_diff.py).
    assert "BREAKING" in report and "client.organization.get" in report
    assert (workspace / "openapi" / "dixa-api-beta.yaml").read_bytes() == MIRROR.read_bytes(), "locked spec kept"
    assert (workspace / "openapi" / "dixa-api-beta.new.yaml").exists()

    assert fetch_spec.main(["--url", "x", "--source", str(edited), "--accept"]) == 0
    assert json.loads((workspace / "openapi" / "spec.lock").read_text())["operations"] == 122


def test_the_committed_lock_matches_the_mirror():
    lock = json.loads((Path(fetch_spec.__file__).parents[1] / "openapi" / "spec.lock").read_text())
    assert lock["sha256"] == fetch_spec.lock_for(yaml.safe_load(MIRROR.read_text()), MIRROR.read_bytes(), "")["sha256"]
