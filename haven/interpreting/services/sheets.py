"""The digital performance sheet (prestatieblad): after a job the interpreter records what
really happened, a contact of the partner organisation confirms it, the dispatcher
approves it (and the request is done). Either of them may send it back saying what is
wrong; the interpreter then corrects it with ``timesheet_submit`` again.

    submitted ──confirm (partner)──▶ confirmed ──approve (dispatcher)──▶ approved
        ▲   │                             │
        │   └──reject (partner or dispatcher)──▶ sent back ──submit (interpreter)──┘

Only an approved sheet is invoiced, and an approved sheet no longer changes.

Two remarks, never mixed: ``remark`` is the interpreter's own (written with the sheet, kept
when the sheet is sent back and shown again in the form), ``returned_remark`` is why the
sheet was last sent back. A resubmission does not clear it: the interpreter reads it while
correcting, the partner and the dispatcher read it ("sent back earlier") while they review
the corrected sheet, to check that the correction asked for was made, and it stays on the
approved sheet as the record of why the sheet changed. A second sending back replaces it.

Each service checks who acts (a wrong person is ``PermissionDenied``; the pages have
already given 404 through ``access.py`` for records the user may not see) and what the
sheet looks like (``ValidationError`` with translated messages, per field where there is
one).
"""

from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.interpreting.access import interpreter_of, is_dispatcher, organisation_of
from haven.interpreting.models import (
    Assignment,
    AssignmentStatus,
    InterpretingRequest,
    Modality,
    RequestStatus,
    Timesheet,
    TimesheetStatus,
)

SHEET_FIELDS = ("actual_start", "actual_end", "waiting_minutes", "travel_km", "remark")
# How far what happened may lie from what was booked. Outside this, it is a typing error
# (a wrong day or month), not a late start.
EARLIEST_START = timedelta(hours=2)  # before the booked start
LATEST_START = timedelta(hours=6)  # after the booked start
LONGEST_JOB = timedelta(hours=12)
MAX_WAITING_MINUTES = 240
# A round trip within Flanders and Brussels stays well under this; the cap paid is lower.
MAX_KM = Decimal("400")


def _check_values(assignment: Assignment, values: Mapping, now: datetime) -> dict:
    unknown = set(values) - set(SHEET_FIELDS)
    if unknown:
        raise ValueError(f"Not a performance-sheet field: {sorted(unknown)}")
    errors: dict[str, str] = {}
    start, end = values.get("actual_start"), values.get("actual_end")
    if start is None:
        errors["actual_start"] = _("Give the time the job really started.")
    if end is None:
        errors["actual_end"] = _("Give the time the job really ended.")
    if start is not None and end is not None:
        if timezone.is_naive(start) or timezone.is_naive(end):
            raise ValueError("Times on a performance sheet are aware.")
        if end <= start:
            errors["actual_end"] = _("The job ends after it starts.")
        elif end - start > LONGEST_JOB:
            errors["actual_end"] = _("A job lasts at most 12 hours; check the date and time of the end.")
        elif end > now:
            errors["actual_end"] = _("The end of the job is in the future.")
        if not (assignment.starts_at - EARLIEST_START <= start <= assignment.starts_at + LATEST_START):
            errors["actual_start"] = _("The start is too far from the booked time; check the date and time.")
    waiting = values.get("waiting_minutes") or 0
    if not isinstance(waiting, int) or waiting < 0:
        errors["waiting_minutes"] = _("Waiting time is a whole number of minutes, 0 or more.")
    elif waiting > MAX_WAITING_MINUTES:
        errors["waiting_minutes"] = _("Waiting time is at most 240 minutes.")
    km: Decimal | None
    try:
        km = Decimal(str(values.get("travel_km") or 0))
    except InvalidOperation:
        km = None
    if km is None or not km.is_finite() or km < 0:
        errors["travel_km"] = _("Kilometres are a number, 0 or more.")
    elif km > MAX_KM:
        errors["travel_km"] = _("More than 400 km for one job is not plausible; check the number.")
    elif km and assignment.request.modality == Modality.VIDEO:
        errors["travel_km"] = _("A video conversation has no travel.")
    if errors or km is None:
        raise ValidationError(errors)
    return {
        "actual_start": start,
        "actual_end": end,
        "waiting_minutes": waiting,
        "travel_km": km.quantize(Decimal("0.1")),
        "remark": (values.get("remark") or "").strip(),
    }


@transaction.atomic
def timesheet_submit(*, assignment: Assignment, by: User, values: Mapping, now: datetime | None = None) -> Timesheet:
    """The interpreter of a confirmed assignment records the job, once it has started. A
    sheet that was sent back is corrected with the same call (its ``returned_remark`` is
    kept); any other is not submitted twice."""
    now = now or timezone.now()
    assignment = Assignment.objects.select_for_update().select_related("request", "interpreter").get(pk=assignment.pk)
    interpreter = interpreter_of(by)
    if (
        interpreter is None
        or interpreter.pk != assignment.interpreter_id
        or not by.has_perm("interpreting.add_timesheet")
    ):
        raise PermissionDenied
    if assignment.status != AssignmentStatus.CONFIRMED or assignment.request.status == RequestStatus.CANCELLED:
        raise ValidationError(_("Only a confirmed job has a performance sheet."))
    if now < assignment.starts_at:
        raise ValidationError(_("The performance sheet is filled in after the job has started."))
    cleaned = _check_values(assignment, values, now)
    sheet = Timesheet.objects.select_for_update().filter(assignment=assignment).first()
    if sheet is None:
        sheet = Timesheet(assignment=assignment)
    elif sheet.status != TimesheetStatus.REJECTED:
        raise ValidationError(_("The performance sheet of this job has already been submitted."))
    for name, value in cleaned.items():
        setattr(sheet, name, value)
    sheet.status = TimesheetStatus.SUBMITTED
    sheet.submitted_at = now
    sheet.confirmed_at = sheet.confirmed_by = sheet.approved_at = sheet.approved_by = None
    sheet.full_clean()
    sheet.save()
    return sheet


@transaction.atomic
def timesheet_confirm(*, timesheet: Timesheet, by: User, now: datetime | None = None) -> Timesheet:
    """A contact of the partner organisation confirms the submitted sheet."""
    now = now or timezone.now()
    sheet = Timesheet.objects.select_for_update().select_related("assignment__request").get(pk=timesheet.pk)
    organisation = organisation_of(by)
    if (
        organisation is None
        or organisation.pk != sheet.assignment.request.organisation_id
        or not by.has_perm("interpreting.change_timesheet")
    ):
        raise PermissionDenied
    if sheet.status != TimesheetStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted performance sheet can be confirmed."))
    sheet.status = TimesheetStatus.CONFIRMED
    sheet.confirmed_at, sheet.confirmed_by = now, by
    sheet.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    return sheet


@transaction.atomic
def timesheet_approve(*, timesheet: Timesheet, by: User, now: datetime | None = None) -> Timesheet:
    """The dispatcher approves a sheet the partner confirmed; the request is done and the
    sheet is ready to be invoiced."""
    now = now or timezone.now()
    if not is_dispatcher(by):
        raise PermissionDenied
    sheet = Timesheet.objects.select_for_update().select_related("assignment").get(pk=timesheet.pk)
    if sheet.status != TimesheetStatus.CONFIRMED:
        raise ValidationError(_("Only a performance sheet the partner confirmed can be approved."))
    sheet.status = TimesheetStatus.APPROVED
    sheet.approved_at, sheet.approved_by = now, by
    sheet.save(update_fields=["status", "approved_at", "approved_by"])
    InterpretingRequest.objects.filter(pk=sheet.assignment.request_id).update(status=RequestStatus.DONE)
    return sheet


@transaction.atomic
def timesheet_reject(*, timesheet: Timesheet, by: User, remark: str, now: datetime | None = None) -> Timesheet:
    """The partner (a submitted sheet) or the dispatcher (submitted or confirmed) sends the
    sheet back to the interpreter, saying what is wrong (``returned_remark``; the
    interpreter's own ``remark`` is kept)."""
    sheet = Timesheet.objects.select_for_update().select_related("assignment__request").get(pk=timesheet.pk)
    allowed: tuple[TimesheetStatus, ...]
    if is_dispatcher(by):
        allowed = (TimesheetStatus.SUBMITTED, TimesheetStatus.CONFIRMED)
    else:
        organisation = organisation_of(by)
        if (
            organisation is None
            or organisation.pk != sheet.assignment.request.organisation_id
            or not by.has_perm("interpreting.change_timesheet")
        ):
            raise PermissionDenied
        allowed = (TimesheetStatus.SUBMITTED,)
    if sheet.status not in allowed:
        raise ValidationError(_("This performance sheet can no longer be sent back."))
    remark = (remark or "").strip()
    if not remark:
        raise ValidationError({"remark": _("Say what should be corrected.")})
    sheet.status = TimesheetStatus.REJECTED
    sheet.returned_remark = remark
    sheet.confirmed_at = sheet.confirmed_by = None
    sheet.save(update_fields=["status", "returned_remark", "confirmed_at", "confirmed_by"])
    return sheet
