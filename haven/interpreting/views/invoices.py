"""Pages of the invoices: a partner reads and downloads their organisation's invoices; the
dispatcher records the km of the month's late cancellations, makes the month's invoices (in
the background: the page follows the job, then lists them) and reads them all.

Every invoice is read through ``access.py`` (another organisation's is a 404); every write
goes through ``services.invoices``, which checks who acts (403). Lists are paginated and run
a fixed number of queries whatever their length.
"""

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from haven.core.forms import service_error_to_form
from haven.core.pagination import paginate
from haven.interpreting import access, documents, invoice_lines, selectors, tasks
from haven.interpreting.einvoice import build as einvoice_build
from haven.interpreting.einvoice import services as einvoice_services
from haven.interpreting.forms import CancellationKmForm, MonthForm
from haven.interpreting.models import Assignment, Modality
from haven.interpreting.services import invoices as invoices_service
from haven.jobs.access import unfinished_jobs_for_user
from haven.jobs.services import job_start
from haven.jobs.views import job_redirect

TO_INVOICE_SHOWN = 20  # the page names the first organisations still to invoice, never all


def _previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


@login_required
def invoice_list(request) -> HttpResponse:
    """A partner's invoices (all months), or the dispatcher's invoices of one month with the
    organisations still to invoice and the button that invoices them."""
    user = request.user
    queryset = access.invoices_for_user(user).select_related("organisation")
    context: dict[str, Any] = {"dispatcher": access.is_dispatcher(user)}
    month = None
    if context["dispatcher"]:
        form = MonthForm(request.GET if "month" in request.GET else None)
        month = (
            form.cleaned_data["month"] if form.is_bound and form.is_valid() else _previous_month(timezone.localdate())
        )
        if not form.is_bound or not form.is_valid():
            form = MonthForm(initial={"month": month.strftime("%m/%Y")})
        queryset = queryset.filter(month=month)
        to_invoice, more = selectors.organisations_to_invoice(month, limit=TO_INVOICE_SHOWN)
        context.update(
            form=form,
            month=month,
            to_invoice=to_invoice,
            to_invoice_more=more,
            jobs=unfinished_jobs_for_user(user, tasks.INVOICES_KIND),
        )
    context.update(
        paginate(
            request,
            queryset.order_by("-month", "organisation__name", "id"),
            {"month": month.strftime("%m/%Y") if month else ""},
        )
    )
    return render(request, "interpreting/billing/invoice_list.html", context)


@login_required
def invoice_month_confirm(request) -> HttpResponse:
    """Before the month's invoices are made (they cannot be undone): how many organisations,
    lines and euros the run will bill, month and catch-up apart, and the button that starts
    it."""
    access.dispatcher_for_user(request.user)
    form = MonthForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Give the month as mm/yyyy."))
        return redirect("interpreting:invoices")
    month = form.cleaned_data["month"]
    try:
        preview = invoice_lines.run_preview(month)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(tasks.invoices_url(month))
    return render(
        request,
        "interpreting/billing/invoice_confirm.html",
        {"month": month, "preview": preview, "jobs": unfinished_jobs_for_user(request.user, tasks.INVOICES_KIND)},
    )


@login_required
@require_POST
def invoice_month_create(request) -> HttpResponse:
    """Start the month's run, once confirmed on the confirmation page (a POST without the
    confirmation goes there)."""
    access.dispatcher_for_user(request.user)
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the month as mm/yyyy."))
        return redirect("interpreting:invoices")
    if request.POST.get("confirmed") != "yes":
        return redirect(
            reverse("interpreting:invoice_month_confirm")
            + "?"
            + urlencode({"month": form.cleaned_data["month"].strftime("%m/%Y")})
        )
    job = job_start(
        task=tasks.invoices_month_job,
        kind=tasks.INVOICES_KIND,
        title=tasks.INVOICES_TITLE,
        by=request.user,
        month=form.cleaned_data["month"].isoformat(),
    )
    return job_redirect(request, job)


def _month_of(request: HttpRequest) -> tuple[MonthForm, date]:
    """The month asked for (``?month=mm/yyyy``), by default the previous one."""
    form = MonthForm(request.GET if "month" in request.GET else None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["month"]
    month = _previous_month(timezone.localdate())
    return MonthForm(initial={"month": month.strftime("%m/%Y")}), month


def _cancellations_url(month: date) -> str:
    return reverse("interpreting:cancellations") + "?" + urlencode({"month": month.strftime("%m/%Y")})


def _cancellation_km_post(request, month: date) -> HttpResponse | tuple[int, CancellationKmForm]:
    """Record the km of one cancellation: back to the list when done (or when the row is no
    longer waiting), else the row's id with its form and errors."""
    request_id = request.POST.get("request", "")
    job = (
        invoice_lines.billable_cancellations(month).filter(pk=int(request_id)).first() if request_id.isdigit() else None
    )
    if job is None:
        messages.error(request, _("This cancellation is no longer waiting for its invoice."))
        return redirect(_cancellations_url(month))
    form = CancellationKmForm(request.POST, auto_id=f"id_%s_{job.pk}")
    if form.is_valid():
        try:
            invoices_service.cancellation_km_record(request=job, km=form.cleaned_data["km"], by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The km of the cancelled job are recorded."))
            return redirect(_cancellations_url(month))
    return job.pk, form


@login_required
@require_http_methods(["GET", "POST"])
def cancellations(request) -> HttpResponse:
    """The late cancellations the month's invoices will bill (of the month, and of earlier
    months when still not invoiced), each with the km of the trip the interpreter made or had
    to make; the dispatcher records them here, one row at a time, until they are invoiced."""
    access.dispatcher_for_user(request.user)
    month_form, month = _month_of(request)
    failed = None
    if request.method == "POST":
        posted = _cancellation_km_post(request, month)
        if isinstance(posted, HttpResponse):
            return posted
        failed = posted
    rows = (
        invoice_lines.billable_cancellations(month)
        .select_related("organisation", "language")
        .prefetch_related(
            Prefetch(
                "assignments", queryset=Assignment.objects.select_related("interpreter").order_by("confirmed_at", "id")
            )
        )
        .order_by("starts_at", "id")
    )
    context = {"month_form": month_form, "month": month, **paginate(request, rows, {"month": month.strftime("%m/%Y")})}
    context["rows"] = [
        {
            "job": job,
            "interpreter": documents.cancelled_interpreter(job),
            "video": job.modality == Modality.VIDEO,
            "form": failed[1]
            if failed and failed[0] == job.pk
            else CancellationKmForm(initial={"km": job.cancellation_km}, auto_id=f"id_%s_{job.pk}"),
        }
        for job in context["page"].object_list
    ]
    return render(request, "interpreting/billing/cancellations.html", context, status=400 if failed else 200)


@login_required
def invoice_detail(request, invoice_id: int) -> HttpResponse:
    invoice = access.invoice_for_user(request.user, invoice_id)
    return render(
        request,
        "interpreting/billing/invoice_detail.html",
        {
            "invoice": invoice,
            "rows": documents.invoice_rows(invoice),
            "dispatcher": access.is_dispatcher(request.user),
            "catch_up_note": documents.catch_up_note(invoice) if invoice.is_catch_up else "",
        },
    )


@login_required
def invoice_pdf(request, invoice_id: int) -> HttpResponse:
    invoice = access.invoice_for_user(request.user, invoice_id)
    response = HttpResponse(documents.invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="factuur-{invoice.number}.pdf"'
    return response


@login_required
def invoice_ubl(request, invoice_id: int) -> HttpResponse:
    """The invoice's Peppol BIS Billing 3.0 e-invoice (UBL XML), for the partner's and the
    agency's bookkeeping."""
    invoice = access.invoice_for_user(request.user, invoice_id)
    response = HttpResponse(einvoice_build.invoice_ubl(invoice), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="factuur-{invoice.number}.xml"'
    return response


@login_required
@require_POST
def invoice_einvoice_send(request, invoice_id: int) -> HttpResponse:
    """Send an invoice's e-invoice again after the access point refused it (the dispatcher)."""
    invoice = access.invoice_for_user(request.user, invoice_id)
    access.dispatcher_for_user(request.user)
    try:
        einvoice_services.invoice_send(invoice=invoice, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The e-invoice was handed to the access point."))
    return redirect("interpreting:invoice", invoice.pk)
