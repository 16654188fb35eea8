"""Education endpoints: the same access functions as the pages, writes through the
services, every person shown traced (a page through ``people_page``, a record through
its access function) with the purpose "programme"."""

from datetime import date

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from haven.core.api import PageMeta, PersonRef, person_ref, problems
from haven.core.models import AccessChannel, AccessPurpose, Language
from haven.education import access, selectors, services
from haven.education.models import (
    ContactAnswer,
    FutureDaysSession,
    GuardianRole,
    ParticipantState,
    PreTrackCohort,
    ReferralState,
    School,
    SchoolKind,
    SchoolReferral,
    StudyDossier,
    StudyOutcome,
    StudyPartner,
)
from haven.people.access import people_page, purpose_or_default

router = Router(tags=["education"])
API = AccessChannel.API


def _known(model, pk, field: str):
    """The record a body names, or a problem naming the field (422): the body is at fault."""
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _("Choose one from the list.")})
    return found


def _purpose(request) -> str:
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


def _referral_out(referral: SchoolReferral, *, contacts: bool = False) -> EducationReferralOut:
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


def _dossier_out(dossier: StudyDossier) -> EducationDossierOut:
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


# School referrals ------------------------------------------------------------------------


@router.get(
    "/school-referrals", response={200: EducationReferralPage, **problems(422)}, summary="List school referrals"
)
def referral_list(request, state: ReferralState | None = None, kind: SchoolKind | None = None, page: int = 1):
    access.education_for_user(request.auth)
    rows = selectors.school_referrals(state=state or "", kind=kind or "")
    meta, current = people_page(request.auth, rows, page, person_field="person_id", purpose=_purpose(request))
    return EducationReferralPage(**meta, items=[_referral_out(row) for row in current])


@router.get(
    "/school-referrals/waiting",
    response={200: EducationReferralPage, **problems(422)},
    summary="Open school referrals, the longest waiting first",
)
def referral_waiting(request, kind: SchoolKind | None = None, page: int = 1):
    access.education_for_user(request.auth)
    rows = selectors.open_referrals(kind=kind or "")
    meta, current = people_page(request.auth, rows, page, person_field="person_id", purpose=_purpose(request))
    return EducationReferralPage(**meta, items=[_referral_out(row) for row in current])


@router.post(
    "/people/{person_id}/school-referrals",
    response={201: EducationReferralOut, **problems(404, body=True)},
    summary="Refer a minor to a school (the permanence hours)",
)
def referral_create(request, person_id: int, payload: EducationReferralIn):
    person = access.person_for_education(
        request.auth, person_id, purpose=_purpose(request), permission=access.ADD_REFERRAL, write=True, channel=API
    )
    language = _known(Language, payload.home_language, "home_language")
    referral = services.school_referral_create(
        person=person,
        requested_on=payload.requested_on,
        guardian_name=payload.guardian_name,
        guardian_role=payload.guardian_role,
        home_language=language,
        kind=payload.kind,
        notes=payload.notes,
        by=request.auth,
        channel=API,
    )
    return Status(201, _referral_out(referral, contacts=True))


@router.get(
    "/school-referrals/{school_referral_id}",
    response={200: EducationReferralOut, **problems(404, 422)},
    summary="A school referral with the schools contacted",
)
def referral_detail(request, school_referral_id: int):
    referral = access.referral_for_user(request.auth, school_referral_id, purpose=_purpose(request), channel=API)
    return _referral_out(referral, contacts=True)


def _changed(request, school_referral_id: int) -> SchoolReferral:
    return access.referral_for_user(
        request.auth, school_referral_id, purpose=_purpose(request), write=True, channel=API
    )


@router.post(
    "/school-referrals/{school_referral_id}/contacts",
    response={201: EducationReferralOut, **problems(404, body=True)},
    summary="Note a school contacted for a referral",
)
def referral_contact(request, school_referral_id: int, payload: EducationContactIn):
    referral = _changed(request, school_referral_id)
    school = _known(School, payload.school_id, "school_id")
    services.school_contact_add(
        referral=referral,
        school=school,
        contacted_on=payload.contacted_on,
        answer=payload.answer,
        by=request.auth,
        channel=API,
    )
    return Status(201, _referral_out(referral, contacts=True))


@router.post(
    "/school-referrals/{school_referral_id}/placement",
    response={200: EducationReferralOut, **problems(404, body=True)},
    summary="Note the school found",
)
def referral_place(request, school_referral_id: int, payload: EducationPlaceIn):
    referral = _changed(request, school_referral_id)
    school = _known(School, payload.school_id, "school_id")
    services.school_referral_place(
        referral=referral, school=school, placed_on=payload.placed_on, by=request.auth, channel=API
    )
    return _referral_out(referral, contacts=True)


@router.post(
    "/school-referrals/{school_referral_id}/withdrawal",
    response={200: EducationReferralOut, **problems(404, body=True)},
    summary="Withdraw a referral",
)
def referral_withdraw(request, school_referral_id: int, payload: EducationWithdrawIn):
    referral = _changed(request, school_referral_id)
    services.school_referral_withdraw(referral=referral, closed_on=payload.closed_on, by=request.auth, channel=API)
    return _referral_out(referral, contacts=True)


# Schools and the Toekomstdagen -------------------------------------------------------------


@router.get("/schools", response={200: EducationSchoolPage, **problems(422)}, summary="Schools and their OKAN places")
def school_list(request, okan: bool = False, page: int = 1):
    from haven.core.api import page_of
    from haven.education.models import school_year_label

    access.education_for_user(request.auth, "education.view_school")
    meta, current = page_of(selectors.schools(okan_only=okan), page)
    return EducationSchoolPage(
        **meta,
        items=[
            EducationSchoolOut(
                id=school.pk,
                name=school.name,
                okan=school.okan,
                okan_places={school_year_label(row.school_year): row.places for row in school.okan_places.all()},
            )
            for school in current
        ],
    )


@router.get(
    "/toekomstdagen", response={200: EducationFutureDaysPage, **problems(422)}, summary="The Toekomstdagen by year"
)
def future_days_list(request, page: int = 1):
    from haven.core.api import page_of

    access.education_for_user(request.auth, "education.view_futuredays")
    meta, current = page_of(selectors.future_days_events(), page)
    return EducationFutureDaysPage(
        **meta,
        items=[
            EducationFutureDaysOut(
                id=event.pk,
                title=event.title,
                year=event.year,
                sessions=event.session_count,
                pupils=event.pupils,
                schools=event.school_count,
            )
            for event in current
        ],
    )


@router.post(
    "/toekomstdagen/sessions/{future_days_session_id}/registrations",
    response={200: EducationRegistrationOut, **problems(404, body=True)},
    summary="An OKAN school's pupils at a session (registered, present)",
)
def future_days_register(request, future_days_session_id: int, payload: EducationRegistrationIn):
    access.education_for_user(request.auth, "education.change_futuredaysregistration")
    session = get_object_or_404(FutureDaysSession.objects.select_related("event"), pk=future_days_session_id)
    school = _known(School, payload.school_id, "school_id")
    registration = services.future_days_register(
        session=session,
        school=school,
        pupils_registered=payload.pupils_registered,
        pupils_present=payload.pupils_present,
        by=request.auth,
    )
    return EducationRegistrationOut(
        session_id=session.pk,
        school_id=school.pk,
        pupils_registered=registration.pupils_registered,
        pupils_present=registration.pupils_present,
    )


# Study choice ----------------------------------------------------------------------------


@router.get(
    "/study-dossiers", response={200: EducationDossierPage, **problems(422)}, summary="List study-choice dossiers"
)
def dossier_list(request, outcome: StudyOutcome | None = None, page: int = 1):
    access.education_for_user(request.auth, access.VIEW_DOSSIER)
    rows = selectors.study_dossiers(outcome=outcome or "")
    meta, current = people_page(request.auth, rows, page, person_field="person_id", purpose=_purpose(request))
    return EducationDossierPage(**meta, items=[_dossier_out(row) for row in current])


@router.post(
    "/people/{person_id}/study-dossiers",
    response={201: EducationDossierOut, **problems(404, body=True)},
    summary="Open a study-choice dossier for an adult",
)
def dossier_create(request, person_id: int, payload: EducationDossierIn):
    person = access.person_for_education(
        request.auth, person_id, purpose=_purpose(request), permission=access.ADD_DOSSIER, write=True, channel=API
    )
    dossier = services.study_dossier_create(
        person=person,
        opened_on=payload.opened_on,
        question=payload.question,
        partner=payload.partner,
        by=request.auth,
        channel=API,
    )
    return Status(201, _dossier_out(dossier))


@router.post(
    "/study-dossiers/{study_dossier_id}/conversations",
    response={201: EducationDossierOut, **problems(404, body=True)},
    summary="Add a conversation to a study-choice dossier",
)
def dossier_conversation(request, study_dossier_id: int, payload: EducationConversationIn):
    dossier = access.dossier_for_user(
        request.auth, study_dossier_id, purpose=_purpose(request), write=True, channel=API
    )
    services.study_conversation_add(
        dossier=dossier, held_on=payload.held_on, summary=payload.summary, by=request.auth, channel=API
    )
    return Status(201, _dossier_out(dossier))


@router.patch(
    "/study-dossiers/{study_dossier_id}",
    response={200: EducationDossierOut, **problems(404, body=True)},
    summary="The advice, the partner and the outcome of a study-choice dossier",
)
def dossier_update(request, study_dossier_id: int, payload: EducationDossierPatch):
    dossier = access.dossier_for_user(
        request.auth, study_dossier_id, purpose=_purpose(request), write=True, channel=API
    )
    services.study_dossier_update(
        dossier=dossier,
        advice=payload.advice,
        partner=payload.partner,
        outcome=payload.outcome,
        closed_on=payload.closed_on,
        by=request.auth,
        channel=API,
    )
    return _dossier_out(dossier)


# Voortraject Hoger Onderwijs -----------------------------------------------------------------


@router.get(
    "/pre-track/cohorts", response={200: EducationCohortPage, **problems(422)}, summary="The pre-track's cohorts"
)
def cohort_list(request, page: int = 1):
    from haven.core.api import page_of
    from haven.education.models import school_year_label

    access.education_for_user(request.auth, "education.view_pretrackcohort")
    meta, current = page_of(selectors.cohorts(), page)
    return EducationCohortPage(
        **meta,
        items=[
            EducationCohortOut(
                id=cohort.pk,
                academic_year=school_year_label(cohort.academic_year),
                starts_on=cohort.starts_on,
                ends_on=cohort.ends_on,
                started=cohort.started,
                dropped=cohort.dropped,
                graduated=cohort.graduated,
            )
            for cohort in current
        ],
    )


def _participant_out(participant) -> EducationParticipantOut:
    return EducationParticipantOut(
        id=participant.pk,
        cohort_id=participant.cohort_id,
        person=person_ref(participant.person),
        started_on=participant.started_on,
        state=ParticipantState(participant.state),
        ended_on=participant.ended_on,
    )


@router.post(
    "/pre-track/cohorts/{cohort_id}/participants",
    response={201: EducationParticipantOut, **problems(404, body=True)},
    summary="Add a participant to a pre-track cohort",
)
def participant_add(request, cohort_id: int, payload: EducationParticipantIn):
    person = access.person_for_education(
        request.auth,
        payload.person_id,
        purpose=_purpose(request),
        permission=access.ADD_PARTICIPANT,
        write=True,
        channel=API,
    )
    cohort = get_object_or_404(PreTrackCohort, pk=cohort_id)
    modules = list(cohort.modules.filter(pk__in=payload.module_ids))
    if len(modules) != len(set(payload.module_ids)):
        raise ValidationError({"module_ids": _("Choose modules of this cohort.")})
    participant = services.pre_track_participant_add(
        cohort=cohort, person=person, started_on=payload.started_on, modules=modules, by=request.auth, channel=API
    )
    return Status(201, _participant_out(participant))


@router.post(
    "/pre-track/participants/{participant_id}/end",
    response={200: EducationParticipantOut, **problems(404, body=True)},
    summary="A participant dropped out or graduated",
)
def participant_end(request, participant_id: int, payload: EducationParticipantEnd):
    participant = access.participant_for_user(
        request.auth, participant_id, purpose=_purpose(request), write=True, channel=API
    )
    participant = services.pre_track_participant_end(
        participant=participant, state=payload.state, ended_on=payload.ended_on, by=request.auth, channel=API
    )
    return _participant_out(participant)
