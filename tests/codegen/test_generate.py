"""`make generate`: complete, warning-free and byte-for-byte reproducible."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import pytest

from scripts import generate
from scripts.specio import load_spec

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "dixa-api-beta.yaml"


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    for out in (first, second):
        assert generate.generate(SPEC, out / "normalized.json", out / "dixa_generated") == 0
    return first / "dixa_generated", second / "dixa_generated"


def test_two_runs_give_byte_identical_trees(two_runs):
    first, second = two_runs
    assert _tree(first) == _tree(second)


def test_one_endpoint_module_per_operation(two_runs):
    assert len(generate.endpoint_modules(two_runs[0])) == 123


def test_the_shared_tree_is_what_the_pipeline_produces(two_runs):
    """generated/ in this checkout is current: nobody edited it by hand or forgot to regenerate."""
    comparison = filecmp.dircmp(two_runs[0], ROOT / "generated" / "dixa_generated", ignore=["__pycache__"])
    assert _tree(two_runs[0]).keys() == {
        k for k in _tree(ROOT / "generated" / "dixa_generated") if "__pycache__" not in k
    }
    assert not comparison.diff_files


def test_a_generator_warning_fails_the_run_and_keeps_the_old_tree(tmp_path):
    spec = load_spec(SPEC)
    # Two schemas with one title and a reference the generator cannot resolve: a warning.
    spec["components"]["schemas"]["Broken"] = {
        "type": "object",
        "properties": {"x": {"$ref": "#/components/schemas/Nope"}},
    }
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(spec))
    target = tmp_path / "dixa_generated"
    target.mkdir()
    (target / "keep.txt").write_text("old tree")
    assert generate.generate(broken, tmp_path / "normalized.json", target) == 1
    assert (target / "keep.txt").read_text() == "old tree"
