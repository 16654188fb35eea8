"""The interpreting service's background work, run by ``haven worker``:

- ``dispatch_run_job``: a dispatch run (``planning.dispatch_run``, up to its time limit), a
  job the dispatcher follows on a page and that ends on the run;
- ``invoices_month_job``: the month's invoices, one organisation at a time (its month
  invoice and catch-up invoice in one transaction,
  ``services.invoices.organisation_invoices_create``), each then sent as a Peppol e-invoice
  (``einvoice.services.invoice_send``), with progress per organisation. An organisation the
  service refuses (a missing tariff) is listed with the reason and the others are invoiced;
  an e-invoice the access point refuses is listed too (the invoice stands and is sent again
  from its page); running it again invoices what is left;
- ``booking_mail``: the e-mails of one booking event (``notifications``), enqueued by the
  services after the booking is committed.

The views only start these (``haven.jobs.services.job_start``); the services are the ones
the pages used to call in the request.
"""

import logging
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django_tasks import task

from haven.interpreting import invoice_lines, notifications, planning
from haven.interpreting.einvoice import services as einvoice_services
from haven.interpreting.models import Assignment
from haven.interpreting.services import invoices as invoices_service
from haven.jobs.services import JobOutcome, JobProgress, job_run

logger = logging.getLogger(__name__)

DISPATCH_KIND = "interpreting.dispatch_run"
DISPATCH_TITLE = gettext_noop("Dispatch run")
INVOICES_KIND = "interpreting.invoices_month"
INVOICES_TITLE = gettext_noop("The month's invoices")
MAILS = {"booking_confirmed": notifications.booking_confirmed, "booking_cancelled": notifications.booking_cancelled}


def invoices_url(month: date) -> str:
    return reverse("interpreting:invoices") + "?" + urlencode({"month": month.strftime("%m/%Y")})


# Dispatch ----------------------------------------------------------------------------------


@task()
def dispatch_run_job(job_id: int, monday: str, method: str, time_limit_seconds: float) -> dict[str, Any]:
    return job_run(job_id, partial(_dispatch, date.fromisoformat(monday), method, time_limit_seconds))


def _dispatch(monday: date, method: str, time_limit_seconds: float, progress: JobProgress) -> JobOutcome:
    by = progress.job.started_by
    if by is None:
        raise PermissionDenied
    progress(0, 0, gettext_noop("Dispatch is looking for the best proposal for the week's open requests."))
    run = planning.dispatch_run(
        period_start=monday,
        period_end=monday + timedelta(days=6),
        by=by,
        method=method,
        time_limit_seconds=time_limit_seconds,
    )
    message = _("Dispatch proposes an interpreter for %(filled)s of %(total)s requests. Review and confirm.") % {
        "filled": run.statistics.get("filled", 0),
        "total": run.statistics.get("requests", 0),
    }
    return JobOutcome(message, reverse("interpreting:run", args=[run.pk]), {"run": run.pk})


# Invoices ----------------------------------------------------------------------------------


@task()
def invoices_month_job(job_id: int, month: str) -> dict[str, Any]:
    return job_run(job_id, partial(_invoices, date.fromisoformat(month)))


def _invoices(month: date, progress: JobProgress) -> JobOutcome:
    by = progress.job.started_by
    if by is None:
        raise PermissionDenied
    organisations = invoice_lines.organisations_to_invoice(month)
    made, refused = [], []
    for done, organisation in enumerate(organisations):
        progress(done, len(organisations), gettext_noop("Making the invoices, one organisation at a time."))
        try:
            invoices = invoices_service.organisation_invoices_create(organisation=organisation, month=month, by=by)
        except ValidationError as error:
            refused.append(f"{organisation.name}: {' '.join(error.messages)}")
            continue
        made.extend(invoices)
        for invoice in invoices:
            try:
                einvoice_services.invoice_send(invoice=invoice, by=by)
            except ValidationError as error:
                refused.append(f"{invoice.number} ({organisation.name}): {' '.join(error.messages)}")
    progress(len(organisations), len(organisations), gettext_noop("Making the invoices, one organisation at a time."))
    if made:
        message = ngettext("%(count)d invoice made.", "%(count)d invoices made.", len(made)) % {"count": len(made)}
    elif refused:
        message = _("No invoice was made.")
    else:
        message = _("There was nothing left to invoice for this month.")
    return JobOutcome(message, invoices_url(month), {"invoices": [invoice.pk for invoice in made], "refused": refused})


# E-mails -----------------------------------------------------------------------------------


@task()
def booking_mail(event: str, assignment_id: int) -> None:
    """Send the e-mails of one booking event; a failure is logged with ids only (the
    booking stands) and leaves the task failed."""
    try:
        MAILS[event](Assignment(pk=assignment_id))
    except Exception:
        logger.exception("notification %s failed for assignment %s", event, assignment_id)
        raise
