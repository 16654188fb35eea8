"""Appointments with an interpreter in one step: the request is the agency's own, made,
moved and cancelled with the appointment under the interpreting rules (the notice period,
the late-cancellation charge); the outcome once it has begun."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from haven.casework import appointments
from haven.casework.models import Appointment, AppointmentState
from haven.casework.tests.notes_data import COUNSELLING, client_of
from haven.core.models import AccessAction, AccessLogEntry, Language
from haven.interpreting.agency import agency
from haven.interpreting.models import AssignmentStatus, InterpretingRequest, RequestKind, RequestStatus
from haven.interpreting.services import requests as interpreting
from haven.interpreting.tests import billing_data
from haven.interpreting.workdays import BRUSSELS

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def agency_organisation(db):
    organisation = billing_data.organisation(9, name="IN-Gent")
    organisation.enterprise_number = agency().enterprise_number
    organisation.save(update_fields=["enterprise_number"])
    return organisation


@pytest.fixture
def tigrinya(world):
    person = world["person"]
    person.preferred_language = Language.objects.get(pk="tir")
    person.save(update_fields=["preferred_language"])
    return person


def monday_in(weeks: int, hour: int = 10) -> datetime.datetime:
    today = timezone.localdate()
    monday = today + datetime.timedelta(days=7 * weeks - today.weekday())
    return datetime.datetime.combine(monday, datetime.time(hour), tzinfo=BRUSSELS)


def plan(world, starts_at, **values):
    return appointments.appointment_create(
        person=world["person"],
        staff=world["counsellor"],
        service_line="integration",
        starts_at=starts_at,
        duration_minutes=60,
        purpose="Follow-up of the trajectory",
        by=world["counsellor"],
        access_purpose=COUNSELLING,
        **values,
    )


def test_the_form_offers_an_interpreter_when_the_counsellor_does_not_speak_the_language(world, tigrinya):
    assert appointments.interpreter_needed(tigrinya, world["counsellor"]) is True
    tigrinya.preferred_language = Language.objects.get(pk="nld")
    assert appointments.interpreter_needed(tigrinya, world["counsellor"]) is False


def test_an_appointment_with_an_interpreter_makes_the_agencys_request_and_moves_it(
    world, tigrinya, agency_organisation
):
    appointment = plan(world, monday_in(2), interpreter="on_site")

    request = appointment.interpreting_request
    assert (request.organisation, request.language_id, request.kind) == (
        agency_organisation,
        "tir",
        RequestKind.ON_SITE,
    )
    assert (request.starts_at, request.duration_minutes, request.status) == (monday_in(2), 60, RequestStatus.OPEN)

    moved = appointments.appointment_move(
        appointment=appointment, starts_at=monday_in(3, 14), by=world["counsellor"], access_purpose=COUNSELLING
    )
    assert moved.interpreting_request_id == request.pk  # not booked yet: the same request, at the new time
    assert InterpretingRequest.objects.get(pk=request.pk).starts_at == monday_in(3, 14)


def test_moving_a_booked_appointment_cancels_the_booking_and_asks_again(
    world, tigrinya, agency_organisation, dispatcher
):
    appointment = plan(world, monday_in(2), interpreter="video")
    interpreter = billing_data.interpreter("tesfay", "Gebre", language="tir")
    interpreting.booking_create(request=appointment.interpreting_request, interpreter=interpreter, by=dispatcher)

    moved = appointments.appointment_move(
        appointment=appointment, starts_at=monday_in(3), by=world["counsellor"], access_purpose=COUNSELLING
    )
    old = InterpretingRequest.objects.get(pk=appointment.interpreting_request_id)
    assert old.status == RequestStatus.CANCELLED and old.cancellation_billable is False  # weeks ahead: free
    assert old.assignments.get().status == AssignmentStatus.CANCELLED
    assert moved.interpreting_request.starts_at == monday_in(3)
    assert moved.interpreting_request.status == RequestStatus.OPEN


def test_cancelling_the_appointment_late_cancels_the_booking_with_the_charge(
    world, tigrinya, agency_organisation, dispatcher
):
    appointment = plan(world, monday_in(1), interpreter="on_site", urgent=True)
    interpreter = billing_data.interpreter("tesfay", "Gebre", language="tir")
    interpreting.booking_create(request=appointment.interpreting_request, interpreter=interpreter, by=dispatcher)
    # The day before, after 10:00: a late cancellation.
    late = appointment.starts_at - datetime.timedelta(hours=20)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: late)
        appointments.appointment_cancel(appointment=appointment, by=world["counsellor"], access_purpose=COUNSELLING)

    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.CANCELLED
    request = InterpretingRequest.objects.get(pk=appointment.interpreting_request_id)
    assert request.status == RequestStatus.CANCELLED and request.cancellation_billable is True


def test_an_interpreter_refused_by_the_interpreting_rules_saves_nothing(world, tigrinya, agency_organisation):
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="two working days"):
        plan(world, tomorrow, interpreter="on_site")
    assert not Appointment.objects.exists() and not InterpretingRequest.objects.exists()


def test_without_the_agencys_organisation_the_interpreter_is_refused_with_the_reason(world, tigrinya):
    with pytest.raises(ValidationError, match="not registered as an organisation"):
        plan(world, monday_in(2), interpreter="on_site")
    assert not Appointment.objects.exists()


def test_the_outcome_is_recorded_once_begun(world):
    appointment = plan(world, monday_in(1))
    with pytest.raises(ValidationError, match="not begun"):
        appointments.appointment_outcome(
            appointment=appointment, state="no_show", by=world["counsellor"], access_purpose=COUNSELLING
        )
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    done = appointments.appointment_outcome(
        appointment=appointment, state="no_show", by=world["counsellor"], access_purpose=COUNSELLING
    )
    assert done.state == AppointmentState.NO_SHOW


# The pages ------------------------------------------------------------------------------------


def test_the_counsellor_plans_an_appointment_with_an_interpreter_on_the_page_and_moves_it(
    world, tigrinya, agency_organisation
):
    client = client_of(world["counsellor"])
    person = world["person"]
    page = client.get(f"/casework/people/{person.pk}/notes/?purpose=counselling")
    assert page.context["interpreter_needed"] is True
    assert page.context["appointment_form"]["interpreter"].value() == "on_site"

    first = monday_in(2)
    planned = client.post(
        f"/casework/people/{person.pk}/appointments/new/",
        {
            "purpose": "counselling",
            "appointment-day": first.date().isoformat(),
            "appointment-time": "10:00",
            "appointment-duration_minutes": "60",
            "appointment-place": "on_site",
            "appointment-purpose": "Follow-up",
            "appointment-service_line": "integration",
            "appointment-interpreter": "on_site",
        },
    )
    assert planned.status_code == 302
    appointment = Appointment.objects.get()
    week = client.get(planned["Location"] + "&view=week").content.decode()
    assert "Follow-up" in week and "Interpreter (tir): open" in week

    later = monday_in(3, 14)
    client.post(
        f"/casework/appointments/{appointment.pk}/move/",
        {
            "purpose": "counselling",
            f"move-{appointment.pk}-day": later.date().isoformat(),
            f"move-{appointment.pk}-time": "14:00",
        },
    )
    appointment.refresh_from_db()
    assert appointment.starts_at == later and appointment.interpreting_request.starts_at == later

    client.post(f"/casework/appointments/{appointment.pk}/cancel/", {"purpose": "counselling"})
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.CANCELLED
    assert appointment.interpreting_request.status == RequestStatus.CANCELLED
    other = client_of(world["coordinator"]).post(
        f"/casework/appointments/{appointment.pk}/cancel/", {"purpose": "counselling"}
    )
    assert other.status_code == 404


def test_the_team_page_shows_contacts_and_the_no_show_rate_per_counsellor_and_month(
    world, team_coordinator, counsellor_profile
):
    this_month = timezone.localdate().replace(day=1)
    moment = timezone.make_aware(datetime.datetime.combine(this_month, datetime.time(10)))
    for index, state in enumerate(["came", "came", "came", "no_show", "cancelled"]):
        Appointment.objects.create(
            person=world["person"],
            staff=world["counsellor"],
            service_line="integration",
            starts_at=moment + datetime.timedelta(hours=index),
            purpose="Follow-up",
            state=state,
            created_by=world["counsellor"],
            created_at=moment,
        )
    page = client_of(team_coordinator).get("/integration/team/")
    (_profile, row) = next(item for item in page.context["appointments"] if item[0].user == world["counsellor"])
    assert (row[-1].came, row[-1].no_show, row[-1].no_show_percent) == (3, 1, 25)
    assert "3 held · 25% no-show" in page.content.decode()


def test_the_staff_calendar_feed_names_files_not_people_and_is_traced(world):
    appointment = plan(world, monday_in(2))
    client = client_of(world["counsellor"])
    page = client.get("/casework/calendar/")
    feed_url = page.context["feed_url"]
    path = feed_url.split("testserver", 1)[1]

    feed = Client().get(path)  # a calendar program: no login
    body = feed.content.decode()
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert f"appointment-{appointment.pk}@haven" in body
    assert world["person"].reference in body and world["person"].family_name not in body
    assert AccessLogEntry.objects.filter(user=world["counsellor"], action=AccessAction.LIST, channel="api").exists()

    client.post("/casework/calendar/feed/renew/")
    assert Client().get(path).status_code == 404


# Reminders ------------------------------------------------------------------------------------


def test_tomorrows_appointments_are_reminded_once_in_the_persons_language_where_the_agency_has_a_text(
    world, tigrinya, settings, tmp_path
):
    from haven.casework import reminders
    from haven.casework.models import ReminderText

    settings.HAVEN_REMINDER_DIR = tmp_path
    ReminderText.objects.create(language_id="tir", text="ዘኪር: {date} {time} ({place})")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    at = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(23, 30)))
    tigrinya.email, tigrinya.phone = "", "0470123456"
    tigrinya.save(update_fields=["email", "phone"])
    with pytest.MonkeyPatch.context() as patch:  # planned yesterday
        patch.setattr(timezone, "now", lambda: at - datetime.timedelta(days=2))
        appointment = plan(world, at)

    assert reminders.reminders_send(today=timezone.localdate()) == {"sent": 1, "no_address": 0, "refused": 0}
    assert reminders.reminders_send(today=timezone.localdate())["sent"] == 0  # once
    message = json.loads((tmp_path / f"appointment-{appointment.pk}.json").read_text())
    assert (message["channel"], message["to"], message["language"]) == ("sms", "0470123456", "tir")
    assert message["text"] == f"ዘኪር: {tomorrow:%d/%m/%Y} 23:30 (Kongostraat 42, Gent)"

    person = world["person"]
    person.preferred_language_id = "ara"  # no Arabic text at the agency: the Dutch one
    assert reminders.reminder_of(appointment, {"tir": "x"}).text.startswith("Herinnering")
