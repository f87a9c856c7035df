"""Fixtures for the fault suite: a fresh misbehaving server per test, ``run`` (the test
body through ``Dixa`` and through ``AsyncDixa``), and short backoffs so the suite stays
fast while the retry counts stay real.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dixa import _retry
from tests.faults.faultkit import Runner
from tests.faults.faultserver import FaultServer


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backoff of 10, 20, 40 ms instead of 0.5, 1, 2 s: same retry logic, fast suite."""
    monkeypatch.setattr(_retry, "INITIAL_DELAY", 0.01)
    monkeypatch.setattr(_retry, "MAX_DELAY", 0.05)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer(lifetime=60.0) as running:
        yield running


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest, server: FaultServer) -> Runner:
    return Runner(request.param, server.url)
