"""The leisure section's drill-down: every figure is the number (or sum) of the records its
drill-down lists, a person referred twice is listed once and one referred the year before
not at all, and the section says in words what it counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from haven.leisure.models import EventKind
from haven.leisure.report import leisure
from haven.leisure.tests.factories import EventFactory, EventTallyFactory, OrganisationFactory, ReferralFactory
from haven.people.tests.factories import PersonFactory
from haven.reports.registry import drill_for, report_sections
from haven.reports.testing import cells_without_records

pytestmark = pytest.mark.django_db
YEAR = 2019


@pytest.fixture
def world(organisation, adult, child):
    """The adult referred twice in 2019 and someone else only in 2018; the child once; a
    Dagje Planeet Gent of two schools, one in 2018, two markets of 2019 and one of 2018."""
    ReferralFactory(person=adult, organisation=organisation, referred_on=datetime.date(2019, 3, 1))
    ReferralFactory(person=adult, organisation=OrganisationFactory(), referred_on=datetime.date(2019, 10, 1))
    ReferralFactory(person=PersonFactory(birth_date=datetime.date(1985, 1, 1)), referred_on=datetime.date(2018, 12, 20))
    ReferralFactory(person=child, organisation=organisation, referred_on=datetime.date(2019, 4, 2))
    planeet = EventFactory()
    EventTallyFactory(event=planeet, count=40)
    EventTallyFactory(event=planeet, count=25)
    EventTallyFactory(event=EventFactory(held_on=datetime.date(2018, 9, 27)), count=30)
    for held_on in (datetime.date(2019, 3, 20), datetime.date(2019, 10, 2), datetime.date(2018, 3, 21)):
        EventFactory(kind=EventKind.MARKET, name="Participatiemarkt", held_on=held_on)


def test_every_figure_is_the_number_or_sum_of_its_records(world):
    assert [row[1] for row in leisure(YEAR).rows] == [1, 65, 1, 2]
    assert cells_without_records("leisure", YEAR) == []
    assert cells_without_records("leisure", YEAR - 1) == []


def test_the_adults_referred_are_listed_once_and_not_those_of_the_year_before(world, adult):
    adults = leisure(YEAR).rows[2]
    drill = drill_for("leisure", YEAR, adults, str(YEAR))
    assert drill is not None and drill.person == "pk"
    assert list(drill.records.values_list("pk", flat=True)) == [adult.pk]


def test_building_the_drill_downs_reads_nothing_and_the_markets_are_impersonal(world):
    table = leisure(YEAR)
    with CaptureQueriesContext(connection) as queries:
        drills = [drill_for("leisure", YEAR, row, str(YEAR)) for row in table.rows]
    assert len(queries) == 0 and all(drills)
    assert table.impersonal_rows == {table.rows[3][0]}
    assert drill_for("leisure", YEAR, None, str(YEAR)) is None


def test_the_section_says_what_it_counts():
    section = next(section for section in report_sections() if section.key == "leisure")
    with translation.override("en"):
        assert "referral date" in str(section.definition)
    assert section.order == 110
