"""Factories for the civic-orientation line: courses, teachers, rooms and seat offers.
They build valid rows directly (fast); waiting-list entries and enrolments, which log a
change to a person's file, go through the services in the tests."""

import datetime

import factory
from django.utils import timezone

from haven.orientation.models import Course, Enrolment, EnrolmentState, Room, SeatOffer, Slot, Teacher
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory

DAY = datetime.date(2019, 3, 4)


class TeacherFactory(factory.django.DjangoModelFactory):
    """A teacher free in the evening and by day; ``languages`` is a list of codes."""

    class Meta:
        model = Teacher
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Teacher {n}")
    slots = factory.LazyFunction(lambda: [Slot.EVENING, Slot.DAY])

    @factory.post_generation
    def languages(self, create, codes, **kwargs):
        if create and codes:
            self.languages.set(codes)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"Lokaal {n}")
    capacity = 12
    slots = factory.LazyFunction(lambda: [Slot.EVENING, Slot.DAY])


class CourseFactory(factory.django.DjangoModelFactory):
    """A planned course in Arabic, in the evening, from 4 March 2019."""

    class Meta:
        model = Course

    language_id = "ara"
    location = "Kongostraat"
    slot = Slot.EVENING
    starts_on = DAY
    capacity = 12


class SeatOfferFactory(factory.django.DjangoModelFactory):
    """An open offer of a seat, held for a week from today."""

    class Meta:
        model = SeatOffer

    offered_on = DAY
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


def former_participant(by) -> Person:
    """Someone who withdrew from an earlier (Russian) course: one of civic orientation's
    people, whom the course coordinator may enrol again or put back on the waiting list
    (the access policy)."""
    person = PersonFactory()
    Enrolment.objects.create(
        course=CourseFactory(language_id="rus"),
        person=person,
        state=EnrolmentState.WITHDRAWN,
        enrolled_on=DAY,
        withdrawn_on=DAY,
        created_by=by,
    )
    return person
