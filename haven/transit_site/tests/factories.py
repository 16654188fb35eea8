"""Factories for the transit site: the site, its lesson days, stays and children. Stays
made here skip the occupancy check (fast set-ups); the tests of the rules go through
the services."""

import datetime

import factory

from haven.people.tests.factories import PersonFactory
from haven.transit_site.models import Child, LanguageGroup, LessonDays, Site, Stay

DAY = datetime.date(2019, 6, 3)  # a Monday


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Doortrekkersterrein {n}")
    places = 25


class LessonDaysFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonDays

    site = factory.SubFactory(SiteFactory)
    valid_from = datetime.date(2019, 1, 1)
    weekdays = "0124"  # Monday, Tuesday, Wednesday, Friday


class StayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stay

    site = factory.SubFactory(SiteFactory)
    head = factory.SubFactory(PersonFactory, nationality="FR")
    household_size = 4
    nationality = "FR"
    caravans = 1
    arrival = DAY
    planned_departure = factory.LazyAttribute(lambda stay: stay.arrival + datetime.timedelta(days=14))
    rules_signed = True


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    stay = factory.SubFactory(StayFactory)
    first_name = factory.Sequence(lambda n: f"Enfant {n}")
    birth_date = datetime.date(2011, 5, 1)
    language_group = LanguageGroup.FRENCH
