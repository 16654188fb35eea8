"""Issue 13, item 11 through the pages: the request form's native date and time pickers
(ISO in, errors in the user's language), cancelling asks first (a GET never cancels), and
the interpreter's own job page with their name."""

from django.urls import reverse
from django.utils import translation

from conftest import logged_in_client
from haven.interpreting.models import InterpretingRequest, RequestKind, RequestStatus
from haven.interpreting.services import requests as requests_service
from haven.interpreting.tests.requests_data import at, bookable_day, make_request
from haven.interpreting.workdays import BRUSSELS


def _form(site, **extra) -> dict:
    return {
        "kind": RequestKind.ON_SITE,
        "language": "ara",
        "duration_minutes": "90",
        "site": site.pk,
        "subject_sector": "health",
        **extra,
    }


def test_the_form_shows_native_pickers_and_takes_their_iso_values(partner_a, organisation_a):
    client = logged_in_client(partner_a)
    page = client.get(reverse("interpreting:request_new")).content.decode()
    assert 'type="date" name="starts_at_date"' in page and 'type="time" name="starts_at_time"' in page
    day = bookable_day()
    data = _form(organisation_a.sites.first(), starts_at_date=day.isoformat(), starts_at_time="14:30")
    response = client.post(reverse("interpreting:request_new"), data)
    assert response.status_code == 302
    assert InterpretingRequest.objects.get().starts_at.astimezone(BRUSSELS) == at(day, 14, 30)


def test_a_belgian_typed_date_still_counts_and_a_wrong_one_is_refused_in_dutch(partner_a, organisation_a, settings):
    client = logged_in_client(partner_a)
    day = bookable_day()
    site = organisation_a.sites.first()
    typed = _form(site, starts_at_date=f"{day:%d/%m/%Y}", starts_at_time="09:00")
    assert client.post(reverse("interpreting:request_new"), typed).status_code == 302
    settings.LANGUAGE_CODE = "nl"
    with translation.override("nl"):
        refused = client.post(
            reverse("interpreting:request_new"),
            _form(site, starts_at_date="31/02/2027", starts_at_time="09:00"),
            HTTP_ACCEPT_LANGUAGE="nl",
        )
    assert refused.status_code == 400
    errors = refused.context["form"].errors["starts_at"]
    assert errors and "Enter a valid" not in errors[0]
    assert InterpretingRequest.objects.count() == 1


def test_cancelling_asks_first_and_only_the_confirmed_post_cancels(partner_a, organisation_a):
    job = make_request(organisation_a, partner_a, at(bookable_day(), 10))
    client = logged_in_client(partner_a)
    url = reverse("interpreting:request_cancel", args=[job.pk])
    for asked in (client.get(url), client.post(url)):
        assert asked.status_code == 200
        assert 'name="confirm" value="yes"' in asked.content.decode()
        job.refresh_from_db()
        assert job.status == RequestStatus.OPEN
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    job.refresh_from_db()
    assert job.status == RequestStatus.CANCELLED


def test_the_interpreter_opens_their_job_with_their_name_and_not_anothers(
    partner_a, organisation_a, samira, dispatcher_user
):
    job = make_request(organisation_a, partner_a, at(bookable_day(), 10))
    assignment = requests_service.booking_create(request=job, interpreter=samira, by=dispatcher_user)
    client = logged_in_client(samira.user)
    listing = client.get(reverse("interpreting:jobs")).content.decode()
    assert reverse("interpreting:job", args=[assignment.pk]) in listing
    page = client.get(reverse("interpreting:job", args=[assignment.pk]))
    assert page.status_code == 200
    assert str(samira) in page.content.decode()
    assert logged_in_client(partner_a).get(reverse("interpreting:job", args=[assignment.pk])).status_code == 403
    assert logged_in_client(dispatcher_user).get(reverse("interpreting:job", args=[assignment.pk])).status_code == 403
