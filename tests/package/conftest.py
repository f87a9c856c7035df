"""One build and one fresh environment per test session: the package as a user installs it.

``dist`` builds the sdist and the wheel with ``python -m build`` (the wheel from the sdist,
as pip does from PyPI) through the project's own build backend. ``--no-isolation`` uses this
environment's setuptools (pinned like the build requirement, ``>=77``), which keeps the
session offline and fast; ``make dist`` builds isolated. ``installed`` is a virtual environment
in a temporary folder outside the repository with only the wheel and its dependencies.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Dist:
    wheel: Path
    sdist: Path


@dataclass(frozen=True)
class Installed:
    python: Path
    root: Path  # the environment's folder


def run(command: list[str], cwd: Path, timeout: float = 600.0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, command))} failed ({done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
        )
    return done


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    out = tmp_path_factory.mktemp("dist")
    # -P: the repository's build/ folder must not shadow the `build` package.
    run([sys.executable, "-P", "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)], cwd=out)
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return Dist(wheel, sdist)


@pytest.fixture(scope="session")
def installed(dist: Dist, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("user-env") / "venv"
    assert not root.is_relative_to(ROOT), "the user's environment must live outside the repository"
    venv.EnvBuilder(with_pip=True, clear=True).create(root)
    python = root / "bin" / "python"
    run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(dist.wheel)],
        cwd=root.parent,
    )
    return Installed(python, root)
