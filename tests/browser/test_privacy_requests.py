"""Acceptance (issue 18, item 3): the privacy officer restricts a file on request, the
counsellor whose caseload holds it no longer finds or opens it, the officer lifts the
restriction; the officer erases a file early and the file shows the pseudonym.
Screenshots of every privacy page land in test-artifacts/."""

import datetime

import pytest
from playwright.sync_api import expect

from haven.accounts.services import user_create
from haven.people.models import Person
from haven.people.services import person_create
from haven.people.tests.factories import caseload_add
from haven.privacy.models import SubjectRequest

from .test_counsellor_journey import PASSWORD, log_in

REASON = "Art. 18(1)(a): the person contests the accuracy of the address."


@pytest.fixture
def users(transactional_db):
    return {
        "carla": user_create(
            username="carla", password=PASSWORD, first_name="Carla", last_name="Persona", roles=["counsellor"]
        ),
        "pia": user_create(
            username="pia", password=PASSWORD, first_name="Pia", last_name="Persona", roles=["privacy_officer"]
        ),
    }


@pytest.fixture
def person(users):
    person = person_create(
        by=users["carla"],
        values={
            "given_names": "Olena",
            "family_name": "Kovalenko",
            "birth_date": datetime.date(1978, 6, 15),
            "sex": "F",
            "nationality": "UA",
        },
    )
    caseload_add(users["carla"], person)
    return person


def _first_log_in(page, live_server, username: str) -> None:
    # The live server's first answer loads every app's URLs and templates: on a busy
    # machine that takes longer than a click may wait.
    page.goto(f"{live_server.url}/login/", timeout=60_000)
    log_in(page, live_server, username=username)


def _decide(page, reason: str = REASON, received_on: str = "02/05/2024") -> None:
    page.locator("#restriction #id_reason").fill(reason)
    page.locator("#restriction #id_received_on").fill(received_on)
    page.locator("#restriction button[type=submit]").click()


@pytest.mark.browser
def test_the_officer_restricts_a_file_the_counsellor_loses_it_and_the_officer_lifts_it(
    new_page, live_server, users, person, artifacts
):
    counsellor = new_page()
    _first_log_in(counsellor, live_server, "carla")
    counsellor.goto(f"{live_server.url}/people/")
    rows = counsellor.locator("#results table.list tbody tr")
    expect(rows).to_have_count(1)

    officer = new_page()
    log_in(officer, live_server, username="pia")
    officer.goto(f"{live_server.url}/privacy/")
    officer.locator("#id_reference").fill(person.reference)
    officer.locator("button[name=to][value=requests]").click()
    officer.wait_for_url(f"{live_server.url}/privacy/people/{person.pk}/")
    expect(officer.locator("h1")).to_contain_text("KOVALENKO")
    _decide(officer)
    expect(officer.locator("#restriction-state")).to_be_visible()
    expect(officer.locator("#requests")).to_contain_text(REASON)
    officer.screenshot(path=str(artifacts / "privacy-person-restricted.png"), full_page=True)
    assert Person.objects.get(pk=person.pk).restricted_at is not None

    counsellor.goto(f"{live_server.url}/people/")
    expect(counsellor.locator("main")).not_to_contain_text("KOVALENKO")
    response = counsellor.goto(f"{live_server.url}/people/{person.pk}/?purpose=counselling")
    assert response is not None and response.status == 403
    expect(counsellor.locator("main")).not_to_contain_text("Kovalenko")
    counsellor.screenshot(path=str(artifacts / "privacy-restricted-refused.png"), full_page=True)

    # The officer reads it, read-only, with the banner; the restricted files list shows it.
    officer.goto(f"{live_server.url}/people/{person.pk}/?purpose=subject_request")
    expect(officer.locator("#restricted-banner")).to_be_visible()
    officer.screenshot(path=str(artifacts / "privacy-restricted-file.png"), full_page=True)
    officer.goto(f"{live_server.url}/privacy/restrictions/")
    expect(officer.locator("main table.list")).to_contain_text(person.reference)
    officer.screenshot(path=str(artifacts / "privacy-restrictions.png"), full_page=True)

    officer.locator(f"main table.list a:has-text('{person.reference}')").click()
    officer.wait_for_url(f"{live_server.url}/privacy/people/{person.pk}/")
    _decide(officer, reason="The accuracy is verified: the address is right.")
    expect(officer.locator("#restriction-state")).to_have_count(0)

    counsellor.goto(f"{live_server.url}/people/")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("KOVALENKO")
    assert list(SubjectRequest.objects.values_list("kind", flat=True)) == ["lift", "restriction"]


@pytest.mark.browser
def test_the_officer_erases_a_file_early_and_the_file_shows_the_pseudonym(
    new_page, live_server, users, person, artifacts
):
    officer = new_page()
    _first_log_in(officer, live_server, "pia")
    officer.goto(f"{live_server.url}/privacy/people/{person.pk}/")
    officer.screenshot(path=str(artifacts / "privacy-person.png"), full_page=True)
    officer.locator(f"#erasure a[href='/privacy/people/{person.pk}/erasure/']").click()
    officer.wait_for_url(f"{live_server.url}/privacy/people/{person.pk}/erasure/")
    expect(officer.locator("main")).to_contain_text("KOVALENKO")
    officer.screenshot(path=str(artifacts / "privacy-erasure-confirm.png"), full_page=True)

    officer.locator("#id_reason").fill("Art. 17(1)(a): no longer needed; the person moved abroad.")
    officer.locator("#id_received_on").fill("02/05/2024")
    officer.locator("button.danger").click()
    expect(officer.locator(".has-error")).to_have_count(1)  # the confirmation is missing
    officer.locator("#id_confirm").check()
    officer.locator("button.danger").click()
    officer.wait_for_url(f"{live_server.url}/privacy/people/{person.pk}/")
    expect(officer.locator("#anonymised-state")).to_be_visible()

    officer.goto(f"{live_server.url}/people/{person.pk}/?purpose=subject_request")
    expect(officer.locator("h1")).to_contain_text(f"ANON-{person.pk}")
    expect(officer.locator("main")).not_to_contain_text("Kovalenko")
    officer.screenshot(path=str(artifacts / "privacy-erased-file.png"), full_page=True)
    officer.goto(f"{live_server.url}/privacy/requests/")
    expect(officer.locator("main table.list")).to_contain_text(person.reference)
    officer.screenshot(path=str(artifacts / "privacy-requests.png"), full_page=True)
