"""Invoices under /api/interpreting/: the organisation's, or all for the dispatcher; the PDF and
the Peppol e-invoice (UBL)."""

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify
from ninja import Field, Schema

from haven.core.api import PageMeta, download, page_of, problems
from haven.interpreting import access, documents
from haven.interpreting.api.common import router
from haven.interpreting.einvoice import build as einvoice_build
from haven.interpreting.models import Invoice

# Schemas ---------------------------------------------------------------------------------


class InvoiceLineOut(Schema):
    kind: str
    description: str
    quantity: Decimal
    unit: str
    amount: Decimal
    timesheet_id: int | None
    request_id: int | None
    translation_id: int | None


class InvoiceOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    month: date
    kind: str = Field(description="month (only the month's lines) or catch_up (earlier months' lines left out)")
    period_start: date
    period_end: date
    number: str
    payment_reference: str
    issued_on: date
    due_on: date
    total: Decimal
    einvoice_sent_at: datetime | None = Field(None, description="When the Peppol access point took the e-invoice.")
    lines: list[InvoiceLineOut] | None = Field(None, description="On the detail only.")


class InvoicePage(PageMeta):
    items: list[InvoiceOut]


# Conversions -----------------------------------------------------------------------------


def _invoice_out(invoice: Invoice, lines: bool = False) -> InvoiceOut:
    return InvoiceOut(
        id=invoice.pk,
        organisation_id=invoice.organisation_id,
        organisation_name=invoice.organisation.name,
        month=invoice.month,
        kind=invoice.kind,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        number=invoice.number,
        payment_reference=invoice.payment_reference,
        issued_on=invoice.issued_on,
        due_on=invoice.due_on,
        total=invoice.total,
        einvoice_sent_at=invoice.einvoice_sent_at,
        lines=[
            InvoiceLineOut(
                kind=line.kind,
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                amount=line.amount,
                timesheet_id=line.timesheet_id,
                request_id=line.request_id,
                translation_id=line.translation_id,
            )
            for line in invoice.lines.all()
        ]
        if lines
        else None,
    )


# Invoices --------------------------------------------------------------------------------


@router.get(
    "/invoices",
    response={200: InvoicePage, **problems(422)},
    summary="Invoices: the organisation's, or all for the dispatcher",
)
def invoice_list(request, page: int = 1):
    queryset = access.invoices_for_user(request.auth).select_related("organisation")
    meta, current = page_of(queryset.order_by("-month", "organisation__name", "id"), page)
    return InvoicePage(**meta, items=[_invoice_out(item) for item in current])


@router.get(
    "/invoices/{invoice_id}", response={200: InvoiceOut, **problems(404, 422)}, summary="Read an invoice with its lines"
)
def invoice_read(request, invoice_id: int):
    return _invoice_out(access.invoice_for_user(request.auth, invoice_id), lines=True)


@router.get(
    "/invoices/{invoice_id}/pdf",
    response=problems(404, 422),
    openapi_extra=download("application/pdf"),
    summary="The invoice as PDF",
)
def invoice_pdf(request, invoice_id: int):
    invoice = access.invoice_for_user(request.auth, invoice_id)
    response = HttpResponse(documents.invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(invoice.number) or "invoice"}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/invoices/{invoice_id}/ubl",
    response=problems(404, 422),
    openapi_extra=download("application/xml"),
    summary="The invoice as Peppol BIS Billing 3.0 e-invoice (UBL 2.1)",
)
def invoice_ubl(request, invoice_id: int):
    invoice = access.invoice_for_user(request.auth, invoice_id)
    response = HttpResponse(einvoice_build.invoice_ubl(invoice), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{slugify(invoice.number) or "invoice"}.xml"'
    response["Cache-Control"] = "private, no-store"
    return response
