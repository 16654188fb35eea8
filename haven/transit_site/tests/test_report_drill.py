"""The transit site's drill-down: the families are the heads of family of the year's stays
(each once, not those of another year); the capacity, the averages and the lesson days are
not counts of records and print exactly in a published edition."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from haven.reports.registry import drill_for, report_sections
from haven.reports.testing import cells_without_records
from haven.transit_site.models import Attendance
from haven.transit_site.report import ROW_LABELS, transit_site
from haven.transit_site.tests.factories import ChildFactory, StayFactory

pytestmark = pytest.mark.django_db
YEAR = 2019


@pytest.fixture
def world(site):
    """A family that came twice in 2019, one from December 2018 into January, one of 2018
    only; a child present on a lesson day."""
    first = StayFactory(site=site, arrival=datetime.date(2019, 6, 3))
    StayFactory(site=site, head=first.head, arrival=datetime.date(2019, 8, 5))
    crossing = StayFactory(site=site, arrival=datetime.date(2018, 12, 20), planned_departure=datetime.date(2019, 1, 3))
    gone = StayFactory(site=site, arrival=datetime.date(2018, 6, 1))
    Attendance.objects.create(child=ChildFactory(stay=first), day=datetime.date(2019, 6, 3))
    return {"heads": {first.head_id, crossing.head_id}, "gone": gone.head_id}


def _not_counts(year: int) -> set[tuple[str, str]]:
    """The cells that are no count of records, by the row labels as the table names them
    (the report's Dutch words once the catalogue holds them)."""
    with translation.override("nl"):
        labels = [str(ROW_LABELS[key]) for key in ("capacity", "children_per_day", "age", "lesson_days")]
    return {(label, str(year)) for label in labels}


def test_every_figure_is_the_number_of_its_records_or_not_a_count(world):
    assert [row[1] for row in transit_site(YEAR).rows] == [25, 2, 1, 8, 4]
    assert cells_without_records("transit_site", YEAR, not_counts=_not_counts(YEAR)) == []


def test_the_families_are_the_heads_of_the_years_stays_each_once(world):
    families = transit_site(YEAR).rows[1]
    drill = drill_for("transit_site", YEAR, families, str(YEAR))
    assert drill is not None and drill.person == "pk"
    assert set(drill.records.values_list("pk", flat=True)) == world["heads"]
    assert world["gone"] not in world["heads"]


def test_only_the_families_count_people(world):
    table = transit_site(YEAR)
    with CaptureQueriesContext(connection) as queries:
        drills = [drill_for("transit_site", YEAR, row, str(YEAR)) for row in table.rows]
    assert len(queries) == 0
    assert [drill is not None for drill in drills] == [False, True, False, False, False]
    assert table.impersonal_rows == {row[0] for index, row in enumerate(table.rows) if index != 1}


def test_the_section_says_what_it_counts():
    section = next(section for section in report_sections() if section.key == "transit_site")
    with translation.override("en"):
        assert "heads of family" in str(section.definition)
    assert section.order == 120
