"""Opt-in logging: ``DIXA_LOG=debug`` (or ``info``) prints the SDK's log lines to stderr.

At ``info`` there is one line per retry (what failed, which attempt, how long the wait);
at ``debug`` also one line per attempt (method, URL, status, time taken). Records carry
only methods, URLs (without any ``user:password@``), statuses, timings and attempt
numbers: headers, and so the API key, are never logged. Without ``DIXA_LOG`` nothing is
configured; applications may attach their own handlers to the ``"dixa"`` logger.
"""

from __future__ import annotations

import logging
import os
import threading

__all__ = ["setup_from_env"]

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}
_configured = False
_lock = threading.Lock()


def setup_from_env() -> None:
    """Configure the ``dixa`` logger from ``DIXA_LOG`` once per process (first client made)."""
    global _configured
    with _lock:
        if _configured:
            return
        _configured = True
        level = _LEVELS.get(os.environ.get("DIXA_LOG", "").strip().lower())
        if level is None:
            return
        logger = logging.getLogger("dixa")
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(level)
