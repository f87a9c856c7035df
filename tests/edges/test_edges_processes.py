"""A client survives ``os.fork()`` and a change of event loop (issue 9, items 8 and 11).

Before: after ``os.fork()`` parent and child shared pooled connections, and the parent
read the child's response (``illegal status line: b'{"data": ...}HTTP/1.1 200 OK'``);
one ``AsyncDixa`` used from two successive ``asyncio.run()`` calls raised a raw
``RuntimeError: Event loop is closed``. Now a client the SDK made its connections for
opens new ones in a forked child and in each event loop; an ``http_client`` the caller
passed in cannot be remade, and using it in a second loop is a clear ``DixaError``.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import dixa
from tests.edges.rawserver import RawServer, Request, reply

CHILD, PARENT, CALLS = 100, 200, 8


def _tags(server: RawServer, request: Request, sock: socket.socket) -> bool:
    """``/beta/conversations/<n>/tags`` answers tag ``t<n>``: each answer names its request."""
    n = int(request.path.split("/")[3])
    reply(sock, 200, {"data": [{"id": str(uuid.UUID(int=n)), "name": f"t{n}", "state": "Active"}]})
    return True  # keep-alive: the connection goes back to the client's pool


def _check(results: list[list[Any]], first: int) -> None:
    for offset, tags in enumerate(results):
        assert [tag.name for tag in tags] == [f"t{first + offset}"]


def _in_child(work: Callable[[], None]) -> int:
    """Run ``work`` in a forked child; return the child's pid (it reports through its exit code)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child: never return into pytest
        code = 1
        try:
            work()
            code = 0
        except BaseException:  # any failure is reported through the exit code
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    return pid


def _exit_code(pid: int, timeout: float = 15.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError("the child did not finish")


def _ports(server: RawServer, first: int) -> set[int]:
    wanted = {f"/beta/conversations/{first + n}/tags" for n in range(CALLS)}
    return {request.port for request in list(server.requests) if request.path in wanted}


def test_a_sync_client_used_before_fork_works_in_parent_and_child() -> None:
    with RawServer(_tags, lifetime=30) as server:
        client = dixa.Dixa(api_key=f"fork-{uuid.uuid4()}", base_url=server.url, max_retries=0)
        client.conversations.tags.list(1).to_list()  # a pooled, kept-alive connection now exists
        [inherited] = {request.port for request in server.requests}

        pid = _in_child(
            lambda: _check([client.conversations.tags.list(CHILD + n).to_list() for n in range(CALLS)], CHILD)
        )
        _check([client.conversations.tags.list(PARENT + n).to_list() for n in range(CALLS)], PARENT)
        assert _exit_code(pid) == 0
        client.close()

    assert _ports(server, PARENT) == {inherited}  # the parent kept its connection
    assert inherited not in _ports(server, CHILD)  # the child opened its own


def test_an_async_client_used_before_fork_works_in_parent_and_child() -> None:
    with RawServer(_tags, lifetime=30) as server:
        client = dixa.AsyncDixa(api_key=f"fork-{uuid.uuid4()}", base_url=server.url, max_retries=0)

        async def calls(first: int) -> None:
            _check([await client.conversations.tags.list(first + n).to_list() for n in range(CALLS)], first)

        asyncio.run(calls(1))
        pid = _in_child(lambda: asyncio.run(calls(CHILD)))
        asyncio.run(calls(PARENT))
        assert _exit_code(pid) == 0

    assert not _ports(server, CHILD) & _ports(server, PARENT)  # never one connection for both


def test_an_async_client_works_across_event_loops() -> None:
    with RawServer(_tags, lifetime=30) as server:
        client = dixa.AsyncDixa(api_key=f"loops-{uuid.uuid4()}", base_url=server.url, max_retries=0)
        for n in range(3):  # each asyncio.run() is a new loop; the previous one is closed
            tags = asyncio.run(client.conversations.tags.list(n + 1).to_list())
            assert [tag.name for tag in tags] == [f"t{n + 1}"]

        async def close() -> None:
            await client.close()

        asyncio.run(close())


def test_a_callers_async_http_client_in_a_second_loop_is_a_clear_error() -> None:
    with RawServer(_tags, lifetime=30) as server:
        http = httpx.AsyncClient()
        client = dixa.AsyncDixa(api_key=f"loops-{uuid.uuid4()}", base_url=server.url, http_client=http)
        asyncio.run(client.conversations.tags.list(1).to_list())
        with pytest.raises(dixa.DixaError, match=r"event loop that has closed.*inside the asyncio.run\(\)"):
            asyncio.run(client.conversations.tags.list(2).to_list())


def test_a_closed_client_says_so() -> None:
    """Before: httpx's bare ``RuntimeError: Cannot send a request, as the client has been closed``."""
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9")
    client.close()
    with pytest.raises(dixa.DixaError, match="has been closed"):
        client.conversations.tags.list(1).to_list()

    async def run() -> None:
        async_client = dixa.AsyncDixa(api_key="k", base_url="http://127.0.0.1:9")
        await async_client.close()
        with pytest.raises(dixa.DixaError, match="has been closed"):
            await async_client.conversations.tags.list(1).to_list()

    asyncio.run(run())
