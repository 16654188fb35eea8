"""The shared calendar arithmetic: ages in whole years, periods in calendar months."""

from datetime import date

import pytest

from haven.core.dates import add_months, age_on


def test_the_age_is_counted_in_whole_years_with_leap_day_births():
    assert age_on(date(2004, 2, 29), date(2022, 2, 28)) == 17
    assert age_on(date(2004, 2, 29), date(2022, 3, 1)) == 18
    assert age_on(date(2001, 5, 6), date(2019, 5, 6)) == 18
    assert age_on(date(2001, 5, 6), date(2019, 5, 5)) == 17


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2019, 1, 31), 1, date(2019, 2, 28)),  # a day the month lacks: its last day
        (date(2020, 1, 31), 1, date(2020, 2, 29)),
        (date(2019, 3, 15), 6, date(2019, 9, 15)),  # TANDEM's six months
        (date(2019, 11, 30), 3, date(2020, 2, 29)),
        (date(2020, 2, 29), -36, date(2017, 2, 28)),  # three years back from a leap day
        (date(2019, 1, 10), -1, date(2018, 12, 10)),
    ],
)
def test_months_are_calendar_months(day, months, expected):
    assert add_months(day, months) == expected
