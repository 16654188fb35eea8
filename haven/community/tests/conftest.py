import datetime

import pytest

from haven.community.tests.factories import BuddyFactory, GentenaarFactory, GroupFactory, ParticipantFactory
from haven.core.models import District, Language
from haven.people.tests.factories import PersonFactory


@pytest.fixture
def districts(db):
    return {
        name: District.objects.get_or_create(name=name)[0]
        for name in ("Sluizeken-Tolhuis-Ham", "Brugse Poort", "Ledeberg")
    }


@pytest.fixture
def group(db):
    return GroupFactory(name="Samen Gentenaar voorjaar 2019", starts_on=datetime.date(2019, 3, 1))


@pytest.fixture
def newcomer(db):
    """Samir, settled in Ghent in 2018, speaks Arabic."""
    person = PersonFactory(
        given_names="Samir",
        family_name="Qadri",
        sex="M",
        birth_date=datetime.date(1990, 2, 14),
        first_registration_date=datetime.date(2018, 6, 1),
    )
    person.languages.add(Language.objects.get(pk="ara"))
    return person


@pytest.fixture
def gentenaar(db):
    """Griet, a Ghentian volunteer, speaks Dutch and French."""
    person = GentenaarFactory(
        given_names="Griet", family_name="Vermeulen", sex="F", birth_date=datetime.date(1985, 5, 5)
    )
    person.languages.add(*Language.objects.filter(pk__in=["nld", "fra"]))
    return person


@pytest.fixture
def buddy(gentenaar):
    return BuddyFactory(person=gentenaar)


@pytest.fixture
def participant(newcomer, group):
    return ParticipantFactory(person=newcomer, group=group)
