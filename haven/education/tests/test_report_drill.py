"""The education section's drill-down: every figure is the number (or sum) of the records
its drill-down lists, a withdrawn referral is not among them, and the section says in
words what it counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from haven.education.models import (
    FutureDays,
    FutureDaysRegistration,
    FutureDaysSession,
    ParticipantState,
    ReferralState,
)
from haven.education.report import education
from haven.education.tests.factories import (
    ChildFactory,
    CohortFactory,
    ParticipantFactory,
    SchoolFactory,
    SchoolReferralFactory,
    StudyDossierFactory,
)
from haven.reports.registry import drill_for, report_sections
from haven.reports.testing import cells_without_records

pytestmark = pytest.mark.django_db
YEAR = 2019


@pytest.fixture
def world(okan_school, regular_school):
    """Two placed children (one in 2018), a withdrawn and an open referral; Toekomstdagen in
    2019 with two schools present and one absent; dossiers open in and out of the year; two
    cohorts of the pre-track with a graduate, a drop-out and a starter."""
    placed = SchoolReferralFactory(
        state=ReferralState.PLACED, school=regular_school, placed_on=datetime.date(2019, 5, 2)
    )
    SchoolReferralFactory(state=ReferralState.PLACED, school=regular_school, placed_on=datetime.date(2018, 9, 3))
    withdrawn = SchoolReferralFactory(state=ReferralState.WITHDRAWN, closed_on=datetime.date(2019, 6, 1))
    SchoolReferralFactory(person=ChildFactory())
    session = FutureDaysSession.objects.create(
        event=FutureDays.objects.create(title="Toekomstdagen 2019", year=YEAR), held_on=datetime.date(2019, 3, 14)
    )
    other = SchoolFactory(okan=True)
    for school, present in ((okan_school, 12), (other, 7), (SchoolFactory(okan=True), 0)):
        FutureDaysRegistration.objects.create(
            session=session, school=school, pupils_registered=15, pupils_present=present
        )
    StudyDossierFactory()
    StudyDossierFactory(opened_on=datetime.date(2018, 10, 1), closed_on=datetime.date(2019, 2, 1))
    StudyDossierFactory(opened_on=datetime.date(2018, 1, 1), closed_on=datetime.date(2018, 12, 31))
    ended = CohortFactory(academic_year=2018)
    ParticipantFactory(cohort=ended, state=ParticipantState.GRADUATED)
    ParticipantFactory(cohort=ended, state=ParticipantState.DROPPED)
    ParticipantFactory(cohort=CohortFactory(academic_year=2019))
    return {"placed": placed, "withdrawn": withdrawn}


def test_every_figure_is_the_number_or_sum_of_its_records(world):
    assert [row[1] for row in education(YEAR).rows] == [1, 19, 2, 2, 1, 1]
    assert cells_without_records("education", YEAR) == []


def test_the_children_referred_are_the_placed_referrals_of_the_year_and_not_the_withdrawn(world):
    row = education(YEAR).rows[0]
    drill = drill_for("education", YEAR, row, str(YEAR))
    assert drill is not None and drill.person == "person"
    assert list(drill.records.values_list("pk", flat=True)) == [world["placed"].pk]


def test_the_okan_schools_are_impersonal_and_counted_without_people(world):
    table = education(YEAR)
    schools = table.rows[2]
    assert table.impersonal_rows == {schools[0]}
    drill = drill_for("education", YEAR, schools, str(YEAR))
    assert drill is not None and drill.person is None


def test_building_the_drill_downs_reads_nothing_and_a_cell_not_a_figure_has_none(world):
    table = education(YEAR)
    with CaptureQueriesContext(connection) as queries:
        drills = [drill_for("education", YEAR, row, str(YEAR)) for row in table.rows]
    assert len(queries) == 0 and all(drills)
    assert drill_for("education", YEAR, None, str(YEAR)) is None
    assert drill_for("education", YEAR, education(YEAR).rows[0], "label") is None


def test_the_section_says_what_it_counts():
    section = next(section for section in report_sections() if section.key == "education")
    with translation.override("en"):
        assert "placement date" in str(section.definition)
    assert section.order == 100
