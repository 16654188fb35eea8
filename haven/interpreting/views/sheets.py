"""Pages of the performance sheets.

- The interpreter fills in the sheet of a job (``sheet_form``) and follows their sheets.
- A partner user confirms their organisation's sheets or sends them back with a remark.
- The dispatcher approves confirmed sheets (one by one or ticked in bulk).

Every record is read through ``access.py`` (another organisation's or interpreter's record
is a 404); every write goes through ``services.sheets``, which checks who acts (403). The
list is paginated and runs a fixed number of queries whatever its length.
"""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from haven.core.forms import service_error_to_form
from haven.interpreting import access, billing
from haven.interpreting.forms import SHEET_DATETIME_FORMAT, RejectForm, SheetFilterForm, SheetForm
from haven.interpreting.models import AssignmentStatus, Modality, RequestStatus, Timesheet, TimesheetStatus
from haven.interpreting.services import sheets as sheets_service
from haven.interpreting.views import common
from haven.interpreting.workdays import BRUSSELS

# What each role sees first: the sheets waiting for them.
DEFAULT_STATUS = {"dispatcher": TimesheetStatus.CONFIRMED, "partner": TimesheetStatus.SUBMITTED, "interpreter": ""}


def _sheet_rows(queryset: QuerySet[Timesheet]) -> QuerySet[Timesheet]:
    return queryset.select_related(
        "assignment__request__organisation",
        "assignment__request__language",
        "assignment__interpreter",
    ).order_by("-actual_start", "-id")


@login_required
def sheet_list(request) -> HttpResponse:
    """The sheets this user may see, filtered by status (by default those waiting for them).
    The interpreter also sees their jobs still waiting for a sheet."""
    user = request.user
    queryset = access.timesheets_for_user(user)
    role = common.role(user)
    form = SheetFilterForm(request.GET if "status" in request.GET else {"status": DEFAULT_STATUS[role]})
    status = form.cleaned_data["status"] if form.is_valid() else ""
    if status:
        queryset = queryset.filter(status=status)
    context = {
        "form": form,
        "role": role,
        "status": status,
        # "all" is no status the form knows: the next page keeps showing every status.
        # Not counted: the approved sheets alone are a whole year's jobs.
        **common.uncounted_page(request, _sheet_rows(queryset), {"status": status or "all"}),
    }
    if role == "interpreter":
        context["to_fill"] = list(
            access.assignments_for_user(user)
            .filter(
                status=AssignmentStatus.CONFIRMED,
                starts_at__lte=timezone.now(),
                timesheet__isnull=True,
            )
            .exclude(request__status=RequestStatus.CANCELLED)
            .select_related("request__organisation", "request__language")
            .order_by("starts_at")[: settings.HAVEN_PAGE_SIZE]
        )
    return render(request, "interpreting/billing/sheet_list.html", context)


def _local(moment: datetime) -> str:
    return moment.astimezone(BRUSSELS).strftime(SHEET_DATETIME_FORMAT)


@login_required
@require_http_methods(["GET", "POST"])
def sheet_form(request, assignment_id: int) -> HttpResponse:
    """The interpreter's performance sheet of a job: new, or corrected after it was sent back."""
    assignment = access.assignment_for_user(request.user, assignment_id)
    interpreter = access.interpreter_of(request.user)
    if interpreter is None or interpreter.pk != assignment.interpreter_id:
        raise PermissionDenied
    sheet = Timesheet.objects.filter(assignment=assignment).first()
    if sheet is not None and sheet.status != TimesheetStatus.REJECTED:
        return redirect("interpreting:sheet", sheet.pk)
    if request.method == "POST":
        form = SheetForm(request.POST)
        if form.is_valid():
            try:
                sheet = sheets_service.timesheet_submit(
                    assignment=assignment, by=request.user, values=form.cleaned_data
                )
            except ValidationError as error:
                service_error_to_form(form, error)
            else:
                messages.success(request, _("The performance sheet was sent to the organisation."))
                return redirect("interpreting:sheet", sheet.pk)
    elif sheet is not None:
        form = SheetForm(
            initial={
                "actual_start": _local(sheet.actual_start),
                "actual_end": _local(sheet.actual_end),
                "waiting_minutes": sheet.waiting_minutes,
                "travel_km": sheet.travel_km,
                "remark": sheet.remark,
            }
        )
    else:
        form = SheetForm(
            initial={
                "actual_start": _local(assignment.starts_at),
                "actual_end": _local(assignment.ends_at),
                "waiting_minutes": 0,
                "travel_km": 0,
            }
        )
    return render(
        request,
        "interpreting/billing/sheet_form.html",
        {
            "form": form,
            "assignment": assignment,
            "job": assignment.request,
            "sheet": sheet,
            "video": assignment.request.modality == Modality.VIDEO,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def sheet_detail(request, sheet_id: int) -> HttpResponse:
    sheet = access.timesheet_for_user(request.user, sheet_id)
    user = request.user
    job = sheet.assignment.request
    own = access.organisation_of(user)
    is_partner = own is not None and own.pk == job.organisation_id
    minutes = billing.billed_minutes(sheet.minutes, sheet.waiting_minutes) if sheet.minutes > 0 else 0
    return render(
        request,
        "interpreting/billing/sheet_detail.html",
        {
            "sheet": sheet,
            "job": job,
            "billed_minutes": minutes,
            "reject_form": RejectForm(),
            "can_confirm": is_partner and sheet.status == TimesheetStatus.SUBMITTED,
            "can_approve": access.is_dispatcher(user) and sheet.status == TimesheetStatus.CONFIRMED,
            "can_reject": (
                access.is_dispatcher(user) and sheet.status in (TimesheetStatus.SUBMITTED, TimesheetStatus.CONFIRMED)
            )
            or (is_partner and sheet.status == TimesheetStatus.SUBMITTED),
            "can_correct": sheet.status == TimesheetStatus.REJECTED
            and getattr(access.interpreter_of(user), "pk", None) == sheet.assignment.interpreter_id,
        },
    )


def _act(request: HttpRequest, sheet_id: int, action: Callable[[Timesheet], object], success: str) -> HttpResponse:
    """Take a step of the sheet (access first, the method after: ``post_after_access``)."""
    sheet = access.timesheet_for_user(request.user, sheet_id)
    if refused := common.post_after_access(request):
        return refused
    try:
        action(sheet)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("interpreting:sheet", sheet.pk)


@login_required
def sheet_confirm(request, sheet_id: int) -> HttpResponse:
    return _act(
        request,
        sheet_id,
        lambda sheet: sheets_service.timesheet_confirm(timesheet=sheet, by=request.user),
        _("The performance sheet is confirmed."),
    )


@login_required
def sheet_approve(request, sheet_id: int) -> HttpResponse:
    return _act(
        request,
        sheet_id,
        lambda sheet: sheets_service.timesheet_approve(timesheet=sheet, by=request.user),
        _("The performance sheet is approved."),
    )


@login_required
def sheet_reject(request, sheet_id: int) -> HttpResponse:
    form = RejectForm(request.POST or None)
    remark = form.cleaned_data["remark"] if form.is_bound and form.is_valid() else ""
    return _act(
        request,
        sheet_id,
        lambda sheet: sheets_service.timesheet_reject(timesheet=sheet, by=request.user, remark=remark),
        _("The performance sheet was sent back to the interpreter."),
    )


@login_required
@require_POST
def sheet_approve_bulk(request) -> HttpResponse:
    """Approve the ticked sheets (the dispatcher's list of confirmed sheets)."""
    access.dispatcher_for_user(request.user)
    ids = [int(value) for value in request.POST.getlist("sheet") if value.isdigit()]
    approved, refused = 0, 0
    for sheet in access.timesheets_for_user(request.user).filter(pk__in=ids).order_by("id"):
        try:
            sheets_service.timesheet_approve(timesheet=sheet, by=request.user)
            approved += 1
        except ValidationError:
            refused += 1
    if approved:
        messages.success(
            request,
            ngettext("%(count)d performance sheet approved.", "%(count)d performance sheets approved.", approved)
            % {"count": approved},
        )
    if refused:
        messages.warning(
            request,
            ngettext(
                "%(count)d sheet was not confirmed and was left as it was.",
                "%(count)d sheets were not confirmed and were left as they were.",
                refused,
            )
            % {"count": refused},
        )
    if not ids:
        messages.warning(request, _("Tick the sheets to approve."))
    return redirect(reverse("interpreting:sheets") + "?" + urlencode({"status": TimesheetStatus.CONFIRMED}))
