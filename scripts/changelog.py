"""A CHANGELOG.md entry from two versions of the spec: which operations and fields changed.

The changes are :func:`scripts.spec_diff.compare`'s, the same the spec diff prints on
``make spec``, written for readers of the changelog: breaking changes first, each with the
``client.…`` methods it affects.

    python -m scripts.changelog OLD.yaml NEW.yaml --version 0.2.0            # print the entry
    python -m scripts.changelog OLD.yaml NEW.yaml --version 0.2.0 --insert   # add it to CHANGELOG.md
    python -m scripts.changelog - openapi/dixa-api-beta.yaml --version 0.1.0 # from nothing: the first release
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from scripts.operation_index import surface_by_key
from scripts.spec_diff import Change, compare
from scripts.specio import Spec, load_spec

ROOT = Path(__file__).resolve().parent.parent
CHANGELOG = ROOT / "CHANGELOG.md"
EMPTY: Spec = {"openapi": "3.0.3", "info": {"version": ""}, "paths": {}, "components": {"schemas": {}}}


def entry(version: str, old: Spec, new: Spec, new_sha256: str, notes: str = "") -> str:
    """The markdown section for release ``version``."""
    changes = compare(old, new)
    surface = surface_by_key(old, new)
    spec_version = new.get("info", {}).get("version", "")
    lines = [
        f"## {version}",
        "",
        f"Generated from Dixa's OpenAPI description {spec_version} (sha256 `{new_sha256[:12]}`).",
    ]
    if notes:
        lines += ["", notes]

    def methods(operation: str) -> str:
        calls = surface.get(operation, [])
        return ", ".join(f"`{call}`" for call in calls) or "(no SDK method)"

    added = [c for c in changes if c.kind == "operation added"]
    fields = [c for c in changes if c.kind != "operation added"]
    breaking = [c for c in fields if c.breaking]
    if breaking:
        lines += ["", "### Breaking", ""]
        lines += [_line(change, methods(change.operation)) for change in breaking]
    if added:
        lines += ["", f"### Operations added ({len(added)})", ""]
        by_area: dict[str, list[str]] = {}
        for change in added:
            calls = surface.get(change.operation, [])
            area = calls[0].split(".")[1] if calls else "other"
            by_area.setdefault(area, []).extend(f"`{c.removeprefix('client.')}`" for c in calls or [change.operation])
        lines += [
            f"- {area}: {', '.join(sorted(names, key=lambda n: n.strip('`')))}"
            for area, names in sorted(by_area.items())
        ]
    other = [c for c in fields if not c.breaking]
    if other:
        lines += ["", "### Other changes", ""]
        lines += [_line(change, methods(change.operation)) for change in other]
    if not changes:
        lines += ["", "No operation, parameter or field changed."]
    return "\n".join(lines) + "\n"


def _line(change: Change, methods: str) -> str:
    where = f" `{change.location}`" if change.location else ""
    detail = f": {change.detail}" if change.detail else ""
    return f"- {methods} ({change.operation}): {change.kind}{where}{detail}"


def insert(text: str, changelog: Path = CHANGELOG) -> None:
    """Put ``text`` above the newest entry (after the file's introduction)."""
    head, marker, rest = changelog.read_text(encoding="utf-8").partition("\n## ")
    older = f"\n## {rest}" if marker else ""
    changelog.write_text(f"{head.rstrip()}\n\n{text}{older}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="the previous spec, or - for none (the first release)")
    parser.add_argument("new", type=Path)
    parser.add_argument("--version", required=True)
    parser.add_argument("--notes", default="", help="a sentence about the SDK's own changes")
    parser.add_argument("--insert", action="store_true", help="add the entry to CHANGELOG.md")
    args = parser.parse_args(argv)
    old = EMPTY if args.old == "-" else load_spec(Path(args.old))
    text = entry(args.version, old, load_spec(args.new), hashlib.sha256(args.new.read_bytes()).hexdigest(), args.notes)
    if args.insert:
        insert(text)
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
