"""The registry's figures of the annual report each equal the people their drill-down
lists, and both sections say what they count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.reports.registry import drill_for, report_sections
from haven.reports.testing import cells_without_records

pytestmark = pytest.mark.django_db

SETTLED = "newcomers_settled_by_status"
TOP20 = "newcomers_top20_nationalities"
BORN = datetime.date(1985, 5, 5)


def settle(code: str, on: datetime.date, count: int) -> list[Person]:
    return PersonFactory.create_batch(count, nationality=code, birth_date=BORN, first_registration_date=on)


@pytest.fixture
def newcomers():
    """Newcomers of 2018, 2019 and 2020, one of 2019 without a nationality."""
    settle("BG", datetime.date(2019, 3, 1), 3)
    settle("BG", datetime.date(2018, 12, 31), 2)
    settle("SY", datetime.date(2019, 1, 1), 1)
    settle("NL", datetime.date(2018, 6, 1), 1)  # not in 2019's top: no newcomer of 2019
    settle("SY", datetime.date(2020, 1, 1), 1)
    settle("", datetime.date(2019, 7, 1), 1)


@pytest.mark.parametrize("key", [SETTLED, TOP20])
def test_every_figure_equals_its_people(newcomers, key):
    assert cells_without_records(key, 2019) == []
    assert cells_without_records(key, 2020) == []


def test_the_top20_lists_the_newcomers_of_the_row_s_nationality_and_year(newcomers):
    drill = drill_for(TOP20, 2019, [1, "Bulgarije", "BG", 2, 3, "up"], "2018")
    assert drill is not None and drill.person == "pk"
    assert {person.first_registration_date for person in drill.records} == {datetime.date(2018, 12, 31)}
    assert drill_for(TOP20, 2019, [1, "Bulgarije", "BG", 2, 3, "up"], "rank") is None


def test_the_total_lists_every_newcomer_of_the_year_once(newcomers):
    drill = drill_for(SETTLED, 2019, None, "2019")
    assert drill is not None
    with CaptureQueriesContext(connection) as queries:
        people = list(drill.records.values_list("nationality", flat=True))
    assert sorted(people) == ["", "BG", "BG", "BG", "SY"]  # without a nationality too
    assert len(queries) == 1


def test_both_sections_say_what_they_count():
    definitions = {section.key: section.definition for section in report_sections()}
    with translation.override("en"):
        assert "first registration" in str(definitions[SETTLED])
        assert "twenty" in str(definitions[TOP20])
