"""The schools with their OKAN places, and the Toekomstdagen."""

from django.shortcuts import get_object_or_404
from ninja import Router

from haven.core.api import problems
from haven.education import access, selectors, services
from haven.education.api.schemas import (
    EducationFutureDaysOut,
    EducationFutureDaysPage,
    EducationRegistrationIn,
    EducationRegistrationOut,
    EducationSchoolOut,
    EducationSchoolPage,
    known_record,
)
from haven.education.models import (
    FutureDaysSession,
    School,
)

router = Router()


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
    school = known_record(School, payload.school_id, "school_id")
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
