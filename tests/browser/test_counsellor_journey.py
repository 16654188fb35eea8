"""Acceptance: a counsellor logs in, finds a newcomer by typing part of the family
name (htmx search-as-you-type, no page reload), opens the file, and the read is logged.
Plus the language switch and the tablet layout. Screenshots land in test-artifacts/."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from haven.accounts.services import user_create
from haven.core.models import AccessAction, AccessLogEntry, AccessPurpose
from haven.people.services import person_create
from haven.people.tests.factories import caseload_add

from .conftest import LAPTOP, TABLET

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def counsellor(transactional_db):
    return user_create(
        username="carla", password=PASSWORD, first_name="Carla", last_name="Persona", roles=["counsellor"]
    )


@pytest.fixture
def people(counsellor):
    """Three newcomers of the counsellor's caseload (whose files the access policy lets a
    counsellor find and open), one with an accented family name the search must find unaccented."""
    rows = [
        ("Ayşe", "Çelikkaya", datetime.date(1990, 11, 27), "F", "TR"),
        ("Mohammed", "Haddad", datetime.date(1985, 3, 4), "M", "SY"),
        ("Olena", "Kovalenko", datetime.date(1978, 6, 15), "F", "UA"),
    ]
    people = {
        family: person_create(
            by=counsellor,
            values={
                "given_names": given,
                "family_name": family,
                "birth_date": birth,
                "sex": sex,
                "nationality": country,
            },
        )
        for given, family, birth, sex, country in rows
    }
    caseload_add(counsellor, *people.values())
    return people


def log_in(page, live_server, username="carla", password=PASSWORD):
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").press_sequentially(username)
    page.locator("#id_password").press_sequentially(password)
    page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.browser
def test_counsellor_finds_a_newcomer_and_opens_the_file(page, live_server, counsellor, people, artifacts):
    person = people["Çelikkaya"]

    log_in(page, live_server)
    expect(page.locator("h1")).to_contain_text("Carla")

    page.locator(".shell-nav a[href='/people/']").click()
    page.wait_for_url(f"{live_server.url}/people/")
    rows = page.locator("#results table.list tbody tr")
    expect(rows).to_have_count(3)

    # Mark the document: a full reload would lose the mark, an htmx swap keeps it.
    page.evaluate("window.__noReload = true")
    search_requests = []
    page.on("request", lambda request: search_requests.append(request) if request.method == "POST" else None)
    page.locator("#id_q").press_sequentially("celi", delay=60)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("ÇELIKKAYA Ayşe")
    assert page.evaluate("window.__noReload") is True
    assert page.url == f"{live_server.url}/people/"
    assert search_requests and all(request.headers.get("hx-request") == "true" for request in search_requests)

    page.get_by_role("link", name="ÇELIKKAYA Ayşe").click()
    page.wait_for_url(f"{live_server.url}/people/{person.pk}/?purpose=counselling")
    expect(page.locator("h1")).to_have_text("ÇELIKKAYA Ayşe")
    expect(page.locator("#panel-identity-title")).to_have_text(re.compile(r"^(Identity|Identiteit)$"))
    expect(page.locator("#panel-identity")).to_contain_text("27/11/1990")
    page.screenshot(path=artifacts / "counsellor-person-file.png", full_page=True)

    reads = AccessLogEntry.objects.filter(person_id=person.pk, action=AccessAction.VIEW)
    assert [(entry.user_id, entry.purpose, entry.channel) for entry in reads] == [
        (counsellor.pk, AccessPurpose.COUNSELLING, "web")
    ]


@pytest.mark.browser
def test_language_switch_changes_the_interface(page, live_server, counsellor):
    log_in(page, live_server)
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "nl")  # Dutch unless the user picks English
    expect(page.locator(".shell-nav")).to_contain_text("Nieuwkomers")

    page.locator(".language-switch button[value=en]").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator(".shell-nav")).to_contain_text("Newcomers")
    expect(page.locator(".language-switch button[value=en]")).to_have_attribute("aria-current", "true")

    page.goto(f"{live_server.url}/people/")  # the choice sticks (a cookie), page after page
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Newcomers")

    page.locator(".language-switch button[value=nl]").click()
    expect(html).to_have_attribute("lang", "nl")
    expect(page).to_have_url(f"{live_server.url}/people/")
    expect(page.locator("h1")).to_have_text("Nieuwkomers")


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.browser
@pytest.mark.parametrize(("device", "viewport"), [("laptop", LAPTOP), ("tablet", TABLET)])
def test_pages_fit_the_screen(new_page, live_server, counsellor, people, artifacts, device, viewport):
    page = new_page(viewport)
    overflow = {}

    page.goto(f"{live_server.url}/login/")
    overflow["login"] = horizontal_overflow(page)
    page.screenshot(path=artifacts / f"login-{device}.png", full_page=True)

    log_in(page, live_server)
    overflow["start"] = horizontal_overflow(page)
    page.screenshot(path=artifacts / f"start-{device}.png", full_page=True)

    page.goto(f"{live_server.url}/people/")
    page.locator("#id_q").press_sequentially("ko", delay=60)
    expect(page.locator("#results table.list tbody tr")).to_have_count(1)
    overflow["list"] = horizontal_overflow(page)
    page.screenshot(path=artifacts / f"list-results-{device}.png", full_page=True)

    page.locator("#results table.list tbody a").first.click()
    expect(page.locator("#panel-identity")).to_be_visible()
    overflow["file"] = horizontal_overflow(page)
    page.screenshot(path=artifacts / f"file-{device}.png", full_page=True)

    assert overflow == {"login": 0, "start": 0, "list": 0, "file": 0}
