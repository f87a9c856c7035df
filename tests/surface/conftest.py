"""The ``surface`` fixture: each test body runs with ``Dixa`` and with ``AsyncDixa``."""

from __future__ import annotations

import pytest

from tests.surfaces import Surface


@pytest.fixture(params=["sync", "async"])
def surface(request: pytest.FixtureRequest, mock_url: str) -> Surface:
    return Surface(request.param, mock_url)
