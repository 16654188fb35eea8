"""The interpreting and translation sections' drill-downs: every figure is the number (or
sum) of the records its drill-down lists (organisations, approved performance sheets,
delivered translations), a sheet sent back or an order cancelled is not among them, and
each section says in words what it counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from haven.accounts.tests.factories import UserFactory
from haven.interpreting.models import (
    AssignmentStatus,
    RequestKind,
    Sector,
    Timesheet,
    TimesheetStatus,
    TranslationKind,
    TranslationOrder,
    TranslationStatus,
)
from haven.interpreting.report import (
    KIND_LABELS,
    interpreting_hours,
    interpreting_users_by_sector,
    translation_pages,
)
from haven.interpreting.tests.factories import AssignmentFactory, InterpretingRequestFactory, OrganisationFactory
from haven.reports.registry import drill_for, report_sections, report_words
from haven.reports.testing import cells_without_records

pytestmark = pytest.mark.django_db
YEAR = 2019
SECTIONS = ("interpreting_users_by_sector", "interpreting_hours", "translation_pages")


def _sheet(organisation, kind: str, day: datetime.date, minutes: int, status=TimesheetStatus.APPROVED) -> Timesheet:
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    request = InterpretingRequestFactory(organisation=organisation, kind=kind, starts_at=starts)
    assignment = AssignmentFactory(request=request, status=AssignmentStatus.CONFIRMED)
    return Timesheet.objects.create(
        assignment=assignment,
        actual_start=starts,
        actual_end=starts + datetime.timedelta(minutes=minutes),
        status=status,
        submitted_at=starts,
    )


def _order(organisation, kind: str, pages: int, day: datetime.date, status=TranslationStatus.DELIVERED):
    return TranslationOrder.objects.create(
        organisation=organisation,
        requested_by=UserFactory(),
        title="Brief",
        kind=kind,
        source_language_id="ara",
        target_language_id="nld",
        pages=pages,
        deadline=day,
        status=status,
        created_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
        delivered_on=day if status == TranslationStatus.DELIVERED else None,
    )


@pytest.fixture
def world():
    """A hospital with two approved jobs (one hour on site, two by video), one sent back and
    one of 2018; a school with three hours on site and two translations; a town office with
    one official translation and one cancelled."""
    day = datetime.date(2019, 3, 12)
    hospital = OrganisationFactory(sector=Sector.HEALTH)
    school = OrganisationFactory(sector=Sector.EDUCATION)
    office = OrganisationFactory(sector=Sector.PUBLIC_SERVICES)
    _sheet(hospital, RequestKind.ON_SITE, day, 60)
    _sheet(hospital, RequestKind.VIDEO, day, 120)
    rejected = _sheet(hospital, RequestKind.GROUP, day, 240, status=TimesheetStatus.REJECTED)
    _sheet(hospital, RequestKind.ON_SITE, datetime.date(2018, 3, 13), 60)
    _sheet(school, RequestKind.ON_SITE, day, 180)
    _order(school, TranslationKind.INFORMATIVE, 3, day)
    _order(school, TranslationKind.OFFICIAL, 5, day)
    _order(office, TranslationKind.OFFICIAL, 2, day)
    cancelled = _order(office, TranslationKind.OFFICIAL, 7, day, status=TranslationStatus.CANCELLED)
    return {"hospital": hospital, "school": school, "rejected": rejected, "cancelled": cancelled}


def test_every_figure_is_the_number_or_sum_of_its_records(world):
    assert interpreting_users_by_sector(YEAR).total == {"interpreting_users": 2, "translation_users": 2}
    assert [row[1] for row in interpreting_hours(YEAR).rows] == [4, 2, 0, 0]
    assert translation_pages(YEAR).total == {"pages": 10}
    for key in SECTIONS:
        assert cells_without_records(key, YEAR) == [], key
        assert cells_without_records(key, YEAR - 1) == [], key


def test_the_hours_records_sum_to_the_figure_once_rounded(world):
    """The figure rounds each kind's minutes half up to hours (95 minutes: 1.58 hours, so 2),
    and the total is the sum of the rounded kinds: the drill-down says so (``rounded``)."""
    hospital = world["hospital"]
    _sheet(hospital, RequestKind.GROUP, datetime.date(2019, 5, 7), 75)
    _sheet(hospital, RequestKind.GROUP, datetime.date(2019, 5, 8), 20)
    group = report_words(KIND_LABELS[RequestKind.GROUP])
    assert [row[1] for row in interpreting_hours(YEAR).rows if row[0] == group] == [2]
    assert cells_without_records("interpreting_hours", YEAR) == []


def test_the_sheets_are_the_approved_ones_and_the_users_are_organisations(world):
    hours = drill_for("interpreting_hours", YEAR, None, "hours")
    assert hours is not None and hours.person is None and hours.total_of == "hours"
    assert world["rejected"].pk not in set(hours.records.values_list("pk", flat=True))
    health = interpreting_users_by_sector(YEAR).rows[1]
    users = drill_for("interpreting_users_by_sector", YEAR, health, "interpreting_users")
    assert users is not None and users.person is None
    assert list(users.records.values_list("pk", flat=True)) == [world["hospital"].pk]
    pages = drill_for("translation_pages", YEAR, None, "pages")
    assert pages is not None and world["cancelled"].pk not in set(pages.records.values_list("pk", flat=True))


def test_building_the_drill_downs_reads_nothing_and_no_figure_counts_people(world):
    builds = (interpreting_users_by_sector, interpreting_hours, translation_pages)
    tables = {key: build(YEAR) for key, build in zip(SECTIONS, builds, strict=True)}
    with CaptureQueriesContext(connection) as queries:
        drills = [
            drill_for(key, YEAR, row, column)
            for key, table in tables.items()
            for row in [*table.rows, None]
            for column in table.columns[1:]
        ]
    assert len(queries) == 0 and all(drills)
    assert tables["interpreting_users_by_sector"].impersonal_columns == {"interpreting_users", "translation_users"}
    assert tables["interpreting_hours"].impersonal_columns == {"hours"}
    assert tables["translation_pages"].impersonal_columns == {"pages"}


def test_the_sections_say_what_they_count():
    sections = {section.key: section for section in report_sections() if section.key in SECTIONS}
    with translation.override("en"):
        assert "approved" in str(sections["interpreting_users_by_sector"].definition)
        assert "rounded half up" in str(sections["interpreting_hours"].definition)
        assert "delivered" in str(sections["translation_pages"].definition)
    assert [sections[key].order for key in SECTIONS] == [130, 140, 150]
