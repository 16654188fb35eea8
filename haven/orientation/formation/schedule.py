"""The days a new course meets: its slot's weekdays from its first day on, skipping the
days the agency cannot teach (public holidays, closing days).

Pure (no Django, no calendar package): the caller passes the closed days, so the rule is
testable on its own and the same for course formation, hand planning and the demo.
"""

from collections.abc import Collection
from datetime import date, timedelta

MAX_WEEKS = 104  # a course that cannot find its days within two years is a mistake in its input


def session_days(*, weekdays: Collection[int], first_day: date, count: int, closed: Collection[date]) -> list[date]:
    """The first ``count`` days on or after ``first_day`` whose weekday (Monday 0) is one of
    ``weekdays`` and that are not ``closed``. A closed day is skipped, not replaced within
    its week: the course runs on, one meeting later."""
    if not weekdays or not set(weekdays) <= set(range(7)):
        raise ValueError("Weekdays are numbers 0 (Monday) to 6 (Sunday).")
    if count < 0:
        raise ValueError("A course has no negative number of sessions.")
    days: list[date] = []
    day = first_day
    last = first_day + timedelta(weeks=MAX_WEEKS)
    while len(days) < count:
        if day > last:
            raise ValueError("No room for the sessions within two years.")
        if day.weekday() in weekdays and day not in closed:
            days.append(day)
        day += timedelta(days=1)
    return days


def session_lengths(*, hours: int, session_hours: int) -> list[int]:
    """A course of ``hours`` in sessions of ``session_hours``; the last one shorter when
    the hours do not divide (62 hours in threes: twenty of 3 and one of 2)."""
    if hours < 1 or session_hours < 1:
        raise ValueError("A course and its sessions last at least an hour.")
    whole, rest = divmod(hours, session_hours)
    return [session_hours] * whole + ([rest] if rest else [])
