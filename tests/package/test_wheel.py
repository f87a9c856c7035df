"""The wheel a user installs keeps its types, its generated package and nothing else.

Built once per session (``dist``), installed into a fresh environment outside the
repository (``installed``), then checked the way a user meets it: ``mypy --strict`` on a
user's script, and the same script run against the mock.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scripts import check_dist
from tests.package.conftest import ROOT, Dist, Installed, run

MYPY = Path(sys.executable).parent / "mypy"


def mypy_strict(installed: Installed, script: Path) -> subprocess.CompletedProcess[str]:
    """The project's mypy, resolving imports in the user's environment only (PEP 561), run
    from the script's folder so that no project configuration or source tree is seen."""
    return subprocess.run(
        [
            str(MYPY),
            "--strict",
            "--python-executable",
            str(installed.python),
            "--cache-dir",
            str(script.parent / ".mypy_cache"),
            "--show-error-codes",
            str(script.name),
        ],
        cwd=script.parent,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def user_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("user-code")
    shutil.copy(Path(__file__).with_name("typed_user.py"), folder / "typed_user.py")
    return folder


def test_wheel_and_sdist_match_the_manifest(dist: Dist) -> None:
    assert check_dist.check(dist.wheel) == []
    assert check_dist.check(dist.sdist) == []
    names = check_dist.members(dist.wheel)
    assert {"dixa/py.typed", "dixa_generated/py.typed", "dixa_generated/_spec.py"} <= set(names)
    assert not [n for n in names + check_dist.members(dist.sdist) if n.startswith(("tests/", "scripts/"))]


def test_the_manifest_check_rejects_strays(dist: Dist, tmp_path: Path) -> None:
    stray = tmp_path / dist.wheel.name
    with zipfile.ZipFile(dist.wheel) as source, zipfile.ZipFile(stray, "w") as target:
        for item in source.infolist():
            if item.filename != "dixa_generated/py.typed":
                target.writestr(item, source.read(item))
        target.writestr("tests/test_client.py", "")
        target.writestr("dixa/__pycache__/x.cpython-311.pyc", b"")
    assert check_dist.check(stray) == [
        "unexpected: dixa/__pycache__/x.cpython-311.pyc",
        "unexpected: tests/test_client.py",
        "missing: dixa_generated/py.typed",
    ]


def test_metadata_passes_twine_check(dist: Dist) -> None:
    done = run(
        [str(Path(sys.executable).parent / "twine"), "check", "--strict", str(dist.wheel), str(dist.sdist)], ROOT
    )
    assert done.stdout.count("PASSED") == 2
    with zipfile.ZipFile(dist.wheel) as wheel:
        (metadata,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        text = wheel.read(metadata).decode()
    assert "License-Expression: MIT" in text
    for classifier in ("3.11", "3.12", "3.13"):
        assert f"Classifier: Programming Language :: Python :: {classifier}" in text
    assert "Classifier: Typing :: Typed" in text


def test_installed_packages_come_from_the_users_environment(installed: Installed) -> None:
    code = (
        "import json, importlib.metadata as m, dixa, dixa.models, dixa_generated\n"
        "print(json.dumps([dixa.__file__, dixa_generated.__file__, dixa.SPEC_SHA256,"
        " dixa.__version__, m.version('dixa-sdk')]))"
    )
    done = run([str(installed.python), "-I", "-c", code], installed.root.parent)
    dixa_file, generated_file, sha256, version, distribution_version = json.loads(done.stdout)
    assert version == distribution_version  # dixa/_version.py and pyproject.toml agree
    assert Path(dixa_file).is_relative_to(installed.root)
    assert Path(generated_file).is_relative_to(installed.root)
    assert sha256 == json.loads((ROOT / "openapi" / "spec.lock").read_text())["sha256"]


def test_user_script_passes_mypy_strict(installed: Installed, user_dir: Path) -> None:
    done = mypy_strict(installed, user_dir / "typed_user.py")
    print(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found in 1 source file" in done.stdout


def test_mypy_sees_real_types_not_any(installed: Installed, user_dir: Path) -> None:
    # The control: if the wheel's types were lost, models would be Any and this would pass.
    wrong = user_dir / "wrong_user.py"
    wrong.write_text(
        "from typing import assert_type\n"
        "import dixa\n"
        "from dixa.models import Csat\n\n"
        "def f(client: dixa.Dixa) -> None:\n"
        '    assert_type(client.tags.get("x"), int)\n'
        "    assert_type(Csat(value=4).value, str)\n"
    )
    done = mypy_strict(installed, wrong)
    assert done.returncode == 1
    assert 'Expression is of type "Tag", not "int"' in done.stdout
    assert 'Expression is of type "int", not "str"' in done.stdout


def test_user_script_runs_against_the_mock(installed: Installed, user_dir: Path, mock_url: str) -> None:
    done = run([str(installed.python), "-I", "typed_user.py", mock_url], user_dir)
    assert "typed user script ok" in done.stdout
