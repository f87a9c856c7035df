"""`make spec` with no reachable source: one paragraph that says what to do, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import mock_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("kind", ["url", "path"])
def test_an_unreachable_spec_source_gives_one_paragraph(kind: str, tmp_path: Path) -> None:
    closed = f"http://127.0.0.1:{mock_server.free_port()}/dixa-api-beta.yaml"  # nothing listens there
    source = closed if kind == "url" else str(tmp_path / "missing.yaml")
    before = sorted((ROOT / "openapi").iterdir())
    done = subprocess.run(
        [sys.executable, "-m", "scripts.fetch_spec", "--url", closed],
        cwd=ROOT,
        env={**os.environ, "DIXA_SPEC_SOURCE": source},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr  # one paragraph
    assert f"could not read Dixa's OpenAPI description from {source}" in done.stderr
    assert "DIXA_SPEC_SOURCE=/path/to/dixa-api-beta.yaml make spec" in done.stderr
    assert sorted((ROOT / "openapi").iterdir()) == before  # nothing written or replaced
