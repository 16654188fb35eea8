"""Booking e-mails: the interpreter gets the job with an invitation (.ics), the partner
gets the interpreter's name and phone; a cancelled booking sends the calendar cancellation.
The mails go out after the commit, so the tests run the on-commit callbacks."""

import logging
from datetime import UTC, datetime

import pytest
from django.core import mail
from icalendar import Calendar

from haven.interpreting.models import AssignmentStatus
from haven.interpreting.services import requests as requests_service
from haven.interpreting.tests import calendar_data as data

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return data.organisation(email="facturen@school.example")


@pytest.fixture
def booker(organisation):
    return data.partner("partner-a", organisation, email="paula@school.example")


@pytest.fixture
def samira():
    return data.interpreter("Haddad", email="samira@interpreters.example")


def _calendar(message) -> Calendar:
    (attachment,) = [item for item in message.attachments if item.mimetype.startswith("text/calendar")]
    assert attachment.filename.endswith(".ics")
    content = attachment.content
    return Calendar.from_ical(content.encode() if isinstance(content, str) else content)


def _to(address: str):
    (message,) = [message for message in mail.outbox if message.to == [address]]
    return message


def test_booking_sends_the_interpreter_an_invitation_and_the_partner_a_confirmation(
    django_capture_on_commit_callbacks, organisation, booker, samira, dispatcher
):
    request = data.job_request(organisation, booker, day=5, hour=10, notes="Parent evening, room 3.")

    with django_capture_on_commit_callbacks(execute=True):
        assignment = data.book(request, samira, dispatcher)

    assert len(mail.outbox) == 2
    to_interpreter, to_partner = _to("samira@interpreters.example"), _to("paula@school.example")
    calendar = _calendar(to_interpreter)
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "REQUEST"
    assert event.decoded("DTSTART") == datetime(2026, 3, 5, 9, 0, tzinfo=UTC)  # 10:00 in Brussels
    assert str(event["UID"]) == f"assignment-{assignment.pk}@haven"
    assert "10:00" in to_interpreter.body and "11:30" in to_interpreter.body
    assert "Kortrijksesteenweg 10" in to_interpreter.body
    assert "Sint-Lucas school" in to_interpreter.body
    assert "Parent evening, room 3." in to_interpreter.body
    assert "Samira Haddad" in to_partner.body and "0470 12 34 56" in to_partner.body
    assert not to_partner.attachments


def test_mails_are_in_dutch_when_the_language_is_not_known(
    django_capture_on_commit_callbacks, organisation, booker, samira, dispatcher, settings
):
    settings.LANGUAGE_CODE = "nl"  # Dutch input and texts, as the interface
    request = data.job_request(organisation, booker, day=5, hour=10)

    with django_capture_on_commit_callbacks(execute=True):
        data.book(request, samira, dispatcher)

    body = _to("samira@interpreters.example").body
    assert "donderdag 5 maart 2026" in body
    assert "Arabisch" in body


def test_confirming_a_proposal_sends_the_invitation(
    django_capture_on_commit_callbacks, organisation, booker, samira, dispatcher
):
    proposal = data.proposal(data.job_request(organisation, booker, day=6, hour=14, video=True), samira)

    with django_capture_on_commit_callbacks(execute=True):
        requests_service.assignment_confirm(assignment=proposal, by=dispatcher, now=data.NOW)

    message = _to("samira@interpreters.example")
    (event,) = _calendar(message).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2026, 3, 6, 13, 0, tzinfo=UTC)
    assert str(event["LOCATION"]) == "https://meet.example/room-42"
    assert "https://meet.example/room-42" in message.body
    assert len(mail.outbox) == 2


def test_partner_mail_goes_to_the_organisation_when_the_booker_has_no_address(
    django_capture_on_commit_callbacks, organisation, samira, dispatcher
):
    booker = data.partner("partner-b", organisation)
    request = data.job_request(organisation, booker, day=5, hour=10)

    with django_capture_on_commit_callbacks(execute=True):
        data.book(request, samira, dispatcher)

    assert _to("facturen@school.example")


def test_a_proposal_sends_nothing(organisation, booker, samira):
    data.proposal(data.job_request(organisation, booker, day=6, hour=14), samira)

    assert mail.outbox == []


def test_cancelling_a_booking_sends_the_interpreter_the_calendar_cancellation(
    django_capture_on_commit_callbacks, organisation, booker, samira, dispatcher
):
    request = data.job_request(organisation, booker, day=5, hour=10)
    with django_capture_on_commit_callbacks(execute=True):
        assignment = data.book(request, samira, dispatcher)
    invitation = _calendar(_to("samira@interpreters.example")).walk("VEVENT")[0]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        requests_service.request_cancel(request=request, by=booker, now=data.NOW)

    (message,) = mail.outbox
    assert message.to == ["samira@interpreters.example"]
    calendar = _calendar(message)
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["UID"]) == str(invitation["UID"]) == f"assignment-{assignment.pk}@haven"
    assert int(event["SEQUENCE"]) > int(invitation["SEQUENCE"])
    assert event.decoded("DTSTART") == datetime(2026, 3, 5, 9, 0, tzinfo=UTC)


def test_cancelling_an_unbooked_request_sends_nothing(django_capture_on_commit_callbacks, organisation, booker, samira):
    request = data.job_request(organisation, booker, day=5, hour=10)
    proposal = data.proposal(request, samira)

    with django_capture_on_commit_callbacks(execute=True):
        requests_service.request_cancel(request=request, by=booker, now=data.NOW)

    proposal.refresh_from_db()
    assert proposal.status == AssignmentStatus.CANCELLED
    assert mail.outbox == []


def test_the_log_names_ids_never_addresses_or_content(
    django_capture_on_commit_callbacks, caplog, organisation, booker, samira, dispatcher
):
    request = data.job_request(organisation, booker, day=5, hour=10, notes="Parent evening, room 3.")

    with (
        caplog.at_level(logging.DEBUG, logger="haven.interpreting"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        data.book(request, samira, dispatcher)

    logged = caplog.text
    assert "sent for assignment" in logged
    for secret in ("samira@", "paula@", "Parent evening", "Haddad", "0470"):
        assert secret not in logged


def test_a_mail_server_failure_leaves_the_booking_standing(
    django_capture_on_commit_callbacks, settings, organisation, booker, samira, dispatcher
):
    settings.EMAIL_BACKEND = "haven.interpreting.tests.test_notifications.BrokenBackend"
    request = data.job_request(organisation, booker, day=5, hour=10)

    with django_capture_on_commit_callbacks(execute=True):
        assignment = data.book(request, samira, dispatcher)

    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CONFIRMED


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")
