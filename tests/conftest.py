"""Shared fixtures: a Prism mock of the spec, and clients pointed at it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest

import dixa
from scripts import mock_server


@pytest.fixture(scope="session")
def mock_url() -> Iterator[str]:
    """Base URL of a mock of Dixa's API: ``DIXA_MOCK_URL`` if set, else a local Prism."""
    external = os.environ.get("DIXA_MOCK_URL")
    if external:
        yield external.rstrip("/")
        return
    with mock_server.running() as url:
        yield url


@pytest.fixture
def client(mock_url: str) -> Iterator[dixa.Dixa]:
    with dixa.Dixa(api_key="test-key", base_url=mock_url, rate_limit=None, max_retries=0) as c:
        yield c


@pytest.fixture
async def async_client(mock_url: str) -> AsyncIterator[dixa.AsyncDixa]:
    async with dixa.AsyncDixa(api_key="test-key", base_url=mock_url, rate_limit=None, max_retries=0) as c:
        yield c
