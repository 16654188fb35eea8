"""Adults: study-choice dossiers and the pre-track for higher education (Voortraject Hoger Onderwijs)."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from haven.core.api import problems
from haven.education import access, selectors, services
from haven.education.api.schemas import (
    API,
    EducationCohortOut,
    EducationCohortPage,
    EducationConversationIn,
    EducationDossierIn,
    EducationDossierOut,
    EducationDossierPage,
    EducationDossierPatch,
    EducationParticipantEnd,
    EducationParticipantIn,
    EducationParticipantOut,
    dossier_out,
    participant_out,
    programme_purpose,
)
from haven.education.models import (
    PreTrackCohort,
    StudyOutcome,
)
from haven.people.access import people_page

router = Router()


# Study choice ----------------------------------------------------------------------------


@router.get(
    "/study-dossiers", response={200: EducationDossierPage, **problems(422)}, summary="List study-choice dossiers"
)
def dossier_list(request, outcome: StudyOutcome | None = None, page: int = 1):
    access.education_for_user(request.auth, access.VIEW_DOSSIER)
    rows = selectors.study_dossiers(outcome=outcome or "")
    meta, current = people_page(request.auth, rows, page, person_field="person_id", purpose=programme_purpose(request))
    return EducationDossierPage(**meta, items=[dossier_out(row) for row in current])


@router.post(
    "/people/{person_id}/study-dossiers",
    response={201: EducationDossierOut, **problems(404, body=True)},
    summary="Open a study-choice dossier for an adult",
)
def dossier_create(request, person_id: int, payload: EducationDossierIn):
    person = access.person_for_education(
        request.auth,
        person_id,
        purpose=programme_purpose(request),
        permission=access.ADD_DOSSIER,
        write=True,
        channel=API,
    )
    dossier = services.study_dossier_create(
        person=person,
        opened_on=payload.opened_on,
        question=payload.question,
        partner=payload.partner,
        by=request.auth,
        channel=API,
    )
    return Status(201, dossier_out(dossier))


@router.post(
    "/study-dossiers/{study_dossier_id}/conversations",
    response={201: EducationDossierOut, **problems(404, body=True)},
    summary="Add a conversation to a study-choice dossier",
)
def dossier_conversation(request, study_dossier_id: int, payload: EducationConversationIn):
    dossier = access.dossier_for_user(
        request.auth, study_dossier_id, purpose=programme_purpose(request), write=True, channel=API
    )
    services.study_conversation_add(
        dossier=dossier, held_on=payload.held_on, summary=payload.summary, by=request.auth, channel=API
    )
    return Status(201, dossier_out(dossier))


@router.patch(
    "/study-dossiers/{study_dossier_id}",
    response={200: EducationDossierOut, **problems(404, body=True)},
    summary="The advice, the partner and the outcome of a study-choice dossier",
)
def dossier_update(request, study_dossier_id: int, payload: EducationDossierPatch):
    dossier = access.dossier_for_user(
        request.auth, study_dossier_id, purpose=programme_purpose(request), write=True, channel=API
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
    return dossier_out(dossier)


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


@router.post(
    "/pre-track/cohorts/{cohort_id}/participants",
    response={201: EducationParticipantOut, **problems(404, body=True)},
    summary="Add a participant to a pre-track cohort",
)
def participant_add(request, cohort_id: int, payload: EducationParticipantIn):
    person = access.person_for_education(
        request.auth,
        payload.person_id,
        purpose=programme_purpose(request),
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
    return Status(201, participant_out(participant))


@router.post(
    "/pre-track/participants/{participant_id}/end",
    response={200: EducationParticipantOut, **problems(404, body=True)},
    summary="A participant dropped out or graduated",
)
def participant_end(request, participant_id: int, payload: EducationParticipantEnd):
    participant = access.participant_for_user(
        request.auth, participant_id, purpose=programme_purpose(request), write=True, channel=API
    )
    participant = services.pre_track_participant_end(
        participant=participant, state=payload.state, ended_on=payload.ended_on, by=request.auth, channel=API
    )
    return participant_out(participant)
