"""Acceptance, issue 13 item 12: the functional administrator has a home.

Their start page links to the reference data, the users, the access history and the audit
trail (only what the role opens), and a file's access history names the changed fields as
the reader reads them ("date of birth", "geboortedatum"), never ``birth_date``.
Screenshots land in test-artifacts/.
"""

import pytest
from playwright.sync_api import expect

from haven.accounts.services import user_create
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessPurpose
from haven.people.tests.factories import PersonFactory, faker_seed

PASSWORD = "correct-horse-battery-staple"
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def world(transactional_db):
    faker_seed(13)
    admin = user_create(username="ada", password=PASSWORD, first_name="Ada", last_name="Admin", roles=["admin"])
    intake = user_create(username="ilse", password=PASSWORD, first_name="Ilse", last_name="Intake", roles=["intake"])
    person = PersonFactory()
    access_record(
        user=intake,
        person_id=person.pk,
        action=AccessAction.UPDATE,
        purpose=AccessPurpose.REGISTRATION,
        fields=["birth_date", "nt2_tests"],
    )
    return {"admin": admin, "person": person}


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


def set_language(page, code):
    page.locator(f".language-switch button[value={code}]").click()
    page.wait_for_load_state()


@pytest.mark.browser
def test_the_administrators_home_links_what_they_keep_and_the_history_names_fields(
    new_page, live_server, world, artifacts
):
    page = new_page()
    log_in(page, live_server, "ada")
    set_language(page, "en")
    admin = page.locator("#administration")
    expect(admin.locator("#admin-users a", has_text="Users")).to_be_visible()
    expect(admin.locator("#admin-reference a", has_text="Languages")).to_be_visible()
    expect(admin.locator("#admin-audit a")).to_have_attribute("href", "/audit/")
    expect(page.locator("#access-history form")).to_be_visible()
    # Only what the role opens: nothing of the logs in the Django admin, no person files.
    expect(admin.locator("a[href*='accesslogentry'], a[href*='auditentry']")).to_have_count(0)
    expect(page.locator(".shell-search")).to_have_count(0)
    page.screenshot(path=artifacts / "admin-home.png", full_page=True)

    for link in ("#admin-users a >> nth=0", "#admin-reference a >> nth=0", "#admin-audit a"):
        page.goto(f"{live_server.url}/")
        response_url = page.locator(link).get_attribute("href")
        response = page.goto(f"{live_server.url}{response_url}")
        assert response is not None and response.status == 200, response_url

    page.goto(f"{live_server.url}/")
    page.locator("#id_history_reference").fill(f"H{world['person'].pk:06d}")
    page.locator("#access-history button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/people/*/access-history/")
    table = page.locator("table.list")
    expect(table).to_contain_text("date of birth")
    expect(table).to_contain_text("tests")
    expect(table).not_to_contain_text("birth_date")
    page.screenshot(path=artifacts / "admin-access-history-en.png", full_page=True)
    set_language(page, "nl")
    expect(table).to_contain_text("geboortedatum")
    expect(table).not_to_contain_text("birth_date")
    page.screenshot(path=artifacts / "admin-access-history-nl.png", full_page=True)


@pytest.mark.browser
def test_the_administrators_home_fits_a_phone(new_page, live_server, world, artifacts):
    page = new_page(PHONE)
    log_in(page, live_server, "ada")
    expect(page.locator("#administration")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / "admin-home-phone.png", full_page=True)
