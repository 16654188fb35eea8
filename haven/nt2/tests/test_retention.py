"""Retention of the NT2 line (haven/nt2/retention.py): past its period a learner's intake
notes and the reasons written about them are gone, and the report counts the same."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.accounts.tests.factories import UserFactory
from haven.nt2.models import (
    CertificationPurpose,
    CertificationTest,
    Conversation,
    Enrolment,
    EnrolmentStatus,
    LanguageTest,
    ProviderKind,
    Routing,
)
from haven.nt2.models import TestKind as LanguageTestKind
from haven.nt2.tests.factories import FAST_LEARNER, ModuleFactory, ProviderFactory, ScholarshipFactory
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.privacy.anonymise import PSEUDONYM_PREFIX, anonymisation_due, anonymise
from haven.privacy.testing import identifying_values_found, person_identifiers, report_tables

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(2060, 1, 1)
HELD_ON = datetime.date(2019, 3, 4)
NOTES = "Zephyrine Quaxtonbury prefers Thursday mornings, works nights at the hospital"
OVERRIDE = "Quaxtonbury's sister studies at this centre"


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
    person = PersonFactory(**defaults)
    Person.objects.filter(pk=person.pk).update(
        updated_at=datetime.datetime(2019, 1, 2, tzinfo=timezone.get_current_timezone())
    )
    return person


def _conversation(person: Person, staff, notes: str = NOTES) -> Conversation:
    return Conversation.objects.create(person=person, held_on=HELD_ON, staff=staff, notes=notes, **FAST_LEARNER)


def _learner_file(person: Person, staff) -> None:
    """A conversation, an aptitude test, a routing chosen against the proposal, an enrolment
    at a CVO finished, a grant and a certification test, all of 2019."""
    conversation = _conversation(person, staff)
    LanguageTest.objects.create(
        person=person,
        taken_on=HELD_ON,
        kind=LanguageTestKind.APTITUDE,
        aptitude="fast",
        conversation=conversation,
        staff=staff,
    )
    cvo = ProviderFactory(kind=ProviderKind.CVO)
    module = ModuleFactory(provider=cvo, starts_on=datetime.date(2019, 4, 1), ends_on=datetime.date(2019, 6, 28))
    Routing.objects.create(
        person=person,
        conversation=conversation,
        proposed_on=HELD_ON,
        proposed_kind=ProviderKind.UCT,
        reasons=["fast"],
        chosen_provider=cvo,
        chosen_module=module,
        override_reason=OVERRIDE,
        decided_on=HELD_ON,
        decided_by=staff,
        created_by=staff,
    )
    Enrolment.objects.create(
        person=person,
        module=module,
        status=EnrolmentStatus.FINISHED,
        requested_on=datetime.date(2019, 3, 5),
        status_on=datetime.date(2019, 6, 28),
        created_by=staff,
    )
    ScholarshipFactory(person=person, granted_by=staff, module__starts_on=datetime.date(2019, 9, 2))
    CertificationTest.objects.create(
        person=person,
        taken_on=datetime.date(2019, 11, 5),
        purpose=CertificationPurpose.NATIONALITY,
        level_tested="A2",
        level_reached="A2",
        staff=staff,
    )


@pytest.fixture
def staff(db):
    return UserFactory(username="huis", roles=["nt2_staff"])


def test_past_retention_nothing_identifying_remains_and_the_report_is_unchanged(staff):
    person = _person()
    _learner_file(person, staff)
    values = [*person_identifiers(person), NOTES, OVERRIDE]
    assert identifying_values_found(values)  # the search finds them before
    before = report_tables([2019, 2020])
    assert before[2019]["dutch_second_language"]["rows"][0][1] == 1

    outcome = anonymise(FAR_FUTURE)

    assert report_tables([2019, 2020]) == before
    assert identifying_values_found(values) == []
    person.refresh_from_db()
    assert person.family_name == f"{PSEUDONYM_PREFIX}{person.pk}"
    conversation = Conversation.objects.get(person=person)
    assert (conversation.notes, conversation.learning_goal, conversation.outcome) == ("", "study", "routed")
    assert Routing.objects.get(person=person).override_reason == ""
    assert outcome.records["nt2.conversation"] == 1
    assert not [key for key in anonymisation_due(FAR_FUTURE).records if key.startswith("nt2.")]


def test_a_conversation_keeps_its_person_five_years(staff):
    person = _person()
    _conversation(person, staff)
    assert person.pk not in anonymisation_due(datetime.date(2024, 3, 3)).persons
    assert "nt2.conversation" not in anonymisation_due(datetime.date(2024, 3, 3)).records
    due = anonymisation_due(datetime.date(2024, 3, 4))
    assert person.pk in due.persons
    assert due.records["nt2.conversation"] == 1


def test_a_grant_keeps_its_person_ten_years(staff):
    person = _person()
    ScholarshipFactory(person=person, granted_by=staff)  # granted on 4 March 2019
    assert person.pk not in anonymisation_due(datetime.date(2029, 3, 3)).persons
    assert person.pk in anonymisation_due(datetime.date(2029, 3, 4)).persons


def _anonymise_queries(count: int, staff) -> int:
    for index in range(count):
        _conversation(_person(given_names=f"Zephyrine{index}", national_number=None), staff)
    with CaptureQueriesContext(connection) as queries:
        anonymise(FAR_FUTURE)
    return len(queries)


def test_the_queries_do_not_grow_with_the_records(staff):
    one = _anonymise_queries(1, staff)
    five = _anonymise_queries(5, staff)
    assert five == one
