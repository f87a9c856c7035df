"""The edge suite reuses the fault suite's fixtures: a fresh misbehaving server per test
(``server``), ``run`` (the test body through ``Dixa`` and through ``AsyncDixa``) and
short backoffs."""

from __future__ import annotations

from tests.faults.conftest import fast_backoff, run, server

__all__ = ["fast_backoff", "run", "server"]
