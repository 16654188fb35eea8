"""The organisations section's drill-down: every figure is the number (or sum) of the
records its drill-down lists, a cancelled testimony is not among the testimonies, and the
section says in words what it counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from haven.organisations import models
from haven.organisations.report import organisations
from haven.organisations.tests.factories import (
    AmbassadorFactory,
    RequestedTestimonyFactory,
    SupportContactFactory,
    TrainingFactory,
)
from haven.reports.registry import drill_for, report_sections
from haven.reports.testing import cells_without_records

pytestmark = pytest.mark.django_db
YEAR = 2019
GIVEN = models.TestimonyState.GIVEN


@pytest.fixture
def world(ambassador):
    """Two sessions of 2019 and one of 2018; Yasmina (certified 2017) and a new ambassador,
    one who stopped in 2019; testimonies given, confirmed and cancelled; contacts with two
    associations, one of them twice, and one of 2018."""
    TrainingFactory(participants=17)
    TrainingFactory(participants=9, held_on=datetime.date(2019, 11, 4))
    TrainingFactory(held_on=datetime.date(2018, 11, 5))
    new = AmbassadorFactory(trained_on=datetime.date(2019, 2, 1), certified_on=datetime.date(2019, 5, 1))
    AmbassadorFactory(stopped_on=datetime.date(2019, 9, 1))
    given = [
        RequestedTestimonyFactory(ambassador=ambassador, state=GIVEN),
        RequestedTestimonyFactory(ambassador=ambassador, state=GIVEN, held_on=datetime.date(2019, 10, 8)),
        RequestedTestimonyFactory(ambassador=new, state=GIVEN, held_on=datetime.date(2019, 6, 4)),
    ]
    RequestedTestimonyFactory(ambassador=new, state=models.TestimonyState.CONFIRMED)
    cancelled = RequestedTestimonyFactory(state=models.TestimonyState.CANCELLED, held_on=datetime.date(2019, 6, 4))
    contact = SupportContactFactory()
    SupportContactFactory(association=contact.association, held_on=datetime.date(2019, 9, 1))
    SupportContactFactory()
    SupportContactFactory(held_on=datetime.date(2018, 12, 31))
    return {"given": {testimony.pk for testimony in given}, "cancelled": cancelled.pk}


def test_every_figure_is_the_number_or_sum_of_its_records(world):
    assert [row[1] for row in organisations(YEAR).rows] == [2, 26, 2, 1, 2, 3, 3, 2]
    assert cells_without_records("organisations", YEAR) == []
    assert cells_without_records("organisations", YEAR - 1) == []


def test_the_testimonies_are_those_given_and_not_the_cancelled_one(world):
    testimonies = organisations(YEAR).rows[5]
    drill = drill_for("organisations", YEAR, testimonies, str(YEAR))
    assert drill is not None and drill.person == "ambassador__person"
    found = set(drill.records.values_list("pk", flat=True))
    assert found == world["given"] and world["cancelled"] not in found


def test_building_the_drill_downs_reads_nothing_and_sessions_contacts_and_associations_are_impersonal(world):
    table = organisations(YEAR)
    with CaptureQueriesContext(connection) as queries:
        drills = [drill_for("organisations", YEAR, row, str(YEAR)) for row in table.rows]
    assert len(queries) == 0 and all(drills)
    assert table.impersonal_rows == {table.rows[index][0] for index in (0, 5, 6, 7)}


def test_the_section_says_what_it_counts():
    section = next(section for section in report_sections() if section.key == "organisations")
    with translation.override("en"):
        assert "testimonies" in str(section.definition)
    assert section.order == 160
