"""Acceptance, issue 17, in the browser: the manager opens the annual report (on the last year
of the whole report), reads a table with its chart and definition, follows a figure to the
page behind it (the figure and its definition, no list), writes the section's text, and
freezes an edition; the privacy officer follows the same figure to its records. Screenshots
land in test-artifacts/."""

import datetime

import pytest
from playwright.sync_api import expect

from haven.accounts.tests.factories import UserFactory
from haven.people.tests.factories import faker_seed
from haven.reports.models import ReportEdition, SectionNarrative
from haven.transit_site.tests.factories import LessonDaysFactory, SiteFactory, StayFactory
from tests.browser.test_casework import log_in

DAY = datetime.date(2019, 6, 3)


@pytest.fixture
def world(transactional_db):
    faker_seed(17)
    UserFactory(username="maria", first_name="Maria", last_name="Directie", roles=["manager"])
    UserFactory(username="pieter", first_name="Pieter", last_name="Privacy", roles=["privacy_officer"])
    site = SiteFactory(places=25)
    LessonDaysFactory(site=site)
    return {"stays": [StayFactory(site=site, arrival=DAY) for _ in range(3)]}


@pytest.mark.browser
def test_the_manager_reads_writes_and_freezes_the_report(new_page, live_server, world, artifacts):
    page = new_page()
    log_in(page, live_server, "maria")
    page.goto(f"{live_server.url}/reports/annual/2019/")
    section = page.locator("#transit_site")
    expect(section).to_contain_text("Families who stayed", timeout=20_000)
    expect(section.locator(".definition")).to_contain_text("heads of family")
    page.screenshot(path=artifacts / "annual_report-page.png", full_page=True)

    section.get_by_role("link", name="3").first.click()
    expect(page.locator("#figure")).to_have_text("3")
    expect(page.locator("body")).to_contain_text("only for a role that may read them")
    expect(page.locator("#records")).to_have_count(0)

    page.goto(f"{live_server.url}/reports/annual/2019/")
    page.locator("#transit_site").get_by_role("link", name="Edit text").click()
    page.locator("#id_text_nl").fill("Het terrein was het hele jaar open.")
    page.locator("#id_text_en").fill("The site was open all year.")
    page.locator("#narrative-form button[type=submit]").click()
    expect(page.locator("#transit_site .narrative")).to_contain_text("The site was open all year.")
    assert SectionNarrative.objects.get().version == 1

    page.get_by_role("link", name="Editions").click()
    page.get_by_role("button", name="Freeze a new edition").click()
    expect(page.locator("h1")).to_contain_text("edition 1", timeout=60_000)
    expect(page.locator("#intact")).to_contain_text("intact")
    expect(page.locator("#no-changes")).to_be_visible()
    page.screenshot(path=artifacts / "annual_report-edition.png", full_page=True)
    assert ReportEdition.objects.get().sha256 in page.locator("#sha256").inner_text()


@pytest.mark.browser
def test_the_privacy_officer_follows_a_figure_to_its_records(new_page, live_server, world, artifacts):
    page = new_page()
    log_in(page, live_server, "pieter")
    page.goto(f"{live_server.url}/reports/annual/2019/")
    page.locator("#transit_site").get_by_role("link", name="3").first.click()
    expect(page.locator("#records-count")).to_contain_text("3 records behind this figure.")
    expect(page.locator("#records tbody tr")).to_have_count(3)
    page.screenshot(path=artifacts / "annual_report-records.png", full_page=True)
