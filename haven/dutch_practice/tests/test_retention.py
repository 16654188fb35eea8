"""Dutch practice's retention declarations applied by the anonymisation engine: the report of
past years unchanged (the subscribers at the end of each year too), nothing identifying left,
a volunteer's and a subscriber's period to the day, and a number of queries that does not
grow with the records."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.dutch_practice.models import Subscriber, Volunteer
from haven.dutch_practice.tests.factories import SeriesFactory, SessionFactory, SubscriberFactory, VolunteerFactory
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.privacy.anonymise import PSEUDONYM_PREFIX, anonymisation_due, anonymise
from haven.privacy.registry_check import retention_undeclared
from haven.privacy.testing import identifying_values_found, person_identifiers, report_tables

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(2100, 1, 1)
SUBSCRIBER_KEY = "dutch_practice.subscriber"

FREE_TEXTS = [
    "Prefers Thursday mornings",
    "Samir told about his asylum interview",
    "Lavinia Crumpethorne",
    "lavinia.crumpethorne@example.org",
    "Rupert Dandelionne",
    "rupert.dandelionne@example.org",
]


def _person(n: int = 0, **values) -> Person:
    defaults = {
        "given_names": f"Zephyrine{'x' * n}",
        "family_name": f"Quaxtonbury{'x' * n}",
        "national_number": "85073003328" if n == 0 else None,
        "email": f"zephyrine{n}.quaxtonbury@example.org",
        "phone": f"+32 470 12 34 5{n}",
        "street": f"Wolkenkrabberstraat {n}",
        "first_registration_date": None,
    }
    defaults.update(values)
    return PersonFactory(**defaults)


def _world(n: int = 0) -> dict:
    """A volunteer of a general moment who stopped at the end of 2019, a newcomer named at
    one of its sessions, a subscriber who unsubscribed in 2019 and one who never confirmed."""
    volunteer = VolunteerFactory(person=_person(n), note=FREE_TEXTS[0], active_until=datetime.date(2019, 12, 31))
    newcomer = _person(
        n,
        given_names=f"Amadeo{'x' * n}",
        family_name=f"Fernsby{'x' * n}",
        national_number=None,
        email=f"amadeo{n}@example.org",
        first_registration_date=datetime.date(2019, 3, 1),
    )
    session = SessionFactory(
        series=SeriesFactory(title=f"Conversatiemoment retentie {n}"),
        volunteers=[volunteer],
        note=FREE_TEXTS[1],
    )
    session.participants.add(newcomer)
    SubscriberFactory(
        email=FREE_TEXTS[3] if n == 0 else f"lavinia{n}@example.org",
        name=FREE_TEXTS[2],
        subscribed_on=datetime.date(2018, 5, 1),
        confirmed_on=datetime.date(2018, 5, 2),
        unsubscribed_on=datetime.date(2019, 6, 30),
    )
    SubscriberFactory(
        email=FREE_TEXTS[5] if n == 0 else f"rupert{n}@example.org",
        name=FREE_TEXTS[4],
        subscribed_on=datetime.date(2019, 3, 1),
        confirmed_on=None,
    )
    return {"volunteer": volunteer, "newcomer": newcomer}


def test_every_model_of_the_line_is_declared():
    assert retention_undeclared({"dutch_practice"}) == {}


def test_anonymising_keeps_the_report_and_leaves_nothing_identifying(django_capture_on_commit_callbacks):
    world = _world()
    subscribed = SubscriberFactory(email="still.reading@example.org", subscribed_on=datetime.date(2019, 1, 5))
    volunteer, newcomer = world["volunteer"].person, world["newcomer"]
    values = person_identifiers(volunteer) + person_identifiers(newcomer) + FREE_TEXTS
    assert identifying_values_found(values)  # the search finds them before
    before = report_tables([2018, 2019])
    assert before[2018]["dutch_practice"] != before[2019]["dutch_practice"]  # the subscribers differ

    with django_capture_on_commit_callbacks(execute=True):
        outcome = anonymise(FAR_FUTURE)

    assert report_tables([2018, 2019]) == before
    assert identifying_values_found(values) == []
    assert {volunteer.pk, newcomer.pk} <= set(outcome.due.persons)
    volunteer.refresh_from_db()
    assert volunteer.family_name == f"{PSEUDONYM_PREFIX}{volunteer.pk}"
    assert Volunteer.objects.get(pk=world["volunteer"].pk).active_until == datetime.date(2019, 12, 31)
    # The addresses go, the dates stay; a subscriber still subscribed keeps theirs.
    assert sorted(Subscriber.objects.values_list("subscribed_on", "unsubscribed_on", "name")) == [
        (datetime.date(2018, 5, 1), datetime.date(2019, 6, 30), ""),
        (datetime.date(2019, 1, 5), None, ""),
        (datetime.date(2019, 3, 1), None, ""),
    ]
    subscribed.refresh_from_db()
    assert subscribed.email == "still.reading@example.org"
    assert anonymisation_due(FAR_FUTURE).records == {}


def _volunteer(**dates) -> Volunteer:
    """A volunteer who never led a session; their registry entry last changed long before."""
    volunteer = VolunteerFactory(person=_person(), **dates)
    Person.objects.filter(pk=volunteer.person_id).update(updated_at=datetime.datetime(2018, 9, 1, tzinfo=datetime.UTC))
    return volunteer


@pytest.mark.parametrize(
    "dates",
    [
        {"active_until": datetime.date(2019, 12, 31)},
        {"consent_withdrawn_on": datetime.date(2019, 12, 31)},
        {"active_until": datetime.date(2021, 6, 30), "consent_withdrawn_on": datetime.date(2019, 12, 31)},
    ],
    ids=["ended", "withdrawn", "withdrawn-first"],
)
def test_a_volunteer_is_due_five_years_after_the_role_ended_or_the_consent_was_withdrawn(dates):
    volunteer = _volunteer(**dates)
    assert volunteer.person_id not in anonymisation_due(datetime.date(2024, 12, 30)).persons
    assert volunteer.person_id in anonymisation_due(datetime.date(2024, 12, 31)).persons


def test_a_volunteer_still_active_stays():
    volunteer = _volunteer()
    assert volunteer.person_id not in anonymisation_due(FAR_FUTURE).persons


def test_a_participant_named_at_a_session_is_kept_five_years_after_it():
    newcomer = _person()
    Person.objects.filter(pk=newcomer.pk).update(updated_at=datetime.datetime(2019, 3, 1, tzinfo=datetime.UTC))
    SessionFactory(held_on=datetime.date(2019, 6, 25)).participants.add(newcomer)
    assert newcomer.pk not in anonymisation_due(datetime.date(2024, 6, 24)).persons
    assert newcomer.pk in anonymisation_due(datetime.date(2024, 6, 25)).persons


def test_an_address_goes_a_year_after_unsubscribing_and_a_subscribed_one_stays():
    SubscriberFactory(unsubscribed_on=datetime.date(2019, 6, 30))
    SubscriberFactory()  # confirmed in 2019, still subscribed
    assert SUBSCRIBER_KEY not in anonymisation_due(datetime.date(2020, 6, 29)).records
    assert anonymisation_due(datetime.date(2020, 6, 30)).records[SUBSCRIBER_KEY] == 1
    assert anonymisation_due(FAR_FUTURE).records[SUBSCRIBER_KEY] == 1


def test_the_queries_do_not_grow_with_the_records():
    _world(0)
    with CaptureQueriesContext(connection) as one:
        anonymise(FAR_FUTURE)
    for n in range(1, 6):
        _world(n)
    with CaptureQueriesContext(connection) as five:
        outcome = anonymise(FAR_FUTURE)
    assert outcome.run is not None and outcome.run.persons == 10
    assert len(five) == len(one)
