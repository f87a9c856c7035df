"""The form-array workaround: what Prism is sent instead, and the verdict given in its place.

Offline: the connection pool below the transport is replaced by one that records what it
would have sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from scripts.drift_guard import form_problems
from scripts.mock_server import SPEC
from scripts.operation_index import OperationIndex
from scripts.specio import load_spec
from tests.contract.prism_forms import FormArrayPool

INDEX = OperationIndex(load_spec(SPEC))
UPLOAD = "POST /beta/knowledge/articles/attachments"
MEDIA = INDEX.by_key[UPLOAD].operation["requestBody"]["content"]["multipart/form-data"]


@dataclass
class Recorder:
    """Stands in for httpcore's pool: keeps the request, answers 200."""

    sent: list[tuple[dict[bytes, bytes], bytes]] = field(default_factory=list)  # (headers, body)

    def handle_request(self, request: httpcore.Request) -> httpcore.Response:
        self.sent.append((dict(request.headers), b"".join(request.stream)))  # type: ignore[arg-type]
        return httpcore.Response(200, headers=[(b"content-type", b"application/json")], content=b"{}")

    def close(self) -> None:
        pass

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *args: Any) -> None:
        pass


def send(request: httpx.Request) -> tuple[Recorder, FormArrayPool]:
    recorder = Recorder()
    pool = FormArrayPool(recorder, INDEX)
    transport = httpx.HTTPTransport()
    transport._pool = pool  # type: ignore[assignment]
    with httpx.Client(transport=transport) as client:
        client.send(request)
    return recorder, pool


def upload(files: list[tuple[str, Any]], data: dict[str, str] | None = None) -> httpx.Request:
    return httpx.Request("POST", "http://127.0.0.1:1/beta/knowledge/articles/attachments", files=files, data=data or {})


def test_prism_is_sent_the_form_without_its_array_parts():
    files = [("files", ("a.png", b"\x89PNG-a", "image/png")), ("files", ("b.png", b"\x89PNG-b", "image/png"))]
    recorder, pool = send(upload(files))
    [(headers, probe)] = recorder.sent
    assert b'name="files"' not in probe
    assert probe.endswith(b"--\r\n")
    assert headers[b"Content-Length"] == str(len(probe)).encode()
    [swap] = pool.substitutions
    assert (swap.operation, swap.dropped, swap.problems) == (UPLOAD, ["files"], [])


def test_the_parts_prism_cannot_judge_are_judged_here():
    recorder, pool = send(upload([("files", ("a.png", b"x", "image/png"))], data={"caption": "hi"}))
    [swap] = pool.substitutions
    assert swap.problems == [("$.caption", "is not a field of the form any more")]
    assert b'name="caption"' in recorder.sent[0][1], "fields that are not arrays still go to Prism"


def test_other_requests_pass_through_untouched():
    request = httpx.Request("POST", "http://127.0.0.1:1/beta/tags", json={"name": "vip"})
    recorder, pool = send(request)
    assert recorder.sent[0][1] == b'{"name":"vip"}'
    assert pool.substitutions == []


def test_form_problems_on_bodies_the_spec_rejects():
    boundary = "b"

    def body(*parts: str) -> str:
        return "".join(f"--{boundary}\r\n{part}\r\n" for part in parts) + f"--{boundary}--\r\n"

    good = 'Content-Disposition: form-data; name="files"; filename="a.png"\r\n\r\nx'
    without_filename = 'Content-Disposition: form-data; name="files"\r\n\r\nx'
    assert form_problems(INDEX.spec, MEDIA, body(good, good)) == []
    assert form_problems(INDEX.spec, MEDIA, body(without_filename)) == [
        ("$.files", "is binary but a part was sent without a filename")
    ]
