"""Run Prism (pinned in package.json, installed in ./node_modules) on the normalized spec.

``python -m scripts.mock_server`` (``make mock``) serves in the foreground until Ctrl-C,
SIGTERM or SIGHUP, and stops Prism with it. Tests and the demo use :func:`running`, which
starts Prism on a free loopback port, waits until it answers, and stops it afterwards.

Prism is a Node process of its own. So that it never outlives us, it runs in its own
process group, is stopped with the group, and (on Linux) is told by the kernel to exit
if this process dies without cleaning up (``PR_SET_PDEATHSIG``). Its log goes to a file
in ``build/`` that is removed when Prism stops normally and kept (and named in the
error) when it fails to start.

``forms=True`` puts a small proxy in front of Prism that accepts what Prism 5.14 cannot
judge, arrays in multipart forms (file uploads; see :mod:`scripts.form_arrays`), so the
mock accepts everything the SDK sends. ``make mock`` and the demo use it; the contract
suite talks to Prism directly and applies the same split itself.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
PRISM = ROOT / "node_modules" / ".bin" / "prism"
# Prism serves the normalized document: the published one declares no discriminators, so
# a tagged value such as {"_type": "Csat", "value": 4} matches several oneOf variants and
# Prism rejects it. The normalizer's repairs make the mock understand `_type` as Dixa does.
SPEC = ROOT / "openapi" / "dixa-api-beta.normalized.json"
HOST = "127.0.0.1"

# What the mock is, for anyone reading its answers (printed by `make mock` and the demo).
ABOUT = (
    "This is Prism, a mock generated from Dixa's OpenAPI description: it checks each request "
    "against the spec and answers with the example response Dixa's documentation gives for the "
    "operation. The answers are Dixa's sample data, not the result of your call: a note created "
    "now comes back with the example's 2021 timestamp, a rating of 4 comes back as the example's 5, "
    "and nothing is stored between calls."
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def command(spec: Path, port: int, *, errors: bool = False) -> list[str]:
    if not PRISM.exists():
        raise FileNotFoundError(f"{PRISM} is missing; run 'npm ci' (make install does)")
    args = [str(PRISM), "mock", "--host", HOST, "--port", str(port)]
    if errors:
        args.append("--errors")  # answer 422 to requests that violate the spec, instead of a header
    return [*args, str(spec)]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: have the kernel send SIGTERM to Prism if the process that started it dies."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop Prism and anything it started (its process group), politely first."""
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        if process.poll() is not None:
            break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=wait)
    # Node children (if any) share the group: make sure none is left once Prism is gone.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


@contextlib.contextmanager
def prism(
    spec: Path = SPEC, *, port: int | None = None, errors: bool = False, timeout: float = 60.0, show_log: bool = False
) -> Iterator[str]:
    """Start Prism itself and yield its base URL; stop it (and its process group) on exit.

    ``show_log``: Prism's log (a line per request, with its verdict) goes to our stdout
    instead of a file."""
    port = port or free_port()
    url = f"http://{HOST}:{port}"
    (ROOT / "build").mkdir(exist_ok=True)
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed (and removed) in finally
        "w+b", dir=ROOT / "build", prefix=f"prism-{port}-", suffix=".log", delete=False
    )
    keep_log = False
    process = subprocess.Popen(
        command(spec, port, errors=errors),
        stdout=None if show_log else log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: stopped as one, untouched by our terminal's Ctrl-C
        preexec_fn=_die_with_parent,  # noqa: PLW1509 - only calls prctl, safe between fork and exec
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                keep_log = True
                raise RuntimeError(f"Prism exited with {process.returncode} before serving {spec}; see {log.name}")
            try:
                httpx.get(f"{url}/beta/organization", headers={"Authorization": "probe"}, timeout=1.0)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    keep_log = True
                    raise TimeoutError(f"Prism did not answer on {url} within {timeout:.0f}s; see {log.name}") from None
                time.sleep(0.2)
        yield url
    finally:
        _stop(process)
        log.close()
        if not keep_log:
            Path(log.name).unlink(missing_ok=True)


@contextlib.contextmanager
def running(
    spec: Path = SPEC,
    *,
    port: int | None = None,
    errors: bool = False,
    forms: bool = False,
    timeout: float = 60.0,
    show_log: bool = False,
) -> Iterator[str]:
    """Start Prism and yield its base URL; stop it on exit.

    ``forms=True``: the URL is a proxy in front of Prism that also accepts arrays in
    multipart forms (see the module docstring); ``port`` is then the proxy's.
    """
    if not forms:
        with prism(spec, port=port, errors=errors, timeout=timeout, show_log=show_log) as url:
            yield url
        return
    with (
        prism(spec, errors=errors, timeout=timeout, show_log=show_log) as upstream,
        form_proxy(upstream, spec, port=port) as url,
    ):
        yield url


# --- the proxy: Prism plus what it cannot judge ------------------------------------------------

_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host", "upgrade"}
)


@contextlib.contextmanager
def form_proxy(upstream: str, spec: Path = SPEC, *, port: int | None = None) -> Iterator[str]:
    """A loopback HTTP proxy to ``upstream`` (a Prism) that sends form requests with array
    parts as their probe (:func:`scripts.form_arrays.split`) and judges those parts itself:
    a violation is answered 422 with the problems, as Prism answers its own."""
    from scripts.form_arrays import split
    from scripts.operation_index import OperationIndex
    from scripts.specio import load_spec

    index = OperationIndex(load_spec(spec))
    client = httpx.Client(base_url=upstream, timeout=30.0)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self) -> None:
            body = self._body()
            headers = [(k, v) for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP]
            verdict = split(index, self.command, self.path, self.headers.get("Content-Type", ""), body)
            if verdict is not None and verdict.problems:
                problems = [f"{where}: {why}" for where, why in verdict.problems]
                self._answer(422, [("Content-Type", "application/json")], json.dumps({"problems": problems}).encode())
                return
            if verdict is not None:
                body = verdict.probe
            try:
                response = client.request(self.command, self.path, headers=headers, content=body)
            except httpx.HTTPError as exc:
                self._answer(502, [("Content-Type", "text/plain")], f"mock proxy: Prism failed: {exc}".encode())
                return
            kept = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _HOP_BY_HOP]
            self._answer(response.status_code, kept, response.content)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _forward  # noqa: N815

        def _body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                chunks = []
                while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
                self.rfile.readline()
                return b"".join(chunks)
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _answer(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # Prism logs every request already

    server = ThreadingHTTPServer((HOST, port or 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="dixa-mock-proxy", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        client.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=4010)
    parser.add_argument("--errors", action="store_true", help="answer spec violations with 422")
    args = parser.parse_args(argv)

    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        stop.set()

    # Ctrl-C, `kill <pid>` (make passes SIGTERM on to us) and a closed terminal all end up
    # here, so the finally blocks of `running` stop Prism: no node process is left behind.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, request_stop)
    with running(port=args.port, errors=args.errors, forms=True, show_log=True) as url:
        print(f"mock of Dixa's API on {url} (serving {SPEC.relative_to(ROOT)}; Ctrl-C stops it)", flush=True)
        print(ABOUT, flush=True)
        print(f"Try: DIXA_API_KEY=any DIXA_BASE_URL={url} python examples/quickstart.py", flush=True)
        stop.wait()
    print("mock stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
