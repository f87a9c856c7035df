"""Run Prism (pinned in package.json, installed in ./node_modules) on the downloaded spec.

``python -m scripts.mock_server`` serves in the foreground (``make mock``); tests and the
demo use :func:`running`, which starts Prism on a free loopback port, waits until it
answers, and stops it afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PRISM = ROOT / "node_modules" / ".bin" / "prism"
# Prism serves the normalized document: the published one declares no discriminators, so
# a tagged value such as {"_type": "Csat", "value": 4} matches several oneOf variants and
# Prism rejects it. The normalizer's repairs make the mock understand `_type` as Dixa does.
SPEC = ROOT / "openapi" / "dixa-api-beta.normalized.json"
HOST = "127.0.0.1"


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


@contextlib.contextmanager
def running(
    spec: Path = SPEC, *, port: int | None = None, errors: bool = False, timeout: float = 60.0
) -> Iterator[str]:
    """Start Prism and yield its base URL; stop it on exit."""
    port = port or free_port()
    url = f"http://{HOST}:{port}"
    (ROOT / "build").mkdir(exist_ok=True)
    log = open(ROOT / "build" / f"prism-{port}.log", "w")  # noqa: SIM115 - closed in finally
    process = subprocess.Popen(command(spec, port, errors=errors), stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"Prism exited with {process.returncode} before serving {spec}")
            try:
                httpx.get(f"{url}/beta/organization", headers={"Authorization": "probe"}, timeout=1.0)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"Prism did not answer on {url} within {timeout:.0f}s") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=4010)
    parser.add_argument("--errors", action="store_true", help="answer spec violations with 422")
    args = parser.parse_args(argv)
    print(f"Prism serving {SPEC.relative_to(ROOT)} on http://{HOST}:{args.port} (Ctrl-C stops it)", flush=True)
    try:
        return subprocess.call(command(SPEC, args.port, errors=args.errors))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
