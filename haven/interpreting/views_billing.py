"""Pages of the performance sheets and invoices.

- The interpreter fills in the sheet of a job (``sheet_form``) and follows their sheets.
- A partner user confirms their organisation's sheets or sends them back with a remark,
  and reads and downloads their invoices.
- The dispatcher approves confirmed sheets (one by one or ticked in bulk), records the km
  of the month's late cancellations, makes the month's invoices and reads them all.

Every record is read through ``access.py`` (another organisation's or interpreter's record
is a 404); every write goes through ``sheets`` or ``invoices``, which check who acts
(403). Lists are paginated and run a fixed number of queries whatever their length.
"""

from datetime import date, datetime, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from haven.core.forms import service_error_to_form as _service_error
from haven.core.limits import FREE_TEXT_MAX_LENGTH
from haven.interpreting import access, billing, invoices, sheets
from haven.interpreting.models import (
    Assignment,
    AssignmentStatus,
    Modality,
    RequestStatus,
    Timesheet,
    TimesheetStatus,
)
from haven.interpreting.workdays import BRUSSELS

PAGE_SIZE = 25
DATETIME_FORMAT = "%d/%m/%Y %H:%M"


# Forms (small and only used here) -------------------------------------------------------------


class SheetForm(forms.Form):
    actual_start = forms.DateTimeField(
        label=gettext_lazy("actual start"),
        input_formats=[DATETIME_FORMAT],
        help_text=gettext_lazy("dd/mm/yyyy hh:mm"),
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy hh:mm"}),
    )
    actual_end = forms.DateTimeField(
        label=gettext_lazy("actual end"),
        input_formats=[DATETIME_FORMAT],
        help_text=gettext_lazy("dd/mm/yyyy hh:mm"),
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy hh:mm"}),
    )
    waiting_minutes = forms.IntegerField(
        label=gettext_lazy("waiting time (minutes)"),
        min_value=0,
        max_value=720,
        initial=0,
        help_text=gettext_lazy("Minutes you waited on site before the conversation could start."),
    )
    travel_km = forms.DecimalField(
        label=gettext_lazy("travel (km)"),
        min_value=0,
        max_digits=5,
        decimal_places=1,
        initial=0,
        localize=True,
        help_text=gettext_lazy("There and back, as driven or travelled; 0 for a video conversation."),
    )
    remark = forms.CharField(
        label=gettext_lazy("remark"),
        required=False,
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RejectForm(forms.Form):
    remark = forms.CharField(
        label=gettext_lazy("what should be corrected"),
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SheetFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("status"), required=False, choices=[("", gettext_lazy("all")), *TimesheetStatus.choices]
    )


class MonthForm(forms.Form):
    month = forms.DateField(
        label=gettext_lazy("month"),
        input_formats=["%m/%Y"],
        help_text=gettext_lazy("mm/yyyy"),
        widget=forms.TextInput(attrs={"placeholder": "mm/yyyy"}),
    )


class CancellationKmForm(forms.Form):
    km = forms.DecimalField(
        label=gettext_lazy("travel (km)"),
        min_value=0,
        max_value=invoices.MAX_CANCELLATION_KM,
        max_digits=4,
        decimal_places=1,
        localize=True,
    )


# Paging -------------------------------------------------------------------------------------


def _paged(request, rows, **filters) -> dict:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {name: value for name, value in filters.items() if value}
    return {
        "page": page,
        "previous": urlencode({**query, "page": page.previous_page_number()}) if page.has_previous() else "",
        "next": urlencode({**query, "page": page.next_page_number()}) if page.has_next() else "",
    }


def _sheet_rows(queryset):
    return queryset.select_related(
        "assignment__request__organisation",
        "assignment__request__language",
        "assignment__interpreter",
    ).order_by("-actual_start", "-id")


def _role(user) -> str:
    if access.is_dispatcher(user):
        return "dispatcher"
    if access.organisation_of(user) is not None:
        return "partner"
    if access.interpreter_of(user) is not None:
        return "interpreter"
    raise PermissionDenied


# Performance sheets ---------------------------------------------------------------------------


# What each role sees first: the sheets waiting for them.
DEFAULT_STATUS = {"dispatcher": TimesheetStatus.CONFIRMED, "partner": TimesheetStatus.SUBMITTED, "interpreter": ""}


@login_required
def sheet_list(request):
    """The sheets this user may see, filtered by status (by default those waiting for them).
    The interpreter also sees their jobs still waiting for a sheet."""
    user = request.user
    queryset = access.timesheets_for_user(user)
    role = _role(user)
    form = SheetFilterForm(request.GET if "status" in request.GET else {"status": DEFAULT_STATUS[role]})
    status = form.cleaned_data["status"] if form.is_valid() else ""
    if status:
        queryset = queryset.filter(status=status)
    context = {
        "form": form,
        "role": role,
        "status": status,
        **_paged(request, _sheet_rows(queryset), status=status or "all"),
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
            .order_by("starts_at")[:PAGE_SIZE]
        )
    return render(request, "interpreting/billing/sheet_list.html", context)


def _local(moment: datetime) -> str:
    return moment.astimezone(BRUSSELS).strftime(DATETIME_FORMAT)


@login_required
@require_http_methods(["GET", "POST"])
def sheet_form(request, assignment_id: int):
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
                sheet = sheets.timesheet_submit(assignment=assignment, by=request.user, values=form.cleaned_data)
            except ValidationError as error:
                _service_error(form, error)
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
def sheet_detail(request, sheet_id: int):
    sheet = access.timesheet_for_user(request.user, sheet_id)
    user = request.user
    job = sheet.assignment.request
    is_partner = access.organisation_of(user) is not None and access.organisation_of(user).pk == job.organisation_id
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


def _act(request, sheet_id: int, action, success: str):
    """Access first, the method after: another organisation's sheet answers 404 whatever
    the method (a 405 would tell that it exists)."""
    sheet = access.timesheet_for_user(request.user, sheet_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        action(sheet)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("interpreting:sheet", sheet.pk)


@login_required
def sheet_confirm(request, sheet_id: int):
    return _act(
        request,
        sheet_id,
        lambda sheet: sheets.timesheet_confirm(timesheet=sheet, by=request.user),
        _("The performance sheet is confirmed."),
    )


@login_required
def sheet_approve(request, sheet_id: int):
    return _act(
        request,
        sheet_id,
        lambda sheet: sheets.timesheet_approve(timesheet=sheet, by=request.user),
        _("The performance sheet is approved."),
    )


@login_required
def sheet_reject(request, sheet_id: int):
    form = RejectForm(request.POST or None)
    remark = form.cleaned_data["remark"] if form.is_bound and form.is_valid() else ""
    return _act(
        request,
        sheet_id,
        lambda sheet: sheets.timesheet_reject(timesheet=sheet, by=request.user, remark=remark),
        _("The performance sheet was sent back to the interpreter."),
    )


@login_required
@require_POST
def sheet_approve_bulk(request):
    """Approve the ticked sheets (the dispatcher's list of confirmed sheets)."""
    access.dispatcher_for_user(request.user)
    ids = [int(value) for value in request.POST.getlist("sheet") if value.isdigit()]
    approved, refused = 0, 0
    for sheet in access.timesheets_for_user(request.user).filter(pk__in=ids).order_by("id"):
        try:
            sheets.timesheet_approve(timesheet=sheet, by=request.user)
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


# Invoices -----------------------------------------------------------------------------------


def _previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


@login_required
def invoice_list(request):
    """A partner's invoices (all months), or the dispatcher's invoices of one month with the
    organisations still to invoice and the button that invoices them."""
    user = request.user
    queryset = access.invoices_for_user(user).select_related("organisation")
    context = {"dispatcher": access.is_dispatcher(user)}
    month = None
    if context["dispatcher"]:
        form = MonthForm(request.GET if "month" in request.GET else None)
        month = (
            form.cleaned_data["month"] if form.is_bound and form.is_valid() else _previous_month(timezone.localdate())
        )
        if not form.is_bound or not form.is_valid():
            form = MonthForm(initial={"month": month.strftime("%m/%Y")})
        queryset = queryset.filter(month=month)
        context.update(form=form, month=month, to_invoice=invoices.organisations_to_invoice(month))
    context.update(
        _paged(
            request,
            queryset.order_by("-month", "organisation__name", "id"),
            month=month.strftime("%m/%Y") if month else "",
        )
    )
    return render(request, "interpreting/billing/invoice_list.html", context)


@login_required
@require_POST
def invoice_month_create(request):
    access.dispatcher_for_user(request.user)
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the month as mm/yyyy."))
        return redirect("interpreting:invoices")
    month = form.cleaned_data["month"]
    try:
        made = invoices.invoices_create_month(month=month, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if made:
            messages.success(
                request,
                ngettext("%(count)d invoice made.", "%(count)d invoices made.", len(made)) % {"count": len(made)},
            )
        else:
            messages.warning(request, _("There was nothing left to invoice for this month."))
    return redirect(reverse("interpreting:invoices") + "?" + urlencode({"month": month.strftime("%m/%Y")}))


def _month_of(request) -> tuple[MonthForm, date]:
    """The month asked for (``?month=mm/yyyy``), by default the previous one."""
    form = MonthForm(request.GET if "month" in request.GET else None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["month"]
    month = _previous_month(timezone.localdate())
    return MonthForm(initial={"month": month.strftime("%m/%Y")}), month


@login_required
@require_http_methods(["GET", "POST"])
def cancellations(request):
    """The late cancellations the month's invoices will bill (of the month, and of earlier
    months when still not invoiced), each with the km of the trip the interpreter made or had
    to make; the dispatcher records them here, one row at a time, until they are invoiced."""
    access.dispatcher_for_user(request.user)
    month_form, month = _month_of(request)
    failed = None
    if request.method == "POST":
        request_id = request.POST.get("request", "")
        job = (
            invoices.billable_cancellations(month).filter(pk=int(request_id)).first() if request_id.isdigit() else None
        )
        if job is None:
            messages.error(request, _("This cancellation is no longer waiting for its invoice."))
            return redirect(reverse("interpreting:cancellations") + "?" + urlencode({"month": month.strftime("%m/%Y")}))
        form = CancellationKmForm(request.POST, auto_id=f"id_%s_{job.pk}")
        if form.is_valid():
            try:
                invoices.cancellation_km_record(request=job, km=form.cleaned_data["km"], by=request.user)
            except ValidationError as error:
                _service_error(form, error)
            else:
                messages.success(request, _("The km of the cancelled job are recorded."))
                return redirect(
                    reverse("interpreting:cancellations") + "?" + urlencode({"month": month.strftime("%m/%Y")})
                )
        failed = (job.pk, form)
    rows = (
        invoices.billable_cancellations(month)
        .select_related("organisation", "language")
        .prefetch_related(
            Prefetch(
                "assignments", queryset=Assignment.objects.select_related("interpreter").order_by("confirmed_at", "id")
            )
        )
        .order_by("starts_at", "id")
    )
    context = {"month_form": month_form, "month": month, **_paged(request, rows, month=month.strftime("%m/%Y"))}
    context["rows"] = [
        {
            "job": job,
            "interpreter": invoices.cancelled_interpreter(job),
            "video": job.modality == Modality.VIDEO,
            "form": failed[1]
            if failed and failed[0] == job.pk
            else CancellationKmForm(initial={"km": job.cancellation_km}, auto_id=f"id_%s_{job.pk}"),
        }
        for job in context["page"].object_list
    ]
    return render(request, "interpreting/billing/cancellations.html", context, status=400 if failed else 200)


@login_required
def invoice_detail(request, invoice_id: int):
    invoice = access.invoice_for_user(request.user, invoice_id)
    return render(
        request,
        "interpreting/billing/invoice_detail.html",
        {"invoice": invoice, "rows": invoices.invoice_rows(invoice)},
    )


@login_required
def invoice_pdf(request, invoice_id: int):
    invoice = access.invoice_for_user(request.user, invoice_id)
    response = HttpResponse(invoices.invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="factuur-{invoice.number}.pdf"'
    return response
