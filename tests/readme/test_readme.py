"""Every ```python block of README.md runs, as a user would paste it, against the local mock.

Each block runs in its own interpreter, in an empty folder, with ``DIXA_API_KEY`` and
``DIXA_BASE_URL`` pointing at Prism (behind the proxy of :mod:`scripts.mock_server` that
accepts file uploads), so a block must be self-contained: its imports, its names, its
files. A block may use ``await`` at top level (the async examples), as in ``python -m asyncio``.

A block preceded by ``<!-- readme: no-run (reason) -->`` is skipped with that reason;
:func:`test_no_run_blocks_are_few_and_explained` lists them and keeps them rare.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts import mock_server

README = Path(__file__).resolve().parents[2] / "README.md"
NO_RUN = re.compile(r"<!--\s*readme:\s*no-run\s*\((?P<reason>.*)\)\s*-->")
MAX_NO_RUN = 2  # each one is a snippet nobody checks: keep them to an absolute minimum
TIMEOUT = 120.0

# Runs one block: top-level ``await`` is allowed, as in the asyncio REPL.
RUNNER = """
import ast, asyncio, sys, types
source = sys.stdin.read()
code = compile(source, "README.md block", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
namespace = {"__name__": "__main__"}
result = eval(code, namespace)
if isinstance(result, types.CoroutineType):
    asyncio.run(result)
"""


@dataclass(frozen=True)
class Block:
    line: int  # of the opening fence, 1-based
    section: str  # the nearest heading above it
    code: str
    no_run: str | None  # the reason, if marked

    @property
    def id(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.section.lower()).strip("-")
        return f"L{self.line}-{slug}"


def blocks(text: str) -> list[Block]:
    found: list[Block] = []
    lines = text.splitlines()
    section = "(top)"
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("#"):
            section = line.lstrip("#").strip()
        fence = re.match(r"^(\s*)```(\S*)\s*$", line)
        if fence:
            start = index
            end = start + 1
            while end < len(lines) and not lines[end].strip().startswith("```"):
                end += 1
            if fence.group(2) == "python":
                marker = NO_RUN.search(lines[start - 1]) if start > 0 else None
                code = "\n".join(lines[start + 1 : end]) + "\n"
                found.append(Block(start + 1, section, code, marker.group("reason").strip() if marker else None))
            index = end + 1
            continue
        index += 1
    return found


BLOCKS = blocks(README.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def readme_url(mock_url: str) -> Iterator[str]:
    """The session's mock, behind the proxy that also accepts uploads (``make mock`` serves the same)."""
    with mock_server.form_proxy(mock_url) as url:
        yield url


def run_block(block: Block, url: str, folder: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DIXA_API_KEY": "readme-test-key",
        "DIXA_BASE_URL": url,
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("DIXA_LOG", None)
    folder.mkdir()
    command = [sys.executable, "-c", RUNNER]
    try:
        return subprocess.run(
            command, input=block.code, cwd=folder, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:  # one hung block fails alone, not the whole module
        return subprocess.CompletedProcess(command, -1, "", f"did not finish within {TIMEOUT:.0f} s")


@pytest.fixture(scope="module")
def outcomes(readme_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every runnable block, run a few at a time: most of a block's time is spent waiting
    (interpreter start-up, the mock, the rate limiter), so they overlap well."""
    runnable = [b for b in BLOCKS if b.no_run is None]
    base = tmp_path_factory.mktemp("readme")
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {b.id: pool.submit(run_block, b, readme_url, base / b.id) for b in runnable}
        return {key: future.result() for key, future in futures.items()}


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.no_run is None], ids=lambda b: b.id)
def test_readme_block_runs(block: Block, outcomes: dict[str, subprocess.CompletedProcess[str]]) -> None:
    run = outcomes[block.id]
    if run.returncode != 0:
        pytest.fail(f"README.md line {block.line} ({block.section}) failed against the mock:\n{run.stderr[-3000:]}")


def test_no_run_blocks_are_few_and_explained() -> None:
    skipped = [b for b in BLOCKS if b.no_run is not None]
    listing = "\n".join(f"  line {b.line} ({b.section}): {b.no_run}" for b in skipped)
    print(f"README blocks not run ({len(skipped)}):\n{listing or '  none'}")
    assert all(b.no_run for b in skipped), f"a no-run marker needs a reason:\n{listing}"
    assert len(skipped) <= MAX_NO_RUN, f"too many README blocks are not run:\n{listing}"


def test_the_readme_has_python_blocks() -> None:
    # A parser that found nothing would make every other test here pass vacuously.
    assert len(BLOCKS) >= 20
    assert any("import dixa" in b.code for b in BLOCKS)


def test_block_parser_reads_sections_fences_and_markers() -> None:
    text = (
        "# Title\n\n```python\nprint(1)\n```\n\n## Part\n\n```bash\nls\n```\n\n"
        "<!-- readme: no-run (needs a real key (a paid plan)) -->\n```python\nprint(2)\n```\n"
    )
    found = blocks(text)
    assert [(b.section, b.code, b.no_run) for b in found] == [
        ("Title", "print(1)\n", None),
        ("Part", "print(2)\n", "needs a real key (a paid plan)"),
    ]
