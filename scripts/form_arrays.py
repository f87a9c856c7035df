"""Prism's blind spot, arrays in ``multipart/form-data``, as one pure function.

``POST /beta/knowledge/articles/attachments`` takes ``files``, an array of binary parts,
sent (as OpenAPI and every HTTP client do it) as one part per file, all named ``files``.
Prism 5.14 parses a form into a dict where a repeated part overwrites the previous one
(stoplightio/prism#2654), so it rejects every correct upload.

:func:`split` judges a form's array parts with :func:`scripts.drift_guard.form_problems`
and returns the request Prism can judge, and answer, without them (the "probe"). The
proxy in :mod:`scripts.mock_server` (``make mock``, the demo, the README test) uses it; the
contract harness (``tests/contract/prism_forms.py``) applies the same split below vcrpy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scripts.drift_guard import form_problems
from scripts.operation_index import OperationIndex
from scripts.schema_check import Problem
from scripts.specio import ref_name, schemas

__all__ = ["FormSplit", "split"]

_BOUNDARY = re.compile(r"boundary=([^;\s]+)")


@dataclass(frozen=True)
class FormSplit:
    operation: str  # the spec key, "POST /beta/knowledge/articles/attachments"
    probe: bytes  # the body without the array parts
    problems: list[Problem]  # the verdict on the array parts (empty: they honour the form)
    dropped: list[str]  # the array fields taken out


def split(index: OperationIndex, method: str, path: str, content_type: str, body: bytes) -> FormSplit | None:
    """The probe for a form request with array fields, or ``None`` if Prism can judge it as is."""
    boundary = _BOUNDARY.search(content_type)
    if not content_type.startswith("multipart/form-data") or boundary is None:
        return None
    hit = index.find(method, path.split("?", 1)[0])
    if hit is None:
        return None
    ref = hit[0]
    media = ref.operation.get("requestBody", {}).get("content", {}).get("multipart/form-data", {})
    form = media.get("schema", {})
    while "$ref" in form:
        form = schemas(index.spec)[ref_name(form["$ref"])]
    arrays = [name for name, schema in form.get("properties", {}).items() if schema.get("type") == "array"]
    if not arrays:
        return None
    marker = b"--" + boundary.group(1).strip('"').encode()
    parts = body.split(marker)[1:-1]  # between the preamble and the closing "--"
    probe = b"".join(marker + part for part in parts if not _names(part, arrays)) + marker + b"--\r\n"
    problems = form_problems(index.spec, media, body.decode("latin-1"))
    return FormSplit(ref.key, probe, problems, arrays)


def _names(part: bytes, fields: list[str]) -> bool:
    head = part.split(b"\r\n\r\n", 1)[0]
    return any(f'name="{name}"'.encode() in head for name in fields)
