"""Cancellation is free until 10:00 (Brussels) on the working day before the job; later it
is billed — but only when an interpreter was booked. Weekends and Belgian public holidays
are not working days."""

from datetime import date, timedelta

import pytest

from haven.interpreting.models import RequestStatus
from haven.interpreting.services import requests as requests_service
from haven.interpreting.tests import billing_data as data
from haven.interpreting.workdays import (
    free_cancellation_deadline,
    is_working_day,
    previous_working_day,
)


def test_weekends_and_public_holidays_are_not_working_days():
    assert is_working_day(date(2024, 3, 29))  # Good Friday is a working day in Belgium
    assert not is_working_day(date(2024, 3, 30))  # Saturday
    assert not is_working_day(date(2024, 4, 1))  # Easter Monday
    assert not is_working_day(date(2024, 5, 1))  # Labour Day
    assert previous_working_day(date(2024, 4, 2)) == date(2024, 3, 29)


@pytest.mark.parametrize(
    ("job", "deadline"),
    [
        (data.at(2024, 3, 13, 14), data.at(2024, 3, 12, 10)),  # Wednesday → Tuesday 10:00
        (data.at(2024, 3, 18, 9), data.at(2024, 3, 15, 10)),  # Monday → Friday 10:00
        (data.at(2024, 4, 2, 9), data.at(2024, 3, 29, 10)),  # Tuesday after Easter Monday → Friday
        (data.at(2024, 5, 2, 9), data.at(2024, 4, 30, 10)),  # Thursday after Labour Day (Wednesday)
        (data.at(2024, 11, 12, 9), data.at(2024, 11, 8, 10)),  # after Armistice (Monday) and a weekend
    ],
)
def test_the_free_cancellation_deadline_is_10_on_the_previous_working_day(job, deadline):
    assert free_cancellation_deadline(job) == deadline


@pytest.fixture
def people(db, dispatcher):
    organisation = data.organisation()
    return {
        "organisation": organisation,
        "partner": data.partner("pia", organisation),
        "interpreter": data.interpreter(),
        "dispatcher": dispatcher,
    }


def _cancel(people, job_start, cancelled_at, *, book=True):
    if book:
        assignment = data.booked(
            people["organisation"], people["partner"], people["interpreter"], people["dispatcher"], job_start
        )
        request = assignment.request
    else:
        request = data.job(people["organisation"], people["partner"], job_start)
    cancelled = requests_service.request_cancel(request=request, by=people["partner"], now=cancelled_at)
    assert cancelled.status == RequestStatus.CANCELLED
    return cancelled.cancellation_billable


@pytest.mark.parametrize(
    ("job", "cancelled_at", "billable"),
    [
        # an ordinary week: job Wednesday, deadline Tuesday 10:00
        (data.at(2024, 3, 13, 14), data.at(2024, 3, 12, 9, 59), False),
        (data.at(2024, 3, 13, 14), data.at(2024, 3, 12, 10, 0), False),  # at 10:00 sharp still free
        (data.at(2024, 3, 13, 14), data.at(2024, 3, 12, 10, 1), True),
        # across a weekend: job Monday, deadline Friday 10:00
        (data.at(2024, 3, 18, 9), data.at(2024, 3, 15, 9, 30), False),
        (data.at(2024, 3, 18, 9), data.at(2024, 3, 15, 10, 30), True),
        (data.at(2024, 3, 18, 9), data.at(2024, 3, 17, 8, 0), True),  # Sunday is too late
        # across Easter Monday: job Tuesday 2 April, deadline Friday 29 March 10:00
        (data.at(2024, 4, 2, 9), data.at(2024, 3, 29, 9, 0), False),
        (data.at(2024, 4, 2, 9), data.at(2024, 3, 29, 11, 0), True),
        (data.at(2024, 4, 2, 9), data.at(2024, 4, 1, 9, 0), True),  # on the holiday itself
        # across a Wednesday holiday: job Thursday 2 May, deadline Tuesday 30 April 10:00
        (data.at(2024, 5, 2, 9), data.at(2024, 4, 30, 9, 0), False),
        (data.at(2024, 5, 2, 9), data.at(2024, 5, 1, 9, 0), True),
    ],
)
def test_cancellation_is_billed_after_10_on_the_previous_working_day(people, job, cancelled_at, billable):
    assert _cancel(people, job, cancelled_at) is billable


def test_a_late_cancellation_without_a_booked_interpreter_is_free(people):
    job = data.at(2024, 3, 18, 9)
    assert _cancel(people, job, job - timedelta(hours=1), book=False) is False


def test_the_deadline_is_in_brussels_time_in_summer_and_winter(people):
    # 09:30 in Brussels is 07:30 UTC in summer: still free.
    job = data.at(2024, 7, 3, 14)
    assert _cancel(people, job, data.at(2024, 7, 2, 9, 30)) is False
