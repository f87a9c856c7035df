"""Regenerate ``generated/dixa_generated`` from the downloaded spec.

spec (``openapi/dixa-api-beta.yaml``) -> :mod:`scripts.normalize_spec` ->
openapi-python-client (pinned, ``--fail-on-warning``, templates in
``scripts/codegen/templates``) -> ``generated/dixa_generated``.

The new tree is built beside the old one and swapped in only when the generator
reported no warning and produced one endpoint module per operation, so a failed run
never leaves a half-written package behind.

Two files are added to what the generator writes: ``py.typed`` (PEP 561: without it a
user's type checker treats every model as ``Any``) and ``_spec.py``, which records the
spec's version and sha256 so an installed SDK can say what it was generated from
(``dixa.SPEC_VERSION``, ``dixa.SPEC_SHA256``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts import normalize_spec
from scripts.specio import dump_json, load_spec, operations

ROOT = Path(__file__).resolve().parent.parent
CODEGEN = ROOT / "scripts" / "codegen"
PACKAGE = "dixa_generated"


def endpoint_modules(package: Path) -> list[Path]:
    return sorted(p for p in (package / "api").rglob("*.py") if p.name != "__init__.py")


def spec_module(spec: dict[str, object], data: bytes) -> str:
    """The source of ``dixa_generated/_spec.py``: which API description this package is."""
    info = spec.get("info")
    version = info.get("version") if isinstance(info, dict) else None
    return (
        '"""The API description this package was generated from (written by scripts/generate.py)."""\n\n'
        f"SPEC_VERSION = {json.dumps(str(version or 'unknown'))}  # the spec's info.version\n"
        f"SPEC_SHA256 = {json.dumps(hashlib.sha256(data).hexdigest())}  # as in openapi/spec.lock\n"
    )


def add_package_files(package: Path, spec: dict[str, object], data: bytes) -> None:
    (package / "py.typed").write_text("")  # PEP 561: the models and endpoints are typed
    (package / "_spec.py").write_text(spec_module(spec, data))


def generate(spec_path: Path, normalized_path: Path, target: Path) -> int:
    data = spec_path.read_bytes()
    raw = load_spec(spec_path)
    spec = normalize_spec.normalize(raw)
    dump_json(spec, normalized_path)
    expected = len(operations(spec))

    bin_dir = Path(sys.executable).parent  # the generator and ruff live beside this interpreter
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    with tempfile.TemporaryDirectory(prefix="dixa-gen-", dir=target.parent) as scratch:
        out = Path(scratch) / PACKAGE
        command = [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path", str(normalized_path),
            "--config", str(CODEGEN / "config.yaml"),
            "--custom-template-path", str(CODEGEN / "templates"),
            "--meta", "none",
            "--output-path", str(out),
            "--fail-on-warning",
        ]  # fmt: skip
        run = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        log = run.stdout + run.stderr
        if run.returncode != 0 or "Warning" in log or "WARNING" in log:
            print(log, file=sys.stderr)
            print(
                f"generate: the generator reported problems (exit {run.returncode}); nothing replaced", file=sys.stderr
            )
            return 1
        produced = len(endpoint_modules(out))
        if produced != expected:
            print(f"generate: {produced} endpoint modules for {expected} operations; nothing replaced", file=sys.stderr)
            return 1
        add_package_files(out, raw, data)
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(out), target)
    models = sum(1 for p in (target / "models").glob("*.py") if p.name != "__init__.py")
    print(f"generated {produced} of {expected} endpoint modules and {models} model modules into {target}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi" / "dixa-api-beta.yaml")
    parser.add_argument("--normalized", type=Path, default=ROOT / "openapi" / "dixa-api-beta.normalized.json")
    parser.add_argument("--target", type=Path, default=ROOT / "generated" / PACKAGE)
    args = parser.parse_args(argv)
    if not args.spec.exists():
        print(f"generate: {args.spec} is missing; run 'make spec' first", file=sys.stderr)
        return 1
    args.target.parent.mkdir(parents=True, exist_ok=True)
    return generate(args.spec, args.normalized, args.target)


if __name__ == "__main__":
    sys.exit(main())
