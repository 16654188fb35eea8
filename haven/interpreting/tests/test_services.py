"""Interpreting services: who may book, the booking lead time, no double booking (also
under 20 parallel bookings on PostgreSQL), cancellation, and dispatch kept in the database."""

import threading
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.utils.translation import gettext

from haven.interpreting import planning
from haven.interpreting.models import (
    Absence,
    Agreement,
    Assignment,
    AssignmentStatus,
    Availability,
    Interpreter,
    InterpreterLanguage,
    InterpretingRequest,
    Organisation,
    RequestStatus,
    Site,
    Zone,
)
from haven.interpreting.services import requests as requests_service
from haven.interpreting.workdays import BRUSSELS

pytestmark = pytest.mark.django_db
NOW = datetime(2024, 3, 20, 9, 0, tzinfo=BRUSSELS)  # a Wednesday
JOB = datetime(2024, 3, 25, 10, 0, tzinfo=BRUSSELS)  # the next Monday


@pytest.fixture
def zone():
    return Zone.objects.create(code="9000", name="Gent")


@pytest.fixture
def organisation(zone):
    organisation = Organisation.objects.create(
        name="Basisschool De Vlieger", enterprise_number="0403170701", sector="education"
    )
    Agreement.objects.create(organisation=organisation, starts_on=date(2020, 1, 1))
    Site.objects.create(
        organisation=organisation,
        name="Hoofdzetel",
        street="Kongostraat 1",
        postal_code="9000",
        municipality="Gent",
        zone=zone,
    )
    return organisation


@pytest.fixture
def interpreter(zone):
    interpreter = Interpreter.objects.create(
        given_names="Leyla",
        family_name="Demir",
        sex="f",
        email="leyla@example.invalid",
        home_zone=zone,
        modalities=["on_site", "video"],
    )
    InterpreterLanguage.objects.create(interpreter=interpreter, language_id="tur")
    for weekday in range(5):
        Availability.objects.create(interpreter=interpreter, weekday=weekday, starts_at=time(8), ends_at=time(18))
    return interpreter


def _request(organisation, by, starts_at=JOB, now=NOW, **values):
    data = {
        "kind": "on_site",
        "language_id": "tur",
        "starts_at": starts_at,
        "duration_minutes": 60,
        "site": organisation.sites.first(),
        "subject_sector": "education",
    }
    data.update(values)
    language = data.pop("language_id")
    from haven.core.models import Language

    data["language"] = Language.objects.get(code=language)
    return requests_service.request_create(organisation=organisation, by=by, values=data, now=now)


def test_a_request_needs_an_agreement_in_force_on_the_day(organisation, partner_user):
    Agreement.objects.filter(organisation=organisation).update(ends_on=date(2024, 3, 22))
    with pytest.raises(ValidationError) as error:
        _request(organisation, partner_user)
    assert error.value.messages == [gettext("Your organisation has no cooperation agreement in force on that day.")]


def test_a_request_comes_two_working_days_ahead_unless_urgent(organisation, partner_user):
    friday = datetime(2024, 3, 22, 10, 0, tzinfo=BRUSSELS)  # Wednesday → Friday: two working days
    assert _request(organisation, partner_user, starts_at=friday).pk
    thursday = datetime(2024, 3, 21, 10, 0, tzinfo=BRUSSELS)
    with pytest.raises(ValidationError) as error:
        _request(organisation, partner_user, starts_at=thursday)
    assert "starts_at" in error.value.message_dict
    assert _request(organisation, partner_user, starts_at=thursday, urgent=True).urgent


def test_a_site_of_another_organisation_is_refused(organisation, partner_user, zone):
    other = Organisation.objects.create(name="Ander", enterprise_number="0202239951", sector="health")
    site = Site.objects.create(
        organisation=other, name="X", street="Y 1", postal_code="9000", municipality="Gent", zone=zone
    )
    with pytest.raises(ValidationError) as error:
        _request(organisation, partner_user, site=site)
    assert "site" in error.value.message_dict


def test_an_interpreter_is_never_booked_twice_at_once(organisation, partner_user, dispatcher, interpreter):
    first = _request(organisation, partner_user)
    second = _request(organisation, partner_user, starts_at=JOB + timedelta(minutes=30))
    requests_service.booking_create(request=first, interpreter=interpreter, by=dispatcher, now=NOW)
    with pytest.raises(ValidationError) as error:
        requests_service.booking_create(request=second, interpreter=interpreter, by=dispatcher, now=NOW)
    assert error.value.messages == [requests_service.conflict_message()]
    # Right after it, with the engine's ten minutes to get there, is fine.
    later = _request(organisation, partner_user, starts_at=JOB + timedelta(minutes=70))
    requests_service.booking_create(request=later, interpreter=interpreter, by=dispatcher, now=NOW)
    assert Assignment.objects.filter(status=AssignmentStatus.CONFIRMED).count() == 2


@pytest.mark.postgres
def test_the_database_refuses_an_overlapping_confirmed_booking(organisation, partner_user, interpreter):
    """The guarantee itself, without the service's check: PostgreSQL's exclusion constraint."""
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint is PostgreSQL's")
    first = _request(organisation, partner_user)
    second = _request(organisation, partner_user, starts_at=JOB + timedelta(minutes=30))
    Assignment.objects.create(
        request=first,
        interpreter=interpreter,
        starts_at=first.starts_at,
        ends_at=first.ends_at,
        status=AssignmentStatus.CONFIRMED,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            request=second,
            interpreter=interpreter,
            starts_at=second.starts_at,
            ends_at=second.ends_at,
            status=AssignmentStatus.CONFIRMED,
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the reference data for later tests
def test_twenty_parallel_bookings_of_one_interpreter_give_exactly_one(
    organisation, partner_user, dispatcher, interpreter
):
    """Twenty dispatchers book the same interpreter into overlapping times at the same moment
    (threads with their own connections, released together): one booking, nineteen clear
    conflicts, no error."""
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections (PostgreSQL)")
    requests = [_request(organisation, partner_user, starts_at=JOB + timedelta(minutes=index)) for index in range(20)]
    barrier = threading.Barrier(20)
    outcomes = []

    def book(request):
        try:
            fresh = InterpretingRequest.objects.get(pk=request.pk)  # opens this thread's connection
            barrier.wait()
            requests_service.booking_create(request=fresh, interpreter=interpreter, by=dispatcher, now=NOW)
            outcomes.append("booked")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(request,)) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("booked") == 1
    assert set(outcomes) - {"booked"} == {requests_service.conflict_message()}
    assert len(outcomes) == 20
    assert Assignment.objects.filter(status=AssignmentStatus.CONFIRMED).count() == 1


def test_a_cancellation_before_the_deadline_is_free_and_after_it_billed(
    organisation, partner_user, dispatcher, interpreter
):
    early = _request(organisation, partner_user)
    requests_service.booking_create(request=early, interpreter=interpreter, by=dispatcher, now=NOW)
    friday_before = datetime(2024, 3, 22, 9, 59, tzinfo=BRUSSELS)
    assert not requests_service.request_cancel(request=early, by=partner_user, now=friday_before).cancellation_billable
    late = _request(organisation, partner_user, starts_at=JOB + timedelta(hours=3))
    requests_service.booking_create(request=late, interpreter=interpreter, by=dispatcher, now=NOW)
    friday_after = datetime(2024, 3, 22, 10, 1, tzinfo=BRUSSELS)
    cancelled = requests_service.request_cancel(request=late, by=partner_user, now=friday_after)
    assert cancelled.cancellation_billable and cancelled.status == RequestStatus.CANCELLED
    assert not Assignment.objects.filter(request=late, status=AssignmentStatus.CONFIRMED).exists()


def test_dispatch_proposes_and_confirming_books(organisation, partner_user, dispatcher, interpreter):
    fillable = _request(organisation, partner_user)
    nobody = _request(organisation, partner_user, language_id="ful")
    run = planning.dispatch_run(
        period_start=date(2024, 3, 25), period_end=date(2024, 3, 29), by=dispatcher, method="greedy", now=NOW
    )
    assert run.statistics["filled"] == 1 and run.statistics["unfilled"] == 1
    proposal = Assignment.objects.get(request=fillable)
    assert proposal.status == AssignmentStatus.PROPOSED and proposal.why["code"]
    nobody.refresh_from_db()
    assert nobody.status == RequestStatus.UNFILLED and nobody.unmet_reason == "no_language"
    confirmed, conflicts = requests_service.run_confirm(run=run, by=dispatcher, now=NOW)
    assert (confirmed, conflicts) == (1, [])
    fillable.refresh_from_db()
    assert fillable.status == RequestStatus.CONFIRMED


def test_dispatch_takes_one_calendar_week(dispatcher):
    with pytest.raises(ValidationError):
        planning.dispatch_run(period_start=date(2024, 3, 29), period_end=date(2024, 4, 2), by=dispatcher)


def test_a_booking_by_hand_keeps_every_hard_rule_and_names_each(organisation, partner_user, dispatcher, interpreter):
    video_only = Interpreter.objects.create(
        given_names="Ali",
        family_name="Kaya",
        sex="m",
        email="a@example.invalid",
        home_zone=interpreter.home_zone,
        modalities=["video"],
    )
    InterpreterLanguage.objects.create(interpreter=video_only, language_id="tur")
    job = _request(organisation, partner_user, required_sex="f")
    with pytest.raises(ValidationError) as error:
        requests_service.booking_create(request=job, interpreter=video_only, by=dispatcher, now=NOW)
    (refusal,) = error.value.messages
    assert refusal.startswith("Ali Kaya may not take this job: ")
    for rule in ("does not work on site", "is not of the sex the partner requires", "not available on Monday"):
        assert rule in refusal
    # Outside her availability (weekdays 08:00–18:00) and on leave: refused as the engine would,
    # not booked with a warning.
    evening = _request(organisation, partner_user, starts_at=JOB.replace(hour=19))
    with pytest.raises(ValidationError, match="not available on"):
        requests_service.booking_create(request=evening, interpreter=interpreter, by=dispatcher, now=NOW)
    Absence.objects.create(
        interpreter=interpreter, starts_at=JOB - timedelta(hours=1), ends_at=JOB + timedelta(hours=3)
    )
    with pytest.raises(ValidationError, match="absent"):
        requests_service.booking_create(
            request=_request(organisation, partner_user), interpreter=interpreter, by=dispatcher, now=NOW
        )
    assert not Assignment.objects.filter(status=AssignmentStatus.CONFIRMED).exists()


def test_a_job_more_than_two_years_ahead_is_refused(organisation, partner_user):
    with pytest.raises(ValidationError) as error:
        _request(organisation, partner_user, starts_at=JOB.replace(year=2027))
    assert "starts_at" in error.value.message_dict
