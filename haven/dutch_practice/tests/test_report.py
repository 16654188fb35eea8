"""The Dutch-practice table of the annual report, counted from records: the demo builder
reproduces the seed's 2019 figures exactly, and one record changed moves exactly its figure."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from faker import Faker

from haven.demo.dutch_practice import DutchPracticeBuilder
from haven.demo.figures import seed_report
from haven.demo.population import NumberFactory
from haven.dutch_practice.models import ConversationSession, SeriesLevel, Subscriber
from haven.dutch_practice.report import ROW_LABELS, dutch_practice
from haven.dutch_practice.tests.factories import (
    PracticeDayFactory,
    SeriesFactory,
    SessionFactory,
    SubscriberFactory,
    VolunteerFactory,
    WorkshopFactory,
)
from haven.people.models import Person

pytestmark = pytest.mark.django_db


def _figures(year: int = 2019) -> list:
    return [value for _label, value in dutch_practice(year).rows]


def _moved(before: list, after: list) -> list:
    return [b - a for a, b in zip(before, after, strict=True)]


def test_the_demo_builder_reproduces_the_seed_figures_exactly(programme_staff):
    seed = seed_report()
    faker = Faker("nl_BE")
    faker.seed_instance(2019)
    rng = random.Random(2019)
    DutchPracticeBuilder(
        rng=rng, seed_report=seed, staff={"programme_staff": programme_staff}, faker=faker, numbers=NumberFactory(rng)
    ).build([])
    wanted = seed["tables"]["dutch_practice"]["rows"]
    assert _figures() == [value for _label, value in wanted]
    # The labels are the report's own words once the Dutch catalogue holds them.
    with translation.override("nl"):
        translated = [str(label) for label in ROW_LABELS.values()]
    with translation.override("en"):
        english = [str(label) for label in ROW_LABELS.values()]
    if translated != english:
        assert [label for label, _value in dutch_practice(2019).rows] == [label for label, _value in wanted]
    # Three times a week, 20 to 30 participants; the volunteers are registry persons without a settling date.
    general = ConversationSession.objects.filter(held_on__year=2019, series__level=SeriesLevel.GENERAL)
    assert 120 <= general.count() <= 156
    assert set(general.values_list("participant_count", flat=True)) <= set(range(20, 31))
    assert not Person.objects.exclude(first_registration_date=None).exists()
    # Unsubscribed and unconfirmed subscriptions exist: the count is a computation.
    assert Subscriber.objects.count() > 454 + 30
    assert _figures(2018)[:2] == [19, 3] and _figures(2018)[3:] == [0, 0]


def test_the_section_counts_its_five_figures_in_one_statement():
    SessionFactory(volunteers=[VolunteerFactory()])
    dutch_practice(2019)  # the statement compiled once per process and year
    with CaptureQueriesContext(connection) as queries:
        dutch_practice(2019)
    assert len(queries) == 1


def test_a_volunteer_counts_once_and_only_at_general_sessions(series):
    volunteer = VolunteerFactory()
    SessionFactory(series=series, held_on=datetime.date(2019, 3, 5), volunteers=[volunteer])
    before = _figures()
    SessionFactory(series=series, held_on=datetime.date(2019, 3, 12), volunteers=[volunteer])  # again: counted once
    advanced = SeriesFactory(level=SeriesLevel.ADVANCED, weekday=2)
    SessionFactory(series=advanced, held_on=datetime.date(2019, 3, 6), volunteers=[VolunteerFactory()])
    assert _moved(before, _figures()) == [0, 0, 0, 0, 0]
    SessionFactory(series=series, held_on=datetime.date(2019, 3, 19), volunteers=[VolunteerFactory()])
    assert _moved(before, _figures()) == [1, 0, 0, 0, 0]


def test_a_series_counts_in_every_year_it_is_active():
    series = SeriesFactory(active_from=datetime.date(2018, 9, 4), active_until=datetime.date(2019, 1, 8))
    assert _figures(2018)[1] == _figures(2019)[1] == 1 and _figures(2020)[1] == 0
    series.active_until = datetime.date(2018, 12, 31)
    series.save()
    assert _figures(2019)[1] == 0
    SeriesFactory(level=SeriesLevel.ADVANCED)
    assert _figures(2019)[1] == 0


def test_subscribers_are_counted_from_their_dates_at_the_end_of_the_year():
    SubscriberFactory(confirmed_on=datetime.date(2019, 12, 31))
    SubscriberFactory(confirmed_on=None)  # never confirmed
    SubscriberFactory(subscribed_on=datetime.date(2019, 12, 30), confirmed_on=datetime.date(2020, 1, 2))
    leaving = SubscriberFactory(confirmed_on=datetime.date(2019, 3, 1), unsubscribed_on=datetime.date(2020, 1, 1))
    assert _figures()[2] == 2 and _figures(2020)[2] == 2  # the leaver left on 1 January 2020
    before = _figures()
    Subscriber.objects.filter(pk=leaving.pk).update(unsubscribed_on=datetime.date(2019, 12, 31))
    assert _moved(before, _figures()) == [0, 0, -1, 0, 0]


def test_a_workshop_moves_only_the_workshops_and_the_day_its_participants():
    day = PracticeDayFactory(participants=100)
    WorkshopFactory(practice_day=day)
    before = _figures()
    assert before[3:] == [1, 100]
    WorkshopFactory(practice_day=day, participants=30)
    assert _moved(before, _figures()) == [0, 0, 0, 1, 0]
    day.participants = 101
    day.save()
    assert _moved(before, _figures()) == [0, 0, 0, 1, 1]
    assert _figures(2018)[3:] == [0, 0]
