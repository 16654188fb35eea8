"""Fixtures of the interpreting tests: two partner organisations A and B, each with an
agreement in force, an address in a travel zone and a contact user; an interpreter (with
a user) who speaks Arabic and works every day from 07:00 to 21:00; the dispatcher."""

import pytest

from haven.accounts.tests.factories import UserFactory
from haven.interpreting.models import Sector
from haven.interpreting.tests.factories import InterpreterFactory, OrganisationFactory, PartnerContactFactory


@pytest.fixture(autouse=True)
def english_messages(settings):
    """The interpreting tests compare messages in English (the source language); tests of
    the Dutch interface switch to it themselves."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def organisation_a(db):
    return OrganisationFactory(name="AZ Sint-Lucas", sector=Sector.HEALTH)


@pytest.fixture
def organisation_b(db):
    return OrganisationFactory(name="OCMW Gent", sector=Sector.HEALTH)


@pytest.fixture
def partner_a(organisation_a):
    return PartnerContactFactory(user__username="anna", organisation=organisation_a).user


@pytest.fixture
def partner_b(organisation_b):
    return PartnerContactFactory(user__username="bert", organisation=organisation_b).user


@pytest.fixture
def samira(db):
    return InterpreterFactory(
        username="samira", given_names="Samira", family_name="Haddad", phone="+32 470 12 34 56", available=True
    )


@pytest.fixture
def dispatcher_user(db):
    return UserFactory(username="dora", first_name="Dora", last_name="Dispatch", roles=["dispatcher"])
