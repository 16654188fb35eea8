"""Invoices under /api/interpreting/: the organisation's, or all for the dispatcher; the PDF."""

from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify
from ninja import Field, Schema

from haven.core.api import PageMeta, download, page_of, problems
from haven.interpreting import access, documents
from haven.interpreting.api.common import router
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
    number: str
    payment_reference: str
    issued_on: date
    total: Decimal
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
        number=invoice.number,
        payment_reference=invoice.payment_reference,
        issued_on=invoice.issued_on,
        total=invoice.total,
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
