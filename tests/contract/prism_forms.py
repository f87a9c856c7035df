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

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from scripts.form_arrays import split
from scripts.operation_index import OperationIndex
from scripts.schema_check import Problem


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
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        if not content_type.startswith("multipart/form-data"):
            return None
        stream = request.stream
        assert isinstance(stream, Iterable), "a sync request"
        body = b"".join(stream)
        found = split(self.index, request.method.decode(), request.url.target.decode(), content_type, body)
        if found is None:  # the body was read: send it again as it was
            return httpcore.Request(
                request.method, request.url, headers=request.headers, content=body, extensions=request.extensions
            )
        self.substitutions.append(Substitution(found.operation, found.problems, found.dropped))
        new_headers = [(k, v) for k, v in request.headers if k.lower() != b"content-length"]
        new_headers.append((b"Content-Length", str(len(found.probe)).encode()))
        return httpcore.Request(
            request.method, request.url, headers=new_headers, content=found.probe, extensions=request.extensions
        )


def transport(index: OperationIndex) -> tuple[httpx.HTTPTransport, FormArrayPool]:
    """An ``httpx.HTTPTransport`` whose pool swaps form array requests for their probe."""
    base = httpx.HTTPTransport()
    pool = FormArrayPool(base._pool, index)  # the one seam below vcrpy's patch of handle_request
    base._pool = pool  # type: ignore[assignment]
    return base, pool
