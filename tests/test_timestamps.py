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
