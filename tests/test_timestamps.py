"""The timestamp rule (dixa._timestamps): every form Dixa sends, and what we send back."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from dixa import format_datetime, parse_datetime

UTC = dt.UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-12-01T12:46:36.581Z[GMT]", dt.datetime(2021, 12, 1, 12, 46, 36, 581000, UTC)),
        ("2024-11-20T12:59:15.947112912Z[Etc/UTC]", dt.datetime(2024, 11, 20, 12, 59, 15, 947112, UTC)),
        ("2024-11-20T12:59:15.999999999Z[Etc/UTC]", dt.datetime(2024, 11, 20, 12, 59, 15, 999999, UTC)),
        (
            "2021-12-01T13:46:36+01:00[Europe/Copenhagen]",
            dt.datetime(2021, 12, 1, 13, 46, 36, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        ),
        (
            "2021-07-01T08:00:00.5-04:00[America/New_York]",
            dt.datetime(2021, 7, 1, 8, 0, 0, 500000, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
        ),
        ("2021-12-01T12:46:36Z", dt.datetime(2021, 12, 1, 12, 46, 36, tzinfo=UTC)),
        (
            "2021-12-01T12:46:36.123+0530",
            dt.datetime(2021, 12, 1, 12, 46, 36, 123000, dt.timezone(dt.timedelta(hours=5, minutes=30))),
        ),
        ("2021-12-01T12:46:35.935", dt.datetime(2021, 12, 1, 12, 46, 35, 935000, UTC)),
        ("2021-12-01T12:46", dt.datetime(2021, 12, 1, 12, 46, tzinfo=UTC)),
        (
            "2021-12-01T12:46:36[Europe/Copenhagen]",
            dt.datetime(2021, 12, 1, 12, 46, 36, tzinfo=ZoneInfo("Europe/Copenhagen")),
        ),
    ],
)
def test_parses_every_form_into_an_aware_datetime(text, expected):
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.tzinfo is not None and parsed.utcoffset() == expected.utcoffset()


def test_nanoseconds_are_truncated_never_rounded_into_the_next_second():
    assert parse_datetime("2024-12-31T23:59:59.9999999Z[UTC]").year == 2024


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yesterday",
        "2021-12-01",
        "2021-13-01T00:00:00Z",
        "2021-12-01T12:46:36Z[Not/AZone",
        "2021-12-01T25:00:00Z",
        "2021-12-01T12:46:36[Mars/Olympus]",
        "2021-12-01T12:46:36.1234567890Z",
    ],
)
def test_rejects_what_is_not_a_timestamp_with_value_error(text):
    with pytest.raises(ValueError, match=r"timestamp|time zone"):
        parse_datetime(text)


def test_rejects_non_strings_with_type_error():
    with pytest.raises(TypeError):
        parse_datetime(1638362796)  # type: ignore[arg-type]


def test_outbound_is_iso_8601_with_an_offset():
    assert format_datetime(dt.datetime(2021, 12, 1, 12, 46, 36, 581000, UTC)) == "2021-12-01T12:46:36.581000+00:00"
    copenhagen = dt.datetime(2021, 12, 1, 13, 46, 36, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert format_datetime(copenhagen) == "2021-12-01T13:46:36+01:00"


def test_outbound_naive_datetimes_are_taken_as_utc():
    assert format_datetime(dt.datetime(2021, 12, 1, 12, 0)) == "2021-12-01T12:00:00+00:00"


def test_round_trip_keeps_the_instant():
    for text in ("2021-12-01T12:46:36.581Z[GMT]", "2021-12-01T13:46:36+01:00[Europe/Copenhagen]"):
        value = parse_datetime(text)
        assert parse_datetime(format_datetime(value)) == value


def test_generated_models_use_the_rule_and_leave_text_alone():
    from dixa.models import InternalNoteData

    raw = {
        "id": "3346b99c-8128-4276-ac40-5f30c959e5e7",
        "authorId": "c68f42a5-1453-497a-940f-ff36ed4f1631",
        "createdAt": "2024-11-20T12:59:15.947112912Z[Etc/UTC]",
        "csid": 7392,
        "message": "2021-12-01T12:46:36.581Z[GMT]",
    }
    note = InternalNoteData.from_dict(raw)
    assert note.created_at == dt.datetime(2024, 11, 20, 12, 59, 15, 947112, UTC)
    assert note.message == "2021-12-01T12:46:36.581Z[GMT]"
    assert note.to_dict()["message"] == "2021-12-01T12:46:36.581Z[GMT]"
    assert note.to_dict()["createdAt"] == "2024-11-20T12:59:15.947112+00:00"


def _outcome(parse, text):
    try:
        value = parse(text)
    except (ValueError, TypeError) as error:
        return type(error).__name__, str(error)
    return value, value.tzinfo, value.utcoffset(), str(value.tzinfo)


def test_fast_path_agrees_with_the_rule_on_a_grid_of_shapes():
    """parse_datetime takes a string-check fast path for the common shapes; the general
    path (the rule as written) must give the same result, or the same error, for every
    combination of the parts below, including near-misses the fast path must refuse."""
    import itertools

    from dixa._timestamps import _parse_by_rule

    dates = ["2021-12-01", "2023-02-29", "2021-13-01", "2021-1-01", "2021-W01-1"]
    separators = ["T", "t", " ", "X"]
    times = ["12:46:36", "24:00:00", "12:46", "12", "124636", "12:46:6", "1\u0662:46:36"]
    fractions = ["", ".5", ".581", ".947112912", ".1234567890", ",581", ".", ",", ".5a", ".5\u0662"]
    offsets = ["", "Z", "z", "+01:00", "-04:00", "+0530", "+05", "+01:00:30", "+01:00:00.5", "+25:00", "Z+01:00"]
    regions = ["", "[GMT]", "[Europe/Copenhagen]", "[]", "[Not/AZone", "[Mars/Olympus]", "[a[b]", "[a]b]", "[UTC]x"]
    mismatches = []
    for parts in itertools.product(dates, separators, times, fractions, offsets, regions):
        text = "".join(parts)
        fast, rule = _outcome(parse_datetime, text), _outcome(_parse_by_rule, text)
        if fast != rule:
            mismatches.append((text, fast, rule))
    assert mismatches == []


def test_fast_path_shapes_give_aware_datetimes():
    for text in ("2020-12-16T09:41:43Z", "2021-12-01T12:46:36.581Z[GMT]", "2021-12-01T12:46:35.935"):
        assert parse_datetime(text).utcoffset() == dt.timedelta(0)
