"""What a sync job loads before its first result (issue 13: a cheap first call).

Each check runs in a fresh interpreter, since the test process itself has long imported
everything: a sync client making its first call must not load asyncio (~15 ms), and a
timestamp or UUID in the response must not load zoneinfo or compile the rule's grammar.
"""

from __future__ import annotations

import os
import subprocess
import sys

FIRST_CALL = """
import json, sys
import httpx
import dixa

page = {"data": [{"id": "3346b99c-8128-4276-ac40-5f30c959e5e7", "authorId": "c68f42a5-1453-497a-940f-ff36ed4f1631",
                  "createdAt": "2021-12-01T12:46:36.581Z[GMT]", "csid": 1, "message": "hi"}]}
transport = httpx.MockTransport(lambda request: httpx.Response(200, json=page))
client = dixa.Dixa(api_key="k", http_client=httpx.Client(transport=transport), rate_limit=None)
notes = client.conversations.notes.list(1).to_list()
assert notes[0].created_at.year == 2021 and notes[0].id.version == 4
print(json.dumps({name: name in sys.modules for name in ("asyncio", "zoneinfo")}))
print(json.dumps(__import__("dixa._timestamps", fromlist=["_"])._timestamp is None))
"""


def _run(code: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIXA_")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return out.stdout.splitlines()


def test_a_sync_first_call_loads_no_asyncio_nor_zoneinfo():
    loaded, grammar_unused = _run(FIRST_CALL)
    assert loaded == '{"asyncio": false, "zoneinfo": false}'
    assert grammar_unused == "true"


def test_the_async_client_still_works_after_a_sync_import():
    code = (
        FIRST_CALL
        + """
import asyncio
async def main():
    async with dixa.AsyncDixa(api_key="k", http_client=httpx.AsyncClient(transport=transport), rate_limit=None) as c:
        return [n async for n in c.conversations.notes.list(1)]
print(len(asyncio.run(main())))
"""
    )
    assert _run(code)[-1] == "1"
