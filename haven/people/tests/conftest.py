"""Fixtures of the registry's tests: a small household to open, change and link."""

import datetime

import pytest

from haven.people.tests.factories import HouseholdLinkFactory, PersonFactory


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
