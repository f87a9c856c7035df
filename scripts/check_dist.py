"""``make dist``'s check: the sdist and wheel hold exactly what a user should install.

Every file of each archive must match a pattern of its manifest below, and each required
file must be there (``py.typed`` in both packages, the spec record, the license). Tests,
scripts, caches and anything unexpected fail the check, so a packaging change that ships
too much or too little is seen before an upload.

    python -m scripts.check_dist dist/dixa_sdk-0.1.0-py3-none-any.whl dist/dixa_sdk-0.1.0.tar.gz
"""

from __future__ import annotations

import argparse
import re
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["SDIST", "WHEEL", "Manifest", "check", "members"]


@dataclass(frozen=True)
class Manifest:
    allowed: tuple[str, ...]  # patterns: "*" stands for any characters but "/"
    required: tuple[str, ...]


_PACKAGES = (
    "dixa/*.py",
    "dixa/py.typed",
    "dixa/resources/*.py",
    "dixa_generated/*.py",
    "dixa_generated/py.typed",
    "dixa_generated/api/*.py",
    "dixa_generated/api/*/*.py",
    "dixa_generated/models/*.py",
)
_REQUIRED = (
    "dixa/__init__.py",
    "dixa/py.typed",
    "dixa/models.py",
    "dixa_generated/__init__.py",
    "dixa_generated/py.typed",
    "dixa_generated/_spec.py",
    "dixa_generated/client.py",
)

WHEEL = Manifest(
    allowed=(
        *_PACKAGES,
        "dixa_sdk-*.dist-info/METADATA",
        "dixa_sdk-*.dist-info/WHEEL",
        "dixa_sdk-*.dist-info/RECORD",
        "dixa_sdk-*.dist-info/top_level.txt",
        "dixa_sdk-*.dist-info/licenses/LICENSE",
    ),
    required=(*_REQUIRED, "dixa_sdk-*.dist-info/licenses/LICENSE", "dixa_sdk-*.dist-info/METADATA"),
)

# Paths below the sdist's top folder (dixa_sdk-<version>/).
SDIST = Manifest(
    allowed=(
        "PKG-INFO",
        "pyproject.toml",
        "setup.cfg",
        "MANIFEST.in",
        "README.md",
        "LICENSE",
        "CHANGELOG.md",
        "build_support/dixa_build.py",
        *_PACKAGES[:3],
        *(f"generated/{pattern}" for pattern in _PACKAGES[3:]),
        "dixa_sdk.egg-info/*.txt",
        "dixa_sdk.egg-info/PKG-INFO",
    ),
    required=(
        "PKG-INFO",
        "pyproject.toml",
        "LICENSE",
        "README.md",
        "build_support/dixa_build.py",
        *_REQUIRED[:3],
        *(f"generated/{name}" for name in _REQUIRED[3:]),
    ),
)


@cache
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile("[^/]*".join(re.escape(part) for part in pattern.split("*")))


def _matches(name: str, pattern: str) -> bool:
    return _pattern(pattern).fullmatch(name) is not None


def members(archive: Path) -> list[str]:
    """The files of a wheel or sdist (sdist paths without their top folder), directories left out."""
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as zf:
            return sorted(name for name in zf.namelist() if not name.endswith("/"))
    with tarfile.open(archive) as tf:
        return sorted(m.name.split("/", 1)[1] for m in tf.getmembers() if m.isfile() and "/" in m.name)


def check(archive: Path) -> list[str]:
    """What is wrong with ``archive``: files outside its manifest, required files missing."""
    manifest = WHEEL if archive.suffix == ".whl" else SDIST
    names = members(archive)
    problems = [f"unexpected: {name}" for name in names if not any(_matches(name, pat) for pat in manifest.allowed)]
    problems += [f"missing: {pattern}" for pattern in manifest.required if not any(_matches(n, pattern) for n in names)]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archives", nargs="+", type=Path)
    args = parser.parse_args(argv)
    failed = False
    for archive in args.archives:
        names = members(archive)
        problems = check(archive)
        size = archive.stat().st_size
        packages = sorted({n.split("/")[0] for n in names})
        print(f"{archive.name}: {size / 1024:.0f} KB, {len(names)} files ({', '.join(packages)})")
        for problem in problems[:40]:
            print(f"  {problem}")
        if len(problems) > 40:
            print(f"  ... and {len(problems) - 40} more")
        failed = failed or bool(problems)
    if failed:
        print("check_dist: the archives do not match the manifest in scripts/check_dist.py", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
