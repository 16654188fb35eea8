"""The community line's retention declarations applied by the anonymisation engine: the
report of past years unchanged, nothing identifying left (the photo's file included), a duo's
period to the day, and a number of queries that does not grow with the records."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.community.models import (
    Duo,
    EventPhoto,
    MatchProposal,
    PairRule,
    PairRuleKind,
    PhotoConsent,
    ProposedPair,
    WithdrawReason,
)
from haven.community.tests.factories import (
    BuddyFactory,
    CommunityEventFactory,
    DuoFactory,
    GentenaarFactory,
    GroupFactory,
    MeetingFactory,
    ParticipantFactory,
    TandemParticipantFactory,
)
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.privacy.anonymise import PSEUDONYM_PREFIX, anonymisation_due, anonymise
from haven.privacy.registry_check import retention_undeclared
from haven.privacy.testing import identifying_values_found, person_identifiers, report_tables

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(2100, 1, 1)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

FREE_TEXTS = [
    "Prefers Thursday mornings",
    "Buddy knows the family from the mosque",
    "Duo stopped after the move to Lokeren",
    "Talked about the landlord's threats",
    "Group of the Wondelgem parish hall",
    "Speaker Hyacinth Pumbleworth thanked",
]


def _newcomer(n: int = 0) -> Person:
    return PersonFactory(
        given_names=f"Zephyrine{'x' * n}",
        family_name=f"Quaxtonbury{'x' * n}",
        national_number="85073003328" if n == 0 else None,
        sex="F",
        nationality="SY",
        email=f"zephyrine{n}.quaxtonbury@example.org",
        phone=f"+32 470 12 34 5{n}",
        street=f"Wolkenkrabberstraat {n}",
        notes=FREE_TEXTS[0],
    )


def _gentenaar(n: int = 0) -> Person:
    return GentenaarFactory(
        given_names=f"Octavian{'x' * n}",
        family_name=f"Brumblewick{'x' * n}",
        sex="M",
        email=f"octavian{n}.brumblewick@example.org",
        phone=f"+32 475 98 76 5{n}",
        street=f"Zonnebloemdreef {n}",
    )


def _world(n: int = 0) -> dict:
    """A newcomer in a Samen Gentenaar group (pair rule, proposal, duo with a meeting) and
    in TANDEM, a buddy who withdrew their consent, and a photo of an event with both in it:
    everything in 2019."""
    newcomer, gentenaar = _newcomer(n), _gentenaar(n)
    group = GroupFactory(
        name=f"Samen Gentenaar retentie {n}",
        starts_on=datetime.date(2019, 3, 1),
        closes_on=datetime.date(2019, 9, 30),
        note=FREE_TEXTS[4],
    )
    buddy = BuddyFactory(
        person=gentenaar,
        note=FREE_TEXTS[1],
        interests=["cooking", "music"],
        availability=["thu_am"],
        consent_withdrawn_on=datetime.date(2019, 12, 1),
    )
    participant = ParticipantFactory(person=newcomer, group=group, note=FREE_TEXTS[0], interests=["sport"])
    tandem = TandemParticipantFactory(person=newcomer, registered_on=datetime.date(2019, 4, 1))
    PairRule.objects.create(group=group, participant=participant, buddy=buddy, kind=PairRuleKind.FIXED)
    proposal = MatchProposal.objects.create(group=group, total=80, worst=80, unmatched=[])
    ProposedPair.objects.create(proposal=proposal, participant=participant, buddy=buddy, score=80, reasons=[])
    duo = DuoFactory(
        participant=participant,
        buddy=buddy,
        started_on=datetime.date(2019, 3, 15),
        ended_on=datetime.date(2019, 9, 30),
        end_reason=WithdrawReason.MOVED,
        end_note=FREE_TEXTS[2],
        score=80,
        reasons=[{"code": "same_district", "params": {"district": "Wondelgem"}}],
    )
    MeetingFactory(duo=duo, held_on=datetime.date(2019, 4, 1), note=FREE_TEXTS[3])
    DuoFactory(
        participant=tandem,
        buddy=buddy,
        started_on=datetime.date(2019, 4, 15),
        ended_on=datetime.date(2019, 10, 15),
        end_reason=WithdrawReason.COMPLETED,
    )
    event = CommunityEventFactory(name=f"OPEN-BAR {n}", held_on=datetime.date(2019, 6, 20), note=FREE_TEXTS[5])
    photo = EventPhoto(event=event, content_type="image/png", size=64, uploaded_at=timezone.now())
    photo.file.save("photo.png", ContentFile(PNG + f"{newcomer.given_names} {newcomer.family_name}".encode()))
    photo.save()
    for person in (newcomer, gentenaar):
        PhotoConsent.objects.create(
            photo=photo, person=person, consent_given_on=datetime.date(2019, 6, 20), consent_text_version="2019-1"
        )
    return {"newcomer": newcomer, "gentenaar": gentenaar, "photo": photo}


def test_every_model_of_the_line_is_declared():
    assert retention_undeclared({"community"}) == {}


def test_anonymising_keeps_the_report_and_leaves_nothing_identifying(django_capture_on_commit_callbacks):
    world = _world()
    values = person_identifiers(world["newcomer"]) + person_identifiers(world["gentenaar"]) + FREE_TEXTS
    values.append("Wondelgem")  # in the duo's reasons
    assert identifying_values_found(values)  # the search finds them before
    before = report_tables([2019])
    assert before[2019]["community"]

    with django_capture_on_commit_callbacks(execute=True):
        outcome = anonymise(FAR_FUTURE)

    assert report_tables([2019]) == before
    assert identifying_values_found(values) == []
    assert world["newcomer"].pk in outcome.due.persons and world["gentenaar"].pk in outcome.due.persons
    photo = EventPhoto.objects.get(pk=world["photo"].pk)
    assert photo.file.name == "" and not photo.consents.exists()
    assert not PairRule.objects.exists() and not MatchProposal.objects.exists() and not ProposedPair.objects.exists()
    # The duos stay with their score: the report counts them.
    assert list(Duo.objects.order_by("started_on").values_list("score", "reasons", "end_note")) == [
        (80, [], ""),
        (None, [], ""),
    ]
    newcomer = Person.objects.get(pk=world["newcomer"].pk)
    assert newcomer.family_name == f"{PSEUDONYM_PREFIX}{newcomer.pk}"
    assert anonymisation_due(FAR_FUTURE).records == {}


def _tandem_duo_ended(ended_on: datetime.date) -> Person:
    """A TANDEM newcomer whose one duo ended on ``ended_on``; their registry entry last
    changed long before."""
    newcomer = _newcomer()
    participant = TandemParticipantFactory(person=newcomer, registered_on=datetime.date(2019, 1, 10))
    DuoFactory(participant=participant, started_on=datetime.date(2019, 2, 1), ended_on=ended_on)
    Person.objects.filter(pk=newcomer.pk).update(updated_at=datetime.datetime(2019, 1, 10, tzinfo=datetime.UTC))
    return newcomer


def test_a_newcomer_is_due_five_years_after_their_duo_ended_to_the_day():
    newcomer = _tandem_duo_ended(datetime.date(2019, 9, 30))
    assert newcomer.pk not in anonymisation_due(datetime.date(2024, 9, 29)).persons
    assert newcomer.pk in anonymisation_due(datetime.date(2024, 9, 30)).persons


def test_a_running_duo_keeps_its_newcomer_and_buddy():
    newcomer = _tandem_duo_ended(datetime.date(2019, 9, 30))
    running = DuoFactory(participant=TandemParticipantFactory(person=newcomer), started_on=datetime.date(2020, 1, 6))
    due = anonymisation_due(FAR_FUTURE)
    assert newcomer.pk not in due.persons
    assert running.buddy.person_id not in due.persons  # consent in force


def test_a_sign_up_never_matched_nor_withdrawn_stays_in_use():
    participant = TandemParticipantFactory(registered_on=datetime.date(2019, 1, 10))
    assert participant.person_id not in anonymisation_due(FAR_FUTURE).persons


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
