"""Acceptance, issue 15 item 7, in the browser: register the stay of a family new to the
registry with a child, see the calendar's free places, and mark the child present at the
day's lessons. Screenshots land in /tmp (transit_site-*.png)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from haven.accounts.tests.factories import PASSWORD, UserFactory
from haven.people.tests.factories import faker_seed
from haven.transit_site.models import Attendance, LessonDays, Site, Stay


@pytest.fixture
def world(transactional_db):
    faker_seed(15)
    staff = UserFactory(username="pia", first_name="Pia", last_name="Terrein", roles=["programme_staff"])
    site = Site.objects.create(name="Doortrekkersterrein Drongensesteenweg", places=25)
    LessonDays.objects.create(site=site, valid_from=datetime.date(2019, 1, 1), weekdays="0124")
    return {"staff": staff, "site": site}


def log_in(page, live_server, username, language="en"):
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    page.locator(f".language-switch button[value={language}]").click()
    page.wait_for_load_state()


def test_register_a_stay_and_mark_attendance(page, live_server, world):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    arrival = monday - datetime.timedelta(days=7)
    log_in(page, live_server, "pia")

    page.goto(f"{live_server.url}/transit-site/")
    page.get_by_role("link", name="Register a stay").click()
    page.locator("#id_head-given_names").fill("Manouche")
    page.locator("#id_head-family_name").fill("Lagrène")
    page.locator("#id_head-birth_date").fill("12/02/1983")
    page.locator("#id_head-sex").select_option("M")
    page.locator("#id_head-nationality").select_option("FR")
    page.locator("#id_household_size").fill("4")
    page.locator("#id_caravans").fill("2")
    page.locator("#id_arrival").fill(arrival.strftime("%d/%m/%Y"))
    # A departure before the arrival is refused on its field first.
    page.locator("#id_planned_departure").fill((arrival + datetime.timedelta(days=14)).strftime("%d/%m/%Y"))
    page.locator("#id_departure").fill((arrival - datetime.timedelta(days=1)).strftime("%d/%m/%Y"))
    page.locator("#id_deposit_paid").fill("200")
    page.locator("#id_fees_paid").fill("70")
    page.locator("#id_rules_signed").check()
    page.locator("#id_children-0-first_name").fill("Tiago")
    page.locator("#id_children-0-birth_date").fill("03/05/2016")
    page.locator("#id_children-0-language_group").select_option("fr")
    page.get_by_role("button", name="Register the stay").click()
    page.wait_for_load_state()
    page.screenshot(path="/tmp/transit_site-form-error.png", full_page=True)
    expect(page.locator("#id_departure-error")).to_contain_text("The departure must be after the arrival.")
    assert not Stay.objects.exists()

    page.locator("#id_departure").fill("")
    page.get_by_role("button", name="Register the stay").click()
    expect(page.locator("h1")).to_contain_text("Stay of the family of")
    expect(page.locator("#children")).to_contain_text("Tiago")
    page.screenshot(path="/tmp/transit_site-stay.png", full_page=True)
    stay = Stay.objects.get()
    assert stay.head.family_name == "Lagrène" and stay.caravans == 2

    page.goto(f"{live_server.url}/transit-site/occupancy/?month={monday:%Y-%m}")
    expect(page.locator(f'[data-day="{monday:%Y-%m-%d}"]')).to_contain_text("23 free")
    page.screenshot(path="/tmp/transit_site-occupancy.png", full_page=True)

    page.goto(f"{live_server.url}/transit-site/attendance/?day={monday:%Y-%m-%d}")
    page.get_by_label("Tiago").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".messages")).to_contain_text("The attendance is saved.")
    expect(page.get_by_label("Tiago")).to_be_checked()
    page.screenshot(path="/tmp/transit_site-attendance.png", full_page=True)
    assert Attendance.objects.get().day == monday

    # The list in Dutch, the interface's default language.
    page.locator(".language-switch button[value=nl]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/transit-site/")
    expect(page.locator("h1")).to_contain_text("Doortrekkersterrein: verblijven")
    page.screenshot(path="/tmp/transit_site-list-nl.png", full_page=True)
