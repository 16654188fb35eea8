"""An invoice read back, line by line with its source, and its PDF (always in Dutch)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from haven.interpreting.invoice_lines import DOCUMENT_LANGUAGE, UNIT_LABELS, local_day
from haven.interpreting.models import Assignment, InterpretingRequest, Invoice, InvoiceLine

# The agency that issues the invoices (as on the NT2 documents: one agency per installation).
AGENCY_NAME = "IN-Gent vzw"
PAYMENT_DAYS = 30


@dataclass(frozen=True)
class LineRow:
    """A line with its source, for the page and the PDF."""

    line: InvoiceLine
    day: date | None
    source: str
    person: str
    unit: str


def cancelled_interpreter(request: InterpretingRequest) -> str:
    """The interpreter last booked for a cancelled request (its assignments prefetched)."""
    booked = [assignment for assignment in request.assignments.all() if assignment.confirmed_at]
    return str(booked[-1].interpreter) if booked else ""


def _source(line: InvoiceLine) -> tuple[date | None, str, str]:
    """The line's day, its source reference and the interpreter or translator."""
    if line.timesheet is not None:
        sheet = line.timesheet
        source = _("request %(request)s, sheet %(sheet)s") % {
            "request": sheet.assignment.request_id,
            "sheet": sheet.pk,
        }
        return local_day(sheet.actual_start), source, str(sheet.assignment.interpreter)
    if line.translation is not None:
        source = _("translation %(number)s") % {"number": line.translation_id}
        return line.translation.delivered_on, source, str(line.translation.translator or "")
    if line.request is not None:
        source = _("request %(request)s") % {"request": line.request_id}
        return local_day(line.request.starts_at), source, cancelled_interpreter(line.request)
    return None, "", ""


def invoice_rows(invoice: Invoice) -> list[LineRow]:
    """Every line with its day, source reference and interpreter or translator, in a fixed
    number of queries."""
    lines = invoice.lines.select_related(
        "timesheet__assignment__interpreter",
        "request",
        "translation__translator",
        "tariff",
    ).prefetch_related(
        Prefetch(
            "request__assignments",
            queryset=Assignment.objects.select_related("interpreter").order_by("confirmed_at", "id"),
        )
    )
    rows = []
    for line in lines:
        day, source, person = _source(line)
        rows.append(
            LineRow(line=line, day=day, source=source, person=person, unit=str(UNIT_LABELS.get(line.unit, line.unit)))
        )
    return rows


def enterprise_number_display(number: str) -> str:
    """0123.456.789, the way the KBO writes it."""
    number = number or ""
    return f"{number[:4]}.{number[4:7]}.{number[7:]}" if len(number) == 10 else number


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice as an A4 PDF, always in Dutch."""
    # Imported here: WeasyPrint loads the system's Pango when imported (as in nt2.documents).
    from weasyprint import HTML

    invoice = Invoice.objects.select_related("organisation").get(pk=invoice.pk)
    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string(
            "interpreting/documents/invoice.html",
            {
                "invoice": invoice,
                "organisation": invoice.organisation,
                "rows": invoice_rows(invoice),
                "enterprise_number": enterprise_number_display(invoice.organisation.enterprise_number),
                "agency": AGENCY_NAME,
                "place": settings.HAVEN_MUNICIPALITY,
                "due_on": invoice.issued_on + timedelta(days=PAYMENT_DAYS),
                "payment_days": PAYMENT_DAYS,
            },
        )
    return HTML(string=html).write_pdf()
