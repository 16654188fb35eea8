"""Retention of the leisure line (haven/leisure/retention.py): past the period a person's
referrals and the events' notes name no one, and the report is what it was."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.leisure.models import EventKind, LeisureOutcome
from haven.leisure.tests.factories import EventFactory, EventTallyFactory, OrganisationFactory, ReferralFactory
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.privacy.anonymise import PSEUDONYM_PREFIX, anonymisation_due, anonymise
from haven.privacy.testing import identifying_values_found, person_identifiers, report_tables

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(2060, 1, 1)
REFERRAL_NOTE = "Zephyrine prefers Thursday mornings, her mother drives her"
EVENT_NOTE = "Mrs Quaxtonbury helped at the stand of the swimming club"
FREE_TEXTS = [REFERRAL_NOTE, EVENT_NOTE]


def zephyrine(**values) -> Person:
    """15 in 2019: a minor at her referral."""
    defaults = {
        "given_names": "Zephyrine",
        "family_name": "Quaxtonbury",
        "national_number": "04030100212",
        "birth_date": datetime.date(2004, 3, 1),
        "sex": "F",
        "email": "zephyrine.quaxtonbury@example.org",
        "phone": "+32 470 12 34 56",
        "street": "Wolkenkrabberstraat",
        "notes": "Prefers Thursday mornings",
    }
    defaults.update(values)
    return PersonFactory(**defaults)


def aged(person: Person, day: datetime.date) -> None:
    """The person's registry entry last changed on ``day`` (its own period runs from it)."""
    changed = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    Person.objects.filter(pk=person.pk).update(updated_at=changed)


def every_record(person: Person, organisation) -> None:
    ReferralFactory(
        person=person,
        organisation=organisation,
        referred_on=datetime.date(2019, 5, 6),
        outcome=LeisureOutcome.STARTED,
        outcome_on=datetime.date(2019, 5, 27),
        note=REFERRAL_NOTE,
    )


def test_past_retention_nothing_identifying_remains_and_the_report_is_unchanged(django_capture_on_commit_callbacks):
    person = zephyrine()
    every_record(person, OrganisationFactory())
    EventTallyFactory(event=EventFactory(note=EVENT_NOTE), count=23)
    EventFactory(name="Participatiemarkt", kind=EventKind.MARKET, held_on=datetime.date(2019, 10, 5), visitors=140)
    values = person_identifiers(person) + FREE_TEXTS
    assert identifying_values_found(values)
    before = report_tables([2019])
    assert [row[1] for row in before[2019]["leisure"]["rows"]] == [1, 23, 0, 1]

    with django_capture_on_commit_callbacks(execute=True):
        anonymise(FAR_FUTURE)

    assert report_tables([2019]) == before
    assert identifying_values_found(values) == []
    person.refresh_from_db()
    assert person.family_name == f"{PSEUDONYM_PREFIX}{person.pk}"
    referral = person.leisure_referrals.get()
    assert (referral.outcome, referral.referred_on, referral.note) == (
        LeisureOutcome.STARTED,
        datetime.date(2019, 5, 6),
        "",
    )


def test_a_referral_keeps_its_person_five_years_after_the_referral():
    person = zephyrine()
    aged(person, datetime.date(2010, 1, 1))
    ReferralFactory(person=person, referred_on=datetime.date(2019, 3, 14))
    assert person.pk not in anonymisation_due(datetime.date(2024, 3, 13)).persons
    assert person.pk in anonymisation_due(datetime.date(2024, 3, 14)).persons


def _anonymise_queries(count: int) -> int:
    organisation = OrganisationFactory()
    for index in range(count):
        every_record(zephyrine(national_number=None, given_names=f"Zephyrine {count}-{index}"), organisation)
    with CaptureQueriesContext(connection) as queries:
        anonymise(FAR_FUTURE)
    return len(queries)


def test_the_queries_do_not_grow_with_the_records():
    one = _anonymise_queries(1)
    five = _anonymise_queries(5)
    assert five == one
