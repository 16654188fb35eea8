"""Civic-orientation services: places, offers on withdrawal, attendance, completion."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from haven.core.models import Language
from haven.integration.models import Contract, ContractState, Registration
from haven.orientation import services
from haven.orientation.models import (
    Attendance,
    Course,
    Enrolment,
    EnrolmentState,
    OfferState,
    SeatOffer,
    Slot,
    WaitingEntry,
    WaitingState,
)
from haven.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2019, 3, 4)
FULL = "The course is full|De cursus is volzet"  # the message in whichever language is active


def _course(language="ara", slot=Slot.EVENING, capacity=12, **values):
    return services.course_create(
        values={
            "language": Language.objects.get(code=language),
            "location": "Kongostraat",
            "slot": slot,
            "starts_on": DAY,
            "capacity": capacity,
            **values,
        }
    )


def _waiting(person, languages, slots, since, by):
    return services.waiting_entry_create(
        person=person, languages=Language.objects.filter(code__in=languages), slots=slots, waiting_since=since, by=by
    )


def test_a_full_course_refuses_enrolment(intake_user):
    course = _course(capacity=2)
    for person in PersonFactory.create_batch(2):
        services.enrolment_create(course=course, person=person, by=intake_user, enrolled_on=DAY)
    with pytest.raises(ValidationError, match=FULL):
        services.enrolment_create(course=course, person=PersonFactory(), by=intake_user, enrolled_on=DAY)
    assert course.enrolments.count() == 2


def test_the_same_person_cannot_enrol_twice(intake_user):
    course, person = _course(), PersonFactory()
    services.enrolment_create(course=course, person=person, by=intake_user, enrolled_on=DAY)
    with pytest.raises(ValidationError):
        services.enrolment_create(course=course, person=person, by=intake_user, enrolled_on=DAY)


def test_withdrawal_offers_the_seat_to_the_longest_waiting_matching_person(intake_user):
    course = _course(language="ara", slot=Slot.EVENING, capacity=1)
    enrolment = services.enrolment_create(course=course, person=PersonFactory(), by=intake_user, enrolled_on=DAY)
    longest_other_language = _waiting(PersonFactory(), ["rus"], [Slot.EVENING], DAY.replace(year=2017), intake_user)
    longest_other_slot = _waiting(PersonFactory(), ["ara"], [Slot.DAY], DAY.replace(year=2017), intake_user)
    right = _waiting(PersonFactory(), ["ara", "fra"], [Slot.DAY, Slot.EVENING], DAY.replace(year=2018), intake_user)
    _later = _waiting(PersonFactory(), ["ara"], [Slot.EVENING], DAY.replace(year=2019, month=1), intake_user)

    offer = services.enrolment_withdraw(enrolment=enrolment, on=DAY, by=intake_user)

    assert offer is not None and offer.waiting == right
    assert offer.state == OfferState.OPEN and offer.expires_on == DAY + datetime.timedelta(days=services.OFFER_DAYS)
    right.refresh_from_db()
    assert right.state == WaitingState.OFFERED
    assert {longest_other_language.state, longest_other_slot.state} == {WaitingState.WAITING}
    # The offered seat is held: nobody else can take it meanwhile.
    with pytest.raises(ValidationError, match=FULL):
        services.enrolment_create(course=course, person=PersonFactory(), by=intake_user, enrolled_on=DAY)
    enrolment = services.seat_offer_answer(offer=offer, accept=True, on=DAY, by=intake_user)
    assert enrolment.person == right.person
    right.refresh_from_db()
    assert right.state == WaitingState.ENROLLED


def test_a_declined_or_expired_offer_goes_to_the_next_in_line(intake_user):
    course = _course(capacity=1)
    enrolment = services.enrolment_create(course=course, person=PersonFactory(), by=intake_user, enrolled_on=DAY)
    first = _waiting(PersonFactory(), ["ara"], [Slot.EVENING], DAY.replace(year=2017), intake_user)
    second = _waiting(PersonFactory(), ["ara"], [Slot.EVENING], DAY.replace(year=2018), intake_user)
    third = _waiting(PersonFactory(), ["ara"], [Slot.EVENING], DAY.replace(year=2019, month=1), intake_user)
    offer = services.enrolment_withdraw(enrolment=enrolment, on=DAY, by=intake_user)
    assert offer.waiting == first
    services.seat_offer_answer(offer=offer, accept=False, on=DAY, by=intake_user)
    second_offer = SeatOffer.objects.get(state=OfferState.OPEN)
    assert second_offer.waiting == second
    assert services.seat_offers_expire(today=second_offer.expires_on + datetime.timedelta(days=1)) == 1
    assert SeatOffer.objects.get(state=OfferState.OPEN).waiting == third
    with pytest.raises(ValidationError):
        services.seat_offer_answer(offer=second_offer, accept=True, on=second_offer.expires_on, by=intake_user)


def test_attendance_is_recorded_once_per_participant_and_session(intake_user):
    course = _course()
    session = services.session_create(
        course=course,
        starts_at=datetime.datetime(2019, 3, 4, 18, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2019, 3, 4, 21, tzinfo=datetime.UTC),
    )
    enrolments = [
        services.enrolment_create(course=course, person=person, by=intake_user, enrolled_on=DAY)
        for person in PersonFactory.create_batch(3)
    ]
    services.attendance_record(
        session=session, by=intake_user, presence={enrolment.pk: "present" for enrolment in enrolments}
    )
    services.attendance_record(session=session, by=intake_user, presence={enrolments[0].pk: "excused"})
    assert Attendance.objects.count() == 3
    assert Attendance.objects.get(enrolment=enrolments[0]).presence == "excused"
    stranger = services.enrolment_create(course=_course(), person=PersonFactory(), by=intake_user, enrolled_on=DAY)
    with pytest.raises(ValidationError):
        services.attendance_record(session=session, by=intake_user, presence={stranger.pk: "present"})


def test_completion_with_two_actions_passes_and_turns_the_contract_condition_green(intake_user):
    person = PersonFactory()
    registration = Registration.objects.create(
        person=person, registered_on=DAY, status="verplicht", current_status="verplicht", created_by=intake_user
    )
    contract = Contract.objects.create(person=person, registration=registration, signed_on=DAY, status="verplicht")
    course = _course()
    enrolment = services.enrolment_create(course=course, person=person, by=intake_user, enrolled_on=DAY)
    other = services.enrolment_create(course=course, person=PersonFactory(), by=intake_user, enrolled_on=DAY)
    end = DAY + datetime.timedelta(days=140)
    services.enrolment_complete(enrolment=other, completed_on=end, actions_completed=1, evaluation="", by=intake_user)
    services.enrolment_complete(
        enrolment=enrolment, completed_on=end, actions_completed=2, evaluation="ok", by=intake_user
    )
    assert Enrolment.objects.get(pk=other.pk).state == EnrolmentState.NOT_COMPLETED
    assert Enrolment.objects.get(pk=enrolment.pk).state == EnrolmentState.COMPLETED
    contract.refresh_from_db()
    assert contract.state == ContractState.OPEN and contract.civic_orientation_passed_on == end


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the reference data for later tests
def test_twenty_parallel_enrolments_into_twelve_places_end_with_twelve(intake_user):
    """Two coordinators (here twenty threads, each its own database connection) enrol at
    the same moment: the row lock on the course keeps the count at the capacity."""
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections (PostgreSQL)")
    course = _course(capacity=12)
    people = PersonFactory.create_batch(20)
    barrier = threading.Barrier(20)
    outcomes = []

    def enrol(person):
        try:
            barrier.wait()
            services.enrolment_create(
                course=Course.objects.get(pk=course.pk), person=person, by=intake_user, enrolled_on=DAY
            )
            outcomes.append("enrolled")
        except ValidationError:
            outcomes.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enrol, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["enrolled"] * 12 + ["full"] * 8
    assert Enrolment.objects.filter(course=course).count() == 12
    assert WaitingEntry.objects.count() == 0


def test_the_daily_command_expires_offers_and_passes_the_seat_on(intake_user):
    from io import StringIO

    from django.core.management import call_command

    course = _course(capacity=1)
    enrolment = services.enrolment_create(course=course, person=PersonFactory(), by=intake_user, enrolled_on=DAY)
    first = _waiting(PersonFactory(), ["ara"], [Slot.EVENING], DAY.replace(year=2017), intake_user)
    second = _waiting(PersonFactory(), ["ara"], [Slot.EVENING], DAY.replace(year=2018), intake_user)
    offer = services.enrolment_withdraw(enrolment=enrolment, on=DAY, by=intake_user)
    assert offer.waiting == first
    out = StringIO()
    call_command("expire_offers", today=offer.expires_on + datetime.timedelta(days=1), stdout=out)
    assert out.getvalue().startswith("1 ")
    assert SeatOffer.objects.get(state=OfferState.OPEN).waiting == second


def test_an_unknown_slot_is_refused_for_rooms_teachers_and_the_waiting_list(intake_user):
    from haven.orientation.models import Room, Teacher

    for model in (Room(name="Lokaal 9", capacity=10, slots=["night"]), Teacher(name="X", slots=["night"])):
        with pytest.raises(ValidationError):
            model.full_clean()
    with pytest.raises(ValidationError):
        _waiting(PersonFactory(), ["ara"], ["night"], DAY, intake_user)
