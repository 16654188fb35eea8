"""The civic-orientation figures of the annual report each equal the records their
drill-down lists, the courses are impersonal, and the section says what it counts."""

import datetime

import pytest
from django.utils import translation

from haven.orientation import services
from haven.orientation.models import Course, CourseState, Project
from haven.orientation.report import BY_LANGUAGE, PARKOER_LABEL, _language_code
from haven.orientation.tests.test_report import _course
from haven.people.tests.factories import PersonFactory
from haven.reports.registry import drill_for, report_sections, report_table, report_words
from haven.reports.testing import cells_without_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(intake_user):
    """Courses of 2018 and 2019 in Arabic, Dari and Farsi, a withdrawn participant, a
    cancelled course, and a Parkoer course two of whose three participants completed."""
    _course("ara", datetime.date(2018, 5, 1), PersonFactory.create_batch(2), intake_user)
    arabic = _course("ara", datetime.date(2019, 2, 1), PersonFactory.create_batch(3), intake_user)
    services.enrolment_withdraw(enrolment=arabic[0], on=datetime.date(2019, 2, 3), by=intake_user)
    _course("prs", datetime.date(2019, 3, 1), PersonFactory.create_batch(2), intake_user)
    _course("fas", datetime.date(2018, 3, 1), PersonFactory.create_batch(1), intake_user)
    cancelled = _course("ara", datetime.date(2019, 10, 1), PersonFactory.create_batch(1), intake_user)
    Course.objects.filter(pk=cancelled[0].course_id).update(state=CourseState.CANCELLED)
    parkoer = _course(
        "nld", datetime.date(2019, 2, 1), PersonFactory.create_batch(3), intake_user, project=Project.PARKOER
    )
    for enrolment in parkoer[:2]:
        services.enrolment_complete(
            enrolment=enrolment,
            completed_on=datetime.date(2019, 6, 1),
            actions_completed=2,
            evaluation="",
            by=intake_user,
        )
    return arabic[0], cancelled[0]


@pytest.mark.parametrize("key", [BY_LANGUAGE, "civic_orientation_other"])
def test_every_figure_equals_its_records(courses, key):
    assert cells_without_records(key, 2019) == []
    assert cells_without_records(key, 2020) == []


def test_withdrawn_and_cancelled_participants_are_not_behind_the_figures(courses):
    withdrawn, cancelled = courses
    [section] = [section for section in report_sections() if section.key == BY_LANGUAGE]
    arabic = next(row for row in report_table(section, 2019).rows if row[1] == "ar")
    drill = drill_for(BY_LANGUAGE, 2019, arabic, "participants_2019")
    assert drill is not None and drill.person == "person_id"
    enrolments = set(drill.records.values_list("pk", flat=True))
    assert len(enrolments) == arabic[5] == 2
    assert withdrawn.pk not in enrolments and cancelled.pk not in enrolments
    courses_drill = drill_for(BY_LANGUAGE, 2019, arabic, "courses_2019")
    assert courses_drill is not None and courses_drill.person is None  # courses are not people


def test_the_parkoer_row_lists_the_completions():
    assert drill_for("civic_orientation_other", 2019, [report_words(PARKOER_LABEL), 0], "2019") is not None
    assert drill_for("civic_orientation_other", 2019, [report_words(PARKOER_LABEL), 0], "label") is None


def test_the_report_s_language_codes_lead_back_to_the_stored_ones():
    assert [_language_code(code) for code in ("ar", "fa", "prs", "nl")] == ["ara", "fas", "prs", "nld"]


def test_the_courses_are_impersonal_and_the_section_says_what_it_counts():
    [section] = [section for section in report_sections() if section.key == BY_LANGUAGE]
    assert section.build(2019).impersonal_columns == {"courses_2018", "courses_2019"}
    with translation.override("en"):
        assert "cancelled courses" in str(section.definition)
