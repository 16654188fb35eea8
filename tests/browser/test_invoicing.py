"""Acceptance (issue 13, item 2): the dispatcher asks for the month's invoices, is told how
many organisations, lines and euros the run will bill, confirms, and lands on the month's
invoices (a month invoice and a catch-up invoice). Screenshots land in test-artifacts/."""

from datetime import date

import pytest
from playwright.sync_api import expect

from haven.accounts.services import user_create
from haven.interpreting.models import Invoice
from haven.interpreting.tests import billing_data as data

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def month_to_invoice(transactional_db, settings, tmp_path):
    settings.HAVEN_PEPPOL_DROP_DIR = tmp_path
    dispatcher = user_create(
        username="dina", password=PASSWORD, first_name="Dina", last_name="Dispatch", roles=["dispatcher"]
    )
    data.tariff(date(2018, 1, 1))
    school = data.organisation(1)
    pia = data.partner("pia", school)
    samira = data.interpreter()
    for start in (data.at(2024, 2, 12, 9), data.at(2024, 3, 5, 9), data.at(2024, 3, 7, 13)):
        data.approved(data.booked(school, pia, samira, dispatcher, start), pia, dispatcher, km="12")
    return tmp_path


@pytest.mark.browser
def test_the_dispatcher_confirms_the_months_invoices_before_they_are_made(
    page, live_server, month_to_invoice, artifacts
):
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").press_sequentially("dina")
    page.locator("#id_password").press_sequentially(PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/interpreting/invoices/?month=03/2024")
    page.locator("a[href*='/invoices/confirm/']").click()

    confirm = page.locator("#invoice-confirm")
    expect(confirm.locator("dd").nth(0)).to_have_text("1")
    expect(confirm.locator("dd").nth(1)).to_have_text("4")  # March: two jobs, each with travel
    expect(confirm.locator("dd").nth(2)).to_have_text("2")  # February's job left out of its month
    assert not Invoice.objects.exists()
    page.screenshot(path=artifacts / "invoice-confirm.png", full_page=True)

    confirm.locator("button[type=submit]").click()

    page.wait_for_url("**/interpreting/invoices/?month=03%2F2024")
    expect(page.locator("#invoices")).to_contain_text("2024-03-0001")
    expect(page.locator("#invoices")).to_contain_text("2024-03-0002")
    page.screenshot(path=artifacts / "invoice-month-made.png", full_page=True)
    assert sorted(path.name for path in month_to_invoice.iterdir()) == ["2024-03-0001.xml", "2024-03-0002.xml"]
