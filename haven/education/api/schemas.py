"""The education API's schemas, the helpers its operations share, and how a record is told."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema

from haven.core.api import PageMeta, PersonRef, person_ref
from haven.core.models import AccessChannel, AccessPurpose
from haven.education import selectors
from haven.education.models import (
    ContactAnswer,
    GuardianRole,
    ParticipantState,
    ReferralState,
    SchoolKind,
    SchoolReferral,
    StudyDossier,
    StudyOutcome,
    StudyPartner,
)
from haven.people.access import purpose_or_default

API = AccessChannel.API


def known_record(model, pk, field: str):
    """The record a body names, or a problem naming the field (422): the body is at fault."""
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _("Choose one from the list.")})
    return found


def programme_purpose(request) -> str:
    return purpose_or_default(request.auth, None, AccessPurpose.PROGRAMME)


# Schemas ---------------------------------------------------------------------------------


class EducationReferralIn(Schema):
    requested_on: date
    guardian_name: str = Field(min_length=1, max_length=150)
    guardian_role: GuardianRole
    home_language: str = Field(description="ISO 639-3 code of the language spoken at home.")
    kind: SchoolKind
    notes: str = Field("", max_length=2000)


class EducationContactOut(Schema):
    school_id: int
    school: str
    contacted_on: date
    answer: ContactAnswer


class EducationReferralOut(Schema):
    id: int
    person: PersonRef
    requested_on: date
    age: int
    guardian_name: str
    guardian_role: GuardianRole
    home_language: str
    kind: SchoolKind
    state: ReferralState
    school_id: int | None
    placed_on: date | None
    closed_on: date | None
    contacts: list[EducationContactOut] = []


class EducationReferralPage(PageMeta):
    items: list[EducationReferralOut]


class EducationContactIn(Schema):
    school_id: int
    contacted_on: date
    answer: ContactAnswer = ContactAnswer.WAITING


class EducationPlaceIn(Schema):
    school_id: int
    placed_on: date


class EducationWithdrawIn(Schema):
    closed_on: date


class EducationSchoolOut(Schema):
    id: int
    name: str
    okan: bool
    okan_places: dict[str, int] = Field(description="School year (2019-2020) → OKAN places.")


class EducationSchoolPage(PageMeta):
    items: list[EducationSchoolOut]


class EducationRegistrationIn(Schema):
    school_id: int
    pupils_registered: int = Field(ge=0, le=200)
    pupils_present: int | None = Field(None, ge=0, le=200)


class EducationRegistrationOut(Schema):
    session_id: int
    school_id: int
    pupils_registered: int
    pupils_present: int | None


class EducationFutureDaysOut(Schema):
    id: int
    title: str
    year: int
    sessions: int
    pupils: int
    schools: int


class EducationFutureDaysPage(PageMeta):
    items: list[EducationFutureDaysOut]


class EducationDossierIn(Schema):
    opened_on: date
    question: str = Field(min_length=1, max_length=300)
    partner: StudyPartner = StudyPartner.NONE


class EducationDossierPatch(Schema):
    advice: str = Field("", max_length=4000)
    partner: StudyPartner = StudyPartner.NONE
    outcome: StudyOutcome
    closed_on: date | None = None


class EducationConversationIn(Schema):
    held_on: date
    summary: str = Field(min_length=1, max_length=4000)


class EducationDossierOut(Schema):
    id: int
    person: PersonRef
    opened_on: date
    question: str
    advice: str
    partner: str
    outcome: StudyOutcome
    closed_on: date | None


class EducationDossierPage(PageMeta):
    items: list[EducationDossierOut]


class EducationCohortOut(Schema):
    id: int
    academic_year: str
    starts_on: date
    ends_on: date
    started: int
    dropped: int
    graduated: int


class EducationCohortPage(PageMeta):
    items: list[EducationCohortOut]


class EducationParticipantIn(Schema):
    person_id: int
    started_on: date
    module_ids: list[int] = []


class EducationParticipantEnd(Schema):
    state: ParticipantState
    ended_on: date


class EducationParticipantOut(Schema):
    id: int
    cohort_id: int
    person: PersonRef
    started_on: date
    state: ParticipantState
    ended_on: date | None


def referral_out(referral: SchoolReferral, *, contacts: bool = False) -> EducationReferralOut:
    return EducationReferralOut(
        id=referral.pk,
        person=person_ref(referral.person),
        requested_on=referral.requested_on,
        age=referral.age,
        guardian_name=referral.guardian_name,
        guardian_role=GuardianRole(referral.guardian_role),
        home_language=referral.home_language_id,
        kind=SchoolKind(referral.kind),
        state=ReferralState(referral.state),
        school_id=referral.school_id,
        placed_on=referral.placed_on,
        closed_on=referral.closed_on,
        contacts=[
            EducationContactOut(
                school_id=c.school_id, school=c.school.name, contacted_on=c.contacted_on, answer=ContactAnswer(c.answer)
            )
            for c in selectors.referral_contacts(referral)
        ]
        if contacts
        else [],
    )


def dossier_out(dossier: StudyDossier) -> EducationDossierOut:
    return EducationDossierOut(
        id=dossier.pk,
        person=person_ref(dossier.person),
        opened_on=dossier.opened_on,
        question=dossier.question,
        advice=dossier.advice,
        partner=dossier.partner,
        outcome=StudyOutcome(dossier.outcome),
        closed_on=dossier.closed_on,
    )


def participant_out(participant) -> EducationParticipantOut:
    return EducationParticipantOut(
        id=participant.pk,
        cohort_id=participant.cohort_id,
        person=person_ref(participant.person),
        started_on=participant.started_on,
        state=ParticipantState(participant.state),
        ended_on=participant.ended_on,
    )
