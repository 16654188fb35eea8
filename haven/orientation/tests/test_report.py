"""The civic-orientation sections of the annual report, counted from records."""

import datetime

import pytest

from haven.core.models import Language
from haven.orientation import services
from haven.orientation.models import Project, Slot
from haven.people.tests.factories import PersonFactory
from haven.reports.registry import annual_report

pytestmark = pytest.mark.django_db


def _course(language, starts_on, people, by, project=""):
    course = services.course_create(
        values={
            "language": Language.objects.get(code=language),
            "location": "Kongostraat",
            "slot": Slot.DAY,
            "starts_on": starts_on,
            "capacity": 30,
            "project": project,
        }
    )
    return [services.enrolment_create(course=course, person=person, by=by, enrolled_on=starts_on) for person in people]


def test_courses_and_participants_by_language_with_the_previous_year(intake_user):
    _course("ara", datetime.date(2018, 5, 1), PersonFactory.create_batch(3), intake_user)
    arabic = _course("ara", datetime.date(2019, 2, 1), PersonFactory.create_batch(4), intake_user)
    _course("ara", datetime.date(2019, 9, 1), PersonFactory.create_batch(2), intake_user)
    services.enrolment_withdraw(enrolment=arabic[0], on=datetime.date(2019, 2, 3), by=intake_user)
    _course("slk", datetime.date(2018, 3, 1), PersonFactory.create_batch(1), intake_user)  # no longer offered
    _course("prs", datetime.date(2019, 3, 1), PersonFactory.create_batch(2), intake_user)  # new
    _course("eng", datetime.date(2019, 3, 1), PersonFactory.create_batch(5), intake_user, project=Project.PARKOER)
    _course("fas", datetime.date(2018, 3, 1), PersonFactory.create_batch(1), intake_user)
    _course("fas", datetime.date(2019, 3, 1), PersonFactory.create_batch(1), intake_user)

    table = annual_report(2019)["tables"]["civic_orientation_by_language"]

    assert table["columns"] == [
        "language_nl",
        "iso639",
        "courses_2018",
        "courses_2019",
        "participants_2018",
        "participants_2019",
    ]
    # Both years first by name (Arabisch, Farsi), then no longer offered, then new ones;
    # two-letter codes where the language has one; Parkoer is not a regular course.
    assert table["rows"] == [
        ["Arabisch", "ar", 1, 2, 3, 5],  # the withdrawn participant does not count
        ["Farsi", "fa", 1, 1, 1, 1],
        ["Slowaaks", "sk", 1, 0, 1, 0],
        ["Dari", "prs", 0, 1, 0, 2],
    ]
    assert table["total"] == {"courses_2018": 3, "courses_2019": 4, "participants_2018": 5, "participants_2019": 8}


def test_parkoer_certificates_come_first_in_the_other_figures(intake_user):
    enrolments = _course(
        "nld", datetime.date(2019, 2, 1), PersonFactory.create_batch(3), intake_user, project=Project.PARKOER
    )
    for enrolment, actions in zip(enrolments, (2, 2, 1), strict=False):
        services.enrolment_complete(
            enrolment=enrolment,
            completed_on=datetime.date(2019, 6, 1),
            actions_completed=actions,
            evaluation="",
            by=intake_user,
        )
    rows = annual_report(2019)["tables"]["civic_orientation_other"]["rows"]
    assert rows[0] == ["Parkoer (15-19 jarigen): attesten MO", 2]
    assert annual_report(2020)["tables"]["civic_orientation_other"]["rows"][0][1] == 0
