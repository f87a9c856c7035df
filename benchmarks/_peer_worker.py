"""Measures dixa-api-client (the peer) and raw requests, in an interpreter of their own.

The peer installs a top-level package called ``dixa``, the same name as this SDK, so it
can never share an interpreter (or a virtualenv's site-packages) with it. ``make bench``
installs it into ``build/bench-peer`` (``pip install --target``) and ``bench_peer`` runs
this script with ``python -I`` and that folder first on ``sys.path``; this script checks
it got the peer, not the SDK. The peer and requests are untyped here (and ``dixa`` means
the SDK to a type checker), so they are handled as ``Any``.

Like ``bench_call``, it times N sequential "list the notes of a conversation" calls,
interleaving the peer with a raw ``requests.Session`` + ``json.loads`` baseline on the
same transport: either an in-process adapter returning the canned page (requests'
counterpart of ``httpx.MockTransport``) or the loopback server. It prints one JSON line.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT / "build" / "bench-peer"
sys.path[:0] = [str(PEER), str(ROOT)]  # the peer's `dixa` must win over this repo's

from benchmarks import _payloads  # noqa: E402
from benchmarks._timing import interleaved  # noqa: E402

requests: Any = importlib.import_module("requests")
peer_dixa: Any = importlib.import_module("dixa")
if not str(Path(peer_dixa.__file__).resolve()).startswith(str(PEER.resolve())):
    raise SystemExit(f"expected dixa-api-client from {PEER}, imported {peer_dixa.__file__}")


class CannedAdapter(requests.adapters.BaseAdapter):  # type: ignore[misc]
    """Answers every request with the canned 5-note page, without a socket."""

    def send(self, request: Any, *args: object, **kwargs: object) -> Any:
        response = requests.Response()
        response.status_code = 200
        response.reason = "OK"
        response._content = _payloads.NOTES_PAGE
        response.headers = requests.structures.CaseInsensitiveDict(_payloads.JSON_HEADERS)
        response.encoding = "utf-8"
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        pass


def session(mock: bool) -> Any:
    s = requests.Session()
    if mock:
        s.mount("https://", CannedAdapter())
        s.mount("http://", CannedAdapter())
    return s


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", help="the loopback server; without it, the in-process adapter")
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    mock = args.url is None
    base = "https://dev.dixa.io" if mock else args.url

    raw = session(mock)
    raw.headers.update({"Authorization": _payloads.API_KEY, "Accept": "application/json"})
    url = base + _payloads.NOTES_PATH_V1

    def raw_run() -> None:
        for _ in range(args.calls):
            response = raw.get(url)
            if response.status_code != 200:
                raise RuntimeError(response.status_code)
            assert len(json.loads(response.content)["data"]) == 5

    # The peer logs every request and response body at DEBUG to stderr by default; a job
    # moving real volumes would turn that down, so the benchmark does too.
    client = peer_dixa.Dixa(api_key=_payloads.API_KEY, session=session(mock), logger_level=logging.WARNING)
    if not mock:
        # Its resources carry a fixed https://dev.dixa.io base URL; repoint the class.
        importlib.import_module("dixa.api").DixaResource.base_url = args.url

    def peer_run() -> None:
        for _ in range(args.calls):
            notes = client.v1.Conversation.list_internal_notes(str(_payloads.CONVERSATION_ID))
            assert len(notes) == 5

    samples = interleaved({"raw requests": raw_run, "dixa-api-client": peer_run}, runs=args.runs)
    print(
        json.dumps(
            {
                name: {"cpu_us": s.cpu_median / args.calls * 1e6, "wall_us": s.wall_median / args.calls * 1e6}
                for name, s in samples.items()
            }
        )
    )


if __name__ == "__main__":
    main()
