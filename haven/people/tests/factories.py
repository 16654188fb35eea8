"""Factories for people. They build valid rows directly (fast); tests of behaviour go
through the services and views."""

import datetime

import factory
from faker import Faker

from haven.people.models import Person, Sex, fold

_faker = Faker("nl_BE")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_names = factory.Sequence(lambda n: f"{_faker.first_name()}{'a' * (n % 3)}")
    family_name = factory.Sequence(lambda n: f"{_faker.last_name()}-{n}")
    search_name = factory.LazyAttribute(lambda person: fold(f"{person.given_names} {person.family_name}"))
    birth_date = factory.Sequence(lambda n: datetime.date(1980, 1, 1) + datetime.timedelta(days=n * 37))
    sex = Sex.FEMALE
    nationality = "SY"
    first_registration_date = datetime.date(2019, 3, 1)
    municipality = "Gent"
