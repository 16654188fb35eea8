import datetime

import pytest

from haven.leisure.tests.factories import OrganisationFactory
from haven.people.tests.factories import PersonFactory


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Sportdienst Stad Gent", contact_name="Onthaal Sportdienst")


@pytest.fixture
def adult(db):
    """Born 14 February 1990: an adult in 2019."""
    return PersonFactory(given_names="Samir", family_name="Qadri", birth_date=datetime.date(1990, 2, 14))


@pytest.fixture
def child(db):
    """Born 10 June 2006: 12 in 2019, 18 on 10 June 2024."""
    return PersonFactory(given_names="Lina", family_name="Qadri", birth_date=datetime.date(2006, 6, 10))
