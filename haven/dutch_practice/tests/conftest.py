import datetime

import pytest

from haven.dutch_practice.tests.factories import SeriesFactory, VolunteerFactory
from haven.people.tests.factories import PersonFactory


@pytest.fixture
def series(db):
    """A general moment on Tuesdays from September 2018."""
    return SeriesFactory(title="Conversatiemoment dinsdag")


@pytest.fixture
def volunteer(db):
    person = PersonFactory(
        given_names="Griet", family_name="Vandamme", birth_date=datetime.date(1958, 4, 2), first_registration_date=None
    )
    return VolunteerFactory(person=person)


@pytest.fixture
def participant(db):
    return PersonFactory(given_names="Samir", family_name="Qadri", birth_date=datetime.date(1990, 2, 14))
