"""429 storms, 5xx bursts and error statuses: outcome, attempts, and writes applied once.

Every test runs twice (``run`` is sync, then async). "hits" is the server's count of
requests for the route, i.e. the client's attempts; "applied" is how many times the
server did the work of a write.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import math
import threading
import time

import pytest

import dixa
from tests.faults.faultkit import ALL_OPS, GET, IDEMPOTENT, NON_IDEMPOTENT, POST, Op, Runner, check_success
from tests.faults.faultserver import FaultServer, Reply

TOO_MANY = {"message": "Rate limit exceeded"}


def _ids(op: Op) -> str:
    return op.method


# --- 429 storms -------------------------------------------------------------------------


@pytest.mark.parametrize("op", ALL_OPS, ids=_ids)
async def test_429_storm_with_retry_after_is_waited_out_for_every_method(
    run: Runner, server: FaultServer, op: Op
) -> None:
    refusal = Reply(429, TOO_MANY, headers={"Retry-After": "0.1"})
    server.script(op.method, op.path, refusal, refusal, op.ok)

    result = await run.call(op.call)

    check_success(op, result)
    assert server.hits(op.method, op.path) == 3
    assert run.elapsed >= 0.2  # two Retry-After waits of 0.1 s, honoured
    if op.is_write:
        assert server.applied(op.method, op.path) == 1  # 429s are refusals: applied exactly once


@pytest.mark.parametrize("op", [GET, POST], ids=_ids)
async def test_429_storm_without_retry_after_backs_off(run: Runner, server: FaultServer, op: Op) -> None:
    server.script(op.method, op.path, Reply(429, TOO_MANY), Reply(429, TOO_MANY), op.ok)

    result = await run.call(op.call)

    check_success(op, result)
    assert server.hits(op.method, op.path) == 3
    assert run.elapsed >= 0.02  # backoffs of ~10 and ~20 ms (shortened for tests), minus jitter
    assert server.applied(op.method, op.path) == (1 if op.is_write else 0)


@pytest.mark.parametrize("op", [GET, POST], ids=_ids)
async def test_429_storm_outlasting_the_retries_raises_rate_limit_error(
    run: Runner, server: FaultServer, op: Op
) -> None:
    server.script(op.method, op.path, Reply(429, TOO_MANY, headers={"Retry-After": "0.01"}))

    with pytest.raises(dixa.RateLimitError) as info:
        await run.call(op.call)

    error = info.value
    assert server.hits(op.method, op.path) == 3 == error.attempts
    assert server.applied(op.method, op.path) == 0
    assert error.status_code == 429
    assert error.message == "Rate limit exceeded"
    assert error.retry_after == 0.01
    assert error.method == op.method
    assert error.url == f"{server.url}{op.path}"
    assert str(error) == (
        f"429 Rate limit exceeded; retry after 0.01s ({op.method} {server.url}{op.path}); gave up after 3 attempts"
    )


async def test_retry_after_as_an_http_date_is_honoured(run: Runner, server: FaultServer) -> None:
    # HTTP dates have one-second resolution: pick a whole second 0.5-1.5 s away.
    started = time.time()
    when = math.ceil(started + 0.5)
    refusal = Reply(429, TOO_MANY, headers={"Retry-After": email.utils.formatdate(when, usegmt=True)})
    server.script(GET.method, GET.path, refusal, GET.ok)

    check_success(GET, await run.call(GET.call))

    assert server.hits(GET.method, GET.path) == 2
    assert when - started - 0.05 <= run.elapsed < when - started + 2


async def test_retry_after_longer_than_a_call_should_hide_fails_at_once(run: Runner, server: FaultServer) -> None:
    server.script(POST.method, POST.path, Reply(429, TOO_MANY, headers={"Retry-After": "3600"}), POST.ok)

    with pytest.raises(dixa.RateLimitError) as info:
        await run.call(POST.call)

    assert info.value.retry_after == 3600
    assert info.value.attempts == 1
    assert server.hits(POST.method, POST.path) == 1
    assert run.elapsed < 1


class _RetryAnnounced(logging.Handler):
    """Sets ``seen`` when the SDK logs that it will retry after a 429 (after pausing the key)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seen = threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if ": 429, retry " in record.getMessage():
            self.seen.set()


async def test_a_429_pauses_every_caller_sharing_the_key(run: Runner, server: FaultServer) -> None:
    """One caller's 429 holds the key's limiter, so a caller starting during the pause waits too."""
    first_path, second_path = "/beta/conversations/1/tags", "/beta/conversations/2/tags"
    server.script("GET", first_path, Reply(429, TOO_MANY, headers={"Retry-After": "0.4"}), GET.ok)
    server.script("GET", second_path, GET.ok)
    roomy = dixa.RateLimit(rate=1000, burst=100)  # the limiter alone would never make anyone wait here
    announced = _RetryAnnounced()
    logger = logging.getLogger("dixa")
    level = logger.level
    logger.addHandler(announced)
    logger.setLevel(logging.INFO)

    def threads(client: dixa.Dixa) -> None:
        first = threading.Thread(target=lambda: client.conversations.tags.list(1).to_list())
        first.start()
        assert announced.seen.wait(5)
        client.conversations.tags.list(2).to_list()
        first.join()

    async def tasks(client: dixa.AsyncDixa) -> None:
        first = asyncio.create_task(client.conversations.tags.list(1).to_list())
        assert await asyncio.to_thread(announced.seen.wait, 5)
        await client.conversations.tags.list(2).to_list()
        await first

    try:
        await run.call(threads if run.mode == "sync" else tasks, rate_limit=roomy)
    finally:
        logger.removeHandler(announced)
        logger.setLevel(level)

    arrivals = server.arrivals()
    refused_at = next(at for at, _, path in arrivals if path == first_path)
    second_at = next(at for at, _, path in arrivals if path == second_path)
    assert server.hits("GET", first_path) == 2
    assert second_at - refused_at >= 0.35  # without the shared pause it would follow at once


# --- 5xx bursts -------------------------------------------------------------------------


@pytest.mark.parametrize("op", IDEMPOTENT, ids=_ids)
async def test_5xx_burst_is_retried_for_idempotent_methods(run: Runner, server: FaultServer, op: Op) -> None:
    server.script(op.method, op.path, Reply(503, {"message": "unavailable"}), Reply(502, body=b"Bad gateway"), op.ok)

    check_success(op, await run.call(op.call))

    assert server.hits(op.method, op.path) == 3


@pytest.mark.parametrize("status", [408, 500, 502, 503, 504])
async def test_every_retryable_status_is_retried_for_get(run: Runner, server: FaultServer, status: int) -> None:
    server.script(GET.method, GET.path, Reply(status, {"message": "try again"}), GET.ok)

    check_success(GET, await run.call(GET.call))

    assert server.hits(GET.method, GET.path) == 2


async def test_5xx_storm_outlasting_the_retries_raises_internal_server_error(run: Runner, server: FaultServer) -> None:
    server.script(GET.method, GET.path, Reply(500, {"message": "Something went wrong"}))

    with pytest.raises(dixa.InternalServerError) as info:
        await run.call(GET.call)

    assert server.hits(GET.method, GET.path) == 3 == info.value.attempts
    assert info.value.status_code == 500
    assert str(info.value) == f"500 Something went wrong (GET {server.url}{GET.path}); gave up after 3 attempts"


@pytest.mark.parametrize("status", [408, 500, 502, 503, 504])
@pytest.mark.parametrize("op", NON_IDEMPOTENT, ids=_ids)
async def test_5xx_and_408_are_not_retried_for_writes_that_may_have_been_applied(
    run: Runner, server: FaultServer, op: Op, status: int
) -> None:
    # Adversarial: the work was done, then the answer failed (a 408 from a proxy included).
    server.script(op.method, op.path, Reply(status, {"message": "failed"}, applies=True), op.ok)

    with pytest.raises(dixa.APIStatusError) as info:
        await run.call(op.call)

    assert info.value.status_code == status
    assert isinstance(info.value, dixa.InternalServerError) == (status >= 500)
    assert server.hits(op.method, op.path) == 1
    assert server.applied(op.method, op.path) == 1  # the server did the work; sending again would repeat it


# --- other statuses ---------------------------------------------------------------------

STATUS_ERRORS = [
    (400, dixa.BadRequestError),
    (401, dixa.AuthenticationError),
    (403, dixa.PermissionDeniedError),
    (404, dixa.NotFoundError),
    (409, dixa.ConflictError),
    (422, dixa.UnprocessableEntityError),
    (418, dixa.APIStatusError),
    (501, dixa.InternalServerError),
]


@pytest.mark.parametrize(("status", "error_class"), STATUS_ERRORS)
async def test_error_statuses_raise_their_class_at_once(
    run: Runner, server: FaultServer, status: int, error_class: type[dixa.APIStatusError]
) -> None:
    server.script(GET.method, GET.path, Reply(status, {"message": f"Dixa says {status}\nsee docs"}), GET.ok)

    with pytest.raises(error_class) as info:
        await run.call(GET.call)

    error = info.value
    assert type(error) is error_class
    assert isinstance(error, dixa.DixaError)
    assert server.hits(GET.method, GET.path) == 1 == error.attempts
    assert error.status_code == status
    assert error.message == f"Dixa says {status} see docs"
    assert error.body == {"message": f"Dixa says {status}\nsee docs"}
    assert error.response.status_code == status
    assert str(error) == f"{status} Dixa says {status} see docs (GET {server.url}{GET.path})"


async def test_an_html_error_page_gives_a_one_line_error(run: Runner, server: FaultServer) -> None:
    page = b"<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body>\n</html>\n"
    server.script(POST.method, POST.path, Reply(502, body=page, content_type="text/html"))

    with pytest.raises(dixa.InternalServerError) as info:
        await run.call(POST.call)

    assert str(info.value) == f"502 Bad Gateway (POST {server.url}{POST.path})"
    assert info.value.body is None


# --- retry budget -----------------------------------------------------------------------


@pytest.mark.parametrize(("max_retries", "hits"), [(0, 1), (1, 2), (5, 6)])
async def test_max_retries_per_client(run: Runner, server: FaultServer, max_retries: int, hits: int) -> None:
    server.script(GET.method, GET.path, Reply(503, {"message": "unavailable"}))

    with pytest.raises(dixa.InternalServerError) as info:
        await run.call(GET.call, max_retries=max_retries)

    assert server.hits(GET.method, GET.path) == hits == info.value.attempts


@pytest.mark.parametrize(("max_retries", "hits"), [(0, 1), (4, 5)])
async def test_max_retries_per_call_overrides_the_client(
    run: Runner, server: FaultServer, max_retries: int, hits: int
) -> None:
    server.script(GET.method, GET.path, Reply(503, {"message": "unavailable"}))

    with pytest.raises(dixa.InternalServerError):
        await run.call(lambda c: GET.call(c.with_options(max_retries=max_retries)), max_retries=2)

    assert server.hits(GET.method, GET.path) == hits
