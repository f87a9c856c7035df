"""The escape hatches are typed: mypy --strict, run on a snippet, agrees with ``assert_type``.

``client.call(module, ...)`` checks the arguments against the operation's ``_get_kwargs``
and answers what its ``_parse_response`` returns; ``client.request(..., cast_to=M)``
answers ``M``; each wrapped as the client kind makes it (awaitable, ``RawResponse``).
The snippet also holds lines that must *not* type-check, and the test requires exactly
those errors, so a loosened signature (``Any`` everywhere) fails it too.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[2]

SNIPPET = textwrap.dedent(
    """
    from __future__ import annotations

    import uuid
    from collections.abc import Awaitable
    from typing import Any, assert_type

    from dixa_generated.api.tags import get_tags_tagid
    from dixa_generated.models.bad_request import BadRequest
    from dixa_generated.models.get_tag_output import GetTagOutput
    from dixa_generated.models.not_found import NotFound
    from dixa_generated.models.server_error import ServerError

    import dixa

    Parsed = BadRequest | GetTagOutput | NotFound | ServerError | None


    async def check(c: dixa.Dixa, a: dixa.AsyncDixa, tag_id: uuid.UUID) -> None:
        assert_type(c.request("GET", "/beta/tags"), Any)
        assert_type(c.request("GET", "/beta/tags/{id}", path_params={"id": tag_id}, cast_to=GetTagOutput), GetTagOutput)
        assert_type(a.request("GET", "/beta/tags", cast_to=GetTagOutput), Awaitable[GetTagOutput])
        assert_type(c.with_raw_response.request("GET", "/x", cast_to=GetTagOutput), dixa.RawResponse[GetTagOutput])
        assert_type(await a.with_raw_response.request("GET", "/x"), dixa.RawResponse[Any])

        assert_type(c.call(get_tags_tagid, tag_id=tag_id), Parsed)
        assert_type(c.call(get_tags_tagid.sync, tag_id=tag_id), Parsed)
        assert_type(await a.call(get_tags_tagid, tag_id=tag_id), Parsed)
        assert_type(await a.call(get_tags_tagid.asyncio, tag_id=tag_id), Parsed)
        assert_type(c.with_raw_response.call(get_tags_tagid, tag_id=tag_id), dixa.RawResponse[Parsed])

        c.call(get_tags_tagid, tag_id=5)  # error: not a UUID
        c.call(get_tags_tagid, tagid=tag_id)  # error: no such parameter
        c.request("GET", "/x", cast_to=dict)  # error: not a generated model
    """
)

# The lines marked "# error:" in the snippet, and the codes mypy must give them.
EXPECTED_CODES = ["call-overload", "call-overload", "type-var"]


def test_mypy_agrees_with_the_declared_types() -> None:
    # A fixed path: mypy's incremental cache is keyed by module, and would replay the
    # errors of a same-named snippet found at another path.
    snippet = ROOT / "build" / "escape-typing" / "escape_types.py"
    snippet.parent.mkdir(parents=True, exist_ok=True)
    snippet.write_text(SNIPPET)

    stdout, stderr, _ = api.run(
        [
            str(snippet),
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(snippet.parent / ".mypy_cache"),
            "--show-error-codes",
            "--no-pretty",
        ]
    )

    errors = {
        int(found.group(1)): found.group(2)
        for found in re.finditer(r"escape_types\.py:(\d+): error: .*\[([a-z-]+)\]$", stdout, re.MULTILINE)
    }
    marked = [number for number, line in enumerate(SNIPPET.splitlines(), 1) if "# error:" in line]
    assert errors == dict(zip(marked, EXPECTED_CODES, strict=True)), stdout + stderr
