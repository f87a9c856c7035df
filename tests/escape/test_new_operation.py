"""The day Dixa ships an operation: after ``make spec ACCEPT=1 && make generate`` it is
callable through ``client.call`` and ``client.request``, with the SDK's key, retries and
typed errors, before any friendly method wraps it.

The new operation is the drift proof's ``GET /beta/tags/{tagId}/usage``
(``tests/drift/drifts.py``), generated for real from a drifted copy of the spec into a
scratch folder. It is imported in a separate interpreter (a second ``dixa_generated``
cannot share this one) which calls it against a recording loopback server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from scripts import generate
from scripts.specio import dump_json, load_spec
from tests.drift import drifts
from tests.escape.conftest import Answer, Recorder

ROOT = Path(__file__).resolve().parents[2]
TAG_ID = "b794a74a-625b-4303-8237-9b11668a9605"

CALLER = textwrap.dedent(
    """
    import json, os, sys, uuid

    import dixa
    from dixa_generated.api.tags import get_tags_tagid_usage

    tag_id = uuid.UUID(os.environ["TAG_ID"])
    results = {}
    with dixa.Dixa(api_key="escape-key", base_url=os.environ["BASE_URL"], rate_limit=None) as client:
        output = client.call(get_tags_tagid_usage, tag_id=tag_id)
        results["call"] = [type(output).__name__, output.data]
        results["request"] = client.request("GET", "/beta/tags/{tag_id}/usage", path_params={"tag_id": tag_id})
        try:
            client.call(get_tags_tagid_usage.sync, tag_id=tag_id)
        except dixa.NotFoundError as exc:
            results["error"] = [type(exc).__name__, exc.status_code]
    print(json.dumps(results))
    """
)


def test_a_newly_generated_operation_is_callable_through_the_core(tmp_path: Path, recorder: Recorder) -> None:
    spec = tmp_path / "drifted.json"
    dump_json(drifts.drifted(load_spec(ROOT / "openapi" / "dixa-api-beta.yaml"), drifts.add_operation), spec)
    assert generate.generate(spec, tmp_path / "normalized.json", tmp_path / "dixa_generated") == 0

    path = f"/beta/tags/{TAG_ID}/usage"
    # call: a 503 (retried, it is a read), then the answer; request: the answer; sync: a 404.
    recorder.script(
        "GET",
        path,
        Answer(503, {"message": "busy"}),
        Answer(200, {"data": 42}),
        Answer(200, {"data": 42}),
        Answer(404, {"message": "no such tag"}),
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),  # the new dixa_generated first
        "BASE_URL": recorder.url,
        "TAG_ID": TAG_ID,
    }
    env.pop("DIXA_STRICT_VALIDATION", None)
    run = subprocess.run(
        [sys.executable, "-c", CALLER], env=env, capture_output=True, text=True, timeout=60, check=False
    )

    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    assert results["call"] == ["GetTagsTagidUsageResponse200", 42]
    assert results["request"] == {"data": 42}
    assert results["error"] == ["NotFoundError", 404]
    assert [s.target for s in recorder.seen] == [path] * 4
    assert {s.headers["authorization"] for s in recorder.seen} == {"escape-key"}
