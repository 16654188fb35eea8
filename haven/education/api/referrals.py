"""School referral of minors: the list, the open ones by waiting time, a new referral, its steps."""

from ninja import Router, Status

from haven.core.api import problems
from haven.core.models import Language
from haven.education import access, selectors, services
from haven.education.api.schemas import (
    API,
    EducationContactIn,
    EducationPlaceIn,
    EducationReferralIn,
    EducationReferralOut,
    EducationReferralPage,
    EducationWithdrawIn,
    known_record,
    programme_purpose,
    referral_out,
)
from haven.education.models import (
    ReferralState,
    School,
    SchoolKind,
    SchoolReferral,
)
from haven.people.access import people_page

router = Router()


# School referrals ------------------------------------------------------------------------


@router.get(
    "/school-referrals", response={200: EducationReferralPage, **problems(422)}, summary="List school referrals"
)
def referral_list(request, state: ReferralState | None = None, kind: SchoolKind | None = None, page: int = 1):
    access.education_for_user(request.auth)
    rows = selectors.school_referrals(state=state or "", kind=kind or "")
    meta, current = people_page(request.auth, rows, page, person_field="person_id", purpose=programme_purpose(request))
    return EducationReferralPage(**meta, items=[referral_out(row) for row in current])


@router.get(
    "/school-referrals/waiting",
    response={200: EducationReferralPage, **problems(422)},
    summary="Open school referrals, the longest waiting first",
)
def referral_waiting(request, kind: SchoolKind | None = None, page: int = 1):
    access.education_for_user(request.auth)
    rows = selectors.open_referrals(kind=kind or "")
    meta, current = people_page(request.auth, rows, page, person_field="person_id", purpose=programme_purpose(request))
    return EducationReferralPage(**meta, items=[referral_out(row) for row in current])


@router.post(
    "/people/{person_id}/school-referrals",
    response={201: EducationReferralOut, **problems(404, body=True)},
    summary="Refer a minor to a school (the permanence hours)",
)
def referral_create(request, person_id: int, payload: EducationReferralIn):
    person = access.person_for_education(
        request.auth,
        person_id,
        purpose=programme_purpose(request),
        permission=access.ADD_REFERRAL,
        write=True,
        channel=API,
    )
    language = known_record(Language, payload.home_language, "home_language")
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
    return Status(201, referral_out(referral, contacts=True))


@router.get(
    "/school-referrals/{school_referral_id}",
    response={200: EducationReferralOut, **problems(404, 422)},
    summary="A school referral with the schools contacted",
)
def referral_detail(request, school_referral_id: int):
    referral = access.referral_for_user(
        request.auth, school_referral_id, purpose=programme_purpose(request), channel=API
    )
    return referral_out(referral, contacts=True)


def _changed(request, school_referral_id: int) -> SchoolReferral:
    return access.referral_for_user(
        request.auth, school_referral_id, purpose=programme_purpose(request), write=True, channel=API
    )


@router.post(
    "/school-referrals/{school_referral_id}/contacts",
    response={201: EducationReferralOut, **problems(404, body=True)},
    summary="Note a school contacted for a referral",
)
def referral_contact(request, school_referral_id: int, payload: EducationContactIn):
    referral = _changed(request, school_referral_id)
    school = known_record(School, payload.school_id, "school_id")
    services.school_contact_add(
        referral=referral,
        school=school,
        contacted_on=payload.contacted_on,
        answer=payload.answer,
        by=request.auth,
        channel=API,
    )
    return Status(201, referral_out(referral, contacts=True))


@router.post(
    "/school-referrals/{school_referral_id}/placement",
    response={200: EducationReferralOut, **problems(404, body=True)},
    summary="Note the school found",
)
def referral_place(request, school_referral_id: int, payload: EducationPlaceIn):
    referral = _changed(request, school_referral_id)
    school = known_record(School, payload.school_id, "school_id")
    services.school_referral_place(
        referral=referral, school=school, placed_on=payload.placed_on, by=request.auth, channel=API
    )
    return referral_out(referral, contacts=True)


@router.post(
    "/school-referrals/{school_referral_id}/withdrawal",
    response={200: EducationReferralOut, **problems(404, body=True)},
    summary="Withdraw a referral",
)
def referral_withdraw(request, school_referral_id: int, payload: EducationWithdrawIn):
    referral = _changed(request, school_referral_id)
    services.school_referral_withdraw(referral=referral, closed_on=payload.closed_on, by=request.auth, channel=API)
    return referral_out(referral, contacts=True)
