import datetime

import pytest

from haven.organisations.tests.factories import AmbassadorFactory, PartnerFactory
from haven.people.tests.factories import PersonFactory


@pytest.fixture
def partner(db):
    return PartnerFactory(name="Algemeen Ziekenhuis Sint-Lucas", contact_name="Dienst HR")


@pytest.fixture
def volunteer(db):
    """Born 4 April 1985, never settled as a newcomer (no first registration date)."""
    return PersonFactory(
        given_names="Yasmina", family_name="Benali", birth_date=datetime.date(1985, 4, 4), first_registration_date=None
    )


@pytest.fixture
def ambassador(db, volunteer):
    """Yasmina: certified on 1 June 2017, on weekdays, themes school career and work."""
    return AmbassadorFactory(person=volunteer)
