"""Calendar arithmetic every app shares: ages in whole years, periods in calendar months.

(The civic-integration rules keep their own copy in ``integration/rules/dates.py``: an
engine imports nothing of Haven, see ``tests/test_engine_purity.py``.)"""

from __future__ import annotations

import calendar
from datetime import date


def age_on(birth_date: date, day: date) -> int:
    """Whole years from ``birth_date`` to ``day`` (born on 29 February: a year older on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (earlier if negative); a day the target
    month lacks becomes its last day (31 January + 1 month = 28 or 29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
