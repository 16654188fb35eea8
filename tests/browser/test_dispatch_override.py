"""Acceptance, issue 13 item 1: a dispatcher's override keeps the hard rules.

The trap as it was met: Marianne Daniels works Tuesdays 12:00–18:00; a Tuesday 08:15 job was
moved to her on the run page, then booked by "Confirm all proposals", with no warning. Here,
with the fixed personas of ``haven/interpreting/tests/override_data.py``: the run page offers
only the interpreters who may take the job (Samira, proposed, and Eva), with their travel and
hours this week; a forged form choosing Marianne is refused with a 400 that names the rule;
and a proposal moved to her before this fix is skipped by "Confirm all proposals", which says
why. Screenshots land in test-artifacts/."""

import pytest
from playwright.sync_api import expect

from haven.accounts.tests.factories import PASSWORD, UserFactory
from haven.interpreting.models import Assignment, AssignmentStatus, RequestStatus, Sector
from haven.interpreting.tests.factories import InterpreterFactory, OrganisationFactory, PartnerContactFactory
from haven.interpreting.tests.override_data import override_scenario


@pytest.fixture
def scenario(transactional_db):
    organisation_a = OrganisationFactory(name="AZ Sint-Lucas", sector=Sector.HEALTH)
    organisation_b = OrganisationFactory(name="OCMW Gent", sector=Sector.HEALTH)
    dispatcher = UserFactory(username="dora", first_name="Dora", last_name="Dispatch", roles=["dispatcher"])
    samira = InterpreterFactory(username="samira", given_names="Samira", family_name="Haddad", available=True)
    return override_scenario(
        organisation_a=organisation_a,
        partner_a=PartnerContactFactory(user__username="anna", organisation=organisation_a).user,
        organisation_b=organisation_b,
        partner_b=PartnerContactFactory(user__username="bert", organisation=organisation_b).user,
        samira=samira,
        dispatcher=dispatcher,
    )


def log_in_in_english(page, live_server, username):
    page.context.add_cookies([{"name": "haven_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").press_sequentially(username)
    page.locator("#id_password").press_sequentially(PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.browser
def test_the_override_keeps_the_hard_rules(page, live_server, scenario, artifacts):
    marianne, eva = scenario.people["marianne"], scenario.people["eva"]
    tuesday = f"{scenario.tuesday:%d/%m}"
    run_url = f"{live_server.url}/interpreting/dispatch/runs/{scenario.run.pk}/"
    log_in_in_english(page, live_server, "dora")

    # The candidates: only those who may take the job, with their soft costs, nearest first.
    page.goto(run_url)
    row = page.locator(f"#assignment-{scenario.proposal.pk}")
    candidates = row.locator(f"#candidates-{scenario.proposal.pk}")
    candidates.locator("summary").click()
    expect(candidates.locator("summary")).to_have_text("2 interpreters may take this job")
    names = candidates.locator("tbody tr")
    expect(names).to_have_count(2)
    expect(names.nth(0)).to_contain_text("Samira Haddad")
    expect(names.nth(0)).to_contain_text("10 min")
    expect(names.nth(1)).to_contain_text("Eva Janssens")
    expect(names.nth(1)).to_contain_text("70 min")
    expect(names.nth(1)).to_contain_text("2:00 of 20:00")
    expect(page.locator("#proposals")).not_to_contain_text("Marianne Daniels")
    row.screenshot(path=artifacts / "dispatch-override-candidates.png")

    # A forged form: Eva's radio button made to send Marianne's id. Refused: 400, the rule named.
    candidates.locator(f"input[value='{eva.pk}']").evaluate("(radio, id) => { radio.value = id }", str(marianne.pk))
    candidates.locator(f"input[value='{marianne.pk}']").check()
    with page.expect_response(lambda response: "/change/" in response.url) as answer:
        candidates.locator("button[type=submit]").click()
    assert answer.value.status == 400
    refusal = (
        f"Marianne Daniels may not take this job: not available on Tuesday {tuesday} 08:15–09:15 "
        "(works Tuesday 12:00–18:00)."
    )
    expect(page.locator(".message.error")).to_have_text(refusal)
    expect(page.locator(f"#candidates-{scenario.proposal.pk}")).to_have_attribute("open", "")
    page.screenshot(path=artifacts / "dispatch-override-refused.png", full_page=True)
    assert Assignment.objects.get(pk=scenario.proposal.pk).interpreter_id == scenario.people["samira"].pk

    # A proposal moved to Marianne before this fix: the page says so, and "confirm all" skips it.
    Assignment.objects.filter(pk=scenario.proposal.pk).update(interpreter=marianne)
    page.goto(run_url)
    expect(page.locator(f"#breach-{scenario.proposal.pk}")).to_contain_text(refusal)
    page.locator("#confirm-all button[type=submit]").click()
    page.wait_for_url(run_url)
    expect(page.locator(".message.success")).to_have_text("0 assignments confirmed.")
    expect(page.locator(".message.warning")).to_have_text("1 proposal was not confirmed and stays proposed:")
    expect(page.locator(".message.error")).to_contain_text(refusal)
    page.screenshot(path=artifacts / "dispatch-override-confirm-all.png", full_page=True)
    scenario.job.refresh_from_db()
    assert scenario.job.status == RequestStatus.PROPOSED
    assert Assignment.objects.get(pk=scenario.proposal.pk).status == AssignmentStatus.PROPOSED
