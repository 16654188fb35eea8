"""Acceptance: languages as people name them. On the registration form (in Dutch, the
default), the languages, the preferred language and the nationality are searchable pickers:
typing finds a language by its Dutch or English name ("perz" finds Farsi), the keyboard
chooses (arrows, Enter, Backspace), the chosen ones are buttons that remove them, and the
hidden <select> holds what the form posts. No ancient language is found. Screenshots land
in test-artifacts/ (language-picker-nl.png)."""

import pytest
from playwright.sync_api import expect

from haven.accounts.services import user_create
from haven.core import reference
from haven.core.models import Language
from haven.core.services import languages_load_defaults

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def intake(transactional_db):
    # A transactional test empties the tables after it, the languages of the data migration
    # too: load them again, the agency's switched on.
    languages_load_defaults()
    Language.objects.filter(code__in=reference.AGENCY_LANGUAGES).update(active=True)
    return user_create(username="ines", password=PASSWORD, first_name="Ines", last_name="Persona", roles=["intake"])


@pytest.fixture
def patient_expect():
    """A busy machine (CI shares two cores): wait up to 30 s for what the page shows."""
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=None)


def _log_in(page, live_server):
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").press_sequentially("ines")
    page.locator("#id_password").press_sequentially(PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


def _chosen(page, select_id: str) -> list[str]:
    return page.locator(f"#{select_id}").evaluate("s => Array.from(s.selectedOptions).map(o => o.value)")


@pytest.mark.browser
def test_the_registration_form_picks_languages_by_typing_in_dutch(
    new_page, live_server, intake, artifacts, patient_expect
):
    page = new_page()
    page.set_default_timeout(60_000)  # a busy machine: the first page compiles the templates
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/people/new/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    # The <select multiple> is hidden; its label now names the search box.
    expect(page.locator("#id_languages")).to_be_hidden()
    search = page.locator("#id_languages-search")
    expect(search).to_be_visible()
    expect(page.locator("label[for='id_languages-search']")).to_have_count(1)
    expect(search).to_have_attribute("role", "combobox")

    # Type, choose with Enter: Arabisch. The list is in Dutch and accents do not matter.
    search.click()
    search.press_sequentially("arab")
    listbox = page.locator("#id_languages-listbox")
    expect(search).to_have_attribute("aria-expanded", "true")
    expect(listbox.locator("[role=option]:visible").first).to_have_text("Arabisch")
    search.press("Enter")
    expect(page.locator("#id_languages-search").locator("xpath=..").locator(".picker-chip")).to_have_text(["Arabisch"])

    # An English or CLDR name finds the agency's name: "perz" (Perzisch) finds Farsi.
    search.press_sequentially("perz")
    expect(listbox.locator("[role=option]:visible")).to_have_text(["Farsi"])
    search.press("Enter")
    # Dutch is a language a person may speak; arrows move through the matches.
    search.press_sequentially("ned")
    expect(listbox.locator("[role=option]:visible").first).to_have_text("Nederlands")
    search.press("Enter")
    assert sorted(_chosen(page, "id_languages")) == ["ara", "fas", "nld"]

    # Backspace in the empty box removes the last one chosen; a chip's button removes its own.
    search.press("Backspace")
    assert sorted(_chosen(page, "id_languages")) == ["ara", "fas"]
    page.get_by_role("button", name="Farsi").click()
    assert _chosen(page, "id_languages") == ["ara"]

    # No ancient or constructed language is ever found.
    search.press_sequentially("avest")
    expect(listbox.locator("[role=option]:visible")).to_have_count(0)
    search.press("Escape")
    search.fill("")

    # The nationality: one value, found by a part of its name.
    nationality = page.locator("#id_nationality-search")
    nationality.click()
    nationality.press_sequentially("macedon")
    expect(page.locator("#id_nationality-listbox [role=option]:visible")).to_have_text(["Noord-Macedonië"])
    nationality.press("Enter")
    assert _chosen(page, "id_nationality") == ["MK"]

    # "koerd": the agency's two Kurdish languages first, then the other one; the picture.
    search.click()
    search.press_sequentially("koerd")
    expect(listbox.locator("[role=option]:visible")).to_have_text(
        ["Koerdisch (Kurmanji)", "Koerdisch (Sorani)", "Koerdisch"]
    )
    expect(listbox.locator(".picker-group:visible")).to_have_count(2)
    search.press("ArrowDown")
    expect(listbox.locator("[role=option].active")).to_have_text("Koerdisch (Sorani)")
    page.locator("#id_languages-search").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "language-picker-nl.png", full_page=True)
    search.press("Enter")
    assert sorted(_chosen(page, "id_languages")) == ["ara", "ckb"]
