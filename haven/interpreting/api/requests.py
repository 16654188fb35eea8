"""Interpreting requests, bookings and assignments under /api/interpreting/ (scoping and
error rules: the package docstring)."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from haven.core.api import PageMeta, page_of, problem_from, problems
from haven.core.limits import FREE_TEXT_MAX_LENGTH
from haven.interpreting import access
from haven.interpreting.access import AnyUser
from haven.interpreting.api.common import aware, language_of, named, named_if_given, ordering_organisation, router
from haven.interpreting.models import Assignment, Interpreter, InterpretingRequest, RequestKind, Sector, Sex, Site
from haven.interpreting.services import requests as requests_service

REQUEST_RELATED = ("organisation",)
ASSIGNMENT_RELATED = ("request", "interpreter")


# Schemas ---------------------------------------------------------------------------------


class RequestIn(Schema):
    kind: RequestKind
    language: str = Field(description="ISO 639-3 code.")
    dialect: str = ""
    starts_at: datetime = Field(description="Without a time zone: Brussels time.")
    duration_minutes: int = Field(ge=15, le=600)
    site_id: int | None = Field(None, description="One of the organisation's addresses (on site).")
    video_link: str = Field("", description="The link of the call (by webcam).")
    subject_sector: Sector
    required_sex: Sex | None = None
    preferred_sex: Sex | None = None
    certified_required: bool = False
    preferred_interpreter_id: int | None = None
    urgent: bool = False
    notes: str = Field("", max_length=FREE_TEXT_MAX_LENGTH)
    organisation_id: int | None = Field(
        None, description="The dispatcher books for an organisation; a partner books for their own."
    )


class RequestOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    kind: str
    language: str
    dialect: str
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    site_id: int | None
    video_link: str
    subject_sector: str
    required_sex: str
    preferred_sex: str
    certified_required: bool
    preferred_interpreter_id: int | None
    urgent: bool
    notes: str
    status: str
    video_suggested: bool
    created_at: datetime
    cancelled_at: datetime | None
    cancellation_billable: bool


class RequestPage(PageMeta):
    items: list[RequestOut]


class BookingIn(Schema):
    interpreter_id: int


class AssignmentOut(Schema):
    id: int
    request_id: int
    organisation_id: int
    interpreter_id: int
    interpreter_name: str
    starts_at: datetime
    ends_at: datetime
    status: str
    confirmed_at: datetime | None
    why: dict[str, Any] | None = Field(None, description="Why this interpreter (the dispatcher only).")


class AssignmentPage(PageMeta):
    items: list[AssignmentOut]


# Conversions -----------------------------------------------------------------------------


def _request_out(request: InterpretingRequest) -> RequestOut:
    return RequestOut(
        id=request.pk,
        organisation_id=request.organisation_id,
        organisation_name=request.organisation.name,
        kind=request.kind,
        language=request.language_id,
        dialect=request.dialect,
        starts_at=request.starts_at,
        ends_at=request.ends_at,
        duration_minutes=request.duration_minutes,
        site_id=request.site_id,
        video_link=request.video_link,
        subject_sector=request.subject_sector,
        required_sex=request.required_sex,
        preferred_sex=request.preferred_sex,
        certified_required=request.certified_required,
        preferred_interpreter_id=request.preferred_interpreter_id,
        urgent=request.urgent,
        notes=request.notes,
        status=request.status,
        video_suggested=request.video_suggested,
        created_at=request.created_at,
        cancelled_at=request.cancelled_at,
        cancellation_billable=request.cancellation_billable,
    )


def _assignment_out(assignment: Assignment, user: AnyUser) -> AssignmentOut:
    return AssignmentOut(
        id=assignment.pk,
        request_id=assignment.request_id,
        organisation_id=assignment.request.organisation_id,
        interpreter_id=assignment.interpreter_id,
        interpreter_name=str(assignment.interpreter),
        starts_at=assignment.starts_at,
        ends_at=assignment.ends_at,
        status=assignment.status,
        confirmed_at=assignment.confirmed_at,
        why=assignment.why if access.is_dispatcher(user) else None,
    )


def _conflict_or_problem(error: ValidationError) -> Status:
    if requests_service.conflict_message() in error.messages:
        return Status(409, problem_from(error))
    return Status(422, problem_from(error))


# Requests --------------------------------------------------------------------------------


@router.get(
    "/requests",
    response={200: RequestPage, **problems(422)},
    summary="Interpreting requests: the organisation's for a partner, all for the dispatcher (paginated)",
)
def request_list(request, status: str = "", starts_from: date | None = None, page: int = 1):
    queryset = access.requests_for_user(request.auth).select_related(*REQUEST_RELATED)
    if status:
        queryset = queryset.filter(status=status)
    if starts_from:
        queryset = queryset.filter(starts_at__date__gte=starts_from)
    meta, current = page_of(queryset.order_by("starts_at", "id"), page)
    return RequestPage(**meta, items=[_request_out(item) for item in current])


@router.post("/requests", response={201: RequestOut, **problems(body=True)}, summary="Request an interpreter")
def request_create(request, payload: RequestIn):
    user = request.auth
    organisation = ordering_organisation(user, payload.organisation_id, "interpreting.add_interpretingrequest")
    try:
        values = payload.dict(exclude={"organisation_id", "site_id", "preferred_interpreter_id", "language"})
        values["starts_at"] = aware(payload.starts_at)
        values["required_sex"] = values["required_sex"] or ""
        values["preferred_sex"] = values["preferred_sex"] or ""
        values["language"] = language_of(payload.language, "language")
        values["site"] = named_if_given(
            Site.objects.filter(organisation=organisation), payload.site_id, "site_id", _("Unknown address.")
        )
        values["preferred_interpreter"] = named_if_given(
            Interpreter.objects.filter(active=True),
            payload.preferred_interpreter_id,
            "preferred_interpreter_id",
            _("Unknown interpreter."),
        )
        created = requests_service.request_create(organisation=organisation, by=user, values=values)
    except ValidationError as error:
        return Status(422, problem_from(error))
    return Status(201, _request_out(created))


@router.get("/requests/{request_id}", response={200: RequestOut, **problems(404, 422)}, summary="Read a request")
def request_read(request, request_id: int):
    return _request_out(access.request_for_user(request.auth, request_id))


@router.post(
    "/requests/{request_id}/cancel",
    response={200: RequestOut, **problems(404, 422)},
    summary="Cancel a request (free until 10:00 on the working day before the job, then billed)",
)
def request_cancel(request, request_id: int):
    found = access.request_to_cancel_for_user(request.auth, request_id)
    try:
        cancelled = requests_service.request_cancel(request=found, by=request.auth)
    except ValidationError as error:
        return Status(422, problem_from(error))
    return _request_out(access.request_for_user(request.auth, cancelled.pk))


@router.post(
    "/requests/{request_id}/booking",
    response={201: AssignmentOut, **problems(404, 409, body=True)},
    summary="The dispatcher books an interpreter for a request (409 when they are booked then)",
)
def booking_create(request, request_id: int, payload: BookingIn):
    found = access.request_for_user(request.auth, request_id)
    access.dispatcher_for_user(request.auth)
    try:
        interpreter = named(
            Interpreter.objects.filter(active=True, interprets=True),
            payload.interpreter_id,
            "interpreter_id",
            _("Unknown interpreter."),
        )
        assignment = requests_service.booking_create(request=found, interpreter=interpreter, by=request.auth)
    except ValidationError as error:
        return _conflict_or_problem(error)
    return Status(201, _assignment_out(access.assignment_for_user(request.auth, assignment.pk), request.auth))


# Assignments -----------------------------------------------------------------------------


@router.get(
    "/assignments",
    response={200: AssignmentPage, **problems(422)},
    summary="Assignments: an interpreter's own, an organisation's, or all for the dispatcher (paginated)",
)
def assignment_list(request, status: str = "", page: int = 1):
    queryset = access.assignments_for_user(request.auth).select_related(*ASSIGNMENT_RELATED)
    if status:
        queryset = queryset.filter(status=status)
    meta, current = page_of(queryset.order_by("starts_at", "id"), page)
    return AssignmentPage(**meta, items=[_assignment_out(item, request.auth) for item in current])


@router.get(
    "/assignments/{assignment_id}", response={200: AssignmentOut, **problems(404, 422)}, summary="Read an assignment"
)
def assignment_read(request, assignment_id: int):
    return _assignment_out(access.assignment_for_user(request.auth, assignment_id), request.auth)


@router.post(
    "/assignments/{assignment_id}/confirm",
    response={200: AssignmentOut, **problems(404, 409, 422)},
    summary="The dispatcher confirms a proposed assignment (409 when the interpreter is booked then)",
)
def assignment_confirm(request, assignment_id: int):
    assignment = access.assignment_for_user(request.auth, assignment_id)
    access.dispatcher_for_user(request.auth)
    try:
        requests_service.assignment_confirm(assignment=assignment, by=request.auth)
    except ValidationError as error:
        return _conflict_or_problem(error)
    return _assignment_out(access.assignment_for_user(request.auth, assignment.pk), request.auth)
