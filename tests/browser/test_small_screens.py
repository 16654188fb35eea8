"""Acceptance, issue 13 item 11: the partner portal and the interpreter's jobs at 375 px.

A partner (Pia, AZ Sint-Lucas) and an interpreter (Samira Haddad) with fixed names, on a
phone-sized screen (375 × 812): no page is wider than the screen (the lists are cards),
the request form's date and time are the browser's own pickers, cancelling a request asks
first, and the interpreter's pages carry her name. Screenshots land in test-artifacts/.
"""

from datetime import date, datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from haven.accounts.services import user_create
from haven.core.models import Language
from haven.interpreting.models import (
    Agreement,
    AgreementStatus,
    Availability,
    Interpreter,
    InterpreterLanguage,
    InterpretingRequest,
    Organisation,
    PartnerContact,
    RequestKind,
    RequestStatus,
    Sector,
    Site,
    Zone,
)
from haven.interpreting.services import requests as requests_service
from haven.interpreting.workdays import BRUSSELS, add_working_days

PASSWORD = "correct-horse-battery-staple"
PHONE = {"width": 375, "height": 812}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=BRUSSELS)


@pytest.fixture
def world(transactional_db):
    zone = Zone.objects.create(code="GENT-C", name="Gent centrum")
    organisation = Organisation.objects.create(
        name="AZ Sint-Lucas Gent, dienst kinder- en jeugdpsychiatrie",
        enterprise_number="0403170701",
        sector=Sector.HEALTH,
    )
    Agreement.objects.create(organisation=organisation, starts_on=date(2018, 1, 1), status=AgreementStatus.ACTIVE)
    site = Site.objects.create(
        organisation=organisation,
        name="Campus Groenebriel, polikliniek pediatrie",
        street="Groenebriel 1",
        postal_code="9000",
        municipality="Gent",
        zone=zone,
    )
    partner = user_create(username="pia", password=PASSWORD, first_name="Pia", last_name="Partner", roles=["partner"])
    PartnerContact.objects.create(user=partner, organisation=organisation)
    dispatcher = user_create(
        username="dina", password=PASSWORD, first_name="Dina", last_name="Dispatch", roles=["dispatcher"]
    )
    samira_login = user_create(
        username="samira", password=PASSWORD, first_name="Samira", last_name="Haddad", roles=["interpreter"]
    )
    samira = Interpreter.objects.create(
        user=samira_login,
        given_names="Samira",
        family_name="Haddad",
        sex="f",
        email="samira@example.org",
        phone="+32 470 12 34 56",
        home_zone=zone,
        modalities=["on_site", "video"],
        max_hours_per_week=30,
    )
    arabic = Language.objects.get_or_create(code="ara")[0]
    InterpreterLanguage.objects.create(interpreter=samira, language=arabic, dialects=["Maghrebijns (Marokkaans)"])
    # She works every day from 07:00 to 21:00: a booking by hand keeps the engine's hard rules.
    Availability.objects.bulk_create(
        Availability(interpreter=samira, weekday=weekday, starts_at=time(7), ends_at=time(21)) for weekday in range(7)
    )
    today = datetime.now(BRUSSELS).date()
    day = add_working_days(today, 5)

    def book(starts_at: datetime, *, now: datetime | None = None, **values) -> InterpretingRequest:
        return requests_service.request_create(
            organisation=organisation,
            by=partner,
            now=now,
            values={
                "kind": RequestKind.ON_SITE,
                "language": arabic,
                "starts_at": starts_at,
                "duration_minutes": 90,
                "site": site,
                "subject_sector": Sector.HEALTH,
                "dialect": "Maghrebijns (Marokkaans)",
                **values,
            },
        )

    upcoming = book(_at(day, 10), notes="Intakegesprek met de ouders op de afdeling pediatrie.")
    requests_service.booking_create(request=upcoming, interpreter=samira, by=dispatcher)
    book(_at(day, 14))
    past_day = today - timedelta(days=14)
    past = book(_at(past_day, 9), now=_at(past_day - timedelta(days=10), 9))
    requests_service.booking_create(
        request=past, interpreter=samira, by=dispatcher, now=_at(past_day - timedelta(days=9), 9)
    )
    return {"site": site, "day": day, "upcoming": upcoming, "past": past, "samira": samira}


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


def assert_fits(page, what: str) -> None:
    """Nothing on the page is wider than the phone: no sideways scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what} is {width} px wide at {PHONE['width']} px"


@pytest.mark.browser
def test_the_partner_portal_and_the_request_form_fit_a_phone(new_page, live_server, world, artifacts):
    page = new_page(PHONE)
    log_in(page, live_server, "pia")
    page.goto(f"{live_server.url}/interpreting/portal/")
    rows = page.locator("#requests tbody tr")
    expect(rows).to_have_count(3)
    # Cards: each row is a block as wide as the list, each cell says what it is.
    assert rows.first.evaluate("row => getComputedStyle(row).display") == "block"
    expect(rows.first.locator("td[data-label]")).to_have_count(6)
    expect(page.locator("#requests")).to_contain_text("Samira Haddad")
    assert page.locator("#id_month").get_attribute("type") == "month"
    assert_fits(page, "the portal")
    page.screenshot(path=artifacts / "small-portal.png", full_page=True)

    page.goto(f"{live_server.url}/interpreting/portal/new/")
    assert page.locator("#id_starts_at_0").get_attribute("type") == "date"
    assert page.locator("#id_starts_at_1").get_attribute("type") == "time"
    assert_fits(page, "the request form")
    page.screenshot(path=artifacts / "small-request-form.png", full_page=True)

    # Refused (no place): the errors fit too, and what was picked is kept.
    day = world["day"] + timedelta(days=7)
    page.locator("#id_kind").select_option("on_site")
    # The language picker is a search box over a hidden select: choose in the select.
    page.locator("#id_language").select_option("ara", force=True)
    page.locator("#id_starts_at_0").fill(day.isoformat())
    page.locator("#id_starts_at_1").fill("13:30")
    page.locator("#id_subject_sector").select_option("health")
    page.locator("form.request-form button[type=submit]").click()
    expect(page.locator(".has-error #id_site")).to_be_visible()
    expect(page.locator("#id_starts_at_0")).to_have_value(day.isoformat())
    expect(page.locator("#id_starts_at_1")).to_have_value("13:30")
    assert_fits(page, "the refused request form")
    page.screenshot(path=artifacts / "small-request-form-refused.png", full_page=True)

    page.locator("#id_site").select_option(str(world["site"].pk))
    page.locator("form.request-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/interpreting/requests/*/")
    job = InterpretingRequest.objects.latest("id")
    assert job.starts_at.astimezone(BRUSSELS) == _at(day, 13) + timedelta(minutes=30)
    assert_fits(page, "the request")
    page.screenshot(path=artifacts / "small-request.png", full_page=True)


@pytest.mark.browser
def test_cancelling_a_request_asks_first_and_fits_a_phone(new_page, live_server, world, artifacts):
    job = world["upcoming"]
    page = new_page(PHONE)
    log_in(page, live_server, "pia")
    page.goto(f"{live_server.url}/interpreting/requests/{job.pk}/")
    page.locator("#cancel-form button[type=submit]").click()
    expect(page.locator("#cancel-confirm")).to_be_visible()
    job.refresh_from_db()
    assert job.status == RequestStatus.CONFIRMED  # asked, not cancelled
    assert_fits(page, "the cancellation question")
    page.screenshot(path=artifacts / "small-cancel-confirm.png", full_page=True)

    page.locator("#cancel-confirm a.button").click()  # No, keep it
    page.wait_for_url(f"{live_server.url}/interpreting/requests/{job.pk}/")
    job.refresh_from_db()
    assert job.status == RequestStatus.CONFIRMED

    page.goto(f"{live_server.url}/interpreting/requests/{job.pk}/cancel/")  # a GET only asks
    job.refresh_from_db()
    assert job.status == RequestStatus.CONFIRMED
    page.locator("#cancel-confirm-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/interpreting/requests/{job.pk}/")
    expect(page.locator(".message.success")).to_be_visible()
    job.refresh_from_db()
    assert job.status == RequestStatus.CANCELLED


@pytest.mark.browser
def test_the_interpreters_jobs_fit_a_phone_and_carry_her_name(new_page, live_server, world, artifacts):
    page = new_page(PHONE)
    log_in(page, live_server, "samira")
    page.goto(f"{live_server.url}/interpreting/jobs/")
    expect(page.locator("#interpreter-name")).to_have_text("Samira Haddad")
    expect(page.locator(".user-name")).to_have_text("Samira Haddad")
    expect(page.locator("#upcoming tbody tr")).to_have_count(1)
    expect(page.locator("#past tbody tr")).to_have_count(1)
    assert page.locator("#upcoming tbody tr").evaluate("row => getComputedStyle(row).display") == "block"
    assert_fits(page, "the interpreter's jobs")
    page.screenshot(path=artifacts / "small-jobs.png", full_page=True)

    page.locator("#upcoming tbody tr a").first.click()
    page.wait_for_url(f"{live_server.url}/interpreting/jobs/*/")
    expect(page.locator("#interpreter-name")).to_have_text("Samira Haddad")
    expect(page.locator("#job-interpreter")).to_contain_text("Samira Haddad")
    expect(page.locator("main")).to_contain_text("Groenebriel 1")
    assert_fits(page, "the interpreter's job")
    page.screenshot(path=artifacts / "small-job.png", full_page=True)

    page.goto(f"{live_server.url}/interpreting/jobs/")
    page.locator("#past tbody tr a").first.click()
    page.wait_for_url(f"{live_server.url}/interpreting/jobs/*/")
    expect(page.locator(".panel-actions a")).to_be_visible()  # the performance sheet
    assert_fits(page, "the interpreter's past job")
    page.screenshot(path=artifacts / "small-job-past.png", full_page=True)
