"""The build backend: setuptools, refusing to build a wheel or sdist without the generated package.

``dixa_generated`` (the models and endpoints) is a build output of ``make generate``, not
committed. A plain setuptools build of a tree without it succeeds and produces a wheel
whose first resource access fails with ``ModuleNotFoundError``. So before a wheel or sdist
is built this backend checks for the package and, if it is missing:

* in a source tree (``scripts/`` present) with a spec source (``$DIXA_SPEC_SOURCE``, an
  already downloaded ``openapi/dixa-api-beta.yaml``, or the offline mirror
  ``../shared/openapi/dixa-api-beta.yaml``), it runs the pipeline: with this interpreter
  when it has the generator (a ``--no-isolation`` build from the dev environment), else
  through ``make generate``, which sets up the environment the generator needs;
* otherwise it stops with a message that says what to run.

Editable installs (``pip install -e``, which ``make install`` does before anything is
generated) are left alone: they point at the tree, which the developer regenerates.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import build_meta as _setuptools
from setuptools.build_meta import (  # re-exported: the rest of PEP 517/660 is setuptools' own
    build_editable,
    get_requires_for_build_editable,
    get_requires_for_build_sdist,
    get_requires_for_build_wheel,
    prepare_metadata_for_build_editable,
)

__all__ = [
    "GenerationRequiredError",
    "build_editable",
    "build_sdist",
    "build_wheel",
    "ensure_generated",
    "get_requires_for_build_editable",
    "get_requires_for_build_sdist",
    "get_requires_for_build_wheel",
    "prepare_metadata_for_build_editable",
    "prepare_metadata_for_build_wheel",
]

PACKAGE = Path("generated") / "dixa_generated"
# Written last by scripts/generate.py (with py.typed): present only in a complete package.
MARKERS = ("__init__.py", "py.typed", "_spec.py")
SPEC = Path("openapi") / "dixa-api-beta.yaml"
MIRROR = Path("..") / "shared" / "openapi" / "dixa-api-beta.yaml"
DIXA_SPEC_URL = "https://docs.dixa.io/_bundle/openapi/dixa-api/@beta/beta.yaml"


class GenerationRequiredError(RuntimeError):
    """The tree has no generated package and the build could not produce one."""


def is_generated(root: Path) -> bool:
    return all((root / PACKAGE / name).is_file() for name in MARKERS)


def spec_source(root: Path) -> str | None:
    """A spec the pipeline can use without guessing: explicit, already downloaded, or mirrored."""
    explicit = os.environ.get("DIXA_SPEC_SOURCE")
    if explicit:
        return explicit
    for candidate in (root / SPEC, root / MIRROR):
        if candidate.is_file():
            return str(candidate)
    return None


def _has_generator() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in ("openapi_python_client", "yaml", "httpx"))


def _pipeline(root: Path) -> list[list[str]]:
    """The commands that produce ``generated/dixa_generated`` in ``root``."""
    if _has_generator():
        commands = []
        if not (root / SPEC).is_file():
            commands.append([sys.executable, "-m", "scripts.fetch_spec", "--url", DIXA_SPEC_URL])
        return [*commands, [sys.executable, "-m", "scripts.generate"]]
    make = shutil.which("make")
    if make is None or not (root / "Makefile").is_file():
        raise GenerationRequiredError(_missing(root, "neither the generator nor make is available here. "))
    return [[make, "generate"]]


def _outside_env() -> dict[str, str]:
    """The environment the pipeline runs in: the user's, not the build frontend's.

    ``make generate`` installs the project with pip; pip refuses to run inside a pip build
    (``PIP_BUILD_TRACKER``), and the isolated build environment's ``bin`` on ``PATH`` would
    make its throwaway interpreter the one ``make`` builds ``.venv`` from.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k not in _FRONTEND_VARIABLES}
    if sys.prefix != sys.base_prefix:  # running in the frontend's isolated environment
        prefix = Path(sys.prefix).resolve()
        entries = env.get("PATH", "").split(os.pathsep)
        env["PATH"] = os.pathsep.join(e for e in entries if e and not Path(e).resolve().is_relative_to(prefix))
    return env


_FRONTEND_VARIABLES = frozenset({"PYTHONPATH", "PYTHONNOUSERSITE", "PYTHONHOME", "VIRTUAL_ENV"})


def _missing(root: Path, why: str = "") -> str:
    return (
        f"dixa-sdk: {root / PACKAGE} is missing, and a wheel without it would install an SDK "
        f"whose every call fails with ModuleNotFoundError. {why}"
        "Run 'make generate' first (it downloads Dixa's OpenAPI description; set DIXA_SPEC_SOURCE "
        "to a URL or path of it to use another copy), then build again."
    )


def ensure_generated(root: Path | None = None) -> None:
    """Make sure ``root`` holds the generated package, generating it if a spec is at hand."""
    root = (root or Path.cwd()).resolve()
    if is_generated(root):
        return
    if not (root / "scripts").is_dir():
        raise GenerationRequiredError(
            f"dixa-sdk: this source distribution has no generated package ({PACKAGE}); it is "
            "incomplete. Build from a clone of the repository with 'make dist' instead."
        )
    source = spec_source(root)
    if source is None:
        raise GenerationRequiredError(
            _missing(root, "No spec source was found ($DIXA_SPEC_SOURCE, openapi/, ../shared/openapi/). ")
        )
    print(f"dixa-sdk: {PACKAGE} is missing; generating it from {source}", file=sys.stderr)
    for command in _pipeline(root):
        # The generator's output goes to stderr: build frontends show it when the build fails.
        run = subprocess.run(command, cwd=root, env=_outside_env(), stdout=sys.stderr, check=False)  # noqa: S603
        if run.returncode != 0:
            step = " ".join(command[-2:])
            raise GenerationRequiredError(_missing(root, f"'{step}' failed (exit {run.returncode}). "))
    if not is_generated(root):
        raise GenerationRequiredError(_missing(root, "The pipeline ran but did not produce it. "))


def build_wheel(
    wheel_directory: str,
    config_settings: dict[str, str | list[str] | None] | None = None,
    metadata_directory: str | None = None,
) -> str:
    ensure_generated()
    return str(_setuptools.build_wheel(wheel_directory, config_settings, metadata_directory))


def prepare_metadata_for_build_wheel(
    metadata_directory: str, config_settings: dict[str, str | list[str] | None] | None = None
) -> str:
    ensure_generated()  # fail (or generate) before a frontend has metadata for a wheel that cannot exist
    return str(_setuptools.prepare_metadata_for_build_wheel(metadata_directory, config_settings))


def build_sdist(sdist_directory: str, config_settings: dict[str, str | list[str] | None] | None = None) -> str:
    ensure_generated()
    return str(_setuptools.build_sdist(sdist_directory, config_settings))
