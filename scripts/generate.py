"""Regenerate ``generated/dixa_generated`` from the downloaded spec.

spec (``openapi/dixa-api-beta.yaml``) -> :mod:`scripts.normalize_spec` ->
openapi-python-client (pinned, ``--fail-on-warning``, templates in
``scripts/codegen/templates``) -> ``generated/dixa_generated``.

The new tree is built beside the old one and swapped in only when the generator
reported no warning and produced one endpoint module per operation, so a failed run
never leaves a half-written package behind.
"""

from __future__ import annotations

import argparse
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


def generate(spec_path: Path, normalized_path: Path, target: Path) -> int:
    spec = normalize_spec.normalize(load_spec(spec_path))
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
