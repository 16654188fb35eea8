"""Acceptance, issue 15 item 7 (leisure), in the browser: programme staff refer an adult to
volunteering by file number, see the follow-up date refused before the referral date, then
record the outcome; the referrals list, the person file's panel and an event's schools
are shown. Screenshots land in test-artifacts/ and /tmp."""

import datetime

import pytest
from playwright.sync_api import expect

from haven.accounts.tests.factories import UserFactory
from haven.core.services import languages_load_defaults
from haven.leisure.models import LeisureOutcome, Referral
from haven.leisure.tests.factories import EventFactory, EventTallyFactory, OrganisationFactory
from haven.people.tests.factories import PersonFactory, faker_seed
from tests.browser.test_casework import log_in


@pytest.fixture
def world(transactional_db):
    faker_seed(15)
    languages_load_defaults()  # a transactional test before this one may have flushed the reference data
    UserFactory(username="paula", first_name="Paula", last_name="Programma", roles=["programme_staff"])
    OrganisationFactory(name="Sportdienst Stad Gent", kind="sport", contact_name="Onthaal Sportdienst")
    volunteering = OrganisationFactory(
        name="Vrijwilligerspunt Gent", kind="volunteering", contact_name="Ines Vermeulen"
    )
    person = PersonFactory(given_names="Samir", family_name="Qadri", birth_date=datetime.date(1990, 2, 14))
    planeet = EventFactory(name="Dagje Planeet Gent 2019")
    for school, count in (("OKAN Sint-Pieterscollege", 42), ("OKAN Atheneum Noord", 37)):
        EventTallyFactory(event=planeet, name=school, count=count)
    return {"person": person, "organisation": volunteering, "event": planeet}


@pytest.mark.browser
def test_programme_staff_refer_an_adult_to_volunteering(new_page, live_server, world, artifacts):
    page = new_page()
    log_in(page, live_server, "paula")
    page.goto(f"{live_server.url}/leisure/")
    page.locator("#id_reference").fill(world["person"].reference)
    page.locator("#referral-start button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("QADRI Samir")

    form = page.locator("#referral-form")
    form.locator("#id_kind").select_option("volunteering")
    form.locator("#id_organisation").select_option(label="Vrijwilligerspunt Gent")
    form.locator("#id_activity").fill("Onthaal in het buurtrestaurant")
    form.locator("#id_referred_on").fill("06/05/2019")
    form.locator("#id_follow_up_on").fill("01/05/2019")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#id_follow_up_on-error")).to_have_text("The follow-up date is on or after the referral date.")
    assert not Referral.objects.exists()
    page.screenshot(path=artifacts / "leisure-referral-error.png", full_page=True)
    page.screenshot(path="/tmp/leisure-referral-error.png", full_page=True)

    page.locator("#id_follow_up_on").fill("03/06/2019")
    page.locator("#referral-form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#referral-facts")).to_contain_text("volunteering")
    expect(page.locator("#referral-facts")).to_contain_text("Vrijwilligerspunt Gent")

    outcome = page.locator("#outcome-form")
    outcome.locator("#id_outcome").select_option("started")
    outcome.locator("#id_outcome_on").fill("20/05/2019")
    outcome.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#referral-facts")).to_contain_text("started (20/05/2019)")
    page.screenshot(path="/tmp/leisure-referral-detail.png", full_page=True)
    referral = Referral.objects.get()
    assert (referral.kind, referral.outcome, referral.outcome_on) == (
        "volunteering",
        LeisureOutcome.STARTED,
        datetime.date(2019, 5, 20),
    )

    page.goto(f"{live_server.url}/leisure/?kind=volunteering&age=adult")
    expect(page.locator("#referrals tbody tr")).to_have_count(1)
    page.screenshot(path="/tmp/leisure-referrals.png", full_page=True)
    page.goto(f"{live_server.url}/people/{world['person'].pk}/?purpose=programme")
    expect(page.locator("#leisure-referrals")).to_contain_text("Onthaal in het buurtrestaurant")
    page.screenshot(path="/tmp/leisure-person-file.png", full_page=True)
    page.goto(f"{live_server.url}/leisure/events/{world['event'].pk}/")
    expect(page.locator("#tallies tfoot")).to_contain_text("79")
    page.screenshot(path="/tmp/leisure-event.png", full_page=True)
    page.locator(".language-switch button[value=nl]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/leisure/")
    expect(page.locator("h1")).to_have_text("Toeleidingen vrije tijd")
    page.screenshot(path="/tmp/leisure-referrals-nl.png", full_page=True)
