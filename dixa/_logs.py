"""Opt-in logging: ``DIXA_LOG=debug`` (or ``info``) prints one line per request to stderr.

Log records carry method, URL, status, timing and attempt; headers, and so the API key,
are never logged.
"""

from __future__ import annotations

import logging
import os

_configured = False


def setup_from_env() -> None:
    global _configured
    if _configured:
        return
    _configured = True
    level = os.environ.get("DIXA_LOG", "").strip().upper()
    if level not in ("DEBUG", "INFO"):
        return
    logger = logging.getLogger("dixa")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
