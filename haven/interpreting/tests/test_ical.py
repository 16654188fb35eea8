"""The interpreter's iCalendar feed: exactly their confirmed jobs, behind a secret token."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from haven.accounts.services import user_create
from haven.interpreting.ical import METHOD_CANCEL, METHOD_REQUEST, assignment_ics, interpreter_calendar
from haven.interpreting.services import requests as requests_service
from haven.interpreting.tests import calendar_data as data
from haven.interpreting.workdays import BRUSSELS

pytestmark = pytest.mark.django_db


def _events(content: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def jobs(dispatcher):
    """Samira has two bookings, a proposal, a cancelled booking and a cancelled request;
    Youssef has a booking of his own."""
    organisation = data.organisation()
    by = data.partner("partner-a", organisation, email="paula@school.example")
    samira = data.interpreter("Haddad")
    youssef = data.interpreter("Amrani")
    booked = data.book(data.job_request(organisation, by, day=5, hour=10), samira, dispatcher)
    booked_video = data.book(data.job_request(organisation, by, day=6, hour=14, video=True), samira, dispatcher)
    proposed = data.proposal(data.job_request(organisation, by, day=9, hour=9), samira)
    cancelled_request = data.job_request(organisation, by, day=10, hour=9)
    cancelled = data.book(cancelled_request, samira, dispatcher)
    requests_service.request_cancel(request=cancelled_request, by=by, now=data.NOW)
    other = data.book(data.job_request(organisation, by, day=5, hour=13), youssef, dispatcher)
    return {
        "samira": samira,
        "youssef": youssef,
        "booked": [booked, booked_video],
        "proposed": proposed,
        "cancelled": cancelled,
        "other": other,
    }


def _feed_url(interpreter) -> str:
    return reverse("interpreting:calendar", args=[interpreter.ical_token])


def test_feed_holds_exactly_the_interpreters_confirmed_jobs(client, jobs):
    response = client.get(_feed_url(jobs["samira"]))

    assert response.status_code == 200
    events = _events(response.content)
    assert set(events) == {f"assignment-{assignment.pk}@haven" for assignment in jobs["booked"]}
    on_site, video = (events[f"assignment-{assignment.pk}@haven"] for assignment in jobs["booked"])
    assert on_site.decoded("DTSTART") == datetime(2026, 3, 5, 10, 0, tzinfo=BRUSSELS)
    assert on_site.decoded("DTEND") == datetime(2026, 3, 5, 11, 30, tzinfo=BRUSSELS)
    assert on_site.decoded("DTSTART").utcoffset().total_seconds() == 0  # written in UTC
    assert "Kortrijksesteenweg 10" in str(on_site["LOCATION"])
    assert str(video["LOCATION"]) == "https://meet.example/room-42"
    assert str(video["STATUS"]) == "CONFIRMED"


def test_feed_of_another_interpreter_shows_only_their_jobs(client, jobs):
    events = _events(client.get(_feed_url(jobs["youssef"])).content)

    assert set(events) == {f"assignment-{jobs['other'].pk}@haven"}


def test_feed_is_a_private_uncached_calendar(client, jobs):
    response = client.get(_feed_url(jobs["samira"]))

    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "private, no-store"


def test_feed_summary_names_kind_and_language_in_dutch_by_default(jobs, settings):
    settings.LANGUAGE_CODE = "nl"  # the interface's default (the package's tests run in English)
    events = _events(interpreter_calendar(jobs["samira"]))
    summary = str(events[f"assignment-{jobs['booked'][0].pk}@haven"]["SUMMARY"])

    assert "Arabisch" in summary


def test_unknown_token_is_not_found(client, jobs):
    assert client.get(reverse("interpreting:calendar", args=["not-a-token-of-anyone"])).status_code == 404


def test_inactive_interpreter_has_no_feed(client, jobs):
    jobs["samira"].active = False
    jobs["samira"].save()

    assert client.get(_feed_url(jobs["samira"])).status_code == 404


def test_feed_refuses_writes(client, jobs):
    assert client.post(_feed_url(jobs["samira"])).status_code == 405


def test_invitation_and_cancellation_share_the_uid_with_a_higher_sequence(jobs):
    assignment = jobs["booked"][0]
    request = Calendar.from_ical(assignment_ics(assignment, METHOD_REQUEST))
    cancel = Calendar.from_ical(assignment_ics(assignment, METHOD_CANCEL))
    invitation, cancellation = request.walk("VEVENT")[0], cancel.walk("VEVENT")[0]

    assert str(request["METHOD"]) == "REQUEST" and str(cancel["METHOD"]) == "CANCEL"
    assert str(invitation["UID"]) == str(cancellation["UID"]) == f"assignment-{assignment.pk}@haven"
    assert int(cancellation["SEQUENCE"]) > int(invitation["SEQUENCE"])
    assert str(cancellation["STATUS"]) == "CANCELLED"
    assert invitation.decoded("DTSTART") == datetime(2026, 3, 5, 9, 0, tzinfo=UTC)


# The interpreter's calendar page -----------------------------------------------------------


@pytest.fixture
def interpreter_user(db):
    return user_create(username="samira", password="x-password-x", roles=["interpreter"])


@pytest.fixture
def linked(jobs, interpreter_user):
    jobs["samira"].user = interpreter_user
    jobs["samira"].save()
    return jobs["samira"]


def test_interpreter_sees_their_feed_address(client, linked, interpreter_user):
    client.force_login(interpreter_user)

    response = client.get(reverse("interpreting:calendar_settings"))

    assert response.status_code == 200
    assert linked.ical_token in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_rotating_the_token_invalidates_the_old_address(client, linked, interpreter_user):
    old_url = _feed_url(linked)
    client.force_login(interpreter_user)

    response = client.post(reverse("interpreting:calendar_rotate"))

    assert response.status_code == 302
    linked.refresh_from_db()
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(_feed_url(linked)).status_code == 200
    assert len(linked.ical_token) >= 32


def test_rotation_is_a_post(client, linked, interpreter_user):
    client.force_login(interpreter_user)
    token = linked.ical_token

    assert client.get(reverse("interpreting:calendar_rotate")).status_code == 405
    linked.refresh_from_db()
    assert linked.ical_token == token


def test_calendar_page_is_only_for_interpreters(partner_client, dispatcher, client):
    assert partner_client.get(reverse("interpreting:calendar_settings")).status_code == 403
    assert partner_client.post(reverse("interpreting:calendar_rotate")).status_code == 403
    anonymous = client.get(reverse("interpreting:calendar_settings"))
    assert anonymous.status_code == 302
