"""Fixtures of the registry's tests: a small household to open, change and link."""

import datetime

import pytest

from haven.people.tests.factories import HouseholdLinkFactory, PersonFactory, caseload_add


@pytest.fixture
def household(db):
    """A mother and her son, linked; the tests open, edit and unlink them."""
    mother = PersonFactory(given_names="Leila", family_name="Mansour", birth_date=datetime.date(1975, 4, 2))
    son = PersonFactory(given_names="Karim", family_name="Mansour", birth_date=datetime.date(2005, 9, 14))
    link = HouseholdLinkFactory(parent=mother, child=son)
    return mother, son, link


@pytest.fixture
def person(household):
    return household[0]


@pytest.fixture
def caseload(household, counsellor):
    """The household in the counsellor persona's caseload (the access policy lets a
    counsellor open only the files of their caseload)."""
    mother, son, _link = household
    caseload_add(counsellor, mother, son)
    return household
