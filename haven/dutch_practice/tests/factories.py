"""Factories of the Dutch-practice line: series, volunteers (on a person), sessions,
opportunities, subscribers, Trefdagen and workshops. They build valid rows directly;
tests of behaviour go through the services and views."""

import datetime

import factory

from haven.dutch_practice.models import (
    ConversationSeries,
    ConversationSession,
    Opportunity,
    PracticeDay,
    SeriesLevel,
    Subscriber,
    Volunteer,
    Workshop,
)
from haven.people.tests.factories import PersonFactory


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConversationSeries

    title = factory.Sequence(lambda n: f"Conversatiemoment {n}")
    weekday = 1  # Tuesday
    starts_at = datetime.time(13, 30)
    ends_at = datetime.time(15, 30)
    place = "IN-Gent, Kongostraat"
    level = SeriesLevel.GENERAL
    active_from = datetime.date(2018, 9, 4)


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    person = factory.SubFactory(PersonFactory, first_registration_date=None)
    active_from = datetime.date(2018, 9, 1)
    consent_given_on = datetime.date(2018, 9, 1)
    consent_text_version = "2018-1"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConversationSession
        skip_postgeneration_save = True

    series = factory.SubFactory(SeriesFactory)
    held_on = datetime.date(2019, 3, 5)  # a Tuesday
    participant_count = 24

    @factory.post_generation
    def volunteers(self, create, extracted, **kwargs):
        if create and extracted:
            self.volunteers.set(extracted)


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    title = factory.Sequence(lambda n: f"Praattafel {n}")
    organiser = "Buurtwerk Testwijk vzw"
    weekdays = "2"
    level = "all"
    price = 0
    contact_email = "onthaal@buurtwerk.example.org"
    published = True


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"lezer{n}@example.org")
    subscribed_on = datetime.date(2019, 2, 1)
    confirmed_on = datetime.date(2019, 2, 2)
    consent_text_version = "2019-1"


class PracticeDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeDay

    title = "Trefdag Nederlands oefenen"
    held_on = datetime.date(2019, 5, 16)
    organised_with = "Stad Gent"
    participants = 100


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    practice_day = factory.SubFactory(PracticeDayFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    facilitator = "Onderwijscentrum Gent"
