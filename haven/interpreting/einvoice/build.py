"""An invoice as the data of its e-invoice: the agency (settings), the organisation and the
lines read once (a fixed number of queries, whatever the number of lines), in Dutch like
the PDF."""

from django.utils import translation

from haven.interpreting.agency import EXEMPT, agency
from haven.interpreting.documents import catch_up_note, invoice_rows, payment_terms
from haven.interpreting.einvoice import ubl
from haven.interpreting.invoice_lines import DOCUMENT_LANGUAGE
from haven.interpreting.models import Invoice


def invoice_document(invoice: Invoice) -> ubl.Document:
    issuer = agency()
    organisation = invoice.organisation
    scheme, endpoint = organisation.peppol_endpoint
    with translation.override(DOCUMENT_LANGUAGE):
        rows = invoice_rows(invoice)
        note = catch_up_note(invoice) if invoice.is_catch_up else ""
        terms = payment_terms(invoice)
        lines = tuple(
            ubl.Line(
                name=f"{row.line.description} ({row.line.quantity.normalize():f} {row.unit})",
                amount=row.line.amount,
                day=row.day,
            )
            for row in rows
        )
    return ubl.Document(
        number=invoice.number,
        issued_on=invoice.issued_on,
        due_on=invoice.due_on,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        note=note,
        buyer_reference=organisation.buyer_reference,
        seller=ubl.Party(
            name=issuer.name,
            street=issuer.street,
            postal_code=issuer.postal_code,
            municipality=issuer.municipality,
            country=issuer.country,
            endpoint_scheme="0208",
            endpoint_id=issuer.enterprise_number,
            enterprise_number=issuer.enterprise_number,
            vat_number=issuer.vat_number,
            email=issuer.email,
        ),
        buyer=ubl.Party(
            name=organisation.name,
            street=organisation.street,
            postal_code=organisation.postal_code,
            municipality=organisation.municipality,
            country=organisation.country or "BE",
            endpoint_scheme=scheme,
            endpoint_id=endpoint,
            enterprise_number=organisation.enterprise_number,
            email=organisation.email,
        ),
        vat_category=ubl.EXEMPT_CATEGORY if issuer.vat_status == EXEMPT else ubl.NOT_SUBJECT_CATEGORY,
        vat_mention=issuer.vat_mention,
        iban=issuer.iban,
        bic=issuer.bic,
        payment_reference=invoice.payment_reference,
        payment_terms=terms,
        lines=lines,
    )


def invoice_ubl(invoice: Invoice) -> bytes:
    """The invoice's Peppol BIS Billing 3.0 UBL document."""
    invoice = Invoice.objects.select_related("organisation").get(pk=invoice.pk)
    return ubl.invoice_xml(invoice_document(invoice))
