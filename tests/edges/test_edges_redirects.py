"""3xx is not success, and is never followed (issue 9, item 3).

Before: a 307 or 302 answer to ``templates.delete(...)`` returned ``None`` as if the
template were deleted, and a GET under 3xx failed with a confusing ``TypeError`` inside
``APIResponseValidationError``. Now both raise :class:`dixa.RedirectError` naming the
status and the ``Location``, and nothing is sent to the other origin, even through an
``httpx.Client`` configured to follow redirects.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

import dixa
from tests.faults.faultkit import GET, Runner
from tests.faults.faultserver import FaultServer, Reply

TEMPLATE = "5a4b6c2e-1f0d-4c3b-9a8e-7d6c5b4a3f21"
TEMPLATE_PATH = f"/beta/templates/{TEMPLATE}"


@pytest.fixture
def elsewhere() -> Iterator[FaultServer]:
    """Another origin, where the redirects point; it must never see a request."""
    with FaultServer(lifetime=60.0) as other:
        yield other


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_a_redirected_delete_is_an_error_not_a_deletion(
    run: Runner, server: FaultServer, elsewhere: FaultServer, status: int
) -> None:
    location = f"{elsewhere.url}{TEMPLATE_PATH}"
    server.script("DELETE", TEMPLATE_PATH, Reply(status, content_type=None, headers={"Location": location}))

    with pytest.raises(dixa.RedirectError) as info:
        await run.call(lambda c: c.templates.delete(TEMPLATE))

    error = info.value
    assert isinstance(error, dixa.APIStatusError)
    assert error.status_code == status
    assert error.location == location
    assert str(error).startswith(f"{status} redirect to {location} not followed (DELETE ")
    assert server.hits("DELETE", TEMPLATE_PATH) == 1  # not retried either
    assert elsewhere.arrivals() == []


async def test_a_redirected_get_names_the_redirect(run: Runner, server: FaultServer, elsewhere: FaultServer) -> None:
    server.script(GET.method, GET.path, Reply(302, {"moved": True}, headers={"Location": f"{elsewhere.url}/x"}))
    with pytest.raises(dixa.RedirectError, match=r"^302 redirect to "):
        await run.call(GET.call)
    with pytest.raises(dixa.RedirectError):
        await run.call(lambda c: c.with_raw_response.conversations.tags.list(1))
    assert elsewhere.arrivals() == []


async def test_a_client_that_follows_redirects_still_does_not_carry_the_key(
    run: Runner, server: FaultServer, elsewhere: FaultServer
) -> None:
    server.script(GET.method, GET.path, Reply(307, content_type=None, headers={"Location": f"{elsewhere.url}/steal"}))
    elsewhere.script("GET", "/steal", GET.ok)
    if run.mode == "sync":
        http: httpx.Client | httpx.AsyncClient = httpx.Client(follow_redirects=True)
    else:
        http = httpx.AsyncClient(follow_redirects=True)
    try:
        with pytest.raises(dixa.RedirectError):
            await run.call(GET.call, http_client=http)
    finally:
        if isinstance(http, httpx.Client):
            http.close()
        else:
            await http.aclose()
    assert elsewhere.arrivals() == []  # neither the request nor the key went there
