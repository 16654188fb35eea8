"""The Dutch-practice section's drill-down: every figure is the number (or sum) of the
records its drill-down lists, a volunteer of the advanced moment only is not among the
volunteers, and the section says in words what it counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from haven.dutch_practice.models import SeriesLevel
from haven.dutch_practice.report import dutch_practice
from haven.dutch_practice.tests.factories import (
    PracticeDayFactory,
    SeriesFactory,
    SessionFactory,
    SubscriberFactory,
    VolunteerFactory,
    WorkshopFactory,
)
from haven.reports.registry import drill_for, report_sections
from haven.reports.testing import cells_without_records

pytestmark = pytest.mark.django_db
YEAR = 2019


@pytest.fixture
def world(series, volunteer):
    """Griet at two general sessions, another volunteer at the advanced moment only; a
    general series ended in 2018; subscribers in and out; a Trefdag of two workshops and one
    of 2018."""
    SessionFactory(series=series, held_on=datetime.date(2019, 3, 5), volunteers=[volunteer])
    SessionFactory(series=series, held_on=datetime.date(2019, 3, 12), volunteers=[volunteer])
    advanced = SeriesFactory(level=SeriesLevel.ADVANCED, weekday=2)
    SessionFactory(series=advanced, held_on=datetime.date(2019, 3, 6), volunteers=[VolunteerFactory()])
    SeriesFactory(active_from=datetime.date(2018, 1, 2), active_until=datetime.date(2018, 6, 26))
    SubscriberFactory()
    SubscriberFactory(confirmed_on=None)
    SubscriberFactory(confirmed_on=datetime.date(2019, 3, 1), unsubscribed_on=datetime.date(2019, 12, 31))
    day = PracticeDayFactory(participants=100)
    WorkshopFactory(practice_day=day)
    WorkshopFactory(practice_day=day, participants=30)
    WorkshopFactory(practice_day=PracticeDayFactory(held_on=datetime.date(2018, 5, 17), participants=80))


def test_every_figure_is_the_number_or_sum_of_its_records(world):
    assert [row[1] for row in dutch_practice(YEAR).rows] == [1, 1, 1, 2, 100]
    assert cells_without_records("dutch_practice", YEAR) == []
    assert cells_without_records("dutch_practice", YEAR - 1) == []


def test_the_volunteers_are_those_of_the_general_moments_only(world, volunteer):
    volunteers = dutch_practice(YEAR).rows[0]
    drill = drill_for("dutch_practice", YEAR, volunteers, str(YEAR))
    assert drill is not None and drill.person == "person"
    assert list(drill.records.values_list("pk", flat=True)) == [volunteer.pk]


def test_building_the_drill_downs_reads_nothing_and_moments_and_workshops_are_impersonal(world):
    table = dutch_practice(YEAR)
    with CaptureQueriesContext(connection) as queries:
        drills = [drill_for("dutch_practice", YEAR, row, str(YEAR)) for row in table.rows]
    assert len(queries) == 0 and all(drills)
    assert table.impersonal_rows == {table.rows[1][0], table.rows[3][0]}


def test_the_section_says_what_it_counts():
    section = next(section for section in report_sections() if section.key == "dutch_practice")
    with translation.override("en"):
        assert "conversation moment" in str(section.definition)
    assert section.order == 180
