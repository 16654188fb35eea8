"""Factories of the education line: schools, referrals, dossiers, cohorts and participants."""

import datetime

import factory

from haven.accounts.tests.factories import UserFactory
from haven.education.models import (
    PreTrackCohort,
    PreTrackParticipant,
    ReferralState,
    School,
    SchoolKind,
    SchoolReferral,
    StudyDossier,
)
from haven.people.tests.factories import PersonFactory


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Testschool {n}")
    okan = False


class ChildFactory(PersonFactory):
    """Born 10 June 2008: 11 in 2019, a minor until 10 June 2026."""

    birth_date = datetime.date(2008, 6, 10)


class SchoolReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolReferral

    person = factory.SubFactory(ChildFactory)
    requested_on = datetime.date(2019, 3, 4)
    age = 10
    guardian_name = factory.Faker("name", locale="nl_BE")
    guardian_role = "parent"
    home_language_id = "ara"
    kind = SchoolKind.REGULAR
    state = ReferralState.OPEN
    created_by = factory.SubFactory(UserFactory)


class StudyDossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyDossier

    person = factory.SubFactory(PersonFactory, birth_date=datetime.date(1990, 2, 14))
    opened_on = datetime.date(2019, 4, 1)
    question = "Welke opleiding past bij mijn diploma?"
    created_by = factory.SubFactory(UserFactory)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreTrackCohort

    academic_year = 2019
    starts_on = factory.LazyAttribute(lambda cohort: datetime.date(cohort.academic_year, 9, 23))
    ends_on = factory.LazyAttribute(lambda cohort: datetime.date(cohort.academic_year + 1, 6, 26))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreTrackParticipant

    cohort = factory.SubFactory(CohortFactory)
    person = factory.SubFactory(PersonFactory, birth_date=datetime.date(1992, 5, 5))
    started_on = factory.LazyAttribute(lambda participant: participant.cohort.starts_on)
