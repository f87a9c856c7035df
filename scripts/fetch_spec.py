"""``make spec``: put Dixa's OpenAPI description at ``openapi/dixa-api-beta.yaml``.

Source, first that applies: ``--source``/``$DIXA_SPEC_SOURCE`` (URL or path); the offline
mirror ``../shared/openapi/dixa-api-beta.yaml``; ``--url`` (Dixa's download link, a
Makefile variable).

``openapi/spec.lock`` (committed) pins what the SDK was built from: source, sha256,
counts and a fingerprint of every operation and schema. When a download differs from the
lock, the fingerprints tell what was added, removed or changed, even on a fresh clone
with no previous copy; the download is kept beside the spec as ``*.new.yaml`` and nothing
is replaced until ``--accept`` (``make spec ACCEPT=1``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import httpx

from scripts import drift_guard, spec_diff
from scripts.operation_index import surface_by_key
from scripts.specio import Spec, load_spec, operations, schemas

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "dixa-api-beta.yaml"
LOCK = ROOT / "openapi" / "spec.lock"
MIRROR = ROOT.parent / "shared" / "openapi" / "dixa-api-beta.yaml"


def fingerprint(node: Any) -> str:
    return hashlib.sha256(json.dumps(node, sort_keys=True).encode()).hexdigest()[:16]


def lock_for(spec: Spec, data: bytes, source: str) -> dict[str, Any]:
    ops = operations(spec)
    table = schemas(spec)
    return {
        "source": source,
        "sha256": hashlib.sha256(data).hexdigest(),
        "openapi": spec.get("openapi"),
        "version": spec.get("info", {}).get("version"),
        "operations": len(ops),
        "schemas": len(table),
        "operation_fingerprints": {key: fingerprint(op) for key, op in ops.items()},
        "schema_fingerprints": {name: fingerprint(schema) for name, schema in table.items()},
    }


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Operations and schemas added, removed or changed between two locks."""
    lines: list[str] = []
    for kind in ("operation", "schema"):
        before: dict[str, str] = old.get(f"{kind}_fingerprints", {})
        after: dict[str, str] = new[f"{kind}_fingerprints"]
        added = sorted(after.keys() - before.keys())
        removed = sorted(before.keys() - after.keys())
        changed = sorted(k for k in after.keys() & before.keys() if after[k] != before[k])
        for label, names in (("added", added), ("removed", removed), ("changed", changed)):
            lines.extend(f"  {kind} {label}: {name}" for name in names)
    return lines


def resolve_source(explicit: str | None, url: str) -> str:
    if explicit:
        return explicit
    if MIRROR.exists():
        return str(MIRROR)
    return url


def fetch(source: str) -> bytes:
    if source.startswith(("http://", "https://")):
        response = httpx.get(source, follow_redirects=True, timeout=60.0)
        response.raise_for_status()
        return response.content
    return Path(source).read_bytes()


def unreachable(source: str, exc: BaseException) -> str:
    """One paragraph, no traceback: what failed, where the spec can come from, what to run."""
    reason = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    return (
        f"spec: could not read Dixa's OpenAPI description from {source} ({reason}). "
        "The spec is taken from the first of: $DIXA_SPEC_SOURCE (a URL or a file path), an offline "
        f"mirror at {os.path.relpath(MIRROR, ROOT)} (beside the repository), and Dixa's download link "
        "(the Makefile's DIXA_SPEC_URL). Check the network, or point to a copy you have: "
        "'DIXA_SPEC_SOURCE=/path/to/dixa-api-beta.yaml make spec'."
    )


def _relative(source: str) -> str:
    """Record paths relative to the repo so the lock does not depend on where it was cloned."""
    if source.startswith(("http://", "https://")):
        return source
    return os.path.relpath(Path(source).resolve(), ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=os.environ.get("DIXA_SPEC_SOURCE") or None)
    parser.add_argument("--url", required=True, help="Dixa's download URL, used when no mirror is present")
    parser.add_argument("--accept", action="store_true", help="accept a spec that differs from openapi/spec.lock")
    args = parser.parse_args(argv)

    source = resolve_source(args.source, args.url)
    try:
        data = fetch(source)
    except (httpx.HTTPError, OSError) as exc:
        print(unreachable(source, exc), file=sys.stderr)
        return 1
    staged = SPEC.with_suffix(".new.yaml")
    staged.write_bytes(data)
    try:
        spec = load_spec(staged)
    except (ValueError, OSError) as exc:
        print(f"spec: {source} is not an OpenAPI document: {exc}", file=sys.stderr)
        return 1
    new = lock_for(spec, data, _relative(source))
    old: dict[str, Any] = json.loads(LOCK.read_text()) if LOCK.exists() else {}

    if old and old.get("sha256") != new["sha256"]:
        print(f"spec: {source} differs from openapi/spec.lock")
        counts = f"operations {old.get('operations')} -> {new['operations']}"
        print(f"  {counts}, schemas {old.get('schemas')} -> {new['schemas']}")
        print("\n".join(changes(old, new)) or "  (no operation or schema changed: formatting only)")
        if SPEC.exists():
            _print_detailed_diff(SPEC, staged)
        if not args.accept:
            print(f"spec: kept the locked spec; the download is at {staged.relative_to(ROOT)}.")
            print("spec: review the changes, then run 'make spec ACCEPT=1' to accept them.")
            return 1
    if SPEC.exists() and SPEC.read_bytes() == data:
        staged.unlink()  # unchanged: keep the file's time stamp so make does not regenerate
    else:
        staged.replace(SPEC)
    if old.get("sha256") == new["sha256"]:
        print(f"spec: {SPEC.relative_to(ROOT)} from {source} matches the lock (sha256 {new['sha256'][:12]})")
    else:
        LOCK.write_text(json.dumps(new, indent=2) + "\n")
        print(f"spec: locked {new['sha256'][:12]} ({new['operations']} operations, {new['schemas']} schemas)")
    return 0


def _print_detailed_diff(old_path: Path, new_path: Path) -> None:
    """Field-level report, the methods it affects, and the recorded calls the new spec breaks."""
    old, new = load_spec(old_path), load_spec(new_path)
    print(spec_diff.render(spec_diff.compare(old, new), surface_by_key(old, new)))
    print(drift_guard.report(new))


if __name__ == "__main__":
    sys.exit(main())
