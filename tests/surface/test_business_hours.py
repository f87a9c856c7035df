"""Business hours through the public surface, against the Prism mock, sync and async."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

import dixa
from dixa.models import (
    BusinessHoursSchedule,
    BusinessHoursScheduleDefinition,
    BusinessHoursUpcomingSchedule,
    GetBusinessOpenStatusResult,
)

SCHEDULE = "a0d559bf-cdf8-4088-841d-f3807b93272e"


def test_list_gives_every_schedule(surface):
    schedules = surface.items(lambda c: c.business_hours.schedules.list())
    assert [s.name for s in schedules] == ["Schedule 1", "Schedule 2", "Schedule 3"]
    assert all(isinstance(s, BusinessHoursSchedule) for s in schedules)


def test_definition_has_weekly_hours_and_exceptions(surface):
    schedule = surface.call(lambda c: c.business_hours.schedules.definition(uuid.UUID(SCHEDULE)))
    assert isinstance(schedule, BusinessHoursScheduleDefinition)
    assert schedule.timezone == "Europe/Copenhagen"
    monday = schedule.business_hours[0]
    assert (monday.day_of_week, monday.intervals[0].start_time, monday.intervals[0].end_time) == (1, "08:00", "16:00")
    assert schedule.exceptions[0].name == "New Year"


def test_upcoming_sends_days_and_returns_dated_hours(surface):
    raw = surface.call(lambda c: c.with_raw_response.business_hours.schedules.upcoming(SCHEDULE, days=30))
    assert raw.http_response.request.url.params["days"] == "30"
    schedule = raw.parse()
    assert isinstance(schedule, BusinessHoursUpcomingSchedule)
    assert schedule.business_hours[0].next_date == "2026-05-25"


def test_upcoming_without_days_leaves_the_default_to_dixa(surface):
    raw = surface.call(lambda c: c.with_raw_response.business_hours.schedules.upcoming(SCHEDULE))
    assert "days" not in raw.http_response.request.url.params


def test_status_at_a_naive_datetime_asks_in_utc(surface):
    raw = surface.call(
        lambda c: c.with_raw_response.business_hours.schedules.status(SCHEDULE, at=dt.datetime(2025, 1, 8, 8, 31))
    )
    sent = dt.datetime.fromisoformat(raw.http_response.request.url.params["timestamp"])
    assert sent == dt.datetime(2025, 1, 8, 8, 31, tzinfo=dt.UTC)
    status = raw.parse()
    assert isinstance(status, GetBusinessOpenStatusResult)
    assert status.is_open is True
    assert status.closes_at == dt.datetime(2025, 1, 8, 17, 0, tzinfo=dt.UTC)


def test_status_keeps_an_aware_datetimes_offset(surface):
    copenhagen = dt.timezone(dt.timedelta(hours=1))
    at = dt.datetime(2025, 1, 8, 9, 31, tzinfo=copenhagen)
    raw = surface.call(lambda c: c.with_raw_response.business_hours.schedules.status(SCHEDULE, at=at))
    assert dt.datetime.fromisoformat(raw.http_response.request.url.params["timestamp"]) == at


def test_status_now_sends_no_timestamp(surface):
    raw = surface.call(lambda c: c.with_raw_response.business_hours.schedules.status(SCHEDULE))
    assert "timestamp" not in raw.http_response.request.url.params
    assert raw.parse().timestamp.tzinfo is not None


@pytest.mark.parametrize(
    ("call", "param", "error"),
    [
        (lambda c: c.business_hours.schedules.definition("schedule-1"), "schedule_id", ValueError),
        (lambda c: c.business_hours.schedules.definition(None), "schedule_id", TypeError),
        (lambda c: c.business_hours.schedules.upcoming("x", days=0), "schedule_id", ValueError),
        (lambda c: c.business_hours.schedules.upcoming(SCHEDULE, days=0), "days", ValueError),
        (lambda c: c.business_hours.schedules.upcoming(SCHEDULE, days=91), "days", ValueError),
        (lambda c: c.business_hours.schedules.upcoming(SCHEDULE, days="7"), "days", TypeError),
        (lambda c: c.business_hours.schedules.status("open?"), "schedule_id", ValueError),
        (lambda c: c.business_hours.schedules.status(SCHEDULE, at="2025-01-08T08:31:00Z"), "at", TypeError),
        (lambda c: c.business_hours.schedules.status(SCHEDULE, at=dt.date(2025, 1, 8)), "at", TypeError),
    ],
)
def test_bad_input_names_the_parameter_before_any_request(call, param, error):
    client = dixa.Dixa(api_key="k", base_url="http://127.0.0.1:9", rate_limit=None, max_retries=0)
    with pytest.raises(error) as info:
        call(client)
    assert isinstance(info.value, dixa.DixaError)
    assert info.value.param == param
