"""The NT2 API: intake staff read and write, counsellors only read, partners, managers and
outsiders get 403 from every endpoint; refusals are 422 with the message (never a 500);
unknown ids 404; reads logged with the channel "api"; the intake file in a fixed number
of queries."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from conftest import logged_in_client
from haven.accounts.services import api_token_create
from haven.core.models import AccessLogEntry, Language
from haven.integration.models import Contract, Registration
from haven.nt2 import explanation, services
from haven.nt2.models import (
    CertificationPurpose,
    CertificationTest,
    Conversation,
    Enrolment,
    EnrolmentStatus,
    Funder,
    LanguageTest,
    Module,
    Provider,
    ProviderKind,
    Routing,
    Scholarship,
    ScholarshipFund,
)
from haven.nt2.tests.factories import ModuleFactory, ProviderFactory
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory, caseload_add

pytestmark = pytest.mark.django_db
JSON = "application/json"
DAY = datetime.date(2019, 3, 4)
LATER = datetime.date(2019, 4, 8)
MISSING = 999_999


def _call(client, method, url, body=None, **headers):
    if method == "get":
        return client.get(url, **headers)
    return getattr(client, method)(url, body or {}, content_type=JSON, **headers)


def _dutch(message: str) -> str:
    with translation.override("nl"):  # the interface language by default
        return gettext(message)


def _provider(kind, paces, levels=("A1", "A2", "B1")):
    return ProviderFactory(kind=kind, paces=list(paces), levels=list(levels))


def _module(provider, level="A1", pace="regular", places=20, hours=120):
    return ModuleFactory(
        provider=provider,
        title=f"Nederlands {level} {pace}",
        level=level,
        pace=pace,
        hours=hours,
        starts_on=LATER,
        places=places,
    )


def _adult(**values):
    return PersonFactory(birth_date=datetime.date(1990, 2, 14), municipality="Gent", **values)


def _conversation(person, by, **values):
    data = {
        "held_on": DAY,
        "kind": "first",
        "learning_goal": "work",
        "outcome": "routed",
        "literate": True,
        "latin_script": True,
        "years_of_schooling": 14,
        "highest_diploma": "higher",
    }
    data.update(values)
    return services.conversation_create(
        person=person, values=data, by=by, languages=Language.objects.filter(code__in=["ara", "eng"])
    )


def _fast_learner(person, by):
    """Intake facts and an aptitude test that route to the university language centre."""
    conversation = _conversation(person, by)
    services.language_test_record(
        person=person,
        by=by,
        values={"taken_on": DAY, "kind": "aptitude", "aptitude": "fast", "conversation": conversation},
    )
    return conversation


def _contract(person, by):
    """A running integration contract with Dutch up to A2."""
    registration = Registration.objects.create(
        person=person, registered_on=DAY, status="verplicht", current_status="verplicht", created_by=by
    )
    return Contract.objects.create(
        person=person, registration=registration, signed_on=DAY, status="verplicht", dutch_target_level="A2"
    )


ENDPOINTS = [
    ("get", "/api/nt2/people/{person}/intake", None),
    (
        "post",
        "/api/nt2/people/{person}/conversations",
        {
            "held_on": "2019-03-04",
            "kind": "follow_up",
            "learning_goal": "work",
            "outcome": "test",
            "languages_known": ["ara", "fra"],
            "years_of_schooling": 12,
        },
    ),
    (
        "post",
        "/api/nt2/people/{person}/tests",
        {"taken_on": "2019-03-04", "kind": "level", "skill": "reading", "level": "A2"},
    ),
    ("post", "/api/nt2/people/{person}/routings", {"on": "2019-03-04"}),
    (
        "post",
        "/api/nt2/routings/{routing}/decision",
        {"module_id": "{cvo_module}", "reason": "Closer to home.", "decided_on": "2019-03-05"},
    ),
    ("post", "/api/nt2/people/{person}/enrolments", {"module_id": "{cvo_module}", "requested_on": "2019-03-05"}),
    ("post", "/api/nt2/enrolments/{enrolment}/status", {"status": "confirmed", "on": "2019-03-06"}),
    (
        "post",
        "/api/nt2/people/{person}/scholarships",
        {"fund_id": "{fund}", "module_id": "{uct_module}", "granted_on": "2019-03-06"},
    ),
    (
        "post",
        "/api/nt2/people/{person}/certifications",
        {"taken_on": "2019-06-20", "purpose": "nationality", "level_tested": "A2", "level_reached": "A2"},
    ),
    ("get", "/api/nt2/modules?level=A1", None),
    ("get", "/api/nt2/funds?year=2019", None),
]
READS = [endpoint for endpoint in ENDPOINTS if endpoint[0] == "get"]
WRITES = [endpoint for endpoint in ENDPOINTS if endpoint[0] != "get"]
WITH_AN_ID = [endpoint for endpoint in ENDPOINTS if "{" in endpoint[1]]


def _fill(value, api_records):
    if isinstance(value, str):
        filled = value.format(**api_records)
        return int(filled) if value.startswith("{") else filled
    if isinstance(value, list):
        return [_fill(item, api_records) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, api_records) for key, item in value.items()}
    return value


def _request(client, api_records, method, url, body, **headers):
    return _call(client, method, url.format(**api_records), _fill(body, api_records) if body else None, **headers)


def _counts():
    return (
        *tuple(
            model.objects.count()
            for model in (
                Conversation,
                LanguageTest,
                Routing,
                Enrolment,
                Scholarship,
                CertificationTest,
                AccessLogEntry,
            )
        ),
        Routing.objects.filter(decided_on__isnull=False).count(),
        Enrolment.objects.exclude(status=EnrolmentStatus.REQUESTED).count(),
    )


def _name(endpoint) -> str:
    return f"{endpoint[0]} {endpoint[1]}"


# --- who may do what ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["partner_client", "outsider_client", "manager_client"])
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=_name)
def test_personas_without_the_line_get_403_from_every_endpoint(request, persona, endpoint, api_records):
    before = _counts()
    response = _request(request.getfixturevalue(persona), api_records, *endpoint)
    assert response.status_code == 403, response.content
    assert _counts() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=_name)
def test_intake_staff_use_every_endpoint(intake_client, endpoint, api_records):
    response = _request(intake_client, api_records, *endpoint)
    assert response.status_code == (200 if endpoint[0] == "get" or "{person}" not in endpoint[1] else 201), (
        response.content
    )


@pytest.mark.parametrize("endpoint", READS, ids=_name)
def test_a_counsellor_reads(counsellor_client, counsellor, endpoint, api_records):
    caseload_add(counsellor, Person.objects.get(pk=api_records["person"]))  # the counsellor's client
    assert _request(counsellor_client, api_records, *endpoint).status_code == 200


@pytest.mark.parametrize("endpoint", WRITES, ids=_name)
def test_a_counsellor_writes_nothing(counsellor_client, endpoint, api_records):
    before = _counts()
    assert _request(counsellor_client, api_records, *endpoint).status_code == 403
    assert _counts() == before


@pytest.mark.parametrize("endpoint", WITH_AN_ID, ids=_name)
def test_an_unknown_id_in_the_url_is_404(intake_client, endpoint, api_records):
    method, url, body = endpoint
    url = url.replace("{person}", str(MISSING)).replace("{routing}", str(MISSING)).replace("{enrolment}", str(MISSING))
    before = _counts()
    assert _request(intake_client, api_records, method, url, body).status_code == 404
    assert _counts() == before


def test_reads_with_a_token_and_writes_with_a_token(intake_user, api_records):
    _token, key = api_token_create(user=intake_user, name="intake desk")
    client, headers = Client(), {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    created = _call(
        client,
        "post",
        f"/api/nt2/people/{api_records['person']}/tests",
        {"taken_on": "2019-03-05", "kind": "level", "skill": "speaking", "level": "A1"},
        **headers,
    )
    assert created.status_code == 201, created.content
    read = _call(client, "get", f"/api/nt2/people/{api_records['person']}/intake", **headers)
    assert read.status_code == 200 and read.json()["levels"] == {"speaking": "A1"}
    assert _call(Client(), "get", f"/api/nt2/people/{api_records['person']}/intake").status_code == 401


# --- the intake file ----------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "purpose"), [("nt2_staff", "language"), ("counsellor", "counselling")])
def test_reading_the_intake_file_is_logged_with_the_api_channel(request, persona, purpose, counsellor, api_records):
    # Each reader's read is logged with a purpose of their own role (the access policy);
    # the person has an NT2 intake (NT2 staff) and is the counsellor's client.
    caseload_add(counsellor, Person.objects.get(pk=api_records["person"]))
    user = request.getfixturevalue(persona)
    response = _call(logged_in_client(user), "get", f"/api/nt2/people/{api_records['person']}/intake")

    assert response.status_code == 200
    entry = AccessLogEntry.objects.filter(person_id=api_records["person"], user=user).get()
    assert (entry.action, entry.purpose, entry.channel) == ("view", purpose, "api")


def test_the_intake_file_holds_every_record_and_the_current_levels(intake_client, intake_user, api_records):
    person = Enrolment.objects.get(pk=api_records["enrolment"]).person
    services.language_test_record(
        person=person, by=intake_user, values={"taken_on": DAY, "kind": "level", "skill": "listening", "level": "A2"}
    )
    services.language_test_record(
        person=person, by=intake_user, values={"taken_on": LATER, "kind": "level", "skill": "listening", "level": "B1"}
    )

    body = _call(intake_client, "get", f"/api/nt2/people/{person.pk}/intake").json()

    assert body["person"]["id"] == person.pk
    assert body["levels"] == {"listening": "B1"} and body["aptitude"] == "fast"
    assert body["conversations"][0]["languages_known"] == ["ara", "eng"]
    assert len(body["tests"]) == 3
    routing = body["routings"][0]
    assert routing["id"] == api_records["routing"] and routing["kind"] == "uct"
    assert [reason["code"] for reason in routing["reasons"]] == ["routing_row", "start_level", "module_chosen"]
    assert routing["reasons"][0]["facts"]["row"] == 8
    assert [enrolment["module"]["id"] for enrolment in body["enrolments"]] == [api_records["uct_module"]]
    assert body["scholarships"] == [] and body["certifications"] == []


def _full_file(person, by, conversations: int):
    """A file with ``conversations`` conversations (each with a level test) and as many
    routings, enrolments, scholarships and certification tests as it takes to show that
    none of them costs a query per row."""
    uct = _provider(ProviderKind.UCT, ["fast"])
    fund = ScholarshipFund.objects.get_or_create(
        name="Fonds", year=2019, defaults={"funder": Funder.FLANDERS, "budget": 50}
    )[0]
    contract = _contract(person, by)
    for number in range(conversations):
        conversation = _fast_learner(person, by)
        services.language_test_record(
            person=person,
            by=by,
            values={"taken_on": DAY, "kind": "level", "skill": "reading", "level": "A1", "conversation": conversation},
        )
        module = _module(uct, pace="fast", hours=90)
        routing = services.routing_propose(person=person, by=by, on=DAY)
        services.routing_decide(routing=routing, by=by, on=DAY, module=module)
        services.enrolment_create(person=person, module=module, by=by, requested_on=DAY, routing=routing)
        Scholarship.objects.create(person=person, fund=fund, module=module, granted_on=DAY, granted_by=by)
        CertificationTest.objects.create(
            person=person,
            taken_on=DAY,
            purpose=CertificationPurpose.NATIONALITY,
            level_tested="A2",
            level_reached="A2",
            staff=by,
            contract=contract if number == 0 else None,
        )


def test_the_intake_file_costs_the_same_queries_for_1_or_10_conversations(intake_client, intake_user):
    queries = []
    for size in (1, 10):
        person = _adult()
        _full_file(person, intake_user, size)
        with CaptureQueriesContext(connection) as captured:
            response = _call(intake_client, "get", f"/api/nt2/people/{person.pk}/intake")
        assert response.status_code == 200 and len(response.json()["conversations"]) == size
        assert len(response.json()["routings"]) == size and len(response.json()["scholarships"]) == size
        queries.append(len(captured))
    assert queries[0] == queries[1], queries


# --- writes and their refusals ------------------------------------------------------------


def test_a_conversation_is_recorded_with_its_languages(intake_client, intake_user, api_records):
    response = _call(
        intake_client,
        "post",
        f"/api/nt2/people/{api_records['person']}/conversations",
        {
            "held_on": "2019-03-05",
            "kind": "extra_test",
            "learning_goal": "study",
            "outcome": "test",
            "languages_known": ["fra", "ara"],
            "literate": True,
            "highest_diploma": None,
            "learning_pace": "slow",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["languages_known"] == ["ara", "fra"] and body["highest_diploma"] == ""
    assert body["learning_pace"] == "slow" and body["years_of_schooling"] is None
    assert body["staff_id"] == intake_user.pk
    assert AccessLogEntry.objects.filter(
        person_id=api_records["person"], action="update", channel="api", fields=["nt2_conversations"]
    ).exists()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"literate": False, "latin_script": True}, "literate", "Someone who reads the Latin script is literate."),
        ({"languages_known": ["xxq"]}, "languages_known", "Unknown language."),
        ({"years_of_schooling": 31}, "years_of_schooling", "At most 30 years of schooling."),
    ],
)
def test_a_wrong_conversation_is_422_with_the_message(intake_client, api_records, body, field, message):
    data = {"held_on": "2019-03-05", "kind": "first", "learning_goal": "work", "outcome": "routed", **body}
    response = _call(intake_client, "post", f"/api/nt2/people/{api_records['person']}/conversations", data)

    assert response.status_code == 422, response.content
    assert response.json()["errors"][field] == [_dutch(message)]
    assert _dutch(message) in response.json()["detail"]


def test_a_body_outside_the_schema_is_422_not_500(intake_client, api_records):
    response = _call(
        intake_client,
        "post",
        f"/api/nt2/people/{api_records['person']}/conversations",
        {"held_on": "not a date", "kind": "nonsense", "learning_goal": "work", "outcome": "routed"},
    )
    assert response.status_code == 422


def test_a_test_must_match_its_kind(intake_client, api_records):
    response = _call(
        intake_client,
        "post",
        f"/api/nt2/people/{api_records['person']}/tests",
        {"taken_on": "2019-03-05", "kind": "aptitude", "skill": "reading", "aptitude": "slow"},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["skill"] == [_dutch("An aptitude test has no skill or level.")]


def test_a_test_of_another_persons_conversation_is_refused(intake_client, intake_user, api_records):
    other = _conversation(_adult(), intake_user)
    response = _call(
        intake_client,
        "post",
        f"/api/nt2/people/{api_records['person']}/tests",
        {"taken_on": "2019-03-05", "kind": "level", "skill": "reading", "level": "A1", "conversation_id": other.pk},
    )
    assert response.status_code == 422
    # Another person's conversation is "unknown" here: the API does not reveal which ids exist.
    assert response.json()["errors"]["conversation_id"] == [_dutch("Unknown conversation.")]


def test_a_routing_proposal_comes_with_its_reasons_in_words(intake_client, api_records):
    response = _call(intake_client, "post", f"/api/nt2/people/{api_records['person']}/routings", {"on": "2019-03-04"})

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["pace"], body["hours"], body["start_level"]) == ("uct", "fast", 90, "A1")
    assert body["module"]["id"] == api_records["uct_module"] and body["missing"] == []
    reasons = {reason["code"]: reason for reason in body["reasons"]}
    assert reasons["routing_row"]["facts"]["row"] == 8
    assert reasons["routing_row"]["facts"]["highest_diploma"] == "higher"
    with translation.override("nl"):  # the quote of the row, in the interface language
        quote = explanation.reason_words("routing_row", reasons["routing_row"]["facts"])
    assert reasons["routing_row"]["text"] == quote and " 8 " in quote
    assert reasons["module_chosen"]["facts"]["starts_on"] == "2019-04-08"
    assert all(reason["text"] for reason in body["reasons"])


def test_a_routing_without_facts_names_what_is_missing(intake_client):
    person = _adult()
    response = _call(intake_client, "post", f"/api/nt2/people/{person.pk}/routings", {"on": "2019-03-04"})

    assert response.status_code == 201
    body = response.json()
    assert body["kind"] is None and body["module"] is None
    assert "latin_script" in [missing["fact"] for missing in body["missing"]]
    assert all(missing["text"] for missing in body["missing"])


def test_a_routing_with_another_persons_conversation_is_refused(intake_client, intake_user, api_records):
    other = _conversation(_adult(), intake_user)
    response = _call(
        intake_client, "post", f"/api/nt2/people/{api_records['person']}/routings", {"conversation_id": other.pk}
    )
    assert response.status_code == 422
    assert response.json()["errors"]["conversation_id"] == [_dutch("Unknown conversation.")]


def test_choosing_other_than_the_proposal_needs_a_reason(intake_client, api_records):
    url = f"/api/nt2/routings/{api_records['routing']}/decision"
    refused = _call(intake_client, "post", url, {"module_id": api_records["cvo_module"]})
    assert refused.status_code == 422
    assert refused.json()["errors"]["override_reason"] == [_dutch("Say why you choose other than the proposal.")]

    followed = _call(intake_client, "post", url, {"module_id": api_records["uct_module"]})
    assert followed.status_code == 200, followed.content
    assert followed.json()["chosen_module_id"] == api_records["uct_module"] and followed.json()["decided_on"]

    again = _call(intake_client, "post", url, {"module_id": api_records["uct_module"]})
    assert again.status_code == 422
    assert again.json()["detail"] == _dutch("This routing has been decided already.")


def test_a_decision_for_an_unknown_module_is_422(intake_client, api_records):
    response = _call(
        intake_client, "post", f"/api/nt2/routings/{api_records['routing']}/decision", {"module_id": MISSING}
    )
    assert response.status_code == 422
    assert response.json()["errors"]["module_id"] == [_dutch("Unknown module.")]


def test_a_full_module_refuses_enrolment(intake_client, intake_user, api_records):
    module = _module(Provider.objects.get(kind=ProviderKind.CVO), places=1)
    services.enrolment_create(person=_adult(), module=module, by=intake_user, requested_on=DAY)

    response = _call(
        intake_client,
        "post",
        f"/api/nt2/people/{api_records['person']}/enrolments",
        {"module_id": module.pk, "requested_on": DAY.isoformat()},
    )

    assert response.status_code == 422
    assert response.json()["detail"] == _dutch("This module is full.")
    assert module.enrolments.count() == 1


def test_an_enrolment_moves_on_but_never_back(intake_client, api_records):
    url = f"/api/nt2/enrolments/{api_records['enrolment']}/status"
    assert (
        _call(intake_client, "post", url, {"status": "confirmed", "on": "2019-03-05"}).json()["status"] == "confirmed"
    )
    refused = _call(intake_client, "post", url, {"status": "requested", "on": "2019-03-06"})
    assert refused.status_code == 422 and refused.json()["detail"]
    assert Enrolment.objects.get(pk=api_records["enrolment"]).status == EnrolmentStatus.CONFIRMED


def test_a_scholarship_is_granted_with_its_reference(intake_client, api_records):
    response = _call(
        intake_client,
        "post",
        f"/api/nt2/people/{api_records['person']}/scholarships",
        {"fund_id": api_records["fund"], "module_id": api_records["uct_module"], "granted_on": "2019-03-06"},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"] == f"BEURS-2019-{body['id']:05d}"
    funds = _call(intake_client, "get", "/api/nt2/funds?year=2019").json()
    assert [(fund["budget"], fund["granted"], fund["left"]) for fund in funds] == [(5, 1, 4)]


def test_a_scholarship_refused_names_every_unmet_condition(intake_client, api_records):
    minor = PersonFactory(birth_date=datetime.date(2010, 1, 1), municipality="Antwerpen", postal_code="2000")
    response = _call(
        intake_client,
        "post",
        f"/api/nt2/people/{minor.pk}/scholarships",
        {"fund_id": api_records["fund"], "module_id": api_records["cvo_module"], "granted_on": "2019-03-06"},
    )

    assert response.status_code == 422
    unmet = response.json()["unmet"]
    for message in (
        "Scholarships are for modules of the university language centre.",
        "The person is younger than 18.",
        "The person has not been routed to the university language centre.",
    ):
        assert _dutch(message) in unmet
    assert not Scholarship.objects.exists()


def test_a_scholarship_from_an_unknown_fund_is_422(intake_client, api_records):
    response = _call(
        intake_client,
        "post",
        f"/api/nt2/people/{api_records['person']}/scholarships",
        {"fund_id": MISSING, "module_id": api_records["uct_module"]},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["fund_id"] == [_dutch("Unknown fund.")]


def test_a_certification_says_whether_it_satisfied_the_contract(intake_client, intake_user, api_records):
    person = Enrolment.objects.get(pk=api_records["enrolment"]).person
    contract = _contract(person, intake_user)
    url = f"/api/nt2/people/{person.pk}/certifications"

    below = _call(
        intake_client,
        "post",
        url,
        {"taken_on": "2019-06-20", "purpose": "nt2_exemption", "level_tested": "A2", "level_reached": "A1"},
    )
    assert below.status_code == 201
    assert below.json()["contract_condition_satisfied"] is False and below.json()["contract_id"] is None

    reached = _call(
        intake_client,
        "post",
        url,
        {"taken_on": "2019-06-27", "purpose": "nt2_exemption", "level_tested": "A2", "level_reached": "A2"},
    )
    body = reached.json()
    assert body["contract_condition_satisfied"] is True and body["contract_id"] == contract.pk
    assert body["passed"] is True and body["reference"] == f"NT2-2019-{body['id']:05d}"


def test_a_level_reached_above_the_level_tested_is_422(intake_client, api_records):
    response = _call(
        intake_client,
        "post",
        f"/api/nt2/people/{api_records['person']}/certifications",
        {"taken_on": "2019-06-20", "purpose": "nationality", "level_tested": "A1", "level_reached": "B1"},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["level_reached"] == [_dutch("The level reached cannot be above the level tested.")]


# --- reference data -----------------------------------------------------------------------


def test_modules_are_filtered_and_show_places_left(intake_client, intake_user, api_records):
    cvo = Module.objects.get(pk=api_records["cvo_module"])
    services.enrolment_create(person=_adult(), module=cvo, by=intake_user, requested_on=DAY)
    _module(cvo.provider, level="A2")

    regular = _call(intake_client, "get", "/api/nt2/modules?level=A1&pace=regular&provider_kind=cvo").json()
    assert [(item["id"], item["places_left"]) for item in regular["items"]] == [(cvo.pk, 19)]
    assert regular["count"] == 1 and regular["pages"] == 1
    uct = _call(intake_client, "get", "/api/nt2/modules?provider_kind=uct&starts_from=2019-04-08").json()
    assert [(item["id"], item["places_left"]) for item in uct["items"]] == [(api_records["uct_module"], 19)]
    assert _call(intake_client, "get", "/api/nt2/modules?starts_from=2019-04-09").json()["count"] == 0
    assert _call(intake_client, "get", "/api/nt2/modules?pace=sideways").status_code == 422


def test_funds_of_another_year_are_left_out(intake_client, api_records):
    ScholarshipFund.objects.create(name="Beurzenfonds", funder=Funder.CITY, year=2020, budget=3)
    assert [fund["year"] for fund in _call(intake_client, "get", "/api/nt2/funds?year=2020").json()] == [2020]
    assert len(_call(intake_client, "get", "/api/nt2/funds").json()) == 2
