"""Work around Prism's one blind spot in this spec: arrays in ``multipart/form-data``.

``POST /beta/knowledge/articles/attachments`` takes ``files``, an array of binary parts,
sent (as OpenAPI and every HTTP client do it) as one part per file, all named ``files``.
Prism 5.14 parses a form into a dict where a repeated part overwrites the previous one
(stoplightio/prism#2654, open), so it sees a string where the spec says array and rejects
every correct upload with a 400. No request the SDK could honestly send passes.

So, against a local Prism only, a form request is split in two verdicts:

* the parts that are arrays are judged by :func:`scripts.drift_guard.form_problems`
  (declared field, repeated only if an array, binary parts sent as files);
* Prism judges everything else, and answers, from the same request without those parts
  (the "probe"): method, path, parameters, headers and the remaining fields.

The swap happens below vcrpy, inside the transport's connection pool, so a cassette still
records the request exactly as the SDK sent it, with Prism's answer to the probe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from scripts.drift_guard import form_problems
from scripts.operation_index import OperationIndex
from scripts.schema_check import Problem
from scripts.specio import ref_name, schemas

_BOUNDARY = re.compile(rb"boundary=([^;\s]+)")


@dataclass
class Substitution:
    """One form request whose array parts were judged here instead of by Prism."""

    operation: str
    problems: list[Problem]
    dropped: list[str]


@dataclass
class FormArrayPool:
    """A connection pool that sends Prism the probe for form requests with array parts."""

    pool: Any  # httpcore.ConnectionPool
    index: OperationIndex
    substitutions: list[Substitution] = field(default_factory=list)

    def handle_request(self, request: httpcore.Request) -> httpcore.Response:
        probe = self._probe(request)
        return self.pool.handle_request(probe or request)  # type: ignore[no-any-return]

    def close(self) -> None:
        self.pool.close()

    def __enter__(self) -> FormArrayPool:
        self.pool.__enter__()
        return self

    def __exit__(self, *args: Any) -> None:
        self.pool.__exit__(*args)

    def _probe(self, request: httpcore.Request) -> httpcore.Request | None:
        """The request Prism should see instead of ``request``, or ``None`` to send it as is."""
        headers = {k.lower(): v for k, v in request.headers}
        content_type = headers.get(b"content-type", b"")
        boundary = _BOUNDARY.search(content_type)
        if not content_type.startswith(b"multipart/form-data") or boundary is None:
            return None
        hit = self.index.find(request.method.decode(), request.url.target.decode().split("?", 1)[0])
        if hit is None:
            return None
        ref = hit[0]
        media = ref.operation.get("requestBody", {}).get("content", {}).get("multipart/form-data", {})
        form = media.get("schema", {})
        while "$ref" in form:
            form = schemas(self.index.spec)[ref_name(form["$ref"])]
        arrays = [name for name, schema in form.get("properties", {}).items() if schema.get("type") == "array"]
        if not arrays:
            return None
        stream = request.stream
        assert isinstance(stream, Iterable), "a sync request"
        body = b"".join(stream)
        marker = b"--" + boundary.group(1).strip(b'"')
        parts = body.split(marker)[1:-1]  # between the preamble and the closing "--"
        probe_body = b"".join(marker + part for part in parts if not _names(part, arrays)) + marker + b"--\r\n"
        problems = form_problems(self.index.spec, media, body.decode("latin-1"))
        self.substitutions.append(Substitution(ref.key, problems, arrays))
        new_headers = [(k, v) for k, v in request.headers if k.lower() != b"content-length"]
        new_headers.append((b"Content-Length", str(len(probe_body)).encode()))
        return httpcore.Request(
            request.method, request.url, headers=new_headers, content=probe_body, extensions=request.extensions
        )


def _names(part: bytes, fields: list[str]) -> bool:
    head = part.split(b"\r\n\r\n", 1)[0]
    return any(f'name="{name}"'.encode() in head for name in fields)


def transport(index: OperationIndex) -> tuple[httpx.HTTPTransport, FormArrayPool]:
    """An ``httpx.HTTPTransport`` whose pool swaps form array requests for their probe."""
    base = httpx.HTTPTransport()
    pool = FormArrayPool(base._pool, index)  # the one seam below vcrpy's patch of handle_request
    base._pool = pool  # type: ignore[assignment]
    return base, pool
