"""Retention of casework (haven/casework/retention.py): past their period a file's notes are
emptied, its documents (files too), tasks and appointments are gone."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.accounts.tests.factories import UserFactory
from haven.casework.models import (
    Appointment,
    AppointmentPlace,
    AppointmentState,
    Document,
    DocumentKind,
    Note,
    Task,
)
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.privacy.anonymise import PSEUDONYM_PREFIX, anonymisation_due, anonymise
from haven.privacy.testing import identifying_values_found, person_identifiers, report_tables

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(2060, 1, 1)
HAPPENED_ON = datetime.date(2019, 3, 4)
SUBJECT = "Phone call with Zephyrine Quaxtonbury"
TEXT = "Prefers Thursday mornings; her landlord Mr Brumblewick threatens eviction"
CORRECTION = "Prefers Thursday mornings; landlord Brumblewick (corrected)"
TASK = "Call Quaxtonbury back about the eviction"
PURPOSE = "Quaxtonbury: housing problems"
VIDEO = "https://meet.example.org/quaxtonbury-room"
SCAN = "RESIDENCE CARD\nQuaxtonbury Zephyrine\nB 123456789"
TEXTS = [SUBJECT, TEXT, CORRECTION, TASK, PURPOSE, VIDEO, "Brumblewick", "B 123456789"]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _person(**values) -> Person:
    defaults = {
        "given_names": "Zephyrine",
        "family_name": "Quaxtonbury",
        "national_number": "85073003328",
        "email": "zephyrine.quaxtonbury@example.org",
        "phone": "+32 470 12 34 56",
        "street": "Wolkenkrabberstraat",
        "notes": "Prefers Thursday mornings",
    }
    defaults.update(values)
    person = PersonFactory(**defaults)
    Person.objects.filter(pk=person.pk).update(updated_at=_at(datetime.date(2019, 1, 2)))
    return person


def _note(person: Person, staff, **values) -> Note:
    defaults = {
        "person": person,
        "service_line": "integration",
        "author": staff,
        "written_at": _at(HAPPENED_ON, 16),
        "happened_on": HAPPENED_ON,
        "subject": SUBJECT,
        "text": TEXT,
    }
    defaults.update(values)
    return Note.objects.create(**defaults)


def _casework_file(person: Person, staff) -> Document:
    """A note and its correction, a scanned residence card, a task written by hand and a
    video appointment the person came to, all of 2019."""
    first = _note(person, staff)
    _note(person, staff, text=CORRECTION, replaces=first, written_at=_at(HAPPENED_ON, 17))
    document = Document(
        person=person,
        kind=DocumentKind.RESIDENCE_CARD,
        service_line="integration",
        valid_until=datetime.date(2024, 3, 1),
        content_type="application/pdf",
        size=len(SCAN),
        uploaded_by=staff,
        uploaded_at=_at(HAPPENED_ON),
    )
    document.file.save("card.pdf", ContentFile(SCAN.encode()), save=False)
    document.save()
    Task.objects.create(person=person, assignee=staff, due_on=HAPPENED_ON, title=TASK, created_at=_at(HAPPENED_ON))
    Appointment.objects.create(
        person=person,
        staff=staff,
        service_line="integration",
        starts_at=_at(HAPPENED_ON, 9),
        place=AppointmentPlace.VIDEO,
        video_link=VIDEO,
        purpose=PURPOSE,
        state=AppointmentState.CAME,
        created_by=staff,
        created_at=_at(datetime.date(2019, 2, 25)),
    )
    return document


@pytest.fixture
def staff(db):
    return UserFactory(username="cas", roles=["counsellor"])


def test_past_retention_nothing_identifying_remains_files_included(staff, django_capture_on_commit_callbacks):
    person = _person()
    document = _casework_file(person, staff)
    values = [*person_identifiers(person), *TEXTS]
    assert identifying_values_found(values)  # the search finds them before, the file too
    assert document.file.storage.exists(document.file.name)
    before = report_tables([2019])

    with django_capture_on_commit_callbacks(execute=True):
        outcome = anonymise(FAR_FUTURE)

    assert report_tables([2019]) == before
    assert identifying_values_found(values) == []
    assert not document.file.storage.exists(document.file.name)
    person.refresh_from_db()
    assert person.family_name == f"{PSEUDONYM_PREFIX}{person.pk}"
    assert list(Note.objects.filter(person=person).values_list("subject", "text")) == [("", ""), ("", "")]
    assert not Document.objects.exists() and not Task.objects.exists() and not Appointment.objects.exists()
    assert outcome.records["casework.note"] == 2
    assert not [key for key in anonymisation_due(FAR_FUTURE).records if key.startswith("casework.")]


def test_a_note_keeps_its_person_five_years_after_the_day_it_is_about(staff):
    person = _person()
    _note(person, staff)
    assert person.pk not in anonymisation_due(datetime.date(2024, 3, 3)).persons
    assert "casework.note" not in anonymisation_due(datetime.date(2024, 3, 3)).records
    due = anonymisation_due(datetime.date(2024, 3, 4))
    assert person.pk in due.persons
    assert due.records["casework.note"] == 1


def _anonymise_queries(count: int, staff) -> int:
    for index in range(count):
        _casework_file(_person(given_names=f"Zephyrine{index}", national_number=None), staff)
    with CaptureQueriesContext(connection) as queries:
        anonymise(FAR_FUTURE)
    return len(queries)


def test_the_queries_do_not_grow_with_the_records(staff):
    one = _anonymise_queries(1, staff)
    five = _anonymise_queries(5, staff)
    assert five == one
