"""The leisure table of the annual report, counted from records: the demo builder
reproduces the seed's 2019 rows exactly, and one record changed moves exactly its figure."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from faker import Faker

from haven.demo.figures import seed_report
from haven.demo.leisure import LeisureBuilder
from haven.leisure.models import Event, EventKind, EventTally, Referral
from haven.leisure.report import leisure
from haven.leisure.tests.factories import EventFactory, EventTallyFactory, OrganisationFactory, ReferralFactory
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.reports.registry import annual_report

pytestmark = pytest.mark.django_db


def _figures(year: int = 2019) -> list:
    return [value for _label, value in leisure(year).rows]


@pytest.fixture
def newcomers(db):
    """80 children and 190 adults registered in Ghent in 2017, in bulk."""
    people = []
    for index in range(270):
        born = datetime.date(2004, 1, 1) if index < 80 else datetime.date(1975, 1, 1)
        person = PersonFactory.build(
            birth_date=born + datetime.timedelta(days=index * 9), first_registration_date=datetime.date(2017, 6, 1)
        )
        people.append(person)
    Person.objects.bulk_create(people)
    return list(Person.objects.only("id", "birth_date", "first_registration_date").order_by("id"))


def test_the_demo_builder_reproduces_the_seed_table_exactly(newcomers, programme_staff):
    seed = seed_report()
    faker = Faker("nl_BE")
    faker.seed_instance(2019)
    LeisureBuilder(
        rng=random.Random(2019), seed_report=seed, staff={"programme_staff": programme_staff}, faker=faker
    ).build(newcomers)
    report = annual_report(2019)["tables"]
    assert report["leisure"]["rows"] == seed["tables"]["leisure"]["rows"]
    # Some people are referred twice in the year, and counted once.
    assert Referral.objects.filter(referred_on__year=2019).count() > 50 + 144
    # Three markets of about 120 visitors each; 2018 is there, smaller.
    assert all(110 <= event.visitors <= 130 for event in Event.objects.filter(kind=EventKind.MARKET))
    assert _figures(2018) == [41, 284, 122, 2]


def test_the_section_counts_its_four_figures_in_one_statement(organisation):
    ReferralFactory(organisation=organisation)
    EventTallyFactory()
    leisure(2019)  # the statement compiled once per process and year
    with CaptureQueriesContext(connection) as queries:
        leisure(2019)
    assert len(queries) == 1


def test_a_child_referred_moves_only_the_minors(organisation, child):
    ReferralFactory(organisation=organisation)  # an adult (the factory's people are 1980–2018 born: see below)
    before = _figures()
    ReferralFactory(person=child, organisation=organisation, referred_on=datetime.date(2019, 3, 1))
    after = _figures()
    assert [b - a for a, b in zip(before, after, strict=True)] == [1, 0, 0, 0]


def test_a_second_referral_in_the_year_counts_the_person_once(organisation, adult):
    ReferralFactory(person=adult, organisation=organisation, referred_on=datetime.date(2019, 3, 1))
    before = _figures()
    ReferralFactory(person=adult, organisation=OrganisationFactory(), referred_on=datetime.date(2019, 10, 1))
    assert _figures() == before == [0, 0, 1, 0]


def test_age_is_taken_on_the_referral_date(organisation):
    # Eighteen on 10 June 2019: a minor the day before, an adult on the day.
    person = PersonFactory(birth_date=datetime.date(2001, 6, 10))
    referral = ReferralFactory(person=person, organisation=organisation, referred_on=datetime.date(2019, 6, 9))
    assert _figures() == [1, 0, 0, 0]
    Referral.objects.filter(pk=referral.pk).update(referred_on=datetime.date(2019, 6, 10))
    assert _figures() == [0, 0, 1, 0]


def test_the_referral_date_decides_the_year_not_the_outcome(organisation, adult):
    ReferralFactory(
        person=adult,
        organisation=organisation,
        referred_on=datetime.date(2018, 12, 20),
        outcome="started",
        outcome_on=datetime.date(2019, 1, 10),
    )
    assert _figures(2018)[2] == 1 and _figures(2019)[2] == 0


def test_a_planeet_school_counted_moves_only_the_pupils():
    event = EventFactory()
    EventTallyFactory(event=event, count=40)
    before = _figures()
    EventTally.objects.create(event=event, name="OKAN Testschool", count=25)
    assert [b - a for a, b in zip(before, _figures(), strict=True)] == [0, 25, 0, 0]


def test_a_market_held_moves_only_the_markets_and_its_stands_count_no_pupils():
    before = _figures()
    market = EventFactory(kind=EventKind.MARKET, name="Participatiemarkt", held_on=datetime.date(2019, 3, 20))
    EventTallyFactory(event=market, count=30)
    assert [b - a for a, b in zip(before, _figures(), strict=True)] == [0, 0, 0, 1]
