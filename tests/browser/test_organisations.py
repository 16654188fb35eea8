"""Acceptance, issue 16 (organisations), in the browser: the programme staff open a
school's testimony request, see the ambassadors who can take it best fit first (the one
booked elsewhere that day is not offered), propose the best fit, record the ambassador's
confirmation and the testimony given, see a payment dated before the testimony refused
on its field, then record it. Screenshots land in test-artifacts/ and /tmp."""

import datetime

import pytest
from playwright.sync_api import expect

from haven.accounts.tests.factories import UserFactory
from haven.core.models import Language
from haven.core.services import languages_load_defaults
from haven.organisations import models
from haven.organisations.tests.factories import AmbassadorFactory, RequestedTestimonyFactory
from haven.people.tests.factories import PersonFactory, faker_seed
from tests.browser.test_casework import log_in

DAY = datetime.date(2019, 5, 7)  # a Tuesday


def _ambassador(given: str, family: str, **values):
    person = PersonFactory(
        given_names=given, family_name=family, birth_date=datetime.date(1984, 3, 3), first_registration_date=None
    )
    return AmbassadorFactory(person=person, **values)


@pytest.fixture
def world(transactional_db):
    faker_seed(16)
    languages_load_defaults()  # a transactional test before this one may have flushed the reference data
    UserFactory(username="paula", first_name="Paula", last_name="Programma", roles=["programme_staff"])
    arabic = Language.objects.get(code="ara")
    best = _ambassador("Yasmina", "Benali")
    best.person.languages.add(arabic)
    other = _ambassador("Tarik", "Ouardi", themes=["discrimination"])
    booked = _ambassador("Leila", "Haddou")
    booked.person.languages.add(arabic)
    RequestedTestimonyFactory(ambassador=booked, state="confirmed", held_on=DAY, requester="Atheneum Voskenslaan")
    testimony = RequestedTestimonyFactory(requester="Sint-Barbaracollege", language=arabic, held_on=DAY, listeners=28)
    return {"best": best, "other": other, "booked": booked, "testimony": testimony}


@pytest.mark.browser
def test_programme_staff_propose_and_confirm_an_ambassador_for_a_testimony(new_page, live_server, world, artifacts):
    page = new_page()
    log_in(page, live_server, "paula")
    page.goto(f"{live_server.url}/organisations/?state=requested")
    page.get_by_role("link", name="Sint-Barbaracollege").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Sint-Barbaracollege")

    rows = page.locator("#proposals tbody tr")
    expect(rows).to_have_count(2)  # Leila gives another testimony that day
    expect(rows.nth(0)).to_contain_text("BENALI Yasmina")
    expect(rows.nth(1)).to_contain_text("OUARDI Tarik")
    page.screenshot(path=artifacts / "organisations-proposals.png", full_page=True)
    page.screenshot(path="/tmp/organisations-proposals.png", full_page=True)
    rows.nth(0).locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#testimony-ambassador")).to_contain_text("BENALI Yasmina")

    page.locator("#confirm-form button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("#give-form input[name=allowance]").fill("35")
    page.locator("#give-form button[type=submit]").click()
    page.wait_for_load_state()

    pay = page.locator("#pay-form")
    pay.locator("input[name=allowance_paid_on]").fill("01/05/2019")
    pay.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#id_allowance_paid_on-error")).to_be_visible()
    page.screenshot(path="/tmp/organisations-pay-refused.png", full_page=True)
    testimony = models.TestimonyRequest.objects.get(pk=world["testimony"].pk)
    assert (testimony.state, testimony.allowance_paid_on) == ("given", None)

    page.locator("#pay-form input[name=allowance_paid_on]").fill("20/05/2019")
    page.locator("#pay-form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#pay-form")).to_have_count(0)
    page.screenshot(path="/tmp/organisations-testimony-paid.png", full_page=True)
    testimony.refresh_from_db()
    assert (testimony.ambassador_id, testimony.state, testimony.allowance_paid_on) == (
        world["best"].pk,
        "given",
        datetime.date(2019, 5, 20),
    )
