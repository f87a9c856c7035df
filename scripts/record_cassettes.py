"""``make cassettes``: record one cassette per operation against the mock.

Starts its own Prism on the normalized spec (or uses ``$DIXA_MOCK_URL``), runs every
entry of ``tests/contract/calls.py`` through the ``dixa`` surface with vcrpy recording,
and refuses to keep a cassette whose call broke the contract (the mock flagged our
request, answered 4xx/5xx, the request hit another operation, or the SDK could not parse
the answer). Recording goes to a scratch directory first; ``tests/cassettes`` is only
replaced when every call passed, so a failed run leaves the committed cassettes alone.

``--check`` records into the scratch directory and compares with the committed
cassettes instead of replacing them: two recordings must be equivalent (same files, same
requests, same responses), which is what makes the cassettes reviewable in a diff.

``--only NAME`` records just those operations (``conversations.get_conversations``),
keeping the others.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scripts import cassettes, drift_guard, mock_server
from scripts.operation_index import OperationIndex
from scripts.specio import load_spec


def record(base_url: str, target: Path, names: list[str], *, local_prism: bool) -> dict[str, list[str]]:
    """Record each operation into ``target``; return the problems of the calls that failed.

    ``local_prism``: the mock is our Prism, whose one blind spot (arrays in forms) the
    harness covers (see ``tests/contract/prism_forms.py``).
    """
    from tests.contract import harness

    index = OperationIndex(load_spec(mock_server.SPEC))
    failures: dict[str, list[str]] = {}
    for name in names:
        path = cassettes.cassette_path(name, target)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        with cassettes.vcr(base_url, "all").use_cassette(str(path)):
            outcome = harness.run(name, base_url, prism=index if local_prism else None)
        problems = outcome.problems(index)
        if problems:
            failures[name] = problems
            path.unlink(missing_ok=True)
    return failures


def differences(recorded: Path, committed: Path, *, full: bool = True) -> list[str]:
    """How two cassette directories differ; empty when they are equivalent.

    With ``full=False`` (a partial recording) only the recorded cassettes are compared.
    """
    left = {p.relative_to(recorded) for p in cassettes.all_cassettes(recorded)}
    right = {p.relative_to(committed) for p in cassettes.all_cassettes(committed)}
    if not full:
        right &= left
    found = [f"only in the new recording: {p}" for p in sorted(left - right)]
    found += [f"only in the committed cassettes: {p}" for p in sorted(right - left)]
    for name in sorted(left & right):
        first = _first_difference(cassettes.canonical(recorded / name), cassettes.canonical(committed / name), "")
        if first is not None:
            found.append(f"{name}: differs at {first}")
    return found


def _first_difference(a: Any, b: Any, path: str) -> str | None:
    if type(a) is not type(b):
        return f"{path or '/'} ({a!r} != {b!r})"
    if isinstance(a, dict):
        for key in sorted(a.keys() | b.keys(), key=str):
            if key not in a or key not in b:
                return f"{path}/{key} (present on one side only)"
            found = _first_difference(a[key], b[key], f"{path}/{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path} ({len(a)} != {len(b)} items)"
        for position, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, f"{path}/{position}")
            if found:
                return found
        return None
    return None if a == b else f"{path or '/'} ({a!r} != {b!r})"


def install(scratch: Path, target: Path, names: list[str], everything: bool) -> None:
    """Move the new cassettes into ``target``; a full recording also drops stale ones."""
    if everything:
        for stale in cassettes.all_cassettes(target):
            stale.unlink()
    for name in names:
        source = cassettes.cassette_path(name, scratch)
        destination = cassettes.cassette_path(name, target)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    for folder in sorted(target.glob("*/"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    drift_guard.write_manifest(mock_server.SPEC, target)


def _sent_secrets() -> tuple[str, ...]:
    from tests.contract.calls import SENT_SECRETS
    from tests.contract.harness import SECRET_API_KEY

    return (SECRET_API_KEY, *SENT_SECRETS)


@contextlib.contextmanager
def mock(url: str | None) -> Iterator[str]:
    if url:
        yield url.rstrip("/")
        return
    with mock_server.running() as local:
        yield local


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="record and compare with the committed cassettes")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="operations to record (default: all)")
    parser.add_argument("--target", type=Path, default=cassettes.CASSETTES)
    args = parser.parse_args(argv)

    from tests.contract.calls import CALLS

    names = list(args.only or CALLS)
    unknown = [n for n in names if n not in CALLS]
    if unknown:
        print(f"cassettes: no entry in tests/contract/calls.py for {', '.join(unknown)}", file=sys.stderr)
        return 2
    external = os.environ.get("DIXA_MOCK_URL")
    with tempfile.TemporaryDirectory(prefix="cassettes-") as scratch_dir, mock(external) as url:
        scratch = Path(scratch_dir)
        failures = record(url, scratch, names, local_prism=not external)
        if failures:
            print(f"cassettes: {len(failures)} of {len(names)} call(s) broke the contract; nothing was replaced:")
            for name, problems in failures.items():
                print(f"  {name}")
                for problem in problems:
                    print(f"      {problem}")
            return 1
        leaks = cassettes.scan_all(scratch, known=_sent_secrets())
        if leaks:
            print("cassettes: secrets got past the filters; nothing was replaced:")
            for path, problems in leaks.items():
                print(f"  {path.relative_to(scratch)}: {'; '.join(problems)}")
            return 1
        if args.check:
            found = differences(scratch, args.target, full=not args.only)
            if found:
                print(f"cassettes: a new recording differs from {args.target}:")
                print("\n".join(f"  {line}" for line in found))
                return 1
            print(f"cassettes: a new recording of {len(names)} operation(s) is equivalent to the committed one")
            return 0
        install(scratch, args.target, names, everything=not args.only)
    print(f"cassettes: recorded {len(names)} operation(s) into {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
