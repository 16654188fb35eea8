"""Civic-orientation endpoints: the same access functions as the pages, writes through the
services, every read of a person's records (waiting list, enrolments) logged with the
purpose "course"."""

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from haven.core.api import PageMeta, PersonRef, Year, page_of, person_ref, problem_from, problems
from haven.core.models import AccessChannel, Language
from haven.orientation import access, selectors, services
from haven.orientation.models import (
    CourseState,
    Enrolment,
    EnrolmentState,
    OfferState,
    Presence,
    Project,
    SeatOffer,
    Session,
    SessionState,
    Slot,
    Teacher,
    WaitingEntry,
    WaitingState,
)
from haven.people import access as people_access

router = Router(tags=["civic orientation"])

API = AccessChannel.API
PAGE_SIZE = 50


# Schemas ---------------------------------------------------------------------------------


class CourseIn(Schema):
    language: str = Field(description="ISO 639-3 code of the teaching language.")
    interpreter_languages: list[str] = []
    location: str
    slot: Slot
    starts_on: date
    hours: int = Field(60, ge=1, le=480)  # the form: at most 60 sessions of 8 hours
    capacity: int = Field(ge=1, le=60)
    teacher_id: int | None = None
    childcare: bool = False
    project: Project = Project.NONE


class CourseOut(Schema):
    id: int
    language: str
    location: str
    slot: Slot
    starts_on: date
    hours: int
    capacity: int
    participants: int
    open_offers: int
    places_left: int
    teacher_id: int | None
    childcare: bool
    project: str
    state: CourseState


class CoursePage(PageMeta):
    items: list[CourseOut]


class SessionIn(Schema):
    starts_at: datetime
    ends_at: datetime
    place: str = Field("", max_length=150, description="Empty: the course's location.")


class SessionOut(Schema):
    id: int
    course_id: int
    starts_at: datetime
    ends_at: datetime
    place: str = Field(description="Where the session is (the course's location unless moved elsewhere).")
    state: SessionState


def _session_out(session: Session) -> SessionOut:
    return SessionOut(
        id=session.pk,
        course_id=session.course_id,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        place=session.where,
        state=SessionState(session.state),
    )


class EnrolmentIn(Schema):
    person_id: int
    enrolled_on: date | None = Field(None, description="Today when left out.")


class EnrolmentOut(Schema):
    id: int
    course_id: int
    person: PersonRef
    state: EnrolmentState
    enrolled_on: date
    withdrawn_on: date | None


class OfferOut(Schema):
    id: int
    course_id: int
    waiting_id: int
    person: PersonRef
    offered_on: date
    expires_on: date
    state: OfferState


class Withdrawn(Schema):
    enrolment: EnrolmentOut
    offer: OfferOut | None = Field(description="The seat offered to the next in line, or null if nobody matches.")


class AttendanceIn(Schema):
    presence: dict[int, Presence] = Field(description="Enrolment id → present, excused or absent.")


class AttendanceOut(Schema):
    session_id: int
    recorded: int = Field(description="How many rows were added or changed.")


class WaitingIn(Schema):
    person_id: int
    languages: list[str] = Field(min_length=1)
    slots: list[Slot] = Field(min_length=1)
    waiting_since: date
    childcare_needed: bool = False


class WaitingOut(Schema):
    id: int
    person: PersonRef
    languages: list[str]
    slots: list[str]
    waiting_since: date
    state: WaitingState
    childcare_needed: bool


class OfferAnswerIn(Schema):
    accept: bool
    answered_on: date | None = Field(None, description="Today when left out.")


class OfferAnswered(Schema):
    offer: OfferOut
    enrolment: EnrolmentOut | None


# Conversions -----------------------------------------------------------------------------


def _course_out(course: Any) -> CourseOut:
    """A course annotated with its seats (``selectors.courses``, ``course_with_seats``)."""
    return CourseOut(
        id=course.pk,
        language=course.language_id,
        location=course.location,
        slot=Slot(course.slot),
        starts_on=course.starts_on,
        hours=course.hours,
        capacity=course.capacity,
        participants=course.participants,
        open_offers=course.open_offers,
        places_left=course.places_left,
        teacher_id=course.teacher_id,
        childcare=course.childcare,
        project=course.project,
        state=CourseState(course.state),
    )


def _enrolment_out(enrolment: Enrolment) -> EnrolmentOut:
    return EnrolmentOut(
        id=enrolment.pk,
        course_id=enrolment.course_id,
        person=person_ref(enrolment.person),
        state=EnrolmentState(enrolment.state),
        enrolled_on=enrolment.enrolled_on,
        withdrawn_on=enrolment.withdrawn_on,
    )


def _offer_out(offer: SeatOffer) -> OfferOut:
    return OfferOut(
        id=offer.pk,
        course_id=offer.course_id,
        waiting_id=offer.waiting_id,
        person=person_ref(offer.waiting.person),
        offered_on=offer.offered_on,
        expires_on=offer.expires_on,
        state=OfferState(offer.state),
    )


def _languages(codes: list[str], field: str) -> list[Language]:
    languages = list(Language.objects.filter(code__in=codes))
    if len(languages) != len(set(codes)):
        raise ValidationError({field: [_("Unknown language.")]})
    return languages


# Courses and sessions --------------------------------------------------------------------


@router.get(
    "/courses", response={200: CoursePage, **problems(422)}, summary="List courses (paginated), with places left"
)
def course_list(request, language: str = "", slot: Slot | None = None, year: Year | None = None, page: int = 1):
    access.orientation_for_user(request.auth)
    meta, current = page_of(selectors.courses(language=language, slot=slot or "", year=year), page, size=PAGE_SIZE)
    return CoursePage(**meta, items=[_course_out(course) for course in current])


@router.get("/courses/{course_id}", response={200: CourseOut, **problems(404, 422)}, summary="Read a course")
def course_read(request, course_id: int):
    course = access.course_for_user(request.auth, course_id)
    return _course_out(selectors.course_with_seats(course.pk))


@router.post("/courses", response={201: CourseOut, **problems(body=True)}, summary="Plan a course")
def course_create(request, payload: CourseIn):
    access.orientation_for_user(request.auth, "orientation.add_course")
    try:
        values = payload.dict(exclude={"interpreter_languages", "teacher_id", "language"})
        values["language"] = _languages([payload.language], "language")[0]
        if payload.teacher_id is not None:
            values["teacher"] = Teacher.objects.filter(pk=payload.teacher_id).first()
            if values["teacher"] is None:
                raise ValidationError({"teacher_id": [_("Unknown teacher.")]})
        course = services.course_create(
            values=values,
            interpreter_languages=_languages(payload.interpreter_languages, "interpreter_languages"),
            by=request.auth,
        )
    except ValidationError as error:
        return Status(422, problem_from(error))
    return Status(201, _course_out(selectors.course_with_seats(course.pk)))


@router.get(
    "/courses/{course_id}/sessions",
    response={200: list[SessionOut], **problems(404, 422)},
    summary="The sessions of a course",
)
def session_list(request, course_id: int):
    course = access.course_for_sessions(request.auth, course_id)
    return [_session_out(session) for session in selectors.sessions(course)]


@router.post(
    "/courses/{course_id}/sessions", response={201: SessionOut, **problems(404, body=True)}, summary="Add a session"
)
def session_create(request, course_id: int, payload: SessionIn):
    course = access.course_for_sessions(request.auth, course_id, write=True)
    try:
        session = services.session_create(
            course=course,
            starts_at=payload.starts_at,
            ends_at=payload.ends_at,
            place=payload.place.strip(),
            by=request.auth,
        )
    except ValidationError as error:
        return Status(422, problem_from(error))
    return Status(201, _session_out(session))


# Enrolments and attendance ---------------------------------------------------------------


@router.post(
    "/courses/{course_id}/enrolments",
    response={201: EnrolmentOut, **problems(404, body=True)},
    summary="Enrol a person (422 when the course is full)",
)
def enrolment_create(request, course_id: int, payload: EnrolmentIn):
    course = access.course_for_enrolment(request.auth, course_id)
    person = access.person_for_enrolment(request.auth, payload.person_id, channel=API)
    try:
        enrolment = services.enrolment_create(
            course=course,
            person=person,
            by=request.auth,
            channel=API,
            enrolled_on=payload.enrolled_on or timezone.localdate(),
        )
    except ValidationError as error:
        return Status(422, problem_from(error))
    return Status(201, _enrolment_out(enrolment))


@router.post(
    "/enrolments/{enrolment_id}/withdraw",
    response={200: Withdrawn, **problems(404, 422)},
    summary="The participant withdraws; returns the offer of the seat to the next in line",
)
def enrolment_withdraw(request, enrolment_id: int):
    enrolment = access.enrolment_for_user(request.auth, enrolment_id, write=True, channel=API)
    try:
        offer = services.enrolment_withdraw(enrolment=enrolment, on=timezone.localdate(), by=request.auth, channel=API)
    except ValidationError as error:
        return Status(422, problem_from(error))
    if offer is not None:
        offer = SeatOffer.objects.select_related("waiting__person").get(pk=offer.pk)
    return Withdrawn(enrolment=_enrolment_out(enrolment), offer=_offer_out(offer) if offer else None)


@router.put(
    "/sessions/{session_id}/attendance",
    response={200: AttendanceOut, **problems(404, body=True)},
    summary="Record present / excused / absent for the session's participants",
)
def attendance_record(request, session_id: int, payload: AttendanceIn):
    session = access.session_for_user(request.auth, session_id, write=True)
    try:
        count = services.attendance_record(session=session, presence=dict(payload.presence), by=request.auth)
    except ValidationError as error:
        return Status(422, problem_from(error))
    return AttendanceOut(session_id=session.pk, recorded=count)


# Waiting list and offers -----------------------------------------------------------------


def _waiting_out(entry: WaitingEntry) -> WaitingOut:
    return WaitingOut(
        id=entry.pk,
        person=person_ref(entry.person),
        languages=[language.code for language in entry.languages.all()],
        slots=entry.slots,
        waiting_since=entry.waiting_since,
        state=WaitingState(entry.state),
        childcare_needed=entry.childcare_needed,
    )


@router.get(
    "/waiting",
    response={200: list[WaitingOut], **problems(422)},
    summary="The waiting list of a language, longest waiting first (each person's read is logged)",
)
def waiting_list(request, language: str, page: int = Query(1, ge=1, le=100_000)):
    """At most ``HAVEN_MAX_PAGE_SIZE`` people a page, of those the user may open."""
    access.orientation_for_user(request.auth, "orientation.view_waitingentry")
    size = settings.HAVEN_MAX_PAGE_SIZE
    visible = people_access.people_visible(
        selectors.waiting_list(language=language), request.auth, person_field="person_id"
    )
    entries = list(visible[(page - 1) * size : page * size])
    access.people_shown(request.auth, [entry.person_id for entry in entries], channel=API)
    return [_waiting_out(entry) for entry in entries]


@router.post(
    "/waiting", response={201: WaitingOut, **problems(404, body=True)}, summary="Put a person on the waiting list"
)
def waiting_create(request, payload: WaitingIn):
    person = access.person_for_waiting_list(request.auth, payload.person_id, channel=API)
    try:
        entry = services.waiting_entry_create(
            person=person,
            languages=_languages(payload.languages, "languages"),
            slots=[str(slot.value) for slot in payload.slots],
            waiting_since=payload.waiting_since,
            childcare_needed=payload.childcare_needed,
            by=request.auth,
            channel=API,
        )
    except ValidationError as error:
        return Status(422, problem_from(error))
    return Status(201, _waiting_out(selectors.waiting_list().get(pk=entry.pk)))


@router.post(
    "/offers/{offer_id}/answer",
    response={200: OfferAnswered, **problems(404, body=True)},
    summary="Record the person's answer to a seat offer",
)
def offer_answer(request, offer_id: int, payload: OfferAnswerIn):
    offer = access.offer_for_user(request.auth, offer_id, write=True, channel=API)
    try:
        enrolment = services.seat_offer_answer(
            offer=offer, accept=payload.accept, by=request.auth, on=payload.answered_on or timezone.localdate()
        )
    except ValidationError as error:
        return Status(422, problem_from(error))
    offer = SeatOffer.objects.select_related("waiting__person").get(pk=offer.pk)
    return OfferAnswered(offer=_offer_out(offer), enrolment=_enrolment_out(enrolment) if enrolment else None)
