"""A build can never be silently incomplete (build_support/dixa_build.py).

From a copy of the working tree without ``generated/`` (what a fresh clone is): with no
spec at hand the build fails and says what to run; with a spec at hand it runs the pipeline
and the wheel carries the generated package. Both through ``python -m build``, as a user
or CI would build.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.package.conftest import ROOT


def fresh_clone(target: Path) -> Path:
    """The repository's files as a clone would have them: tracked and new, nothing ignored."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    clone = target / "dixa"
    for name in filter(None, (entry.decode() for entry in listed)):
        source = ROOT / name
        if source.is_file() and not name.startswith(("tests/", "benchmarks/")):
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    assert not (clone / "generated").exists()
    return clone


def build_wheel(clone: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "DIXA_SPEC_SOURCE"} | env
    return subprocess.run(
        [sys.executable, "-P", "-m", "build", "--no-isolation", "--wheel", "--outdir", str(out), str(clone)],
        cwd=clone,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_without_generated_code_or_spec_the_build_fails_and_says_what_to_run(tmp_path: Path) -> None:
    clone = fresh_clone(tmp_path)  # no openapi/*.yaml, no ../shared beside it, no DIXA_SPEC_SOURCE
    done = build_wheel(clone, tmp_path / "out")
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "generated/dixa_generated is missing" in output
    assert "Run 'make generate' first" in output
    assert "DIXA_SPEC_SOURCE" in output
    assert not list((tmp_path / "out").glob("*.whl"))


def test_with_a_spec_at_hand_the_build_generates_first(tmp_path: Path) -> None:
    clone = fresh_clone(tmp_path)
    spec = ROOT / "openapi" / "dixa-api-beta.yaml"
    done = build_wheel(clone, tmp_path / "out", DIXA_SPEC_SOURCE=str(spec))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "generated/dixa_generated is missing; generating it from" in done.stderr
    (wheel,) = (tmp_path / "out").glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    assert {"dixa_generated/py.typed", "dixa_generated/_spec.py", "dixa_generated/client.py"} <= names
    assert len([n for n in names if n.startswith("dixa_generated/api/")]) > 100


def test_an_sdist_without_generated_code_is_reported_as_incomplete(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("dixa_build", ROOT / "build_support" / "dixa_build.py")
    assert spec is not None and spec.loader is not None
    backend = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(backend)
    (tmp_path / "dixa").mkdir()  # an unpacked sdist: packages, no scripts/, no generated/
    with pytest.raises(backend.GenerationRequiredError, match="this source distribution has no generated package"):
        backend.ensure_generated(tmp_path)
