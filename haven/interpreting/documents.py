"""An invoice read back, line by line with its source, and its PDF (always in Dutch): what a
Belgian invoice must carry — the issuer's name, address, enterprise number and VAT status
with its legal mention (``agency.py``), the customer's name, address and enterprise number,
the invoice and due dates, the period, the IBAN/BIC and the structured communication — and
a line table compact enough for 50 lines on two A4 pages."""

from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from haven.interpreting.agency import EXEMPT, agency
from haven.interpreting.invoice_lines import DOCUMENT_LANGUAGE, UNIT_LABELS, local_day
from haven.interpreting.models import Assignment, InterpretingRequest, Invoice, InvoiceLine


@dataclass(frozen=True)
class LineRow:
    """A line with its source, for the page and the PDF."""

    line: InvoiceLine
    day: date | None
    source: str
    person: str
    unit: str
    tariff_mark: int = 0  # the tariff's number in the list under the PDF's table


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


def catch_up_note(invoice: Invoice) -> str:
    """What a catch-up invoice says it is (in the active language)."""
    return _(
        "Catch-up invoice: services from %(start)s to %(end)s that were not on the invoice of their own month."
    ) % {"start": invoice.period_start.strftime("%d/%m/%Y"), "end": invoice.period_end.strftime("%d/%m/%Y")}


def payment_terms(invoice: Invoice) -> str:
    """The payment terms (in the active language)."""
    return _("Pay by %(due)s with the structured communication %(reference)s.") % {
        "due": invoice.due_on.strftime("%d/%m/%Y"),
        "reference": invoice.payment_reference,
    }


def invoice_html(invoice: Invoice) -> str:
    """The invoice's printable HTML, always in Dutch."""
    invoice = Invoice.objects.select_related("organisation").get(pk=invoice.pk)
    issuer = agency()
    with translation.override(DOCUMENT_LANGUAGE):
        rows = invoice_rows(invoice)
        tariffs = list({row.line.tariff_id: row.line.tariff for row in rows if row.line.tariff}.values())
        marks = {tariff.pk: number for number, tariff in enumerate(tariffs, start=1)}
        rows = [replace(row, tariff_mark=marks.get(row.line.tariff_id or 0, 0)) for row in rows]
        return render_to_string(
            "interpreting/documents/invoice.html",
            {
                "invoice": invoice,
                "organisation": invoice.organisation,
                "rows": rows,
                "tariffs": tariffs,
                "enterprise_number": enterprise_number_display(invoice.organisation.enterprise_number),
                "agency": issuer,
                "vat_exempt": issuer.vat_status == EXEMPT,
                "catch_up_note": catch_up_note(invoice) if invoice.is_catch_up else "",
            },
        )


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice as an A4 PDF, always in Dutch."""
    # Imported here: WeasyPrint loads the system's Pango when imported (as in nt2.documents).
    from weasyprint import HTML

    return HTML(string=invoice_html(invoice)).write_pdf()
