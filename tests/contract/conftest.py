"""The contract suite needs a mock: ``DIXA_MOCK_URL`` or a local Prism (``mock_url`` fixture).

Every test here is marked ``contract``, so ``pytest -m "not contract"`` runs the rest offline.
"""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "contract: needs a mock of Dixa's API (local Prism or DIXA_MOCK_URL)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/contract/" in item.path.as_posix():
            item.add_marker(pytest.mark.contract)
