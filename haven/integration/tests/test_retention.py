"""Retention of the civic-integration line (haven/integration/retention.py): past its period a
person's integration file keeps what the report counts and nothing that names them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.accounts.tests.factories import UserFactory
from haven.integration.models import (
    Certificate,
    Contract,
    ContractPause,
    ContractState,
    DecisionKind,
    DiplomaDossier,
    ExemptionTestResult,
    IntegrationFacts,
    PauseKind,
    StatusDecision,
    TargetGroupStatus,
)
from haven.integration.tests.factories import (
    ContractFactory,
    DiplomaDossierFactory,
    ExemptionTestFactory,
    ReferralFactory,
    RegistrationFactory,
)
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.privacy.anonymise import PSEUDONYM_PREFIX, anonymisation_due, anonymise
from haven.privacy.testing import identifying_values_found, person_identifiers, report_tables

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(2060, 1, 1)
ENDED_ON = datetime.date(2020, 6, 30)
PAUSE = "Surgery planned for Zephyrine Quaxtonbury"
ASSIGNMENT = "Quaxtonbury asked for a woman counsellor"
END_NOTE = "Prefers Thursday mornings, moved in with her sister"
REFERRAL = "Quaxtonbury wants to work as a pharmacist"
DIPLOMA = "Master of Pharmacy, University of Aleppo (Quaxtonbury)"
MISSING = "Transcript signed by Dean Brumblewick"
STEP = "Medical certificate of Dr Brumblewick"
TEXTS = [PAUSE, ASSIGNMENT, END_NOTE, REFERRAL, DIPLOMA, MISSING, STEP]


def _person(**values) -> Person:
    defaults = {
        "given_names": "Zephyrine",
        "family_name": "Quaxtonbury",
        "national_number": "85073003328",
        "email": "zephyrine.quaxtonbury@example.org",
        "phone": "+32 470 12 34 56",
        "street": "Wolkenkrabberstraat",
        "notes": "Prefers Thursday mornings",
    }
    defaults.update(values)
    return PersonFactory(**defaults)


def _aged(person: Person) -> None:
    """The registry entry last changed in 2019 (its own period long over)."""
    Person.objects.filter(pk=person.pk).update(
        updated_at=datetime.datetime(2019, 5, 6, tzinfo=timezone.get_current_timezone())
    )


def _integration_file(person: Person, staff) -> Contract:
    """Every record of the line about ``person``: facts (a medical certificate), a settlement
    decision, a registration, a certified contract with a pause, a referral and the
    certificate, an exemption test and a diploma dossier."""
    facts = IntegrationFacts.objects.create(
        person=person, register="foreigners", residence_title="limited", serious_illness_certificate=True
    )
    IntegrationFacts.objects.filter(pk=facts.pk).update(
        updated_at=datetime.datetime(2019, 5, 6, tzinfo=timezone.get_current_timezone())
    )
    StatusDecision.objects.create(
        person=person,
        kind=DecisionKind.SETTLEMENT,
        asked_on=datetime.date(2019, 3, 1),
        status=TargetGroupStatus.OBLIGATED,
        rule_set="2019",
        steps=[{"rule": "illness", "facts": {"certificate": STEP}}],
        missing=["parent_born_abroad"],
        created_by=staff,
    )
    registration = RegistrationFactory(person=person, created_by=staff)
    contract = ContractFactory(
        registration=registration,
        counsellor=staff,
        assignment_note=ASSIGNMENT,
        end_note=END_NOTE,
        civic_orientation_passed_on=datetime.date(2019, 12, 1),
    )
    ContractPause.objects.create(
        contract=contract,
        kind=PauseKind.SUSPENSION,
        reason=PAUSE,
        starts_on=datetime.date(2019, 9, 1),
        expires_on=datetime.date(2019, 10, 31),
    )
    ReferralFactory(contract=contract, note=REFERRAL)
    Certificate.objects.create(contract=contract, issued_on=ENDED_ON, issued_by=staff)
    Contract.objects.filter(pk=contract.pk).update(state=ContractState.CERTIFIED, ended_on=ENDED_ON)
    ExemptionTestFactory(person=person, taken_on=datetime.date(2019, 7, 1), result=ExemptionTestResult.PASSED)
    DiplomaDossierFactory(person=person, diploma=DIPLOMA, missing_documents=[MISSING])
    return contract


@pytest.fixture
def staff(db):
    return UserFactory(username="cora", roles=["counsellor"])


def test_past_retention_nothing_identifying_remains_and_the_report_is_unchanged(staff):
    person = _person()
    _integration_file(person, staff)
    _aged(person)
    values = [*person_identifiers(person), *TEXTS]
    assert identifying_values_found(values)  # the search finds them before
    before = report_tables([2019, 2020])

    outcome = anonymise(FAR_FUTURE)

    assert report_tables([2019, 2020]) == before
    assert identifying_values_found(values) == []
    person.refresh_from_db()
    assert person.family_name == f"{PSEUDONYM_PREFIX}{person.pk}"
    facts = IntegrationFacts.objects.get(person=person)
    assert facts.serious_illness_certificate is None and facts.residence_title == "limited"
    decision = StatusDecision.objects.get(person=person)
    assert (decision.status, decision.steps, decision.missing) == (TargetGroupStatus.OBLIGATED, [], [])
    dossier = DiplomaDossier.objects.get(person=person)
    assert (dossier.diploma, dossier.missing_documents, dossier.opened_on) == ("", [], datetime.date(2019, 5, 6))
    assert outcome.records["integration.contract"] == 1
    # A second run finds nothing of the line left to erase.
    assert not [key for key in anonymisation_due(FAR_FUTURE).records if key.startswith("integration.")]


def test_a_running_contract_keeps_its_person(staff):
    person = _person()
    ContractFactory(registration=RegistrationFactory(person=person, created_by=staff), counsellor=staff)
    _aged(person)
    assert person.pk not in anonymisation_due(FAR_FUTURE).persons


def test_a_contract_keeps_its_person_five_years_after_it_ended(staff):
    person = _person()
    contract = ContractFactory(registration=RegistrationFactory(person=person, created_by=staff), counsellor=staff)
    Contract.objects.filter(pk=contract.pk).update(
        state=ContractState.ENDED, ended_on=ENDED_ON, end_reason="moved", end_note=END_NOTE
    )
    _aged(person)
    assert person.pk not in anonymisation_due(datetime.date(2025, 6, 29)).persons
    assert "integration.contract" not in anonymisation_due(datetime.date(2025, 6, 29)).records
    due = anonymisation_due(datetime.date(2025, 6, 30))
    assert person.pk in due.persons
    assert due.records["integration.contract"] == 1


def _anonymise_queries(count: int, staff) -> int:
    for index in range(count):
        person = _person(given_names=f"Zephyrine{index}", national_number=None)
        _integration_file(person, staff)
        _aged(person)
    with CaptureQueriesContext(connection) as queries:
        anonymise(FAR_FUTURE)
    return len(queries)


def test_the_queries_do_not_grow_with_the_records(staff):
    one = _anonymise_queries(1, staff)
    five = _anonymise_queries(5, staff)
    assert five == one


def test_the_facts_follow_their_person_and_their_health_fact_goes_with_them():
    """The facts keep no file in use by their own date (changed today, as the demo's are),
    and the person's anonymisation takes the health fact with it."""
    person = _person()
    _aged(person)
    facts = IntegrationFacts.objects.create(
        person=person, register="foreigners", residence_title="limited", serious_illness_certificate=True
    )
    today = timezone.localdate()
    assert person.pk in anonymisation_due(today).persons

    anonymise(today)

    facts.refresh_from_db()
    assert facts.serious_illness_certificate is None  # unknown, as if never asked
    assert (facts.register, facts.residence_title) == ("foreigners", "limited")
