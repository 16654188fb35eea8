"""The transit site's section of the annual report: counted from the records, the averages
from the attendance, rounded half up; the demo's records give the seed's rows."""

import datetime
import random

import pytest

from haven.core.models import AccessAction, AccessLogEntry
from haven.demo.figures import seed_report
from haven.demo.transit_site import TransitSiteBuilder
from haven.integration.models import DecisionKind, StatusDecision
from haven.people.models import Person
from haven.transit_site.models import Attendance, Stay
from haven.transit_site.report import half_up, transit_site
from haven.transit_site.tests.factories import ChildFactory, LessonDaysFactory, StayFactory

pytestmark = pytest.mark.django_db


def _figures(year=2019):
    return [row[1] for row in transit_site(year).rows]


def test_the_averages_are_rounded_half_up():
    assert half_up(21, 2) == 11  # 10.5
    assert half_up(31, 3) == 10  # 10.33
    assert half_up(0, 0) == 0


def test_the_section_counts_families_children_per_lesson_day_and_their_age(site):
    LessonDaysFactory(site=site, valid_from=datetime.date(2018, 1, 1), weekdays="024")
    monday = datetime.date(2019, 6, 3)
    first = StayFactory(site=site, arrival=monday)
    StayFactory(site=site, arrival=datetime.date(2018, 12, 20), planned_departure=datetime.date(2019, 1, 3))
    StayFactory(site=site, arrival=datetime.date(2018, 6, 1))  # 2018 only
    StayFactory(site=site, head=first.head, arrival=monday + datetime.timedelta(days=20))  # the same family again
    older = ChildFactory(stay=first, birth_date=datetime.date(2009, 6, 4))  # 9 on Monday, 10 on Tuesday
    younger = ChildFactory(stay=first, birth_date=datetime.date(2014, 1, 1))  # 5
    Attendance.objects.create(child=older, day=monday)
    Attendance.objects.create(child=younger, day=monday)
    Attendance.objects.create(child=older, day=monday + datetime.timedelta(days=1))
    # 3 children over 2 lesson days (1.5 → 2); ages 9 and 5 at their first lesson (7).
    assert _figures() == [25, 2, 2, 7, 4]
    assert _figures(2018) == [25, 2, 0, 0, 3]


def test_the_demo_builder_gives_the_seed_rows_and_one_more_family_moves_only_the_families(programme_staff):
    seed = seed_report()
    TransitSiteBuilder(rng=random.Random(3), seed_report=seed, staff={"programme_staff": programme_staff}).build()
    assert transit_site(2019).rows == seed["tables"]["transit_site"]["rows"]
    # The heads of family as the whole demo holds every person: through the registration
    # service (logged), with a valid (BIS) number. Not registered in the municipality, they
    # have no settlement decision (the rules decide from the first registration's date).
    heads = Person.objects.count()
    assert heads == 211 == Person.objects.exclude(national_number=None).count()
    assert AccessLogEntry.objects.filter(action=AccessAction.CREATE).count() == heads
    assert not Person.objects.exclude(first_registration_date=None).exists()
    assert not StatusDecision.objects.filter(kind=DecisionKind.SETTLEMENT).exists()
    families_2018 = _figures(2018)[1]
    assert 0 < families_2018 < 211
    assert _figures(2018)[4] == 3
    stay = Stay.objects.filter(arrival__year=2019).order_by("arrival").first()
    StayFactory(site=stay.site, arrival=datetime.date(2019, 11, 10), caravans=1)
    assert _figures() == [25, 212, 11, 8, 4]
    assert _figures(2018)[1] == families_2018
