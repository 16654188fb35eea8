"""Acceptance, issue 18 (items 2 and 7), in the browser: the privacy officer opens the
retention page, sees the file due by its number only, cannot send the form without ticking the box, confirms the
first run, and finds it among the runs with the file anonymised; the page in Dutch too.
Screenshots land in test-artifacts/ and /tmp."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from haven.accounts.tests.factories import UserFactory
from haven.core.services import languages_load_defaults
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory, faker_seed
from haven.privacy.models import AnonymisationRun
from tests.browser.test_casework import log_in


@pytest.fixture
def world(transactional_db):
    faker_seed(18)
    languages_load_defaults()  # a transactional test before this one may have flushed the reference data
    UserFactory(username="priya", first_name="Priya", last_name="Privacy", roles=["privacy_officer"])
    person = PersonFactory(given_names="Zephyrine", family_name="Quaxtonbury", national_number=None)
    Person.objects.filter(pk=person.pk).update(updated_at=timezone.now() - datetime.timedelta(days=6 * 366))
    return {"person": person}


@pytest.mark.browser
def test_the_privacy_officer_confirms_the_first_anonymisation(new_page, live_server, world, artifacts):
    person = world["person"]
    page = new_page()
    log_in(page, live_server, "priya")
    page.goto(f"{live_server.url}/privacy/")
    page.get_by_role("link", name="Retention and anonymisation").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Retention and anonymisation")
    expect(page.get_by_text("No run has been confirmed yet")).to_be_visible()
    expect(page.get_by_role("link", name=f"H{person.pk:06d}")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Quaxtonbury")
    page.screenshot(path=artifacts / "privacy-retention.png", full_page=True)
    page.screenshot(path="/tmp/privacy-retention.png", full_page=True)

    # Without the box ticked the browser holds the form back (the server's refusal is tested
    # in privacy/tests/test_retention_page.py).
    page.get_by_role("button", name="Confirm the first run and anonymise now").click()
    assert page.eval_on_selector("#id_confirm", "box => box.validity.valueMissing") is True
    assert not AnonymisationRun.objects.exists()

    page.get_by_label("I have read what is due").check()
    page.get_by_role("button", name="Confirm the first run and anonymise now").click()
    page.wait_for_url(f"{live_server.url}/privacy/retention/")
    expect(page.get_by_text("Anonymised: 1 people")).to_be_visible()
    expect(page.get_by_text("No run has been confirmed yet")).to_have_count(0)
    runs = page.locator("section", has_text="Runs").locator("tbody tr")
    expect(runs).to_have_count(1)
    expect(runs.first).to_contain_text("the privacy officer's page")
    person.refresh_from_db()
    assert person.family_name == f"ANON-{person.pk}" and person.anonymised_at is not None

    page.locator(".language-switch button[value=nl]").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Bewaring en anonimisering")
    page.screenshot(path="/tmp/privacy-retention-nl.png", full_page=True)
