"""Retention of the transit site (haven/transit_site/retention.py): past the period a
family's stay, its children's names and a forgotten announced arrival name no one, and the
report (families, children per lesson day, their ages) is what it was."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.privacy.anonymise import PSEUDONYM_PREFIX, anonymisation_due, anonymise
from haven.privacy.testing import identifying_values_found, person_identifiers, report_tables
from haven.transit_site.models import ArrivalNotice, Attendance, NoticeState, Stay
from haven.transit_site.tests.factories import ChildFactory, LessonDaysFactory, SiteFactory, StayFactory

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(2060, 1, 1)
ARRIVAL = datetime.date(2019, 6, 3)  # a Monday
STAY_NOTE = "Zephyrine prefers Thursday mornings for the fees"
CHILDREN = ("Ottoline", "Barnabus")
NOTICE = {"family_name": "Brumblewick", "phone": "+32 486 55 44 33"}
FREE_TEXTS = [STAY_NOTE, *CHILDREN, *NOTICE.values()]


def zephyrine(**values) -> Person:
    defaults = {
        "given_names": "Zephyrine",
        "family_name": "Quaxtonbury",
        "national_number": "85073003328",
        "birth_date": datetime.date(1985, 7, 30),
        "sex": "F",
        "nationality": "FR",
        "email": "zephyrine.quaxtonbury@example.org",
        "phone": "+32 470 12 34 56",
        "street": "Wolkenkrabberstraat",
        "notes": "Prefers Thursday mornings",
    }
    defaults.update(values)
    return PersonFactory(**defaults)


def aged(person: Person, day: datetime.date) -> None:
    """The person's registry entry last changed on ``day`` (its own period runs from it)."""
    changed = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    Person.objects.filter(pk=person.pk).update(updated_at=changed)


def every_record(person: Person, site, names=CHILDREN) -> Stay:
    """A two-week stay in June 2019 with two children present on the first two lesson days."""
    stay = StayFactory(
        site=site,
        head=person,
        arrival=ARRIVAL,
        departure=ARRIVAL + datetime.timedelta(days=14),
        notes=STAY_NOTE,
    )
    for name, born in zip(names, (datetime.date(2011, 5, 1), datetime.date(2014, 6, 4)), strict=True):
        child = ChildFactory(stay=stay, first_name=name, birth_date=born)
        Attendance.objects.bulk_create(
            [Attendance(child=child, day=ARRIVAL), Attendance(child=child, day=ARRIVAL + datetime.timedelta(days=1))]
        )
    return stay


def test_past_retention_nothing_identifying_remains_and_the_report_is_unchanged(django_capture_on_commit_callbacks):
    person = zephyrine()
    site = SiteFactory()
    LessonDaysFactory(site=site)
    every_record(person, site)
    ArrivalNotice.objects.create(
        site=site,
        caravans=2,
        announced_on=datetime.date(2019, 7, 1),
        expected_arrival=datetime.date(2019, 7, 8),
        **NOTICE,
    )
    values = person_identifiers(person) + FREE_TEXTS
    assert identifying_values_found(values)
    before = report_tables([2019])
    assert [row[1] for row in before[2019]["transit_site"]["rows"]] == [25, 1, 2, 6, 4]

    with django_capture_on_commit_callbacks(execute=True):
        anonymise(FAR_FUTURE)

    assert report_tables([2019]) == before
    assert identifying_values_found(values) == []
    person.refresh_from_db()
    assert person.family_name == f"{PSEUDONYM_PREFIX}{person.pk}"
    notice = ArrivalNotice.objects.get()
    assert (notice.state, notice.caravans, notice.family_name) == (NoticeState.WAITING, 2, "")


def test_a_stay_keeps_its_family_five_years_after_the_departure():
    person = zephyrine()
    aged(person, datetime.date(2010, 1, 1))
    StayFactory(head=person, arrival=ARRIVAL, departure=datetime.date(2019, 6, 14))
    assert person.pk not in anonymisation_due(datetime.date(2024, 6, 13)).persons
    assert person.pk in anonymisation_due(datetime.date(2024, 6, 14)).persons


def test_a_family_still_on_the_site_is_kept():
    person = zephyrine()
    aged(person, datetime.date(2010, 1, 1))
    StayFactory(head=person, arrival=ARRIVAL, departure=None)
    assert person.pk not in anonymisation_due(FAR_FUTURE).persons


def test_a_waiting_notice_keeps_its_name_a_year_after_the_expected_arrival():
    ArrivalNotice.objects.create(
        site=SiteFactory(),
        caravans=1,
        announced_on=datetime.date(2019, 7, 1),
        expected_arrival=datetime.date(2019, 7, 8),
        **NOTICE,
    )
    key = "transit_site.arrivalnotice"
    assert key not in anonymisation_due(datetime.date(2020, 7, 7)).records
    assert anonymisation_due(datetime.date(2020, 7, 8)).records[key] == 1


def _anonymise_queries(count: int) -> int:
    site = SiteFactory()
    for index in range(count):
        person = zephyrine(national_number=None, given_names=f"Zephyrine {count}-{index}")
        every_record(person, site, names=(f"Ottoline {index}", f"Barnabus {index}"))
    with CaptureQueriesContext(connection) as queries:
        anonymise(FAR_FUTURE)
    return len(queries)


def test_the_queries_do_not_grow_with_the_records():
    one = _anonymise_queries(1)
    five = _anonymise_queries(5)
    assert five == one
