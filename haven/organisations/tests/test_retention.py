"""The organisations line's retention declarations applied by the anonymisation engine: the
report of past years unchanged, nothing identifying left, an ambassador's period to the day
(from stopping or withdrawing, whichever came first), and a number of queries that does not
grow with the records."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.accounts.tests.factories import UserFactory
from haven.organisations import models
from haven.organisations.models import (
    Ambassador,
    CoachingContact,
    CoachingTrajectory,
    NetworkEvent,
    PartnerOrganisation,
    TrainingTopic,
)
from haven.organisations.tests.factories import (
    AmbassadorFactory,
    AssociationFactory,
    PartnerFactory,
    RequestedTestimonyFactory,
    SupportContactFactory,
    TrainingFactory,
)
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.privacy.anonymise import PSEUDONYM_PREFIX, anonymisation_due, anonymise
from haven.privacy.registry_check import retention_undeclared
from haven.privacy.testing import identifying_values_found, person_identifiers, report_tables

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(2100, 1, 1)

FREE_TEXTS = [
    "Prefers Thursday mornings",
    "Tells about the refugee camp in Kakuma",
    "Hyacinth Pumbleworth",
    "hyacinth.pumbleworth@school.example.org",
    "Barnaby Wigglesworth",
    "barnaby.wigglesworth@zorg.example.org",
    "+32 9 266 11 22",
    "Mediator Cornelius Fenwright present",
    "Complaint about the director Ottoline Harrowgate",
    "Coached with Philippa Thistlewood",
    "Chair Leopold Ashcombe asked about subsidies",
    "Ignatius Quillfeather",
    "ignatius.quillfeather@vereniging.example.org",
    "+32 486 55 44 33",
    "Network evening hosted by Perpetua Dunsworth",
]


def _volunteer(n: int = 0) -> Person:
    return PersonFactory(
        given_names=f"Zephyrine{'x' * n}",
        family_name=f"Quaxtonbury{'x' * n}",
        national_number="85073003328" if n == 0 else None,
        email=f"zephyrine{n}.quaxtonbury@example.org",
        phone=f"+32 470 12 34 5{n}",
        street=f"Wolkenkrabberstraat {n}",
        first_registration_date=None,
        birth_date=datetime.date(1985, 4, 4),
    )


def _world(n: int = 0) -> dict:
    """An ambassador certified in 2017 who testified in 2019 and withdrew their consent
    that autumn, a partner organisation trained and coached in 2019, and an association
    supported and at a network event in 2019, each with its contact person and notes."""
    staff = UserFactory()
    ambassador = AmbassadorFactory(
        person=_volunteer(n), note=FREE_TEXTS[0], consent_withdrawn_on=datetime.date(2019, 11, 15)
    )
    RequestedTestimonyFactory(
        requester=f"Atheneum Retentie {n}",
        contact_name=FREE_TEXTS[2],
        contact_email=FREE_TEXTS[3],
        note=FREE_TEXTS[1],
        ambassador=ambassador,
        state=models.TestimonyState.GIVEN,
        allowance=Decimal("50.00"),
        allowance_paid_on=datetime.date(2019, 5, 31),
    )
    partner = PartnerFactory(
        name=f"Woonzorgcentrum Retentie {n}",
        contact_name=FREE_TEXTS[4],
        contact_email=FREE_TEXTS[5],
        contact_phone=FREE_TEXTS[6],
        address="Kouter 1, Gent",
    )
    TrainingFactory(organisation=partner, trainer=staff, note=FREE_TEXTS[7], participants=15)
    trajectory = CoachingTrajectory.objects.create(
        organisation=partner,
        topic=TrainingTopic.LANGUAGE_POLICY,
        started_on=datetime.date(2019, 1, 7),
        ended_on=datetime.date(2019, 12, 20),
        notes=FREE_TEXTS[8],
    )
    CoachingContact.objects.create(
        trajectory=trajectory, held_on=datetime.date(2019, 2, 4), staff=staff, subject=FREE_TEXTS[9]
    )
    association = AssociationFactory(
        name=f"Vereniging Retentie {n}",
        contact_name=FREE_TEXTS[11],
        contact_email=FREE_TEXTS[12],
        contact_phone=FREE_TEXTS[13],
        note=FREE_TEXTS[0],
    )
    SupportContactFactory(association=association, staff=staff, subject=FREE_TEXTS[10])
    event = NetworkEvent.objects.create(
        held_on=datetime.date(2019, 9, 12), title="Netwerkavond", participants=40, note=FREE_TEXTS[14]
    )
    event.associations.add(association)
    return {"ambassador": ambassador, "partner": partner, "association": association}


def test_every_model_of_the_line_is_declared():
    assert retention_undeclared({"organisations"}) == {}


def test_anonymising_keeps_the_report_and_leaves_nothing_identifying(django_capture_on_commit_callbacks):
    world = _world()
    person = world["ambassador"].person
    values = person_identifiers(person) + FREE_TEXTS
    assert identifying_values_found(values)  # the search finds them before
    before = report_tables([2017, 2019])
    assert before[2019]["organisations"]

    with django_capture_on_commit_callbacks(execute=True):
        outcome = anonymise(FAR_FUTURE)

    assert report_tables([2017, 2019]) == before
    assert identifying_values_found(values) == []
    assert person.pk in outcome.due.persons
    person.refresh_from_db()
    assert person.family_name == f"{PSEUDONYM_PREFIX}{person.pk}"
    ambassador = Ambassador.objects.get(pk=world["ambassador"].pk)
    assert (ambassador.certified_on, ambassador.themes, ambassador.note) == (datetime.date(2017, 6, 1), [], "")
    partner = PartnerOrganisation.objects.get(pk=world["partner"].pk)
    assert (partner.name, partner.address, partner.contact_name) == ("Woonzorgcentrum Retentie 0", "Kouter 1, Gent", "")
    assert anonymisation_due(FAR_FUTURE).records == {}


def _ambassador(**dates) -> Ambassador:
    """An ambassador who never testified; their registry entry last changed long before."""
    ambassador = AmbassadorFactory(person=_volunteer(), **dates)
    Person.objects.filter(pk=ambassador.person_id).update(updated_at=datetime.datetime(2017, 1, 1, tzinfo=datetime.UTC))
    return ambassador


@pytest.mark.parametrize(
    "dates",
    [
        {"consent_withdrawn_on": datetime.date(2019, 11, 15)},
        {"stopped_on": datetime.date(2019, 11, 15)},
        {"stopped_on": datetime.date(2019, 11, 15), "consent_withdrawn_on": datetime.date(2021, 3, 1)},
        {"stopped_on": datetime.date(2022, 3, 1), "consent_withdrawn_on": datetime.date(2019, 11, 15)},
    ],
    ids=["withdrawn", "stopped", "stopped-first", "withdrawn-first"],
)
def test_an_ambassador_is_due_five_years_after_stopping_or_withdrawing_whichever_came_first(dates):
    ambassador = _ambassador(**dates)
    assert ambassador.person_id not in anonymisation_due(datetime.date(2024, 11, 14)).persons
    assert ambassador.person_id in anonymisation_due(datetime.date(2024, 11, 15)).persons


def test_an_active_ambassador_stays_and_a_testimony_keeps_its_ambassador_ten_years():
    active = _ambassador()
    assert active.person_id not in anonymisation_due(FAR_FUTURE).persons
    stopped = AmbassadorFactory(person=_volunteer(1), stopped_on=datetime.date(2019, 11, 15))
    Person.objects.filter(pk=stopped.person_id).update(updated_at=datetime.datetime(2017, 1, 1, tzinfo=datetime.UTC))
    RequestedTestimonyFactory(ambassador=stopped, state=models.TestimonyState.GIVEN, held_on=datetime.date(2019, 5, 7))
    assert stopped.person_id not in anonymisation_due(datetime.date(2029, 5, 6)).persons
    assert stopped.person_id in anonymisation_due(datetime.date(2029, 5, 7)).persons


def test_an_organisation_keeps_its_contact_while_it_is_trained():
    partner = PartnerFactory(contact_name=FREE_TEXTS[4])
    TrainingFactory(organisation=partner, held_on=datetime.date(2019, 5, 6))
    key = "organisations.partnerorganisation"
    assert key not in anonymisation_due(datetime.date(2024, 5, 5)).records
    assert anonymisation_due(datetime.date(2024, 5, 6)).records[key] == 1
    TrainingFactory(organisation=partner, held_on=datetime.date(2020, 5, 6))
    assert key not in anonymisation_due(datetime.date(2024, 5, 6)).records


def test_the_queries_do_not_grow_with_the_records():
    _world(0)
    with CaptureQueriesContext(connection) as one:
        anonymise(FAR_FUTURE)
    for n in range(1, 6):
        _world(n)
    with CaptureQueriesContext(connection) as five:
        outcome = anonymise(FAR_FUTURE)
    assert outcome.run is not None and outcome.run.persons == 5
    assert len(five) == len(one)
