"""Working days in Belgium: weekends and the Belgian public holidays (the ``holidays``
package) are not working days. The booking rules count in them: a request comes at least
two working days ahead, and a cancellation is free until 10:00 on the working day before
the job."""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

BRUSSELS = ZoneInfo("Europe/Brussels")
FREE_CANCELLATION_UNTIL = time(10, 0)
BOOKING_LEAD_DAYS = 2


@lru_cache(maxsize=64)
def _holidays(year: int):
    return holidays.country_holidays("BE", years=year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def previous_working_day(day: date) -> date:
    """The last working day before ``day``."""
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def add_working_days(day: date, count: int) -> date:
    """The working day ``count`` working days after ``day``."""
    while count:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def free_cancellation_deadline(job_start: datetime) -> datetime:
    """Until when a job can be cancelled without charge: 10:00 (Brussels) on the working
    day before the day of the job."""
    job_day = job_start.astimezone(BRUSSELS).date()
    return datetime.combine(previous_working_day(job_day), FREE_CANCELLATION_UNTIL, tzinfo=BRUSSELS)


def earliest_bookable_day(now: datetime) -> date:
    """A request comes at least two working days ahead: a job on this day or later."""
    return add_working_days(now.astimezone(BRUSSELS).date(), BOOKING_LEAD_DAYS)
