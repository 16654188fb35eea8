"""Retention of the education line (haven/education/retention.py): past the period a
person's referral, study dossier and pre-track participation name no one, and the report
is what it was."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.education.models import (
    ContactAnswer,
    ParticipantState,
    PreTrackCohort,
    ReferralState,
    School,
    SchoolContact,
    StudyConversation,
    StudyOutcome,
)
from haven.education.tests.factories import (
    CohortFactory,
    ParticipantFactory,
    SchoolFactory,
    SchoolReferralFactory,
    StudyDossierFactory,
)
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.privacy.anonymise import PSEUDONYM_PREFIX, anonymisation_due, anonymise
from haven.privacy.testing import identifying_values_found, person_identifiers, report_tables

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(2060, 1, 1)
YEARS = [2018, 2019]
GUARDIAN = "Ludovica Quaxtonbury"
REFERRAL_NOTE = "Prefers Thursday mornings, ask for Mrs Quaxtonbury"
QUESTION = "Can Zephyrine study nursing with her Syrian diploma?"
ADVICE = "Zephyrine should first pass the B2 test at Ghent's Huis van het Nederlands"
SUMMARY = "Talked with Zephyrine about the nursing course at Wolkenkrabberstraat"
FREE_TEXTS = [GUARDIAN, REFERRAL_NOTE, QUESTION, ADVICE, SUMMARY]


def zephyrine(**values) -> Person:
    """18 on 1 March 2019: a minor at her school referral, an adult at her study choice."""
    defaults = {
        "given_names": "Zephyrine",
        "family_name": "Quaxtonbury",
        "national_number": "01030100286",
        "birth_date": datetime.date(2001, 3, 1),
        "sex": "F",
        "email": "zephyrine.quaxtonbury@example.org",
        "phone": "+32 470 12 34 56",
        "street": "Wolkenkrabberstraat",
        "notes": "Prefers Thursday mornings",
    }
    defaults.update(values)
    return PersonFactory(**defaults)


def aged(person: Person, day: datetime.date) -> None:
    """The person's registry entry last changed on ``day`` (its own period runs from it)."""
    Person.objects.filter(pk=person.pk).update(
        updated_at=datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    )


def every_record(person: Person) -> None:
    school = School.objects.filter(name="Sint-Retentiecollege").first() or SchoolFactory(name="Sint-Retentiecollege")
    cohort = PreTrackCohort.objects.filter(academic_year=2018).first() or CohortFactory(academic_year=2018)
    referral = SchoolReferralFactory(
        person=person,
        requested_on=datetime.date(2018, 9, 3),
        age=17,
        guardian_name=GUARDIAN,
        notes=REFERRAL_NOTE,
        state=ReferralState.PLACED,
        school=school,
        placed_on=datetime.date(2018, 9, 20),
    )
    SchoolContact.objects.create(
        referral=referral, school=school, contacted_on=datetime.date(2018, 9, 5), answer=ContactAnswer.PLACE
    )
    dossier = StudyDossierFactory(
        person=person,
        opened_on=datetime.date(2019, 4, 1),
        question=QUESTION,
        advice=ADVICE,
        outcome=StudyOutcome.PRE_TRACK,
        closed_on=datetime.date(2019, 8, 30),
    )
    StudyConversation.objects.create(
        dossier=dossier, held_on=datetime.date(2019, 4, 8), summary=SUMMARY, by=dossier.created_by
    )
    ParticipantFactory(
        person=person,
        cohort=cohort,
        state=ParticipantState.GRADUATED,
        ended_on=datetime.date(2019, 6, 26),
    )


def test_past_retention_nothing_identifying_remains_and_the_report_is_unchanged(django_capture_on_commit_callbacks):
    person = zephyrine()
    every_record(person)
    values = person_identifiers(person) + FREE_TEXTS
    assert identifying_values_found(values)
    before = report_tables(YEARS)
    assert any(row[1] for row in before[2019]["education"]["rows"])

    with django_capture_on_commit_callbacks(execute=True):
        outcome = anonymise(FAR_FUTURE)

    assert report_tables(YEARS) == before
    assert identifying_values_found(values) == []
    person.refresh_from_db()
    assert person.family_name == f"{PSEUDONYM_PREFIX}{person.pk}"
    assert person.pk in outcome.due.persons
    assert person.school_referrals.get().placed_on == datetime.date(2018, 9, 20)


def test_a_referral_keeps_its_child_five_years_after_the_permanence_date():
    person = zephyrine()
    aged(person, datetime.date(2010, 1, 1))
    SchoolReferralFactory(person=person, requested_on=datetime.date(2019, 3, 14))
    assert person.pk not in anonymisation_due(datetime.date(2024, 3, 13)).persons
    assert person.pk in anonymisation_due(datetime.date(2024, 3, 14)).persons


def test_an_open_study_dossier_keeps_its_person():
    person = zephyrine()
    aged(person, datetime.date(2010, 1, 1))
    StudyDossierFactory(person=person, opened_on=datetime.date(2019, 4, 1))
    assert person.pk not in anonymisation_due(FAR_FUTURE).persons


def test_a_running_pre_track_cohort_keeps_its_participants():
    person = zephyrine()
    aged(person, datetime.date(2010, 1, 1))
    ParticipantFactory(person=person, cohort=CohortFactory(academic_year=2019))  # ends 26 June 2020
    assert person.pk not in anonymisation_due(datetime.date(2025, 6, 25)).persons
    assert person.pk in anonymisation_due(datetime.date(2025, 6, 26)).persons


def _anonymise_queries(count: int) -> int:
    for index in range(count):
        every_record(zephyrine(national_number=None, given_names=f"Zephyrine {count}-{index}"))
    with CaptureQueriesContext(connection) as queries:
        anonymise(FAR_FUTURE)
    return len(queries)


def test_the_queries_do_not_grow_with_the_records():
    one = _anonymise_queries(1)
    five = _anonymise_queries(5)
    assert five == one
