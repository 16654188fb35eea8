"""Performance sheets (timesheets) under /api/interpreting/: the interpreter records the job,
the partner confirms, the dispatcher approves or either sends it back."""

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Field, Schema, Status

from haven.core.api import PageMeta, page_of, problem_from, problems
from haven.core.limits import FREE_TEXT_MAX_LENGTH
from haven.interpreting import access
from haven.interpreting.api.common import aware, router
from haven.interpreting.models import Timesheet
from haven.interpreting.services import sheets as sheets_service

TIMESHEET_RELATED = ("assignment__request",)


# Schemas ---------------------------------------------------------------------------------


class TimesheetIn(Schema):
    actual_start: datetime = Field(description="Without a time zone: Brussels time.")
    actual_end: datetime
    waiting_minutes: int = Field(0, ge=0, le=720)
    travel_km: Decimal = Field(Decimal("0"), ge=0, max_digits=5, decimal_places=1)
    remark: str = Field("", max_length=FREE_TEXT_MAX_LENGTH)


class RemarkIn(Schema):
    remark: str = Field("", max_length=FREE_TEXT_MAX_LENGTH)


class TimesheetOut(Schema):
    id: int
    assignment_id: int
    request_id: int
    organisation_id: int
    interpreter_id: int
    actual_start: datetime
    actual_end: datetime
    minutes: int
    waiting_minutes: int
    travel_km: Decimal
    status: str
    submitted_at: datetime
    confirmed_at: datetime | None
    approved_at: datetime | None
    remark: str
    returned_remark: str = ""


class TimesheetPage(PageMeta):
    items: list[TimesheetOut]


# Conversions -----------------------------------------------------------------------------


def _timesheet_out(sheet: Timesheet) -> TimesheetOut:
    return TimesheetOut(
        id=sheet.pk,
        assignment_id=sheet.assignment_id,
        request_id=sheet.assignment.request_id,
        organisation_id=sheet.assignment.request.organisation_id,
        interpreter_id=sheet.assignment.interpreter_id,
        actual_start=sheet.actual_start,
        actual_end=sheet.actual_end,
        minutes=sheet.minutes,
        waiting_minutes=sheet.waiting_minutes,
        travel_km=sheet.travel_km,
        status=sheet.status,
        submitted_at=sheet.submitted_at,
        confirmed_at=sheet.confirmed_at,
        approved_at=sheet.approved_at,
        remark=sheet.remark,
        returned_remark=sheet.returned_remark,
    )


# Performance sheets ----------------------------------------------------------------------


@router.post(
    "/assignments/{assignment_id}/timesheet",
    response={201: TimesheetOut, **problems(404, body=True)},
    summary="The interpreter records the job (or corrects a sheet sent back)",
)
def timesheet_submit(request, assignment_id: int, payload: TimesheetIn):
    assignment = access.assignment_for_user(request.auth, assignment_id)
    values = payload.dict()
    values["actual_start"] = aware(payload.actual_start)
    values["actual_end"] = aware(payload.actual_end)
    try:
        sheet = sheets_service.timesheet_submit(assignment=assignment, by=request.auth, values=values)
    except ValidationError as error:
        return Status(422, problem_from(error))
    return Status(201, _timesheet_out(access.timesheet_for_user(request.auth, sheet.pk)))


@router.get(
    "/timesheets",
    response={200: TimesheetPage, **problems(422)},
    summary="Performance sheets, scoped like the assignments",
)
def timesheet_list(request, status: str = "", page: int = 1):
    queryset = access.timesheets_for_user(request.auth).select_related(*TIMESHEET_RELATED)
    if status:
        queryset = queryset.filter(status=status)
    meta, current = page_of(queryset.order_by("-actual_start", "-id"), page)
    return TimesheetPage(**meta, items=[_timesheet_out(item) for item in current])


@router.get(
    "/timesheets/{timesheet_id}", response={200: TimesheetOut, **problems(404, 422)}, summary="Read a performance sheet"
)
def timesheet_read(request, timesheet_id: int):
    return _timesheet_out(access.timesheet_for_user(request.auth, timesheet_id))


def _sheet_step(request, timesheet_id: int, step: Callable[[Timesheet], object]) -> TimesheetOut | Status:
    sheet = access.timesheet_for_user(request.auth, timesheet_id)
    try:
        step(sheet)
    except ValidationError as error:
        return Status(422, problem_from(error))
    return _timesheet_out(access.timesheet_for_user(request.auth, sheet.pk))


@router.post(
    "/timesheets/{timesheet_id}/confirm",
    response={200: TimesheetOut, **problems(404, 422)},
    summary="The partner confirms a submitted sheet",
)
def timesheet_confirm(request, timesheet_id: int):
    return _sheet_step(
        request, timesheet_id, lambda sheet: sheets_service.timesheet_confirm(timesheet=sheet, by=request.auth)
    )


@router.post(
    "/timesheets/{timesheet_id}/approve",
    response={200: TimesheetOut, **problems(404, 422)},
    summary="The dispatcher approves a confirmed sheet (it can then be invoiced)",
)
def timesheet_approve(request, timesheet_id: int):
    return _sheet_step(
        request, timesheet_id, lambda sheet: sheets_service.timesheet_approve(timesheet=sheet, by=request.auth)
    )


@router.post(
    "/timesheets/{timesheet_id}/reject",
    response={200: TimesheetOut, **problems(404, body=True)},
    summary="Send a sheet back to the interpreter with a remark (partner: submitted; dispatcher: "
    "submitted or confirmed)",
)
def timesheet_reject(request, timesheet_id: int, payload: RemarkIn):
    return _sheet_step(
        request,
        timesheet_id,
        lambda sheet: sheets_service.timesheet_reject(timesheet=sheet, by=request.auth, remark=payload.remark),
    )
