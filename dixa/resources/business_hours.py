"""Business hours: the opening-hours schedules queues and flows route by, and whether a
schedule is open at a given moment."""

from __future__ import annotations

import datetime as _dt
import uuid
from functools import cached_property
from types import ModuleType
from typing import TYPE_CHECKING, Any

from dixa_generated.types import UNSET, Unset

from dixa._call import Call, Paged
from dixa._exceptions import InvalidParameterError
from dixa._resource import C, Resource, operation, paginated
from dixa._validation import check_int, check_uuid
from dixa.resources._common import optional_datetime, single_page
from dixa.resources._envelope import data_of

if TYPE_CHECKING:
    from dixa_generated.models.business_hours_schedule import BusinessHoursSchedule
    from dixa_generated.models.business_hours_schedule_definition import BusinessHoursScheduleDefinition
    from dixa_generated.models.business_hours_upcoming_schedule import BusinessHoursUpcomingSchedule
    from dixa_generated.models.get_business_open_status_result import GetBusinessOpenStatusResult

MAX_UPCOMING_DAYS = 90  # the API's limit for ``days``


class BusinessHours(Resource[C]):
    """``client.business_hours``: opening-hours schedules."""

    @cached_property
    def schedules(self) -> Schedules[C]:
        return Schedules(self._core)


class Schedules(Resource[C]):
    """``client.business_hours.schedules``: read schedules and ask whether they are open."""

    @paginated("business_hours.get_business_hours_schedules")
    def list(self, op: ModuleType) -> Paged[BusinessHoursSchedule]:
        """Every schedule's id and name (Dixa returns them in one response).

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getBusiness-hoursSchedules
        """
        from dixa_generated.models.list_business_hours_schedules_output import ListBusinessHoursSchedulesOutput

        def parse(body: Any) -> list[BusinessHoursSchedule]:
            schedules = data_of(ListBusinessHoursSchedulesOutput.from_dict(body)).schedules
            return [] if isinstance(schedules, Unset) else schedules

        return single_page(op._get_kwargs(), parse)

    @operation("business_hours.get_business_hours_schedules_scheduleid_definition")
    def definition(self, op: ModuleType, schedule_id: str | uuid.UUID) -> Call[BusinessHoursScheduleDefinition]:
        """How the schedule is set up: its time zone, weekly opening hours and exceptions
        such as holidays.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getBusiness-hoursSchedulesScheduleidDefinition
        """
        from dixa_generated.models.get_business_hours_schedule_definition_output import (
            GetBusinessHoursScheduleDefinitionOutput,
        )

        kwargs = op._get_kwargs(check_uuid("schedule_id", schedule_id))
        return Call.from_generated(
            kwargs, lambda body: data_of(GetBusinessHoursScheduleDefinitionOutput.from_dict(body)).schedule
        )

    @operation("business_hours.get_business_hours_schedules_scheduleid_upcoming")
    def upcoming(
        self, op: ModuleType, schedule_id: str | uuid.UUID, *, days: int | None = None
    ) -> Call[BusinessHoursUpcomingSchedule]:
        """The concrete opening hours of the next ``days`` days (1 to 90; Dixa's default is 7),
        with exceptions applied: what to show customers as "we are open ...".

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getBusiness-hoursSchedulesScheduleidUpcoming
        """
        from dixa_generated.models.get_upcoming_business_hours_schedule_output import (
            GetUpcomingBusinessHoursScheduleOutput,
        )

        schedule = check_uuid("schedule_id", schedule_id)
        kwargs = op._get_kwargs(schedule, days=UNSET if days is None else _days(days))
        return Call.from_generated(
            kwargs, lambda body: data_of(GetUpcomingBusinessHoursScheduleOutput.from_dict(body)).schedule
        )

    @operation("business_hours.get_business_hours_schedules_scheduleid_status")
    def status(
        self, op: ModuleType, schedule_id: str | uuid.UUID, *, at: _dt.datetime | None = None
    ) -> Call[GetBusinessOpenStatusResult]:
        """Whether the schedule is open ``at`` a moment (now when omitted; a naive datetime is
        taken as UTC), and when it next opens or closes: e.g. to decide between offering chat
        and a callback.

        Reference: https://docs.dixa.io/openapi/dixa-api/beta/#operation/getBusiness-hoursSchedulesScheduleidStatus
        """
        from dixa_generated.models.get_business_open_status_output import GetBusinessOpenStatusOutput

        # The spec types this path's id as a plain string, but it is the same schedule id the
        # sibling endpoints declare as a UUID, so it is checked the same way.
        schedule = str(check_uuid("schedule_id", schedule_id))
        kwargs = op._get_kwargs(schedule, timestamp=optional_datetime("at", at))
        return Call.from_generated(kwargs, lambda body: data_of(GetBusinessOpenStatusOutput.from_dict(body)))


def _days(value: object) -> int:
    days = check_int("days", value)
    if days > MAX_UPCOMING_DAYS:
        raise InvalidParameterError("days", f"must be at most {MAX_UPCOMING_DAYS}, got {days}")
    return days
