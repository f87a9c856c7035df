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

__all__ = ["format_datetime", "parse_datetime"]

# The rule's grammar. Compiled on first use: the fast path in parse_datetime handles
# nearly every timestamp without it, and a compile costs more than importing this module.
_GRAMMAR = r"""
    (?P<date>\d{4}-\d{2}-\d{2})
    [Tt\ ]
    (?P<time>\d{2}:\d{2}(?::\d{2})?)
    (?:[.,](?P<fraction>\d{1,9}))?
    (?P<offset>[Zz]|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?
    (?:\[(?P<region>[^\[\]]+)\])?
"""
_timestamp: re.Pattern[str] | None = None


_fromisoformat = _dt.datetime.fromisoformat
_UTC = _dt.UTC


def parse_datetime(value: str) -> _dt.datetime:
    """Parse any timestamp Dixa sends into a timezone-aware ``datetime``.

    Raises ``ValueError`` for anything else, which is what lets the generated union
    parsers move on to the next candidate type.
    """
    # The fast path: the shapes nearly every Dixa timestamp has, ``YYYY-MM-DDTHH:MM:SS``,
    # an optional fraction of at most nine digits, ``Z`` or ``+HH:MM``/``-HH:MM`` (then
    # perhaps a ``[Region]``, redundant beside an offset), or no offset at all (UTC). For
    # these the C ``fromisoformat`` gives exactly what the general path below gives (it
    # too truncates past microseconds), and the few string checks keep out what it would
    # accept and the rule does not: another separator, basic or week dates, hours alone,
    # ten fraction digits, an offset with seconds. Each check costs tens of nanoseconds,
    # a regular expression hundreds, so there is none here. Anything else, and any field
    # out of range, goes to the general path, which also words the errors. (Results and
    # errors are identical either way on a grid of 5 million strings; the test suite
    # runs a smaller one: tests/test_timestamps.py.)
    if value.__class__ is str:
        core, bracket, region = value.partition("[")
        if (
            core[4:17:3] == "--T::"
            and (core[20:21].isdigit() or core[19:20] not in (".", ","))  # a fraction has digits
            and not core[29:30].isdigit()  # and no more than nine
        ):
            try:
                parsed = _fromisoformat(core)
            except ValueError:
                parsed = None
            if parsed is not None and (
                not bracket or (len(region) > 1 and region.find("]") == len(region) - 1 and "[" not in region)
            ):
                if core[-1] == "Z" or (core[-3] == ":" and core[-6] in "+-"):
                    return parsed
                if not bracket and parsed.tzinfo is None:
                    return parsed.replace(tzinfo=_UTC)
    elif not isinstance(value, str):
        raise TypeError(f"expected a timestamp string, got {type(value).__name__}")
    return _parse_by_rule(value)


def _parse_by_rule(value: str) -> _dt.datetime:
    """The general path: the rule as written, for every form (and every error)."""
    global _timestamp
    if _timestamp is None:
        _timestamp = re.compile(_GRAMMAR, re.VERBOSE)
    match = _timestamp.fullmatch(value.strip())
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
        # Rare (a region with no offset), so zoneinfo is imported only when needed.
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
