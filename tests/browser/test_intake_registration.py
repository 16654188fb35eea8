"""Acceptance: intake registers a newcomer for civic integration. As the facts are
filled in, the status and its explanation appear and change without a page reload
(htmx); the registration is saved with its decision, intake signs a contract, and the
contract lands in the caseload of the counsellor who speaks the newcomer's language.
Screenshots land in test-artifacts/."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from haven.accounts.services import user_create
from haven.core.models import Language
from haven.integration.explanation import RULE_TEXTS
from haven.integration.models import Contract, CounsellorProfile, Registration, StatusDecision
from haven.people.services import person_create

from .conftest import LAPTOP  # noqa: F401 (the page fixture's viewport)

PASSWORD = "correct-horse-battery-staple"


def _rule_text(key: str) -> str:
    """A rule's explanation as the (Dutch) interface shows it."""
    with translation.override("nl"):
        return str(RULE_TEXTS[key])


STATUS = {  # the badge reads Dutch or English, whichever the catalogue holds
    "undetermined": re.compile(r"^(undetermined|onbepaald)$"),
    "obligated": re.compile(r"^(obligated|verplicht)$"),
    "entitled": re.compile(r"^(entitled|rechthebbend)$"),
}


@pytest.fixture
def staff(transactional_db):
    # A transactional test empties the tables after it, the languages of the data
    # migration too: make sure the ones used here exist, whatever ran before.
    for code in ("ara", "nld", "fas", "prs"):
        Language.objects.get_or_create(code=code)
    intake = user_create(username="ines", password=PASSWORD, first_name="Ines", last_name="Persona", roles=["intake"])
    carla = user_create(
        username="carla", password=PASSWORD, first_name="Carla", last_name="Persona", roles=["counsellor"]
    )
    profile = CounsellorProfile.objects.create(user=carla)
    profile.languages.set(["ara", "nld"])
    omar = user_create(username="omar", password=PASSWORD, first_name="Omar", last_name="Persona", roles=["counsellor"])
    CounsellorProfile.objects.create(user=omar).languages.set(["fas", "prs"])
    tom = user_create(
        username="tom", password=PASSWORD, first_name="Tom", last_name="Persona", roles=["team_coordinator"]
    )
    return {"intake": intake, "carla": carla, "omar": omar, "tom": tom}


@pytest.fixture
def newcomer(staff):
    """A Syrian woman who settled in the city two months ago and speaks Arabic."""
    arabic = Language.objects.get(code="ara")  # made by the staff fixture
    return person_create(
        by=staff["intake"],
        values={
            "given_names": "Amina",
            "family_name": "Haddad",
            "birth_date": datetime.date(1990, 2, 14),
            "sex": "F",
            "nationality": "SY",
            "preferred_language": arabic,
            "first_registration_date": timezone.localdate() - datetime.timedelta(days=60),
        },
        languages=[arabic],
    )


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").press_sequentially(username)
    page.locator("#id_password").press_sequentially(PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.browser
def test_intake_registers_watches_the_status_and_signs_a_contract(new_page, live_server, staff, newcomer, artifacts):
    page = new_page()
    log_in(page, live_server, "ines")

    # From the person's file to the registration form (the civic-integration panel).
    page.goto(f"{live_server.url}/people/{newcomer.pk}/?purpose=registration")
    page.locator(f"#panel-integration a[href^='/integration/people/{newcomer.pk}/register/']").click()
    page.wait_for_url(re.compile(rf"/integration/people/{newcomer.pk}/register/"))
    badge = page.locator("#decision .decision-head .badge")
    expect(badge).to_have_text(STATUS["undetermined"])
    expect(page.locator("#decision .missing li")).not_to_have_count(0)

    # Mark the document: a full reload would lose the mark, an htmx swap keeps it.
    page.evaluate("window.__noReload = true")
    previews = []
    page.on("request", lambda request: previews.append(request) if request.method == "POST" else None)

    page.locator("#id_register").select_option("foreigners")
    page.locator("#id_residence_title").select_option("limited")
    page.locator("#id_residence_title_months").fill("12")
    page.locator("#id_first_residence_title").select_option("true")
    expect(badge).to_have_text(STATUS["undetermined"])  # exemptions still unknown
    for name in (
        "eu_family_member",
        "serious_illness_certificate",
        "belgian_or_dutch_diploma",
        "earlier_integration_certificate",
        "moved_from_elsewhere_in_belgium",
    ):
        page.locator(f"#id_{name}").select_option("false")
    expect(badge).to_have_text(STATUS["obligated"])
    expect(badge).to_have_class(re.compile(r"status-obligated"))
    expect(page.locator("#decision")).to_contain_text(_rule_text("obligated.first_residence_title"))
    expect(page.locator("#decision .missing")).to_have_count(0)

    # An exemption makes the person entitled, and back.
    page.locator("#id_belgian_or_dutch_diploma").select_option("true")
    expect(badge).to_have_text(STATUS["entitled"])
    expect(page.locator("#decision")).to_contain_text(_rule_text("exempt.diploma"))
    page.locator("#id_belgian_or_dutch_diploma").select_option("false")
    expect(badge).to_have_text(STATUS["obligated"])

    assert page.evaluate("window.__noReload") is True
    assert previews and all(request.headers.get("hx-request") == "true" for request in previews)
    assert all(request.url.endswith(f"/integration/people/{newcomer.pk}/register/preview/") for request in previews)
    assert not Registration.objects.exists()  # the preview saves nothing
    page.screenshot(path=artifacts / "intake-registration.png", full_page=True)

    # Save: the registration and its decision.
    page.locator("#facts-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/integration/registrations/\d+/\?purpose=registration$"))
    registration = Registration.objects.get(person=newcomer)
    assert (registration.status, registration.registered_on) == ("verplicht", timezone.localdate())
    assert StatusDecision.objects.get(registration=registration).status == "verplicht"
    expect(page.locator("#current-status .badge")).to_have_text(STATUS["obligated"])
    page.screenshot(path=artifacts / "intake-registration-saved.png", full_page=True)

    # Sign the contract: Haven assigns the counsellor who speaks Arabic.
    page.locator("#id_dutch_target_level").select_option("A1")
    page.locator("#sign-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/integration/contracts/\d+/\?purpose=registration$"))
    contract = Contract.objects.get(registration=registration)
    assert (contract.counsellor, contract.dutch_target_level) == (staff["carla"], "A1")
    expect(page.locator("#counsellor")).to_contain_text("Carla Persona")
    page.screenshot(path=artifacts / "intake-contract.png", full_page=True)

    # The contract is in Carla's caseload: the team coordinator reads it (a colleague's
    # caseload is the team coordinator's only, not intake's).
    tom_page = new_page()
    log_in(tom_page, live_server, "tom")
    tom_page.goto(f"{live_server.url}/integration/caseload/{staff['carla'].pk}/")
    rows = tom_page.locator("#caseload tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("HADDAD Amina")
    expect(rows.first).to_contain_text(newcomer.reference)

    # And Carla finds it in her own caseload.
    carla_page = new_page()
    log_in(carla_page, live_server, "carla")
    carla_page.locator(".shell-nav a[href='/integration/']").click()
    carla_page.wait_for_url(f"{live_server.url}/integration/caseload/")
    carla_rows = carla_page.locator("#caseload tbody tr")
    expect(carla_rows).to_have_count(1)
    expect(carla_rows.first).to_contain_text("HADDAD Amina")
    carla_page.screenshot(path=artifacts / "caseload.png", full_page=True)

    # She opens it and may record the trajectory; intake's file view shows the panel.
    carla_rows.first.locator("a").click()
    carla_page.wait_for_url(re.compile(rf"/integration/contracts/{contract.pk}/\?purpose=counselling$"))
    carla_page.locator("#progress details summary").click()
    expect(carla_page.locator("#id_civic_orientation_passed_on")).to_be_visible()
    carla_page.screenshot(path=artifacts / "counsellor-contract.png", full_page=True)
    page.goto(f"{live_server.url}/people/{newcomer.pk}/?purpose=registration")
    expect(page.locator("#panel-integration")).to_contain_text("Carla Persona")
    page.screenshot(path=artifacts / "person-file-integration.png", full_page=True)
