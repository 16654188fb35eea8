"""The reads' promised query counts: the same for one stay or many."""

import datetime

import pytest

from haven.transit_site import selectors
from haven.transit_site.tests.factories import DAY, ChildFactory, StayFactory

pytestmark = pytest.mark.django_db


def _many(site, count):
    for index in range(count):
        stay = StayFactory(site=site, arrival=DAY - datetime.timedelta(days=index), caravans=1)
        ChildFactory(stay=stay)


def test_the_month_calendar_takes_two_queries_whatever_the_stays(site, django_assert_num_queries):
    _many(site, 1)
    with django_assert_num_queries(2):
        weeks = selectors.month_calendar(site, 2019, 6)
    _many(site, 6)
    with django_assert_num_queries(2):
        weeks = selectors.month_calendar(site, 2019, 6)
    june_3 = next(cell for week in weeks for cell in week if cell and cell.day == DAY)
    assert june_3.caravans == 7 and june_3.free == 18 and june_3.lesson_day


def test_the_attendance_sheet_takes_two_queries_whatever_the_children(site, django_assert_num_queries):
    _many(site, 1)
    with django_assert_num_queries(2):
        assert len(selectors.children_on_site(site, DAY)) == 1
    _many(site, 6)
    with django_assert_num_queries(2):
        assert len(selectors.children_on_site(site, DAY)) == 7


def test_a_stays_children_come_with_their_lesson_days_in_one_query(site, django_assert_num_queries):
    stay = StayFactory(site=site)
    ChildFactory(stay=stay)
    ChildFactory(stay=stay)
    with django_assert_num_queries(1):
        children = selectors.stay_children(stay)
    assert [child.days_present for child in children] == [0, 0]
