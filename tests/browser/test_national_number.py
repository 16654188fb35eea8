"""Acceptance (issue 13, item 7): at the desk, typing a national register number in the
registration form fills the date of birth and the sex before anything is sent; a number
that disagrees with a date typed over it is an error on the date's field; a number already
registered links to that person's file. Screenshots land in test-artifacts/."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from haven.accounts.services import user_create
from haven.people.services import person_create

from .test_counsellor_journey import PASSWORD, log_in

DATE_MISMATCH = "The date of birth does not match the national register or BIS number."


def _dutch(message: str) -> str:
    """The page speaks Dutch (the default language)."""
    with translation.override("nl"):
        return gettext(message)


@pytest.fixture
def intake(transactional_db):
    return user_create(username="ines", password=PASSWORD, first_name="Ines", last_name="Persona", roles=["intake"])


@pytest.mark.browser
def test_typing_the_number_fills_birth_date_and_sex_and_checks_them(page, live_server, intake, artifacts):
    page.goto(f"{live_server.url}/login/", timeout=60_000)  # a fresh server's first page loads every app
    log_in(page, live_server, "ines")
    page.goto(f"{live_server.url}/people/new/")
    page.locator("#id_given_names").fill("Ivan")
    page.locator("#id_family_name").fill("Karakashev")
    page.locator("#id_native_given_names").fill("Иван")
    page.locator("#id_native_family_name").fill("Каракашев")
    expect(page.locator("#id_birth_date")).to_have_value("")
    page.locator("#id_national_number").press_sequentially("85.07.30-033.28")
    expect(page.locator("#id_birth_date")).to_have_value("30/07/1985")
    expect(page.locator("#id_sex")).to_have_value("M")
    page.screenshot(path=str(artifacts / "national-number-filled.png"), full_page=True)

    # A date typed over the filled one disagrees with the number: an error on that field.
    page.locator("#id_birth_date").fill("31/07/1985")
    page.locator("form.person-form button[type=submit]").click()
    expect(page.locator("#id_birth_date-error")).to_have_text(_dutch(DATE_MISMATCH))
    page.screenshot(path=str(artifacts / "national-number-mismatch.png"), full_page=True)


@pytest.mark.browser
def test_a_number_already_registered_links_to_the_file(page, live_server, intake, artifacts):
    existing = person_create(
        by=intake,
        values={
            "given_names": "Ivan",
            "family_name": "Karakashev",
            "native_given_names": "Иван",
            "native_family_name": "Каракашев",
            "birth_date": "1985-07-30",
            "sex": "M",
            "national_number": "85073003328",
        },
    )
    page.goto(f"{live_server.url}/login/", timeout=60_000)  # a fresh server's first page loads every app
    log_in(page, live_server, "ines")
    page.goto(f"{live_server.url}/people/new/")
    page.locator("#id_given_names").fill("Iwan")
    page.locator("#id_family_name").fill("Karakasjev")
    page.locator("#id_national_number").press_sequentially("85 07 30 033 28")
    expect(page.locator("#id_sex")).to_have_value("M")
    page.locator("form.person-form button[type=submit]").click()
    link = page.locator(f'#id_national_number-error a[href="/people/{existing.pk}/"]')
    expect(link).to_contain_text(existing.reference)
    expect(link).to_contain_text("KARAKASHEV Ivan")
    page.screenshot(path=str(artifacts / "national-number-already-registered.png"), full_page=True)
    link.click()
    expect(page.locator("body")).to_contain_text(existing.reference)
