"""The civic-integration API: the same access rules as the pages (partners, managers and
outsiders see nothing, counsellors change their own caseload, team coordinators choose
counsellors), writes through the services, every read of a person's records logged with
its purpose, and health grounds visible only to the person's counsellor."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import PASSWORD, logged_in_client
from haven.accounts.services import api_token_create, user_create
from haven.core.models import AccessLogEntry, AccessPurpose
from haven.integration import services
from haven.integration.models import (
    Certificate,
    Contract,
    ContractPause,
    CounsellorProfile,
    DiplomaDossier,
    ExemptionTest,
    IntegrationFacts,
    Referral,
    Registration,
    StatusDecision,
)
from haven.people.tests.factories import PersonFactory

JSON = "application/json"

#: Facts that make a Syrian adult who settled in March 2019 obligated, as the API takes them.
OBLIGATED_FACTS = {
    "register": "foreigners",
    "residence_title": "limited",
    "residence_title_months": 12,
    "first_residence_title": True,
    "first_registration_belgium": "2019-03-01",
    "moved_from_elsewhere_in_belgium": False,
    "eu_family_member": False,
    "serious_illness_certificate": False,
    "belgian_or_dutch_diploma": False,
    "earlier_integration_certificate": False,
}
SERVICE_FACTS = {**OBLIGATED_FACTS, "first_registration_belgium": date(2019, 3, 1)}


# Fixtures --------------------------------------------------------------------------------


def _counsellor_profile(user, languages: list[str]) -> CounsellorProfile:
    profile = CounsellorProfile.objects.create(user=user, fte=Decimal("1.00"))
    profile.languages.set(languages)
    return profile


@pytest.fixture
def colleague(db):
    """Another counsellor of the team, with a caseload of their own."""
    return user_create(
        username="colin", password=PASSWORD, first_name="Colin", last_name="Persona", roles=["counsellor"]
    )


@pytest.fixture
def counsellors(counsellor, colleague):
    """Carla counsels in Arabic, Colin in French."""
    _counsellor_profile(counsellor, ["ara"])
    _counsellor_profile(colleague, ["fra"])
    return counsellor, colleague


def _newcomer(**overrides):
    values = {
        "given_names": "Amina",
        "family_name": "Haddad",
        "birth_date": date(1990, 2, 14),
        "nationality": "SY",
        "preferred_language_id": "ara",
    }
    values.update(overrides)
    person = PersonFactory(**values)
    person.languages.set([values["preferred_language_id"]])
    return person


@pytest.fixture
def newcomer(db):
    return _newcomer()


def _signed_contract(person, *, by, counsellor, facts=SERVICE_FACTS) -> Contract:
    services.facts_save(person=person, values=facts, by=by, purpose=AccessPurpose.REGISTRATION)
    registration = services.registration_create(person=person, registered_on=date(2019, 4, 1), by=by)
    return services.contract_sign(
        registration=registration,
        signed_on=date(2019, 4, 15),
        by=by,
        counsellor=counsellor,
        override_reason="set up for the test",
    )


@pytest.fixture
def own_contract(newcomer, intake_user, counsellors):
    """A running contract in Carla's caseload."""
    return _signed_contract(newcomer, by=intake_user, counsellor=counsellors[0])


@pytest.fixture
def colleagues_contract(intake_user, counsellors):
    """A running contract in Colin's caseload."""
    person = _newcomer(given_names="Jean", family_name="Mbeki", nationality="CD", preferred_language_id="fra")
    return _signed_contract(person, by=intake_user, counsellor=counsellors[1])


@pytest.fixture
def records(own_contract, intake_user, counsellor):
    """One of everything, for the endpoints that need an existing id."""
    person = own_contract.person
    referral = services.referral_create(
        contract=own_contract, service="vdab", referred_on=date(2019, 5, 1), by=counsellor
    )
    test = services.exemption_test_register(person=person, registered_on=date(2019, 5, 1), by=intake_user)
    dossier = services.diploma_dossier_create(person=person, kind="client", opened_on=date(2019, 5, 1), by=counsellor)
    return {
        "person": person.pk,
        "registration": own_contract.registration_id,
        "contract": own_contract.pk,
        "referral": referral.pk,
        "test": test.pk,
        "dossier": dossier.pk,
        "user": counsellor.pk,
    }


def _call(client, method: str, url: str, body=None, **headers):
    if method == "get":
        return client.get(url, **headers)
    return getattr(client, method)(url, body or {}, content_type=JSON, **headers)


def _bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


# Every endpoint, with a valid request -----------------------------------------------------

ENDPOINTS = [
    (
        "post",
        "/api/integration/decisions/preview",
        lambda ids: {"person_id": ids["person"], "asked_on": "2019-04-01", "facts": OBLIGATED_FACTS},
    ),
    ("put", "/api/integration/people/{person}/facts", lambda ids: {"born_abroad": True}),
    ("post", "/api/integration/registrations", lambda ids: {"person_id": ids["person"], "registered_on": "2019-06-01"}),
    ("get", "/api/integration/registrations/{registration}?purpose=counselling", None),
    ("get", "/api/integration/registrations?year=2019&status=verplicht&page=1", None),
    ("post", "/api/integration/registrations/{registration}/contracts", lambda ids: {"signed_on": "2019-06-01"}),
    ("get", "/api/integration/contracts/{contract}?purpose=counselling", None),
    (
        "patch",
        "/api/integration/contracts/{contract}/progress",
        lambda ids: {"civic_orientation_passed_on": "2019-09-01"},
    ),
    (
        "post",
        "/api/integration/contracts/{contract}/pauses",
        lambda ids: {"kind": "suspension", "reason": "Work", "starts_on": "2019-06-01", "expires_on": "2019-09-01"},
    ),
    (
        "post",
        "/api/integration/contracts/{contract}/referrals",
        lambda ids: {"service": "school", "referred_on": "2019-06-01"},
    ),
    ("patch", "/api/integration/referrals/{referral}", lambda ids: {"outcome": "started", "outcome_on": "2019-07-01"}),
    ("post", "/api/integration/contracts/{contract}/certificate", lambda ids: {"issued_on": "2019-12-01"}),
    ("get", "/api/integration/caseload/{user}?page=1", None),
    ("post", "/api/integration/people/{person}/exemption-tests", lambda ids: {"registered_on": "2019-06-01"}),
    ("patch", "/api/integration/exemption-tests/{test}", lambda ids: {"taken_on": "2019-06-20", "result": "passed"}),
    (
        "post",
        "/api/integration/people/{person}/diploma-dossiers",
        lambda ids: {"kind": "vdab", "opened_on": "2019-06-01"},
    ),
    ("patch", "/api/integration/diploma-dossiers/{dossier}", lambda ids: {"state": "submitted"}),
    ("get", "/api/integration/diploma-dossiers?kind=client&page=1", None),
]
ENDPOINT_IDS = [f"{method} {path.split('?')[0]}" for method, path, _body in ENDPOINTS]
RECORD_MODELS = (
    IntegrationFacts,
    StatusDecision,
    Registration,
    Contract,
    ContractPause,
    Referral,
    Certificate,
    ExemptionTest,
    DiplomaDossier,
)


def _snapshot():
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in RECORD_MODELS}


@pytest.mark.parametrize("persona", ["partner_user", "outsider", "manager"])
@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS, ids=ENDPOINT_IDS)
def test_roles_without_civic_integration_get_403_and_change_nothing(request, records, persona, method, path, body):
    client = logged_in_client(request.getfixturevalue(persona))
    before, logged = _snapshot(), AccessLogEntry.objects.count()
    response = _call(client, method, path.format(**records), body(records) if body else None)
    assert response.status_code == 403, response.content
    assert _snapshot() == before
    assert AccessLogEntry.objects.count() == logged


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS, ids=ENDPOINT_IDS)
def test_anonymous_requests_get_401(client, records, method, path, body):
    before, logged = _snapshot(), AccessLogEntry.objects.count()
    assert _call(client, method, path.format(**records), body(records) if body else None).status_code == 401
    assert _snapshot() == before
    assert AccessLogEntry.objects.count() == logged


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS, ids=ENDPOINT_IDS)
def test_a_token_gives_no_more_than_its_users_roles(records, partner_user, method, path, body):
    _token, key = api_token_create(user=partner_user, name="partner export")
    client = Client(enforce_csrf_checks=True)
    assert (
        _call(client, method, path.format(**records), body(records) if body else None, **_bearer(key)).status_code
        == 403
    )


# Intake: facts, a registration and a contract --------------------------------------------


def test_intake_records_facts_registers_and_signs_a_contract(intake_client, newcomer, counsellors):
    carla, _colin = counsellors
    saved = intake_client.put(f"/api/integration/people/{newcomer.pk}/facts", OBLIGATED_FACTS, content_type=JSON)
    assert saved.status_code == 200, saved.content
    assert saved.json()["facts"]["register"] == "foreigners"
    assert saved.json()["registrations"] == []

    registered = intake_client.post(
        "/api/integration/registrations", {"person_id": newcomer.pk, "registered_on": "2019-04-01"}, content_type=JSON
    )
    assert registered.status_code == 201, registered.content
    registration = registered.json()
    assert (registration["status"], registration["current_status"]) == ("verplicht", "verplicht")
    assert registration["person"]["reference"] == newcomer.reference
    [decision] = registration["decisions"]
    assert (decision["kind"], decision["rule_set"], decision["missing"]) == ("registration", "2016-2022", [])
    assert decision["explanation"][0] == "Status: verplicht (rule set 2016-2022)."
    fired = {step["rule"]: step for step in decision["steps"] if step["outcome"] == "fired"}
    assert fired["2016.obligated.first_residence_title"]["facts"]["residence_title_months"] == 12

    signed = intake_client.post(
        f"/api/integration/registrations/{registration['id']}/contracts",
        {"signed_on": "2019-04-15", "components": {"includes_career_orientation": False}},
        content_type=JSON,
    )
    assert signed.status_code == 201, signed.content
    contract = signed.json()
    # Carla speaks Amina's preferred language, so she is assigned.
    assert contract["counsellor"] == {"id": carla.pk, "name": "Carla Persona"}
    assert "Arabic" in contract["assignment_note"] or "Arabisch" in contract["assignment_note"]
    assert (contract["status"], contract["state"], contract["includes_career_orientation"]) == (
        "verplicht",
        "open",
        False,
    )
    assert contract["may_change"] is False  # intake signs; the counsellor runs the trajectory
    assert len(contract["open_conditions"]) == 2
    assert Contract.objects.get().registration_id == registration["id"]


def test_the_preview_decides_without_saving_and_logs_the_read(intake_client, intake_user, newcomer):
    response = intake_client.post(
        "/api/integration/decisions/preview?purpose=registration",
        {"person_id": newcomer.pk, "asked_on": "2019-04-01", "facts": {"register": "foreigners"}},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "onbepaald"
    assert "residence_title" in body["missing"]
    assert body["explanation"][-1].startswith("Missing facts:")
    unknown = [step for step in body["steps"] if step["outcome"] == "unknown"]
    assert unknown and all(step["missing"] for step in unknown)
    assert not (IntegrationFacts.objects.exists() or StatusDecision.objects.exists() or Registration.objects.exists())
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.person_id, entry.action, entry.purpose, entry.channel) == (
        intake_user,
        newcomer.pk,
        "view",
        "registration",
        "api",
    )


def test_new_facts_reevaluate_the_registration_and_keep_the_history(intake_client, newcomer):
    registered = intake_client.post(
        "/api/integration/registrations", {"person_id": newcomer.pk, "registered_on": "2019-04-01"}, content_type=JSON
    )
    assert registered.json()["status"] == "onbepaald"
    registration_id = registered.json()["id"]

    saved = intake_client.put(f"/api/integration/people/{newcomer.pk}/facts", OBLIGATED_FACTS, content_type=JSON)
    assert saved.json()["registrations"] == [
        {"id": registration_id, "registered_on": "2019-04-01", "status": "onbepaald", "current_status": "verplicht"}
    ]
    history = intake_client.get(f"/api/integration/registrations/{registration_id}?purpose=registration").json()
    assert [(decision["kind"], decision["status"]) for decision in history["decisions"]] == [
        ("registration", "onbepaald"),
        ("reevaluation", "verplicht"),
    ]


def test_facts_left_out_keep_their_value_and_null_makes_a_fact_unknown(intake_client, newcomer):
    url = f"/api/integration/people/{newcomer.pk}/facts"
    intake_client.put(url, OBLIGATED_FACTS, content_type=JSON)
    response = intake_client.put(url, {"residence_title_months": 24, "register": None}, content_type=JSON)
    assert response.json()["changed"] == ["register", "residence_title_months"]
    facts = IntegrationFacts.objects.get(person=newcomer)
    assert (facts.register, facts.residence_title, facts.residence_title_months) == ("", "limited", 24)
    assert response.json()["facts"]["register"] is None


def test_saving_unchanged_facts_is_logged_as_a_read(intake_client, intake_user, newcomer):
    url = f"/api/integration/people/{newcomer.pk}/facts?purpose=correction"
    intake_client.put(url, OBLIGATED_FACTS, content_type=JSON)
    assert AccessLogEntry.objects.get().action == "update"
    response = intake_client.put(url, OBLIGATED_FACTS, content_type=JSON)
    assert response.json()["changed"] == []
    latest = AccessLogEntry.objects.order_by("-id").first()
    assert (latest.action, latest.purpose, latest.channel, AccessLogEntry.objects.count()) == (
        "view",
        "correction",
        "api",
        2,
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"asked_on": "2010-01-01", "facts": {}}, "asked_on"),  # before the decree: no rule set
        ({"asked_on": "2019-04-01", "facts": {"residence_title": "belgian"}}, "__all__"),  # a Syrian "Belgian"
    ],
)
def test_questions_the_rules_cannot_answer_get_422(intake_client, newcomer, payload, field):
    response = intake_client.post(
        "/api/integration/decisions/preview", {"person_id": newcomer.pk, **payload}, content_type=JSON
    )
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]


def test_inconsistent_facts_are_refused_and_not_saved(intake_client, newcomer):
    intake_client.post(
        "/api/integration/registrations", {"person_id": newcomer.pk, "registered_on": "2019-04-01"}, content_type=JSON
    )
    response = intake_client.put(
        f"/api/integration/people/{newcomer.pk}/facts", {"residence_title": "belgian"}, content_type=JSON
    )
    assert response.status_code == 422
    assert not IntegrationFacts.objects.filter(residence_title="belgian").exists()


def test_only_obligated_or_entitled_people_sign_a_contract(intake_client, newcomer):
    registered = intake_client.post(
        "/api/integration/registrations", {"person_id": newcomer.pk, "registered_on": "2019-04-01"}, content_type=JSON
    )
    response = intake_client.post(
        f"/api/integration/registrations/{registered.json()['id']}/contracts",
        {"signed_on": "2019-04-15"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert not Contract.objects.exists()


# Counselling: own caseload, the team's, the coordinator ----------------------------------


def test_a_counsellor_changes_a_contract_of_their_own_caseload(counsellor_client, own_contract):
    base = f"/api/integration/contracts/{own_contract.pk}"
    progress = counsellor_client.patch(
        f"{base}/progress",
        {"civic_orientation_passed_on": "2019-09-01", "dutch_level_reached": "A1"},
        content_type=JSON,
    )
    assert progress.status_code == 200, progress.content
    assert (progress.json()["civic_orientation_passed_on"], progress.json()["dutch_level_reached"]) == (
        "2019-09-01",
        "A1",
    )
    assert progress.json()["may_change"] is True
    pause = counsellor_client.post(
        f"{base}/pauses",
        {"kind": "postponement", "reason": "Childbirth", "starts_on": "2019-10-01", "expires_on": "2020-01-01"},
        content_type=JSON,
    )
    assert pause.status_code == 201, pause.content
    referral = counsellor_client.post(
        f"{base}/referrals",
        {"service": "vdab", "referred_on": "2019-10-02", "note": "Looks for work as a nurse"},
        content_type=JSON,
    )
    assert referral.status_code == 201, referral.content
    outcome = counsellor_client.patch(
        f"/api/integration/referrals/{referral.json()['id']}",
        {"outcome": "started", "outcome_on": "2019-11-01"},
        content_type=JSON,
    )
    assert outcome.status_code == 200, outcome.content
    assert outcome.json()["outcome"] == "started"
    body = counsellor_client.get(f"{base}?purpose=counselling").json()
    assert [pause["kind"] for pause in body["pauses"]] == ["postponement"]
    assert [(referral["service"], referral["outcome"]) for referral in body["referrals"]] == [("vdab", "started")]


GLASS = {"HTTP_X_BREAK_GLASS_REASON": "Colin is ill and the client is at the desk with an urgent letter."}


def test_a_counsellor_opens_a_colleagues_contract_only_by_breaking_the_glass(
    counsellor, counsellor_client, colleagues_contract
):
    # A colleague's client is outside the caseload: the access policy asks for a reason.
    url = f"/api/integration/contracts/{colleagues_contract.pk}?purpose=counselling"
    asked = counsellor_client.get(url)
    assert asked.status_code == 403
    assert "X-Break-Glass-Reason" in asked.json()["detail"] and "Mbeki" not in asked.content.decode()
    refused = AccessLogEntry.objects.get(user=counsellor)
    assert (refused.person_id, refused.action, refused.purpose) == (
        colleagues_contract.person_id,
        "refused",
        "counselling",
    )
    read = counsellor_client.get(url, **GLASS)
    assert read.status_code == 200
    entry = AccessLogEntry.objects.filter(user=counsellor, action="view").get()
    assert (entry.person_id, entry.break_glass, entry.reason) == (
        colleagues_contract.person_id,
        True,
        GLASS["HTTP_X_BREAK_GLASS_REASON"],
    )


def test_a_team_coordinator_reads_a_colleagues_contract_without_breaking_the_glass(
    team_coordinator, colleagues_contract
):
    read = logged_in_client(team_coordinator).get(
        f"/api/integration/contracts/{colleagues_contract.pk}?purpose=counselling"
    )
    assert read.status_code == 200
    entry = AccessLogEntry.objects.get(user=team_coordinator)
    assert (entry.person_id, entry.action, entry.break_glass) == (colleagues_contract.person_id, "view", False)


def test_a_counsellor_reads_a_colleagues_contract_but_cannot_change_it(counsellor_client, colleagues_contract):
    # Even with the glass broken (a reason given), a colleague's contract is read-only.
    contract = colleagues_contract
    referral = services.referral_create(
        contract=contract, service="school", referred_on=date(2019, 5, 1), by=contract.counsellor
    )
    read = counsellor_client.get(f"/api/integration/contracts/{contract.pk}?purpose=counselling", **GLASS)
    assert read.status_code == 200
    assert read.json()["may_change"] is False
    base = f"/api/integration/contracts/{contract.pk}"
    refused = [
        counsellor_client.patch(
            f"{base}/progress", {"civic_orientation_passed_on": "2019-09-01"}, content_type=JSON, **GLASS
        ),
        counsellor_client.post(
            f"{base}/pauses",
            {"kind": "suspension", "reason": "Work", "starts_on": "2019-06-01", "expires_on": "2019-09-01"},
            content_type=JSON,
            **GLASS,
        ),
        counsellor_client.post(
            f"{base}/referrals", {"service": "vdab", "referred_on": "2019-06-01"}, content_type=JSON, **GLASS
        ),
        counsellor_client.patch(
            f"/api/integration/referrals/{referral.pk}",
            {"outcome": "started", "outcome_on": "2019-07-01"},
            content_type=JSON,
            **GLASS,
        ),
        counsellor_client.post(f"{base}/certificate", {"issued_on": "2019-12-01"}, content_type=JSON, **GLASS),
    ]
    assert [response.status_code for response in refused] == [403] * 5
    contract.refresh_from_db()
    referral.refresh_from_db()
    assert contract.civic_orientation_passed_on is None
    assert (contract.pauses.count(), contract.referrals.count(), referral.outcome) == (0, 1, "pending")


def test_a_team_coordinator_changes_any_contract(team_coordinator, own_contract):
    client = logged_in_client(team_coordinator)
    response = client.patch(
        f"/api/integration/contracts/{own_contract.pk}/progress",
        {"career_orientation_done_on": "2019-08-01"},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert response.json()["may_change"] is True


def test_a_team_coordinator_chooses_the_counsellor_with_a_reason(team_coordinator, newcomer, intake_user, counsellors):
    _carla, colin = counsellors
    services.facts_save(person=newcomer, values=SERVICE_FACTS, by=intake_user, purpose=AccessPurpose.REGISTRATION)
    registration = services.registration_create(person=newcomer, registered_on=date(2019, 4, 1), by=intake_user)
    client = logged_in_client(team_coordinator)
    url = f"/api/integration/registrations/{registration.pk}/contracts"

    without_reason = client.post(url, {"signed_on": "2019-04-15", "counsellor_id": colin.pk}, content_type=JSON)
    assert without_reason.status_code == 422
    assert not Contract.objects.exists()

    chosen = client.post(
        url,
        {"signed_on": "2019-04-15", "counsellor_id": colin.pk, "override_reason": "Knows the family"},
        content_type=JSON,
    )
    assert chosen.status_code == 201, chosen.content
    assert chosen.json()["counsellor"]["id"] == colin.pk
    assert "Knows the family" in chosen.json()["assignment_note"]


def test_a_team_coordinator_cannot_choose_someone_who_is_not_a_counsellor(
    team_coordinator, newcomer, intake_user, manager, counsellors
):
    services.facts_save(person=newcomer, values=SERVICE_FACTS, by=intake_user, purpose=AccessPurpose.REGISTRATION)
    registration = services.registration_create(person=newcomer, registered_on=date(2019, 4, 1), by=intake_user)
    response = logged_in_client(team_coordinator).post(
        f"/api/integration/registrations/{registration.pk}/contracts",
        {"signed_on": "2019-04-15", "counsellor_id": manager.pk, "override_reason": "Why not"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert "counsellor_id" in response.json()["errors"]


@pytest.mark.parametrize("persona", ["counsellor", "intake_user"])
def test_only_a_team_coordinator_chooses_the_counsellor(request, persona, newcomer, intake_user, counsellors):
    _carla, colin = counsellors
    services.facts_save(person=newcomer, values=SERVICE_FACTS, by=intake_user, purpose=AccessPurpose.REGISTRATION)
    registration = services.registration_create(person=newcomer, registered_on=date(2019, 4, 1), by=intake_user)
    response = logged_in_client(request.getfixturevalue(persona)).post(
        f"/api/integration/registrations/{registration.pk}/contracts",
        {"signed_on": "2019-04-15", "counsellor_id": colin.pk, "override_reason": "I prefer Colin"},
        content_type=JSON,
    )
    assert response.status_code == 403
    assert not Contract.objects.exists()


def test_the_caseload_lists_a_counsellors_running_contracts(
    team_coordinator, counsellor_client, own_contract, colleagues_contract
):
    # A colleague's caseload is the team coordinator's only (the access policy).
    colin = colleagues_contract.counsellor
    assert counsellor_client.get(f"/api/integration/caseload/{colin.pk}").status_code == 403
    response = logged_in_client(team_coordinator).get(f"/api/integration/caseload/{colin.pk}")
    assert response.status_code == 200
    body = response.json()
    assert (body["counsellor"]["id"], body["count"], body["fte"]) == (colin.pk, 1, 1.0)
    assert [item["id"] for item in body["items"]] == [colleagues_contract.pk]
    assert set(body["items"][0]["person"]) == {"id", "reference", "given_names", "family_name"}
    # The list opens no file but leaves a trace of the person it shows.
    traced = AccessLogEntry.objects.filter(channel="api")
    assert list(traced.values_list("user", "person_id", "action")) == [
        (team_coordinator.pk, colleagues_contract.person_id, "list")
    ]


# The certificate --------------------------------------------------------------------------


def test_the_certificate_is_refused_with_the_open_conditions_then_issued(counsellor_client, own_contract):
    url = f"/api/integration/contracts/{own_contract.pk}/certificate"
    refused = counsellor_client.post(url, {"issued_on": "2019-12-01"}, content_type=JSON)
    assert refused.status_code == 422
    open_conditions = refused.json()["open_conditions"]
    assert len(open_conditions) == 3  # civic orientation, Dutch A2, career orientation
    assert any("A2" in condition for condition in open_conditions)
    assert not Certificate.objects.exists()

    counsellor_client.patch(
        f"/api/integration/contracts/{own_contract.pk}/progress",
        {
            "civic_orientation_passed_on": "2019-08-01",
            "dutch_level_reached": "A2",
            "dutch_level_reached_on": "2019-10-01",
            "career_orientation_done_on": "2019-09-01",
        },
        content_type=JSON,
    )
    issued = counsellor_client.post(url, {"issued_on": "2019-12-01"}, content_type=JSON)
    assert issued.status_code == 201, issued.content
    assert (issued.json()["issued_on"], issued.json()["days_from_contract"]) == ("2019-12-01", 230)
    own_contract.refresh_from_db()
    assert (own_contract.state, own_contract.ended_on) == ("certified", date(2019, 12, 1))

    again = counsellor_client.post(url, {"issued_on": "2019-12-02"}, content_type=JSON)
    assert again.status_code == 422
    assert Certificate.objects.count() == 1


def test_a_passed_exemption_test_replaces_civic_orientation(counsellor_client, own_contract):
    registered = counsellor_client.post(
        f"/api/integration/people/{own_contract.person_id}/exemption-tests",
        {"registered_on": "2019-05-01"},
        content_type=JSON,
    )
    assert registered.status_code == 201, registered.content
    assert registered.json()["result"] == "pending"
    url = f"/api/integration/exemption-tests/{registered.json()['id']}"
    assert counsellor_client.patch(url, {"result": "passed"}, content_type=JSON).status_code == 422  # no date
    passed = counsellor_client.patch(url, {"result": "passed", "taken_on": "2019-05-20"}, content_type=JSON)
    assert passed.status_code == 200
    contract = counsellor_client.get(f"/api/integration/contracts/{own_contract.pk}?purpose=counselling").json()
    assert len(contract["open_conditions"]) == 2
    assert not any("orientation is not passed" in condition for condition in contract["open_conditions"])


# Diploma recognition ----------------------------------------------------------------------


def test_diploma_dossiers_are_opened_changed_and_listed_by_kind(counsellor, counsellor_client, newcomer, own_contract):
    # Amina is in the counsellor's caseload (own_contract).
    opened = counsellor_client.post(
        f"/api/integration/people/{newcomer.pk}/diploma-dossiers",
        {
            "kind": "client",
            "opened_on": "2019-05-01",
            "diploma": "Bachelor nursing",
            "missing_documents": ["transcript"],
        },
        content_type=JSON,
    )
    assert opened.status_code == 201, opened.content
    dossier_id = opened.json()["id"]
    changed = counsellor_client.patch(
        f"/api/integration/diploma-dossiers/{dossier_id}", {"state": "submitted"}, content_type=JSON
    )
    assert changed.status_code == 200
    assert (changed.json()["state"], changed.json()["missing_documents"]) == ("submitted", ["transcript"])
    services.diploma_dossier_create(person=newcomer, kind="vdab", opened_on=date(2019, 6, 1), by=counsellor)
    listed = counsellor_client.get("/api/integration/diploma-dossiers?kind=client").json()
    assert [item["id"] for item in listed["items"]] == [dossier_id]
    assert "diploma" not in listed["items"][0]  # the list carries no more than the file number and names


# Reads: the access log, lists, 404 --------------------------------------------------------

READS = [
    ("get", "/api/integration/registrations/{registration}?purpose={purpose}", None),
    ("get", "/api/integration/contracts/{contract}?purpose={purpose}", None),
    (
        "post",
        "/api/integration/decisions/preview?purpose={purpose}",
        lambda ids: {"person_id": ids["person"], "asked_on": "2019-04-01"},
    ),
]


@pytest.mark.parametrize("purpose", ["counselling", "correction"])  # the counsellor's purposes
@pytest.mark.parametrize(("method", "path", "body"), READS, ids=["registration", "contract", "preview"])
def test_each_read_writes_one_access_log_entry_with_the_purpose(
    counsellor, counsellor_client, records, purpose, method, path, body
):
    before = AccessLogEntry.objects.count()
    response = _call(
        counsellor_client, method, path.format(purpose=purpose, **records), body(records) if body else None
    )
    assert response.status_code == 200, response.content
    [entry] = AccessLogEntry.objects.order_by("-id")[: AccessLogEntry.objects.count() - before]
    assert (entry.user, entry.person_id, entry.action, entry.purpose, entry.channel, entry.fields) == (
        counsellor,
        records["person"],
        "view",
        purpose,
        "api",
        [],
    )


@pytest.mark.parametrize("purpose", ["audit", "subject_request", "course", "registration"])
@pytest.mark.parametrize(("method", "path", "body"), READS, ids=["registration", "contract", "preview"])
def test_a_read_for_a_purpose_outside_the_role_is_refused_and_logged_as_an_attempt(
    counsellor, counsellor_client, records, purpose, method, path, body
):
    before = AccessLogEntry.objects.count()
    response = _call(
        counsellor_client, method, path.format(purpose=purpose, **records), body(records) if body else None
    )
    assert response.status_code == 403, response.content
    [entry] = AccessLogEntry.objects.order_by("-id")[: AccessLogEntry.objects.count() - before]
    assert (entry.user, entry.person_id, entry.action, entry.purpose, entry.channel) == (
        counsellor,
        records["person"],
        "refused",
        purpose,
        "api",
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/integration/registrations/{registration}",
        "/api/integration/registrations/{registration}?purpose=curiosity",
        "/api/integration/contracts/{contract}",
    ],
)
def test_a_read_without_a_valid_purpose_is_refused_and_not_logged(counsellor_client, records, path):
    before = AccessLogEntry.objects.count()
    assert counsellor_client.get(path.format(**records)).status_code == 422
    assert AccessLogEntry.objects.count() == before


def test_lists_are_paginated_filtered_and_traced(
    team_coordinator, counsellor_client, own_contract, colleagues_contract, newcomer, intake_user
):
    # The team coordinator sees the team's registrations; a counsellor only the caseload's.
    client = logged_in_client(team_coordinator)
    services.registration_create(
        person=_newcomer(given_names="Omar", family_name="Nasser", first_registration_date=date(2018, 9, 1)),
        registered_on=date(2018, 11, 5),
        by=intake_user,
    )
    before = AccessLogEntry.objects.count()
    both = client.get("/api/integration/registrations?year=2019&status=verplicht").json()
    assert (both["count"], both["page"], both["pages"]) == (2, 1, 1)
    assert {item["person"]["family_name"] for item in both["items"]} == {"Haddad", "Mbeki"}
    assert set(both["items"][0]) == {"id", "person", "registered_on", "status", "current_status"}
    earlier = client.get("/api/integration/registrations?year=2018").json()
    assert [item["person"]["given_names"] for item in earlier["items"]] == ["Omar"]
    undecided = client.get("/api/integration/registrations?status=onbepaald").json()
    assert undecided["count"] == 1
    beyond = client.get("/api/integration/registrations?page=99").json()
    assert beyond["page"] == 1
    # No file is opened; every person shown leaves one list entry per response.
    shown = [item["person"]["id"] for body in (both, earlier, undecided, beyond) for item in body["items"]]
    new = AccessLogEntry.objects.order_by("id")[before:]
    assert {entry.action for entry in new} == {"list"}
    assert sorted(entry.person_id for entry in new) == sorted(shown)
    own = counsellor_client.get("/api/integration/registrations?year=2019&status=verplicht").json()
    assert {item["person"]["family_name"] for item in own["items"]} == {"Haddad"}


def test_the_list_pages_by_the_page_size(team_coordinator, intake_user, settings):
    settings.HAVEN_PAGE_SIZE = 2
    for number in range(3):
        services.registration_create(
            person=_newcomer(family_name=f"Haddad-{number}"), registered_on=date(2019, 4, 1 + number), by=intake_user
        )
    second = logged_in_client(team_coordinator).get("/api/integration/registrations?page=2").json()
    assert (second["count"], second["page"], second["pages"], len(second["items"])) == (3, 2, 2, 1)


def test_lists_and_reads_run_a_fixed_number_of_queries(counsellor, counsellor_client, intake_user, counsellors):
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as context:
            assert counsellor_client.get(url).status_code == 200
        return len(context)

    def add_one(number: int) -> Contract:
        person = _newcomer(family_name=f"Haddad-{number}")
        services.diploma_dossier_create(person=person, kind="client", opened_on=date(2019, 5, 1), by=counsellor)
        contract = _signed_contract(person, by=intake_user, counsellor=counsellor)
        services.pause_create(
            contract=contract,
            kind="suspension",
            reason="Work",
            starts_on=date(2019, 6, 1),
            expires_on=date(2019, 9, 1),
            by=counsellor,
        )
        services.referral_create(contract=contract, service="vdab", referred_on=date(2019, 6, 1), by=counsellor)
        return contract

    urls = [
        "/api/integration/registrations",
        f"/api/integration/caseload/{counsellor.pk}",
        "/api/integration/diploma-dossiers",
    ]
    first = add_one(0)
    few = [queries(url) for url in urls]
    for number in range(1, 4):
        add_one(number)
    assert [queries(url) for url in urls] == few
    # A contract or registration with more pauses, referrals and decisions costs no more queries either.
    reads = [
        f"/api/integration/contracts/{first.pk}?purpose=counselling",
        f"/api/integration/registrations/{first.registration_id}?purpose=counselling",
    ]
    before = [queries(url) for url in reads]
    services.pause_create(
        contract=first,
        kind="postponement",
        reason="Illness",
        starts_on=date(2019, 10, 1),
        expires_on=date(2019, 11, 1),
        by=counsellor,
    )
    services.referral_create(contract=first, service="school", referred_on=date(2019, 6, 2), by=counsellor)
    services.facts_save(
        person=first.person, values={"residence_title_months": None}, by=intake_user, purpose=AccessPurpose.CORRECTION
    )
    assert [queries(url) for url in reads] == before


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/integration/registrations/999999?purpose=counselling", None),
        ("get", "/api/integration/contracts/999999?purpose=counselling", None),
        ("patch", "/api/integration/contracts/999999/progress", {"childcare_needed": True}),
        ("post", "/api/integration/registrations/999999/contracts", {"signed_on": "2019-04-15"}),
        ("patch", "/api/integration/referrals/999999", {"outcome": "started", "outcome_on": "2019-07-01"}),
        ("post", "/api/integration/contracts/999999/certificate", {"issued_on": "2019-12-01"}),
        ("put", "/api/integration/people/999999/facts", {"born_abroad": True}),
        ("post", "/api/integration/registrations", {"person_id": 999999, "registered_on": "2019-04-01"}),
        ("post", "/api/integration/decisions/preview", {"person_id": 999999, "asked_on": "2019-04-01"}),
        ("post", "/api/integration/people/999999/exemption-tests", {"registered_on": "2019-06-01"}),
        ("patch", "/api/integration/exemption-tests/999999", {"result": "absent"}),
        ("post", "/api/integration/people/999999/diploma-dossiers", {"kind": "vdab", "opened_on": "2019-06-01"}),
        ("patch", "/api/integration/diploma-dossiers/999999", {"state": "submitted"}),
    ],
)
def test_unknown_ids_give_404_and_log_nothing(counsellor_client, method, path, body):
    assert _call(counsellor_client, method, path, body).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_an_unknown_caseload_gives_404_to_the_team_coordinator_and_403_to_a_counsellor(
    team_coordinator, counsellor_client
):
    # A colleague's caseload is the team coordinator's only, whether the colleague exists or not.
    assert logged_in_client(team_coordinator).get("/api/integration/caseload/999999").status_code == 404
    assert counsellor_client.get("/api/integration/caseload/999999").status_code == 403
    assert not AccessLogEntry.objects.exists()


# Health grounds ---------------------------------------------------------------------------


@pytest.fixture
def exempted_for_health(newcomer, intake_user, counsellors):
    """Amina has a medical certificate: entitled, not obligated; Carla is her counsellor."""
    return _signed_contract(
        newcomer,
        by=intake_user,
        counsellor=counsellors[0],
        facts={**SERVICE_FACTS, "serious_illness_certificate": True},
    )


def _health_step(decision: dict) -> dict:
    return next(step for step in decision["steps"] if step["rule"].endswith("exempt.serious_illness"))


def test_the_health_ground_is_shown_to_the_persons_counsellor(counsellor_client, exempted_for_health):
    registration = counsellor_client.get(
        f"/api/integration/registrations/{exempted_for_health.registration_id}?purpose=counselling"
    ).json()
    decision = registration["decisions"][-1]
    assert decision["status"] == "rechthebbend"
    step = _health_step(decision)
    assert (step["outcome"], step["facts"]["serious_illness_certificate"]) == ("fired", True)
    facts = counsellor_client.put(
        f"/api/integration/people/{exempted_for_health.person_id}/facts", {}, content_type=JSON
    ).json()["facts"]
    assert facts["serious_illness_certificate"] is True


@pytest.mark.parametrize(
    ("persona", "purpose", "headers"),
    [
        ("intake_user", "registration", {}),
        ("colleague", "counselling", GLASS),  # outside the colleague's caseload: only with a reason
        ("team_coordinator", "counselling", {}),
    ],
)
def test_the_health_ground_is_confidential_for_everyone_else(request, persona, purpose, headers, exempted_for_health):
    client = logged_in_client(request.getfixturevalue(persona))
    for name, value in headers.items():
        client.defaults[name] = value
    registration = client.get(
        f"/api/integration/registrations/{exempted_for_health.registration_id}?purpose={purpose}"
    ).json()
    for decision in registration["decisions"]:
        step = _health_step(decision)
        assert (step["outcome"], step["facts"]["serious_illness_certificate"]) == ("confidential", "confidential")
        explanation = "\n".join(decision["explanation"])
        assert "serious_illness_certificate=confidential" in explanation
        assert "serious_illness_certificate=True" not in explanation
    saved = client.put(
        f"/api/integration/people/{exempted_for_health.person_id}/facts", {"born_abroad": True}, content_type=JSON
    )
    assert saved.json()["facts"]["serious_illness_certificate"] is None
    # Leaving the hidden fact out did not erase it.
    assert IntegrationFacts.objects.get(person_id=exempted_for_health.person_id).serious_illness_certificate is True
    preview = client.post(
        "/api/integration/decisions/preview",
        {
            "person_id": exempted_for_health.person_id,
            "asked_on": "2019-04-01",
            "facts": {**OBLIGATED_FACTS, "serious_illness_certificate": True},
        },
        content_type=JSON,
    ).json()
    assert _health_step(preview)["outcome"] == "confidential"


# Ways in: bearer tokens, session CSRF, the schema ----------------------------------------


def test_a_bearer_token_client_registers_signs_and_reads(intake_user, counsellor, newcomer, counsellors):
    _token, key = api_token_create(user=intake_user, name="intake kiosk")
    client = Client(enforce_csrf_checks=True)  # no session, no CSRF token: the bearer token suffices
    assert (
        client.put(
            f"/api/integration/people/{newcomer.pk}/facts", OBLIGATED_FACTS, content_type=JSON, **_bearer(key)
        ).status_code
        == 200
    )
    registered = client.post(
        "/api/integration/registrations",
        {"person_id": newcomer.pk, "registered_on": "2019-04-01"},
        content_type=JSON,
        **_bearer(key),
    )
    assert registered.status_code == 201
    signed = client.post(
        f"/api/integration/registrations/{registered.json()['id']}/contracts",
        {"signed_on": "2019-04-15"},
        content_type=JSON,
        **_bearer(key),
    )
    assert signed.status_code == 201

    _token, counsellor_key = api_token_create(user=counsellor, name="case management")
    read = client.get(
        f"/api/integration/contracts/{signed.json()['id']}?purpose=counselling", **_bearer(counsellor_key)
    )
    assert read.status_code == 200
    assert read.json()["may_change"] is True
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert (entry.user, entry.action, entry.channel) == (counsellor, "view", "api")
    assert set(AccessLogEntry.objects.values_list("channel", flat=True)) == {"api"}


def test_a_session_write_without_the_csrf_token_is_refused(intake_user, newcomer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(intake_user)
    response = client.post(
        "/api/integration/registrations", {"person_id": newcomer.pk, "registered_on": "2019-04-01"}, content_type=JSON
    )
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_openapi_schema_lists_the_integration_endpoints(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    expected = {
        "/api/integration/decisions/preview": {"post"},
        "/api/integration/people/{person_id}/facts": {"put"},
        "/api/integration/registrations": {"get", "post"},
        "/api/integration/registrations/{registration_id}": {"get"},
        "/api/integration/registrations/{registration_id}/contracts": {"post"},
        "/api/integration/contracts/{contract_id}": {"get"},
        "/api/integration/contracts/{contract_id}/progress": {"patch"},
        "/api/integration/contracts/{contract_id}/pauses": {"post"},
        "/api/integration/contracts/{contract_id}/referrals": {"post"},
        "/api/integration/referrals/{referral_id}": {"patch"},
        "/api/integration/contracts/{contract_id}/certificate": {"post"},
        "/api/integration/caseload/{user_id}": {"get"},
        "/api/integration/people/{person_id}/exemption-tests": {"post"},
        "/api/integration/exemption-tests/{test_id}": {"patch"},
        "/api/integration/people/{person_id}/diploma-dossiers": {"post"},
        "/api/integration/diploma-dossiers/{dossier_id}": {"patch"},
        "/api/integration/diploma-dossiers": {"get"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path
        for method in methods:
            assert paths[path][method]["tags"] == ["civic integration"]
    for path in ("/api/integration/registrations/{registration_id}", "/api/integration/contracts/{contract_id}"):
        parameters = {parameter["name"]: parameter for parameter in paths[path]["get"]["parameters"]}
        assert parameters["purpose"]["required"] is True
    assert "422" in paths["/api/integration/contracts/{contract_id}/certificate"]["post"]["responses"]
    assert "register" in schema["components"]["schemas"]["FactsIn"]["properties"]


def test_the_counsellor_ends_a_contract_through_the_api_with_a_reason(counsellor_client, own_contract):
    url = f"/api/integration/contracts/{own_contract.pk}/end"
    refused = counsellor_client.post(url, {"ended_on": "2021-03-02", "reason": "other"}, content_type=JSON)
    assert refused.status_code == 422
    assert "note" in refused.json()["errors"]

    ended = counsellor_client.post(url, {"ended_on": "2021-03-02", "reason": "moved"}, content_type=JSON)
    assert ended.status_code == 200, ended.content
    assert (ended.json()["state"], ended.json()["ended_on"], ended.json()["end_reason"]) == (
        "ended",
        "2021-03-02",
        "moved",
    )
    again = counsellor_client.post(url, {"ended_on": "2021-03-03", "reason": "moved"}, content_type=JSON)
    assert again.status_code == 422
