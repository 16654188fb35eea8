"""Calendar months and calendar ages."""

from __future__ import annotations

from datetime import date

import pytest

from haven.integration.rules import add_months, age_on, birthday


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2019, 6, 15), 0, date(2019, 6, 15)),
        (date(2019, 6, 15), 4, date(2019, 10, 15)),
        (date(2019, 11, 15), 3, date(2020, 2, 15)),
        (date(2019, 1, 31), 1, date(2019, 2, 28)),
        (date(2020, 1, 31), 1, date(2020, 2, 29)),
        (date(2020, 2, 29), 12, date(2021, 2, 28)),
        (date(2018, 10, 31), 4, date(2019, 2, 28)),
        (date(2019, 6, 15), 60, date(2024, 6, 15)),
        (date(2019, 1, 15), -1, date(2018, 12, 15)),
        (date(2019, 3, 31), -1, date(2019, 2, 28)),
    ],
    ids=lambda value: str(value),
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("born", "years", "expected"),
    [
        (date(2001, 6, 15), 18, date(2019, 6, 15)),
        (date(2000, 2, 29), 18, date(2018, 3, 1)),
        (date(2000, 2, 29), 20, date(2020, 2, 29)),
    ],
    ids=str,
)
def test_birthday(born, years, expected):
    assert birthday(born, years) == expected


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(2001, 6, 15), date(2019, 6, 14), 17),
        (date(2001, 6, 15), date(2019, 6, 15), 18),
        (date(2000, 2, 29), date(2018, 2, 28), 17),
        (date(2000, 2, 29), date(2018, 3, 1), 18),
        (date(1954, 6, 15), date(2019, 6, 15), 65),
    ],
    ids=str,
)
def test_age_on(born, day, age):
    assert age_on(born, day) == age
