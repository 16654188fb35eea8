"""Who reaches the civic-integration pages: every page for every persona without the
line's permissions, the read-only view of a colleague's contract, and intake's
registering and signing."""

import re

import pytest
from django.test import Client

from haven.core.models import AccessLogEntry
from haven.integration.models import (
    Certificate,
    Contract,
    ContractPause,
    DiplomaDossier,
    ExemptionTest,
    IntegrationFacts,
    Referral,
    Registration,
    StatusDecision,
)
from haven.integration.tests.builders import SIGNED_ON, facts_form_data

pytestmark = pytest.mark.usefixtures("english")

# (method, url template, form data). {person}, {registration}, {contract}, {referral},
# {test} and {dossier} are filled in from the records fixture. Every page is here.
PAGES = [
    ("get", "/integration/", None),
    ("get", "/integration/people/{person}/register/", None),
    ("post", "/integration/people/{person}/register/", "registration"),
    ("post", "/integration/people/{person}/register/preview/", "registration"),
    ("get", "/integration/people/{person}/facts/?purpose=registration", None),
    ("post", "/integration/people/{person}/facts/", "registration"),
    ("post", "/integration/people/{person}/facts/preview/", "registration"),
    ("get", "/integration/registrations/{registration}/", None),
    ("get", "/integration/registrations/{registration}/?purpose=counselling", None),
    ("post", "/integration/registrations/{registration}/", {"signed_on": "03/06/2019", "dutch_target_level": "A2"}),
    ("get", "/integration/contracts/{contract}/?purpose=counselling", None),
    ("post", "/integration/contracts/{contract}/progress/", {"career_orientation_done_on": "01/09/2019"}),
    (
        "post",
        "/integration/contracts/{contract}/pauses/",
        {
            "pause-kind": "suspension",
            "pause-reason": "work",
            "pause-starts_on": "01/09/2019",
            "pause-expires_on": "01/12/2019",
        },
    ),
    (
        "post",
        "/integration/contracts/{contract}/referrals/",
        {"referral-service": "vdab", "referral-referred_on": "01/09/2019"},
    ),
    (
        "post",
        "/integration/contracts/{contract}/referrals/{referral}/outcome/",
        {"outcome-{referral}-outcome": "started", "outcome-{referral}-outcome_on": "01/10/2019"},
    ),
    ("post", "/integration/contracts/{contract}/exemption-tests/", {"test-registered_on": "01/09/2019"}),
    (
        "post",
        "/integration/contracts/{contract}/exemption-tests/{test}/result/",
        {"result-{test}-result": "passed", "result-{test}-taken_on": "01/10/2019"},
    ),
    ("post", "/integration/contracts/{contract}/certificate/", {"certificate-issued_on": "01/12/2019"}),
    (
        "post",
        "/integration/contracts/{contract}/counsellor/",
        {"reassign-counsellor": "{colleague}", "reassign-reason": "language"},
    ),
    ("get", "/integration/caseload/", None),
    ("get", "/integration/caseload/{colleague}/", None),
    ("get", "/integration/team/", None),
    ("get", "/integration/pauses/expiring/", None),
    ("get", "/integration/dossiers/", None),
    ("get", "/integration/dossiers/?kind=client&state=collecting", None),
    ("post", "/integration/dossiers/", {"reference": "H{person:06d}"}),
    ("get", "/integration/people/{person}/dossiers/new/", None),
    ("post", "/integration/people/{person}/dossiers/new/", {"kind": "client", "opened_on": "01/09/2019"}),
    ("get", "/integration/dossiers/{dossier}/?purpose=programme", None),
    ("post", "/integration/dossiers/{dossier}/", {"state": "submitted", "purpose": "programme"}),
]
DOSSIER_PAGES = [page for page in PAGES if "dossier" in page[1]]


def _label(page) -> str:
    return f"{page[0].upper()} {page[1]}"


@pytest.fixture
def records(contract, colleague, counsellor):
    """One of every record the pages show, made through the services."""
    from haven.integration import services

    referral = services.referral_create(contract=contract, service="vdab", referred_on=SIGNED_ON, by=counsellor)
    test = services.exemption_test_register(person=contract.person, registered_on=SIGNED_ON, by=counsellor)
    dossier = services.diploma_dossier_create(person=contract.person, kind="client", opened_on=SIGNED_ON, by=counsellor)
    return {
        "person": contract.person_id,
        "registration": contract.registration_id,
        "contract": contract.pk,
        "referral": referral.pk,
        "test": test.pk,
        "dossier": dossier.pk,
        "colleague": colleague.pk,
    }


def _request(client: Client, records: dict, method: str, template: str, data, purpose: str | None = None):
    """The page's request; ``purpose`` replaces the purpose it gives (in the URL or the form),
    for a role that may not give that one (the access policy)."""
    url = template.format(**records)
    if purpose:
        url = re.sub(r"purpose=\w+", f"purpose={purpose}", url)
    if method == "get":
        return client.get(url)
    if data == "registration":
        data = facts_form_data()
    data = {
        name.format(**records): value.format(**records) if isinstance(value, str) else value
        for name, value in data.items()
    }
    if purpose and "purpose" in data:
        data["purpose"] = purpose
    return client.post(url, data)


def _snapshot() -> tuple:
    return (
        *tuple(
            model.objects.count()
            for model in (
                Registration,
                StatusDecision,
                Contract,
                ContractPause,
                Referral,
                ExemptionTest,
                Certificate,
                DiplomaDossier,
                IntegrationFacts,
            )
        ),
        tuple(Contract.objects.values_list("counsellor_id", "career_orientation_done_on")),
        tuple(Referral.objects.values_list("outcome")),
        tuple(ExemptionTest.objects.values_list("result")),
        tuple(DiplomaDossier.objects.values_list("state")),
        AccessLogEntry.objects.count(),
    )


@pytest.fixture(params=["outsider", "partner_user", "manager"])
def user_without_integration(request):
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("page", PAGES, ids=_label)
def test_partner_outsider_and_manager_get_403_on_every_integration_page(user_without_integration, records, page):
    client = Client()
    client.force_login(user_without_integration)
    before = _snapshot()
    response = _request(client, records, *page)
    assert response.status_code == 403
    assert _snapshot() == before  # nothing written, nothing read (the access log did not grow)


@pytest.mark.parametrize("page", PAGES, ids=_label)
def test_anonymous_user_is_sent_to_login_from_every_integration_page(client, records, page):
    response = _request(client, records, *page)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("page", PAGES, ids=_label)
def test_team_coordinator_reaches_every_integration_page(team_coordinator_client, records, page):
    # The other side of the 403s: the same requests succeed for a team coordinator, who
    # gives the purposes of the role (counselling, not registration or programme).
    response = _request(team_coordinator_client, records, *page, purpose="counselling")
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    if response.status_code == 302:
        assert not response["Location"].startswith("/login/")


@pytest.mark.parametrize("page", [page for page in PAGES if page not in DOSSIER_PAGES], ids=_label)
def test_programme_staff_get_403_on_the_contract_pages(programme_staff_client, records, page):
    assert _request(programme_staff_client, records, *page).status_code == 403


@pytest.mark.parametrize("page", DOSSIER_PAGES, ids=_label)
def test_programme_staff_reach_the_diploma_dossier_pages(programme_staff_client, records, page):
    assert _request(programme_staff_client, records, *page).status_code in (200, 302)


CONTRACT_CHANGES = [page for page in PAGES if page[0] == "post" and "/contracts/" in page[1]]


GLASS_REASON = "The client's counsellor is ill; the client is at the desk today."


def _break_the_glass(client: Client, person_id: int) -> None:
    response = client.post(f"/people/{person_id}/break-glass/", {"reason": GLASS_REASON})
    assert response.status_code == 302


@pytest.mark.parametrize("page", CONTRACT_CHANGES, ids=_label)
def test_counsellor_cannot_change_a_colleagues_contract(colleague, records, page):
    client = Client()
    client.force_login(colleague)
    before = _snapshot()
    # Outside the caseload: refused, and the attempt is logged (one entry, nothing else).
    assert _request(client, records, *page).status_code == 403
    assert _snapshot()[:-1] == before[:-1]
    assert AccessLogEntry.objects.count() == before[-1] + 1
    assert AccessLogEntry.objects.order_by("-id").first().action == "refused"
    # With the glass broken the contract may be read, but still not changed.
    _break_the_glass(client, records["person"])
    before = _snapshot()
    assert _request(client, records, *page).status_code == 403
    assert _snapshot() == before


def test_counsellor_reads_a_colleagues_contract_without_change_forms(colleague, records):
    client = Client()
    client.force_login(colleague)
    url = f"/integration/contracts/{records['contract']}/?purpose=counselling"
    asked = client.get(url)
    assert asked.status_code == 403 and 'name="reason"' in asked.content.decode()
    assert "HADDAD" not in asked.content.decode()
    _break_the_glass(client, records["person"])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["may_change"] is False
    page = response.content.decode()
    assert "HADDAD Amina" in page
    assert '<form method="post" action="/integration/contracts/' not in page
    assert "progress_form" not in response.context


@pytest.mark.parametrize("page", [page for page in CONTRACT_CHANGES if "counsellor/" not in page[1]], ids=_label)
def test_counsellor_changes_their_own_contract(counsellor_client, records, page):
    response = _request(counsellor_client, records, *page)
    assert response.status_code in (200, 302)


def test_only_a_team_coordinator_reassigns_a_contract(counsellor_client, team_coordinator_client, records, colleague):
    url = f"/integration/contracts/{records['contract']}/counsellor/"
    data = {"reassign-counsellor": colleague.pk, "reassign-reason": "Speaks Dari with the client."}
    page = counsellor_client.get(f"/integration/contracts/{records['contract']}/?purpose=counselling")
    assert "reassign_form" not in page.context
    assert counsellor_client.post(url, data).status_code == 403
    response = team_coordinator_client.post(url, data)
    assert response.status_code == 302
    contract = Contract.objects.get(pk=records["contract"])
    assert contract.counsellor == colleague
    assert "Speaks Dari with the client." in contract.assignment_note


def test_reassigning_needs_a_reason(team_coordinator_client, records, colleague):
    url = f"/integration/contracts/{records['contract']}/counsellor/"
    response = team_coordinator_client.post(url, {"reassign-counsellor": colleague.pk, "reassign-reason": "  "})
    assert response.status_code == 200
    assert response.context["reassign_form"].errors["reason"]
    assert Contract.objects.get(pk=records["contract"]).counsellor_id != colleague.pk


def test_intake_registers_and_signs_a_contract(intake_client, newcomer, counsellor, counsellor_profile):
    response = intake_client.post(f"/integration/people/{newcomer.pk}/register/", facts_form_data())
    registration = Registration.objects.get(person=newcomer)
    assert response.status_code == 302
    assert response["Location"] == f"/integration/registrations/{registration.pk}/?purpose=registration"

    page = intake_client.get(response["Location"])
    assert page.context["may_sign"] is True
    assert "counsellor" not in page.context["sign_form"].fields  # the override is the team coordinator's

    response = intake_client.post(
        f"/integration/registrations/{registration.pk}/",
        {
            "purpose": "registration",
            "includes_civic_orientation": "on",
            "includes_dutch": "on",
            "dutch_target_level": "A1",
            "includes_counselling": "on",
            "childcare_needed": "on",
            "signed_on": "03/06/2019",
            "counsellor": "999",
            "override_reason": "ignored for intake",
        },
    )
    contract = Contract.objects.get(registration=registration)
    assert response.status_code == 302
    assert response["Location"] == f"/integration/contracts/{contract.pk}/?purpose=registration"
    assert contract.counsellor == counsellor  # chosen by Haven: speaks Arabic
    assert (
        contract.includes_dutch,
        contract.dutch_target_level,
        contract.includes_career_orientation,
        contract.childcare_needed,
    ) == (True, "A1", False, True)
    # Intake reads the contract but does not record the trajectory.
    response = intake_client.get(response["Location"])
    assert response.status_code == 200 and response.context["may_change"] is False


def test_team_coordinator_chooses_the_counsellor_with_a_reason(
    team_coordinator_client, registration, colleague, counsellor_profile
):
    url = f"/integration/registrations/{registration.pk}/"
    data = {
        "purpose": "counselling",
        "includes_civic_orientation": "on",
        "dutch_target_level": "A2",
        "signed_on": "03/06/2019",
        "counsellor": colleague.pk,
        "override_reason": "",
    }
    response = team_coordinator_client.post(url, data)
    assert response.status_code == 200
    assert response.context["sign_form"].errors["override_reason"]
    assert not Contract.objects.exists()

    response = team_coordinator_client.post(url, {**data, "override_reason": "Knows the family."})
    assert response.status_code == 302
    contract = Contract.objects.get()
    assert contract.counsellor == colleague
    assert "Knows the family." in contract.assignment_note


def test_no_contract_form_for_a_person_who_is_not_in_the_target_group(intake_client, newcomer):
    intake_client.post(
        f"/integration/people/{newcomer.pk}/register/", facts_form_data(residence_title="temporary_purpose")
    )
    registration = Registration.objects.get()
    assert registration.status == "niet in aanmerking"
    response = intake_client.get(f"/integration/registrations/{registration.pk}/?purpose=registration")
    assert response.context["may_sign"] is False
    response = intake_client.post(
        f"/integration/registrations/{registration.pk}/",
        {"purpose": "registration", "signed_on": "03/06/2019", "dutch_target_level": "A2"},
    )
    assert response.status_code == 200
    assert "Only obligated or entitled people" in response.content.decode()
    assert not Contract.objects.exists()


def test_a_registration_gets_one_running_contract(intake_client, contract):
    url = f"/integration/registrations/{contract.registration_id}/"
    page = intake_client.get(url + "?purpose=registration")
    assert page.context["may_sign"] is False  # the form is gone once a contract runs
    response = intake_client.post(
        url, {"purpose": "registration", "signed_on": "04/06/2019", "dutch_target_level": "A2"}
    )
    assert response.status_code == 200
    assert "This registration already has a running or completed contract." in response.content.decode()
    assert Contract.objects.count() == 1
