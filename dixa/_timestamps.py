"""The one rule for Dixa's timestamps, used by every generated model and by the SDK.

Dixa's services are written in Scala and print ``java.time.ZonedDateTime`` values:
``2021-12-01T12:46:36.581Z[GMT]``, ``2024-11-20T12:59:15.947112912Z[Etc/UTC]`` or
``2021-12-01T13:46:36+01:00[Europe/Copenhagen]``. Neither ``datetime.fromisoformat``
nor ``dateutil.isoparse`` accepts the bracketed region or nine fractional digits, and
presence endpoints send zone-less local times (``2021-12-01T12:46:35.935``) that Dixa
documents as UTC.

The rule:

* the offset, when there is one, fixes the instant; a bracketed region beside it is
  redundant and dropped;
* a region without an offset is resolved with :mod:`zoneinfo`;
* no offset and no region means UTC;
* fractions beyond microseconds are truncated, never rounded, so a timestamp never
  moves into the next second;
* outbound values are ISO-8601 with an explicit offset; a naive ``datetime`` is taken
  to be UTC, the same convention Dixa uses.
"""

from __future__ import annotations

import datetime as _dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["format_datetime", "parse_datetime"]

_TIMESTAMP = re.compile(
    r"""
    (?P<date>\d{4}-\d{2}-\d{2})
    [Tt\ ]
    (?P<time>\d{2}:\d{2}(?::\d{2})?)
    (?:[.,](?P<fraction>\d{1,9}))?
    (?P<offset>[Zz]|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?
    (?:\[(?P<region>[^\[\]]+)\])?
    """,
    re.VERBOSE,
)


# The shape nearly every Dixa timestamp has: an explicit offset (which fixes the instant,
# so a bracketed region after it is redundant) and at most nine fractional digits. For
# it the C ``fromisoformat`` gives exactly what the general path below gives (it, too,
# truncates past microseconds), ten times faster.
_COMMON = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})")
_REGION = re.compile(r"\[[^\[\]]+\]")
_fromisoformat = _dt.datetime.fromisoformat


def parse_datetime(value: str) -> _dt.datetime:
    """Parse any timestamp Dixa sends into a timezone-aware ``datetime``.

    Raises ``ValueError`` for anything else, which is what lets the generated union
    parsers move on to the next candidate type.
    """
    if not isinstance(value, str):
        raise TypeError(f"expected a timestamp string, got {type(value).__name__}")
    common = _COMMON.match(value)
    if common is not None:
        end = common.end()
        rest = value[end:]
        if not rest or (rest[0] == "[" and rest[-1] == "]" and _REGION.fullmatch(rest)):
            try:
                return _fromisoformat(value[:end])
            except ValueError:
                pass  # a field out of range: the general path below words the error
    match = _TIMESTAMP.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"not a Dixa timestamp: {value!r}")
    date, time, fraction, offset, region = match.group("date", "time", "fraction", "offset", "region")
    text = f"{date}T{time}"
    if fraction:
        text += "." + fraction[:6].ljust(6, "0")
    if offset:
        text += "+00:00" if offset in ("Z", "z") else offset
    try:
        parsed = _dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a Dixa timestamp: {value!r}") from None
    if parsed.tzinfo is not None:
        return parsed
    if region:
        try:
            return parsed.replace(tzinfo=ZoneInfo(region))
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {region!r} in timestamp {value!r}") from None
    return parsed.replace(tzinfo=_dt.UTC)


def format_datetime(value: _dt.datetime) -> str:
    """Render a ``datetime`` the way Dixa accepts it: ISO-8601 with an offset."""
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=_dt.UTC)
    return value.isoformat()
