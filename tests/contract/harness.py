"""Run one operation's representative call through the ``dixa`` surface and judge the exchange.

Shared by the contract suite (against a live mock), the cassette recorder and the offline
replay, so that all three exercise an operation the same way: the entry of
:data:`tests.contract.calls.CALLS`, through a real ``Dixa`` (or ``AsyncDixa``) client,
taking only the first page of a listing.

A call passes when every response came back without the mock's ``sl-violations`` header
(Prism's verdict on our request), with a status below 400 (Prism's ``--errors`` mode and
Dixa's hosted mock answer 4xx instead), every request resolved to the intended spec
operation, and the SDK parsed the response.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

import dixa
from scripts.operation_index import OperationIndex
from tests.contract import prism_forms
from tests.contract.calls import CALLS

# A key that must never reach a cassette: the secret scan looks for it literally.
SECRET_API_KEY = "contract-suite-key-5b1e0c9d-do-not-record"


@dataclass
class Outcome:
    """What happened when one operation was called."""

    name: str
    exchanges: list[httpx.Response] = field(default_factory=list)
    result: Any = None
    error: BaseException | None = None
    substitutions: list[prism_forms.Substitution] = field(default_factory=list)
    base_path: str = ""  # the mock's own path prefix, e.g. "/_mock/openapi/dixa-api/beta"

    def problems(self, index: OperationIndex) -> list[str]:
        """Everything wrong with the exchange; empty means the operation honours the contract."""
        found: list[str] = []
        expected = index.by_name.get(self.name)
        if expected is None:
            return [f"{self.name}: not an operation of the spec"]
        if not self.exchanges and self.error is None:
            found.append("no request was sent")
        for response in self.exchanges:
            request = response.request
            where = f"{request.method} {request.url.path}"
            for violation in request_violations(response):
                found.append(f"{where}: the mock says the request violates the spec: {violation}")
            if response.status_code >= 400:
                found.append(f"{where}: the mock answered {response.status_code}: {response.text[:500]}")
            hit = index.find(request.method, self._api_path(request.url.path))
            if hit is None:
                found.append(f"{where}: matches no operation of the spec")
            elif hit[0].name != self.name:
                found.append(f"{where}: calls {hit[0].key} ({hit[0].name}), not {expected.key}")
        for swap in self.substitutions:
            found.extend(f"{swap.operation}: form field {path} {problem}" for path, problem in swap.problems)
        if self.error is not None and not found:
            found.append(f"the SDK raised {type(self.error).__name__}: {self.error}")
        return found

    def _api_path(self, path: str) -> str:
        """The API's path (``/beta/...``) without the mock's own prefix."""
        return path[len(self.base_path) :] if self.base_path and path.startswith(self.base_path) else path


def _violations(response: httpx.Response, side: str) -> list[str]:
    header = response.headers.get("sl-violations")
    if not header:
        return []
    try:
        items = json.loads(header)
    except ValueError:
        return [header] if side == "request" else []
    return [
        f"{'.'.join(map(str, v.get('location', [])))}: {v.get('message', v)}"
        for v in items
        if (v.get("location") or ["request"])[0] == side
    ]


def request_violations(response: httpx.Response) -> list[str]:
    """What Prism found wrong with our request: the contract suite's verdict."""
    return _violations(response, "request")


def response_violations(response: httpx.Response) -> list[str]:
    """What Prism found wrong with its own answer: Dixa's examples against Dixa's schemas.

    Not ours to fix (the normalizer's example report lists them); the SDK must still parse
    the answer, which :meth:`Outcome.problems` checks.
    """
    return _violations(response, "response")


def run(name: str, base_url: str, *, use_async: bool = False, prism: OperationIndex | None = None) -> Outcome:
    """Call operation ``name`` against ``base_url``; never raises for an SDK or HTTP error.

    ``prism``: the target is a local Prism serving this spec, so form arrays (which Prism
    cannot judge) are judged here instead (:mod:`tests.contract.prism_forms`).
    """
    outcome = Outcome(name, base_path=urlsplit(base_url).path.rstrip("/"))
    call = CALLS[name]
    if use_async:
        asyncio.run(_run_async(call, base_url, outcome))
        return outcome

    def keep(response: httpx.Response) -> None:
        response.read()
        outcome.exchanges.append(response)

    transport: httpx.HTTPTransport | None = None
    if prism is not None:
        transport, pool = prism_forms.transport(prism)
        outcome.substitutions = pool.substitutions
    with (
        httpx.Client(event_hooks={"response": [keep]}, transport=transport) as http,
        dixa.Dixa(  # strict: the contract is the spec, a deviation is a finding (dixa._lenient)
            api_key=SECRET_API_KEY, base_url=base_url, http_client=http, rate_limit=None, max_retries=0, strict=True
        ) as client,
    ):
        try:
            result = call(client)
            if isinstance(result, dixa.SyncPager):
                result = next(iter(result.pages()))
            outcome.result = result
        except dixa.DixaError as exc:
            outcome.error = exc
    return outcome


async def _run_async(call: Any, base_url: str, outcome: Outcome) -> None:
    async def keep(response: httpx.Response) -> None:
        await response.aread()
        outcome.exchanges.append(response)

    async with (
        httpx.AsyncClient(event_hooks={"response": [keep]}) as http,
        dixa.AsyncDixa(
            api_key=SECRET_API_KEY, base_url=base_url, http_client=http, rate_limit=None, max_retries=0, strict=True
        ) as client,
    ):
        try:
            result = call(client)
            if isinstance(result, dixa.AsyncPager):
                pages = result.pages()
                try:
                    result = await anext(pages)
                finally:
                    close = getattr(pages, "aclose", None)  # an async generator: release it now
                    if close is not None:
                        await close()
            else:
                result = await result
            outcome.result = result
        except dixa.DixaError as exc:
            outcome.error = exc
