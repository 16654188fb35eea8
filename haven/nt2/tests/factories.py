"""Factories for the NT2 line's reference data (providers, modules, funds) and its
records. They build valid rows directly (fast); tests of behaviour make conversations,
tests, routings and grants through the services, which log them."""

import datetime

import factory
from django.utils import timezone

from haven.nt2.models import Funder, Module, Provider, ProviderKind, Scholarship, ScholarshipFund
from haven.people.tests.factories import PersonFactory

# What an intake conversation records for a schooled, literate learner who wants to study:
# with a fast aptitude test the engine routes them to the university language centre.
FAST_LEARNER = {
    "kind": "first",
    "learning_goal": "study",
    "years_of_schooling": 14,
    "highest_diploma": "higher",
    "literate": True,
    "latin_script": True,
    "work_follow_up": False,
    "outcome": "routed",
}


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("name",)

    kind = ProviderKind.CVO
    name = factory.LazyAttribute(lambda provider: f"Provider {provider.kind}")
    paces = factory.LazyFunction(lambda: ["regular"])
    levels = factory.LazyFunction(lambda: ["A1", "A2", "B1"])


class ModuleFactory(factory.django.DjangoModelFactory):
    """A module of a provider; it starts ``days`` from today unless ``starts_on`` is given."""

    class Meta:
        model = Module

    class Params:
        days = 14

    provider = factory.SubFactory(ProviderFactory)
    level = "A1"
    pace = "regular"
    title = factory.LazyAttribute(lambda module: f"Nederlands {module.level}")
    hours = 120
    starts_on = factory.LazyAttribute(lambda module: timezone.localdate() + datetime.timedelta(days=module.days))
    places = 12
    location = ""


class ScholarshipFundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScholarshipFund

    funder = Funder.CITY
    name = factory.LazyAttribute(lambda fund: f"Fund {fund.funder}")
    year = 2019
    budget = 2


class ScholarshipFactory(factory.django.DjangoModelFactory):
    """A grant written directly (the documents' tests); ``granted_by`` is required."""

    class Meta:
        model = Scholarship

    person = factory.SubFactory(PersonFactory)
    fund = factory.SubFactory(ScholarshipFundFactory)
    module = factory.SubFactory(ModuleFactory)
    granted_on = datetime.date(2019, 3, 4)
