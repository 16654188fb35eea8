"""Acceptance: a partner user books an interpreter in the portal; the dispatcher runs
dispatch for that week and confirms; the partner sees the confirmed booking with the
interpreter's name. Screenshots land in test-artifacts/."""

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
    RequestStatus,
    Sector,
    Site,
    Zone,
)
from haven.interpreting.workdays import BRUSSELS, add_working_days

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def world(transactional_db, settings):
    settings.HAVEN_DISPATCH_SECONDS = 5
    zone = Zone.objects.create(code="GENT-C", name="Gent centrum")
    organisation = Organisation.objects.create(
        name="AZ Sint-Lucas", enterprise_number="0403170701", sector=Sector.HEALTH
    )
    Agreement.objects.create(organisation=organisation, starts_on=date(2018, 1, 1), status=AgreementStatus.ACTIVE)
    site = Site.objects.create(
        organisation=organisation,
        name="Campus Groenebriel",
        street="Groenebriel 1",
        postal_code="9000",
        municipality="Gent",
        zone=zone,
    )
    partner = user_create(username="pia", password=PASSWORD, first_name="Pia", last_name="Partner", roles=["partner"])
    PartnerContact.objects.create(user=partner, organisation=organisation)
    user_create(username="dina", password=PASSWORD, first_name="Dina", last_name="Dispatch", roles=["dispatcher"])
    interpreter = Interpreter.objects.create(
        given_names="Samira",
        family_name="Haddad",
        sex="f",
        email="samira@example.org",
        phone="+32 470 12 34 56",
        home_zone=zone,
        modalities=["on_site", "video"],
        max_hours_per_week=30,
    )
    InterpreterLanguage.objects.create(interpreter=interpreter, language=Language.objects.get_or_create(code="ara")[0])
    Availability.objects.bulk_create(
        [Availability(interpreter=interpreter, weekday=day, starts_at=time(8), ends_at=time(18)) for day in range(5)]
    )
    day = add_working_days(datetime.now(BRUSSELS).date(), 5)
    return {"site": site, "day": day, "interpreter": interpreter}


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").press_sequentially(username)
    page.locator("#id_password").press_sequentially(PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.browser
def test_partner_books_dispatcher_confirms_partner_sees_the_booking(new_page, live_server, world, artifacts):
    day = world["day"]

    # The partner books an interpreter.
    partner = new_page()
    log_in(partner, live_server, "pia")
    partner.goto(f"{live_server.url}/interpreting/")
    partner.wait_for_url(f"{live_server.url}/interpreting/portal/")
    partner.goto(f"{live_server.url}/interpreting/portal/new/")
    partner.locator("#id_kind").select_option("on_site")
    partner.locator("#id_language").select_option("ara", force=True)  # the search box's hidden select
    partner.locator("#id_starts_at_0").fill(day.isoformat())  # the browser's date and time pickers
    partner.locator("#id_starts_at_1").fill("10:00")
    partner.locator("#id_duration_minutes").fill("90")
    partner.locator("#id_site").select_option(str(world["site"].pk))
    partner.locator("#id_subject_sector").select_option("health")
    partner.locator("#id_notes").fill("Intake conversation at the paediatrics ward.")
    partner.screenshot(path=artifacts / "interpreting-request-form.png", full_page=True)
    partner.locator("form.request-form button[type=submit]").click()
    partner.wait_for_url(f"{live_server.url}/interpreting/requests/*/")
    job = InterpretingRequest.objects.get()
    assert job.status == RequestStatus.OPEN
    assert job.starts_at.astimezone(BRUSSELS) == datetime.combine(day, time(10), tzinfo=BRUSSELS)
    expect(partner.locator("#booked-interpreter")).to_have_count(0)

    # The dispatcher runs dispatch for that week and confirms.
    dispatcher = new_page()
    log_in(dispatcher, live_server, "dina")
    dispatcher.goto(f"{live_server.url}/interpreting/")
    dispatcher.wait_for_url(f"{live_server.url}/interpreting/dispatch/")
    monday = day - timedelta(days=day.weekday())
    dispatcher.locator("#id_monday").fill(f"{monday:%d/%m/%Y}")
    dispatcher.locator("#id_method").select_option("greedy")
    dispatcher.locator("#run-form button[type=submit]").click()
    dispatcher.wait_for_url(f"{live_server.url}/interpreting/dispatch/runs/*/")
    expect(dispatcher.locator("#proposals > tbody > tr")).to_have_count(1)
    expect(dispatcher.locator("#proposals")).to_contain_text("Samira Haddad")
    dispatcher.screenshot(path=artifacts / "interpreting-dispatch-run.png", full_page=True)
    dispatcher.locator("#confirm-all button[type=submit]").click()
    expect(dispatcher.locator(".message.success")).to_be_visible()
    job.refresh_from_db()
    assert job.status == RequestStatus.CONFIRMED

    # The partner sees the confirmed booking.
    partner.reload()
    expect(partner.locator("#booked-interpreter")).to_have_text("Samira Haddad")
    expect(partner.locator("#booking")).to_contain_text("+32 470 12 34 56")
    partner.screenshot(path=artifacts / "interpreting-confirmed-booking.png", full_page=True)
    partner.goto(f"{live_server.url}/interpreting/portal/")
    expect(partner.locator("#requests tbody tr")).to_have_count(1)
    expect(partner.locator("#requests")).to_contain_text("Samira Haddad")
    partner.screenshot(path=artifacts / "interpreting-portal.png", full_page=True)
