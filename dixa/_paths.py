"""One check for every value that becomes a segment of a request path.

A path parameter must stay exactly one segment, whatever the caller passes. Quoting
alone is not enough: ``"."`` and ``".."`` contain only unreserved characters, so they
survive quoting unchanged, and httpx (like every URL library and server) then resolves
them as dot segments. ``translations.delete(article, "..")`` would become
``DELETE /beta/knowledge/articles/<article>``: a different, broader write. Their
percent-encoded forms (``%2e%2E``) are no escape either, since servers decode before
they normalize. So those values are refused before anything is sent, and everything
else is percent-encoded (every character outside RFC 3986's unreserved set, ``/``,
``?``, ``#`` and ``%`` included), which keeps the number of segments equal to the
template's. The same shape as openai-python's ``_utils/_path.py``.
"""

from __future__ import annotations

import enum
import uuid
from urllib.parse import quote, unquote

from dixa._exceptions import InvalidParameterError, InvalidParameterTypeError

__all__ = ["INT64_MAX", "INT64_MIN", "path_segment"]

# The spec's integer ids are int64: a larger Python int is refused rather than sent.
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

_DOT_SEGMENTS = frozenset({"", ".", ".."})


def path_segment(param: str, value: object) -> str:
    """``value`` as one percent-encoded path segment; refuses what cannot be one.

    ``param`` is the parameter's Python name, used in the error.
    """
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        raise InvalidParameterTypeError(param, "expected str, int or UUID, got bool")
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise InvalidParameterError(param, f"must fit in a 64-bit integer, got {value}")
        return str(int(value))
    if isinstance(value, uuid.UUID):
        return str(value)
    if not isinstance(value, str):
        raise InvalidParameterTypeError(param, f"expected str, int or UUID, got {type(value).__name__}")
    if value in _DOT_SEGMENTS or unquote(value) in _DOT_SEGMENTS:
        shown = "empty" if not value else f"{value!r}, which a server would resolve as a relative path"
        raise InvalidParameterError(param, f"is not a usable id: {shown}")
    # safe="" leaves only RFC 3986's unreserved characters (letters, digits, -._~) as they are.
    return quote(value, safe="")
