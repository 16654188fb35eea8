"""Fixtures of the education tests: schools (an OKAN one and a regular one), a child and
an adult, and Arabic as a home language."""

import datetime

import pytest

from haven.core.models import Language
from haven.education.tests.factories import ChildFactory, SchoolFactory
from haven.people.tests.factories import PersonFactory


@pytest.fixture
def english(settings):
    """The pages in English: the tests read the English source texts."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def okan_school(db):
    return SchoolFactory(name="Toren van Babel", okan=True)


@pytest.fixture
def regular_school(db):
    return SchoolFactory(name="Basisschool De Testwijk", okan=False)


@pytest.fixture
def child(db):
    """Born 10 June 2008: 10 on 4 March 2019."""
    return ChildFactory(given_names="Lina", family_name="Qadri")


@pytest.fixture
def teenager(db):
    """Born 1 January 2004: 15 in 2019, an OKAN pupil."""
    return PersonFactory(given_names="Omar", family_name="Haidari", birth_date=datetime.date(2004, 1, 1))


@pytest.fixture
def adult(db):
    return PersonFactory(given_names="Samir", family_name="Qadri", birth_date=datetime.date(1990, 2, 14))


@pytest.fixture
def arabic(db):
    return Language.objects.get(code="ara")
