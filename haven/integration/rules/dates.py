"""Calendar arithmetic for the rules: periods in calendar months, ages in calendar years."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (earlier if negative).

    A day that does not exist in the target month becomes that month's last day:
    31 January + 1 month = 28 (or 29) February; 29 February 2020 + 12 months = 28 February
    2021. This is how a period "of 4 months" or "of 12 months" ends in the rules.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def birthday(birth_date: date, years: int) -> date:
    """The day the person born on ``birth_date`` turns ``years`` years old.

    Someone born on 29 February turns a year older on 1 March in a year without 29 February
    (not on 28 February): they have not yet lived the full number of years on 28 February.
    """
    year = birth_date.year + years
    if (birth_date.month, birth_date.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 3, 1)
    return birth_date.replace(year=year)


def age_on(birth_date: date, day: date) -> int:
    """The age in whole calendar years on ``day`` (consistent with :func:`birthday`)."""
    age = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        age -= 1
    return age
