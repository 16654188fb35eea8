"""Acceptance, issue 16 item 8 (community), in the browser: the programme staff run the
matching of a Samen Gentenaar group, read each duo's score and reasons, exclude one
proposed pair, run the matching again (the pair is gone), confirm, and the duos appear on
the group's page. Screenshots land in test-artifacts/ and /tmp."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from haven.accounts.tests.factories import UserFactory
from haven.community.models import Duo, PairRule
from haven.community.tests.factories import BuddyFactory, GentenaarFactory, GroupFactory, ParticipantFactory
from haven.core.services import languages_load_defaults
from haven.people.tests.factories import PersonFactory, faker_seed
from tests.browser.test_casework import log_in


@pytest.fixture
def world(transactional_db):
    faker_seed(16)
    languages_load_defaults()  # a transactional test before this one may have flushed the reference data
    UserFactory(username="paula", first_name="Paula", last_name="Programma", roles=["programme_staff"])
    today = timezone.localdate()
    group = GroupFactory(name="Samen Gentenaar lente", starts_on=today + datetime.timedelta(days=14), closes_on=None)
    newcomers = [
        ParticipantFactory(
            group=group,
            registered_on=today - datetime.timedelta(days=10),
            person=PersonFactory(given_names=given, family_name=family, sex=sex, birth_date=born),
            interests=interests,
        )
        for given, family, sex, born, interests in (
            ("Samir", "Qadri", "M", datetime.date(1990, 2, 14), ["cooking", "sport"]),
            ("Hawa", "Tesfay", "F", datetime.date(1996, 7, 1), ["music"]),
        )
    ]
    buddies = [
        BuddyFactory(
            person=GentenaarFactory(given_names=given, family_name=family, sex=sex, birth_date=born),
            interests=interests,
            registered_on=today - datetime.timedelta(days=30),
            consent_given_on=today - datetime.timedelta(days=30),
        )
        for given, family, sex, born, interests in (
            ("Griet", "Vermeulen", "F", datetime.date(1992, 5, 5), ["music"]),
            ("Pieter", "Claeys", "M", datetime.date(1988, 3, 3), ["cooking", "sport"]),
            ("Ann", "De Wilde", "F", datetime.date(1960, 1, 1), []),
        )
    ]
    return {"group": group, "newcomers": newcomers, "buddies": buddies}


@pytest.mark.browser
def test_programme_staff_match_a_group_and_confirm_the_duos(new_page, live_server, world, artifacts):
    page = new_page()
    log_in(page, live_server, "paula")
    group = world["group"]
    page.goto(f"{live_server.url}/community/groups/{group.pk}/matching/")
    expect(page.locator("h1")).to_have_text("Matching")
    page.locator("#propose-form button[type=submit]").click()
    page.wait_for_load_state()
    rows = page.locator("#proposal tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#proposal-total")).not_to_have_text("")
    expect(page.locator("#proposal")).to_contain_text("Shared interests")
    page.screenshot(path=artifacts / "community-matching.png", full_page=True)
    page.screenshot(path="/tmp/community-matching.png", full_page=True)

    samir = world["newcomers"][0]
    samir_row = page.locator(f"#proposal tbody tr[data-participant='{samir.pk}']")
    proposed_buddy = int(samir_row.get_attribute("data-buddy"))
    samir_row.locator("button.exclude").click()
    page.wait_for_load_state()
    assert PairRule.objects.get().buddy_id == proposed_buddy
    expect(page.locator("#pair-rules")).to_contain_text("excluded")
    page.locator("#propose-form button[type=submit]").click()
    page.wait_for_load_state()
    samir_row = page.locator(f"#proposal tbody tr[data-participant='{samir.pk}']")
    assert int(samir_row.get_attribute("data-buddy")) != proposed_buddy
    page.screenshot(path="/tmp/community-matching-rerun.png", full_page=True)

    page.locator("#confirm-form button[type=submit]").click()
    page.wait_for_load_state()
    assert Duo.objects.filter(group=group).count() == 2
    assert not Duo.objects.filter(participant=samir, buddy_id=proposed_buddy).exists()
    page.goto(f"{live_server.url}/community/groups/{group.pk}/")
    expect(page.locator("#group-duos tbody tr")).to_have_count(2)
    expect(page.locator("#group-duos")).to_contain_text("QADRI Samir")
    page.screenshot(path="/tmp/community-group-duos.png", full_page=True)
    page.locator(".language-switch button[value=nl]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/community/")
    page.screenshot(path="/tmp/community-groups-nl.png", full_page=True)
