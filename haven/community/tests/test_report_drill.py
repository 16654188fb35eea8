"""The community section's drill-down: every figure is the number (or sum) of the records
its drill-down lists, a newcomer with two duos is listed once, and the section says in words
what it counts. The countries of origin are a count of distinct values, not of records."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from haven.community.models import Programme
from haven.community.report import ROW_LABELS, community
from haven.community.tests.factories import (
    BuddyFactory,
    CultureEditionFactory,
    CultureHouseFactory,
    DuoFactory,
    GroupFactory,
    InfoEveningFactory,
    ParticipantFactory,
    TandemParticipantFactory,
)
from haven.people.tests.factories import PersonFactory
from haven.reports.registry import drill_for, report_sections, report_words
from haven.reports.testing import cells_without_records

pytestmark = pytest.mark.django_db
YEAR = 2019
COUNTRIES = ("sg_countries", "")


@pytest.fixture
def world():
    """A Samen Gentenaar group of 2019 and one of 2018; a Syrian man matched twice with the
    same buddy, an Eritrean woman once; TANDEM sign-ups and a duo from a 2018 sign-up; a
    culture edition of three houses and two evenings (one without a head count)."""
    group = GroupFactory(starts_on=datetime.date(2019, 3, 1))
    GroupFactory(starts_on=datetime.date(2018, 9, 1))
    syrian = ParticipantFactory(person=PersonFactory(sex="M", nationality="SY"), group=group)
    buddy = BuddyFactory(person__sex="F")
    DuoFactory(participant=syrian, buddy=buddy, ended_on=datetime.date(2019, 4, 1), end_reason="no_click")
    DuoFactory(participant=syrian, buddy=buddy, started_on=datetime.date(2019, 9, 1))
    DuoFactory(participant__group=group, participant__person__sex="F", participant__person__nationality="ER")
    TandemParticipantFactory(registered_on=datetime.date(2019, 4, 1))
    TandemParticipantFactory(registered_on=datetime.date(2019, 12, 31))
    DuoFactory(participant=TandemParticipantFactory(registered_on=datetime.date(2018, 12, 1)))
    edition = CultureEditionFactory(year=YEAR)
    edition.houses.set(CultureHouseFactory.create_batch(3))
    InfoEveningFactory(edition=edition, attendance=40)
    InfoEveningFactory(edition=edition, attendance=None, held_on=datetime.date(2019, 11, 5))
    return {"syrian": syrian.person_id}


def test_every_figure_is_the_number_or_sum_of_its_records(world):
    assert [row[1] for row in community(YEAR).rows] == [2, 1, 3, 40, 3, 1, 1, 1, 2, 0, 2]
    not_counts = {(report_words(ROW_LABELS[COUNTRIES]), str(year)) for year in (YEAR, YEAR - 1)}
    assert cells_without_records("community", YEAR, not_counts=not_counts) == []
    assert cells_without_records("community", YEAR - 1, not_counts=not_counts) == []


def test_a_newcomer_matched_twice_is_listed_once_among_the_men(world):
    men = community(YEAR).rows[list(ROW_LABELS).index(("sg_newcomers", "M"))]
    drill = drill_for("community", YEAR, men, str(YEAR))
    assert drill is not None and drill.person == "pk"
    assert list(drill.records.values_list("pk", flat=True)) == [world["syrian"]]


def test_the_duos_are_the_years_and_name_their_newcomer(world):
    tandem = community(YEAR).rows[1]
    drill = drill_for("community", YEAR, tandem, str(YEAR))
    assert drill is not None and drill.person == "participant__person"
    assert set(drill.records.values_list("programme", "started_on__year")) == {(Programme.TANDEM, YEAR)}


def test_building_the_drill_downs_reads_nothing_and_houses_groups_countries_are_impersonal(world):
    table = community(YEAR)
    with CaptureQueriesContext(connection) as queries:
        drills = {row[0]: drill_for("community", YEAR, row, str(YEAR)) for row in table.rows}
    assert len(queries) == 0
    countries = report_words(ROW_LABELS[COUNTRIES])
    assert [label for label, drill in drills.items() if drill is None] == [countries]
    impersonal = [("culture_houses", ""), ("sg_groups", ""), COUNTRIES]
    assert table.impersonal_rows == {report_words(ROW_LABELS[key]) for key in impersonal}


def test_the_section_says_what_it_counts():
    section = next(section for section in report_sections() if section.key == "community")
    with translation.override("en"):
        assert "Samen Gentenaar" in str(section.definition)
    assert section.order == 170
