"""Acceptance: a counsellor opens a file outside the caseload only by giving a reason
(breaking the glass); the privacy officer sees the opening with the reason and marks it
reviewed. Screenshots of both pages land in test-artifacts/."""

import datetime

import pytest
from playwright.sync_api import expect

from haven.accounts.services import user_create
from haven.core.models import AccessLogEntry
from haven.people.services import person_create

from .test_counsellor_journey import PASSWORD, log_in

REASON = "Client called: the counsellor is ill and a letter is due today."


@pytest.fixture
def users(transactional_db):
    return {
        "carla": user_create(
            username="carla", password=PASSWORD, first_name="Carla", last_name="Persona", roles=["counsellor"]
        ),
        "pia": user_create(
            username="pia", password=PASSWORD, first_name="Pia", last_name="Persona", roles=["privacy_officer"]
        ),
        "ines": user_create(
            username="ines", password=PASSWORD, first_name="Ines", last_name="Persona", roles=["intake"]
        ),
    }


@pytest.mark.browser
def test_counsellor_breaks_the_glass_and_the_privacy_officer_reviews(new_page, live_server, users, artifacts):
    person = person_create(
        by=users["ines"],
        values={
            "given_names": "Olena",
            "family_name": "Kovalenko",
            "birth_date": datetime.date(1978, 6, 15),
            "sex": "F",
            "nationality": "UA",
        },
    )

    page = new_page()
    log_in(page, live_server)
    page.goto(f"{live_server.url}/people/{person.pk}/?purpose=counselling")
    expect(page.locator("h1")).to_contain_text(f"H{person.pk:06d}")
    expect(page.locator("body")).not_to_contain_text("Kovalenko")
    page.screenshot(path=str(artifacts / "break-glass-form.png"), full_page=True)
    page.locator("#id_reason").fill(REASON)
    page.locator("form button[type=submit].primary").click()
    expect(page.locator("h1")).to_contain_text("KOVALENKO")
    entry = AccessLogEntry.objects.get(person_id=person.pk, action="view")
    assert entry.break_glass and entry.reason == REASON

    officer = new_page()
    log_in(officer, live_server, username="pia")
    officer.goto(f"{live_server.url}/privacy/")
    expect(officer.locator("main")).to_contain_text(REASON)
    officer.screenshot(path=str(artifacts / "privacy-review.png"), full_page=True)
    officer.locator("form.inline button[value=yes]").first.click()
    officer.goto(f"{live_server.url}/privacy/?show=reviewed")
    expect(officer.locator("main")).to_contain_text(REASON)
    assert entry.glass_review.reviewed_by == users["pia"]
