"""`make demo` runs the quickstart against the mock and says that the answers are sample data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_explains_the_mock_and_runs_the_quickstart() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "examples.demo"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("DIXA_")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = " ".join(done.stdout.split())  # the explanation is wrapped
    assert out.index("Dixa's sample data") < out.index("added note")  # said before the first answer
    assert "a note created now comes back with the example's 2021 timestamp" in out
    assert "submitted a rating of 4; the answer:" in out
    assert "claimed conversation 9456" in out
