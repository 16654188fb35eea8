"""Retention of the civic-orientation line (haven/orientation/retention.py): past its period a
participant's evaluation is gone and the report counts the same courses and participants."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.accounts.tests.factories import UserFactory
from haven.orientation.models import (
    Attendance,
    Course,
    Enrolment,
    EnrolmentState,
    OfferState,
    Presence,
    Project,
    SeatOffer,
    Session,
    WaitingEntry,
    WaitingState,
)
from haven.orientation.tests.factories import CourseFactory
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.privacy.anonymise import PSEUDONYM_PREFIX, anonymisation_due, anonymise
from haven.privacy.testing import identifying_values_found, person_identifiers, report_tables

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(2060, 1, 1)
EVALUATION = "Zephyrine Quaxtonbury prefers Thursday mornings; found a job at the bakery"
PARKOER = "Quaxtonbury junior wants to study nursing"


def _person(**values) -> Person:
    defaults = {
        "given_names": "Zephyrine",
        "family_name": "Quaxtonbury",
        "national_number": "85073003328",
        "email": "zephyrine.quaxtonbury@example.org",
        "phone": "+32 470 12 34 56",
        "street": "Wolkenkrabberstraat",
        "notes": "Prefers Thursday mornings",
    }
    defaults.update(values)
    person = PersonFactory(**defaults)
    # The registry entry last changed before the course (its own period ends first).
    Person.objects.filter(pk=person.pk).update(
        updated_at=datetime.datetime(2019, 1, 2, tzinfo=timezone.get_current_timezone())
    )
    return person


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _enrolled(person: Person, course: Course, staff, evaluation: str = EVALUATION) -> Enrolment:
    """``person`` waited, was offered a seat of ``course``, took it, came to its first session
    and completed it with an evaluation."""
    waiting = WaitingEntry.objects.create(
        person=person, slots=["evening"], waiting_since=datetime.date(2019, 1, 15), state=WaitingState.ENROLLED
    )
    waiting.languages.set(["ara"])
    SeatOffer.objects.create(
        course=course,
        waiting=waiting,
        offered_on=datetime.date(2019, 2, 20),
        expires_on=datetime.date(2019, 2, 27),
        state=OfferState.ACCEPTED,
    )
    enrolment = Enrolment.objects.create(
        course=course,
        person=person,
        state=EnrolmentState.COMPLETED,
        enrolled_on=datetime.date(2019, 2, 21),
        completed_on=datetime.date(2019, 5, 10),
        actions_completed=2,
        evaluation=evaluation,
        created_by=staff,
    )
    session = Session.objects.create(
        course=course, starts_at=_at(course.starts_on, 18), ends_at=_at(course.starts_on, 21)
    )
    Attendance.objects.create(session=session, enrolment=enrolment, presence=Presence.PRESENT)
    return enrolment


@pytest.fixture
def staff(db):
    return UserFactory(username="mo", roles=["course_coordinator"])


def test_past_retention_nothing_identifying_remains_and_the_report_is_unchanged(staff):
    person = _person()
    _enrolled(person, CourseFactory(), staff)
    young = _person(given_names="Ludovica", national_number=None, email="", phone="")
    _enrolled(young, CourseFactory(project=Project.PARKOER, language_id="nld"), staff, evaluation=PARKOER)
    values = [*person_identifiers(person), *person_identifiers(young), EVALUATION, PARKOER]
    assert identifying_values_found(values)  # the search finds them before
    before = report_tables([2019, 2020])
    assert before[2019]["civic_orientation_by_language"]["rows"]

    outcome = anonymise(FAR_FUTURE)

    assert report_tables([2019, 2020]) == before
    assert identifying_values_found(values) == []
    person.refresh_from_db()
    assert person.family_name == f"{PSEUDONYM_PREFIX}{person.pk}"
    enrolment = Enrolment.objects.get(person=person)
    assert (enrolment.state, enrolment.completed_on, enrolment.actions_completed, enrolment.evaluation) == (
        EnrolmentState.COMPLETED,
        datetime.date(2019, 5, 10),
        2,
        "",
    )
    assert Attendance.objects.filter(enrolment=enrolment, presence=Presence.PRESENT).exists()
    assert outcome.records["orientation.enrolment"] == 2
    assert not [key for key in anonymisation_due(FAR_FUTURE).records if key.startswith("orientation.")]


def test_an_enrolment_keeps_its_person_five_years_after_the_course_began(staff):
    person = _person()
    _enrolled(person, CourseFactory(starts_on=datetime.date(2019, 3, 4)), staff)
    assert person.pk not in anonymisation_due(datetime.date(2024, 3, 3)).persons
    due = anonymisation_due(datetime.date(2024, 3, 4))
    assert person.pk in due.persons
    assert due.records["orientation.enrolment"] == 1


def test_someone_waiting_for_a_course_is_kept(staff):
    person = _person()
    waiting = WaitingEntry.objects.create(person=person, slots=["day"], waiting_since=datetime.date(2023, 9, 1))
    waiting.languages.set(["ara"])
    assert person.pk not in anonymisation_due(datetime.date(2024, 3, 4)).persons


def _anonymise_queries(count: int, staff) -> int:
    course = CourseFactory(starts_on=datetime.date(2019, 3, 4 + count))
    for index in range(count):
        _enrolled(_person(given_names=f"Zephyrine{index}", national_number=None), course, staff)
    with CaptureQueriesContext(connection) as queries:
        anonymise(FAR_FUTURE)
    return len(queries)


def test_the_queries_do_not_grow_with_the_records(staff):
    one = _anonymise_queries(1, staff)
    five = _anonymise_queries(5, staff)
    assert five == one
