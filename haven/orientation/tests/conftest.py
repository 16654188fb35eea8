"""Fixtures of the civic-orientation tests: a course with a session, a participant, a
waiting person and an open offer (pages and API), and a waiting list to form courses for.

Courses, teachers, rooms and offers come from the factories; waiting-list entries and
enrolments go through the services, which log them."""

import datetime

import pytest
from django.utils import timezone

from haven.core.models import Language
from haven.orientation import services
from haven.orientation.models import Slot
from haven.orientation.tests.factories import (
    DAY,
    CourseFactory,
    RoomFactory,
    SeatOfferFactory,
    TeacherFactory,
    former_participant,
)
from haven.people.tests.factories import PersonFactory


@pytest.fixture
def english(settings):
    """The pages in English: the tests read the English source texts."""
    settings.LANGUAGE_CODE = "en"


def _waiting(by, *, since=DAY):
    """Someone waiting for an Arabic course in the evening."""
    return services.waiting_entry_create(
        person=PersonFactory(),
        languages=Language.objects.filter(code="ara"),
        slots=[Slot.EVENING],
        waiting_since=since,
        by=by,
    )


def _session(course):
    starts = timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(18)))
    return services.session_create(course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))


@pytest.fixture
def records(course_coordinator):
    """A course of three places with a session, a participant, someone waiting and an open
    offer to someone who has waited since 2018 (the pages)."""
    course = CourseFactory(capacity=3)
    session = _session(course)
    enrolment = services.enrolment_create(course=course, person=PersonFactory(), by=course_coordinator, enrolled_on=DAY)
    entry = _waiting(course_coordinator)
    offer = SeatOfferFactory(course=course, waiting=_waiting(course_coordinator, since=DAY.replace(year=2018)))
    return {
        "course": course.pk,
        "session": session.pk,
        "enrolment": enrolment.pk,
        "waiting": entry.pk,
        "offer": offer.pk,
        "person": enrolment.person_id,
        "entry_person": entry.person_id,
    }


@pytest.fixture
def api_records(course_coordinator):
    """A course of three places with a session, a participant and an open offer, and a
    former participant of another course (the API)."""
    course = CourseFactory(capacity=3)
    session = _session(course)
    enrolment = services.enrolment_create(course=course, person=PersonFactory(), by=course_coordinator, enrolled_on=DAY)
    offer = SeatOfferFactory(course=course, waiting=_waiting(course_coordinator))
    return {
        "course": course.pk,
        "session": session.pk,
        "enrolment": enrolment.pk,
        "offer": offer.pk,
        "person": former_participant(course_coordinator).pk,
        "enrolled_person": enrolment.person_id,
    }


@pytest.fixture
def waiting_arabic_and_russian(intake_user):
    """Ten people waiting for Arabic in the evening, three for Russian by day (too few for a
    course of at least five); a teacher of both and a room of twelve."""
    since = datetime.date(2019, 1, 7)
    for index in range(10):
        services.waiting_entry_create(
            person=PersonFactory(),
            languages=Language.objects.filter(code="ara"),
            slots=[Slot.EVENING],
            waiting_since=since + datetime.timedelta(days=index),
            by=intake_user,
        )
    for _ in range(3):
        services.waiting_entry_create(
            person=PersonFactory(),
            languages=Language.objects.filter(code="rus"),
            slots=[Slot.DAY],
            waiting_since=since,
            by=intake_user,
        )
    TeacherFactory(name="Nadia Lesgever", languages=["ara", "rus"])
    RoomFactory(name="Lokaal 1", capacity=12)
