"""A Peppol BIS Billing 3.0 invoice (UBL 2.1, EN 16931) from plain data: no Django, no
database, the standard library's ElementTree only.

What the document says, and why:

- **Specification and process**: ``CustomizationID`` is Peppol BIS Billing 3.0 and
  ``ProfileID`` the billing process 01; the type code 380 (commercial invoice).
- **No VAT**: the agency charges none. An *exempt* agency (art. 44 of the Belgian VAT code)
  puts its VAT number on the document and every line in VAT category ``E`` at 0 %; an agency
  that is *not liable* has no VAT number and every line in category ``O`` (no rate, as
  EN 16931 requires). Either way the one VAT breakdown carries the legal mention as the
  exemption reason (BR-E-10 / BR-O-10) and the VAT total is 0.00.
- **Lines**: one invoice line per Haven line, quantity 1 (unit ``C62``, "one") at the line's
  amount. Haven's tariffs are not linear (a first hour, then started quarters; km capped),
  so quantity × price would not give the amount that EN 16931 checks; the minutes, km or
  pages stay in the line's name, as on the PDF. Each line carries its day as line period.
- **Payment**: credit transfer (code 30) to the agency's IBAN/BIC with the Belgian
  structured communication as payment identifier, and the due date.
- **Addresses**: both parties' electronic addresses (``EndpointID`` with its scheme, 0208
  for a Belgian enterprise number), postal addresses and legal registration (enterprise
  number, scheme 0208).
- **Buyer reference** (required by Peppol): the organisation's own reference when it gave
  one, else the invoice number.
- Amounts have two decimals; no element is written empty (Peppol R008).
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
INVOICE_TYPE = "380"
CREDIT_TRANSFER = "30"
UNIT_ONE = "C62"

NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

# VAT categories of EN 16931 (UNCL5305) that an agency charging no VAT uses.
EXEMPT_CATEGORY, NOT_SUBJECT_CATEGORY = "E", "O"

ET.register_namespace("", NS_INVOICE)
ET.register_namespace("cac", NS_CAC)
ET.register_namespace("cbc", NS_CBC)


@dataclass(frozen=True)
class Party:
    name: str
    street: str
    postal_code: str
    municipality: str
    country: str  # ISO 3166-1 alpha-2
    endpoint_scheme: str  # EAS code, 0208 for a Belgian enterprise number
    endpoint_id: str
    enterprise_number: str  # the legal registration (scheme 0208)
    vat_number: str = ""  # BE0123456789, empty when the party has none on the invoice
    email: str = ""


@dataclass(frozen=True)
class Line:
    name: str
    amount: Decimal
    day: date | None


@dataclass(frozen=True)
class Document:
    number: str
    issued_on: date
    due_on: date
    period_start: date
    period_end: date
    note: str
    buyer_reference: str
    seller: Party
    buyer: Party
    vat_category: str  # EXEMPT_CATEGORY or NOT_SUBJECT_CATEGORY
    vat_mention: str  # the legal mention: why no VAT is charged
    iban: str
    bic: str
    payment_reference: str
    payment_terms: str
    lines: tuple[Line, ...]
    currency: str = "EUR"

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


class _Writer:
    """Appends UBL elements in the schema's order, never an empty one."""

    def __init__(self, root: ET.Element, currency: str) -> None:
        self.root = root
        self.currency = currency

    @staticmethod
    def cbc(parent: ET.Element, name: str, text: str, **attributes: str) -> ET.Element | None:
        if not str(text).strip():
            return None
        element = ET.SubElement(parent, f"{{{NS_CBC}}}{name}", attributes)
        element.text = str(text).strip()
        return element

    @staticmethod
    def cac(parent: ET.Element, name: str) -> ET.Element:
        return ET.SubElement(parent, f"{{{NS_CAC}}}{name}")

    def amount(self, parent: ET.Element, name: str, value: Decimal) -> None:
        self.cbc(parent, name, _money(value), currencyID=self.currency)

    def period(self, parent: ET.Element, start: date, end: date) -> None:
        period = self.cac(parent, "InvoicePeriod")
        self.cbc(period, "StartDate", start.isoformat())
        self.cbc(period, "EndDate", end.isoformat())

    def party(self, parent: ET.Element, role: str, party: Party) -> None:
        element = self.cac(self.cac(parent, role), "Party")
        self.cbc(element, "EndpointID", party.endpoint_id, schemeID=party.endpoint_scheme)
        self.cbc(self.cac(element, "PartyName"), "Name", party.name)
        address = self.cac(element, "PostalAddress")
        self.cbc(address, "StreetName", party.street)
        self.cbc(address, "CityName", party.municipality)
        self.cbc(address, "PostalZone", party.postal_code)
        self.cbc(self.cac(address, "Country"), "IdentificationCode", party.country)
        if party.vat_number:
            tax_scheme = self.cac(element, "PartyTaxScheme")
            self.cbc(tax_scheme, "CompanyID", party.vat_number)
            self.cbc(self.cac(tax_scheme, "TaxScheme"), "ID", "VAT")
        legal = self.cac(element, "PartyLegalEntity")
        self.cbc(legal, "RegistrationName", party.name)
        self.cbc(legal, "CompanyID", party.enterprise_number, schemeID="0208")
        if party.email:
            self.cbc(self.cac(element, "Contact"), "ElectronicMail", party.email)

    def tax_category(self, parent: ET.Element, name: str, document: Document, *, reason: bool) -> None:
        category = self.cac(parent, name)
        self.cbc(category, "ID", document.vat_category)
        if document.vat_category == EXEMPT_CATEGORY:
            self.cbc(category, "Percent", "0")
        if reason:
            self.cbc(category, "TaxExemptionReason", document.vat_mention)
        self.cbc(self.cac(category, "TaxScheme"), "ID", "VAT")


def invoice_xml(document: Document) -> bytes:
    """The Peppol BIS Billing 3.0 UBL invoice, UTF-8 with its XML declaration."""
    if not document.lines:
        raise ValueError("An invoice has at least one line.")
    if document.vat_category not in (EXEMPT_CATEGORY, NOT_SUBJECT_CATEGORY):
        raise ValueError(f"Unsupported VAT category {document.vat_category!r}.")
    root = ET.Element(f"{{{NS_INVOICE}}}Invoice")
    w = _Writer(root, document.currency)
    w.cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    w.cbc(root, "ProfileID", PROFILE_ID)
    w.cbc(root, "ID", document.number)
    w.cbc(root, "IssueDate", document.issued_on.isoformat())
    w.cbc(root, "DueDate", document.due_on.isoformat())
    w.cbc(root, "InvoiceTypeCode", INVOICE_TYPE)
    w.cbc(root, "Note", document.note)
    w.cbc(root, "DocumentCurrencyCode", document.currency)
    w.cbc(root, "BuyerReference", document.buyer_reference or document.number)
    w.period(root, document.period_start, document.period_end)
    w.party(root, "AccountingSupplierParty", document.seller)
    w.party(root, "AccountingCustomerParty", document.buyer)

    means = w.cac(root, "PaymentMeans")
    w.cbc(means, "PaymentMeansCode", CREDIT_TRANSFER)
    w.cbc(means, "PaymentID", document.payment_reference)
    account = w.cac(means, "PayeeFinancialAccount")
    w.cbc(account, "ID", document.iban)
    w.cbc(account, "Name", document.seller.name)
    w.cbc(w.cac(account, "FinancialInstitutionBranch"), "ID", document.bic)
    w.cbc(w.cac(root, "PaymentTerms"), "Note", document.payment_terms)

    total = document.total
    tax_total = w.cac(root, "TaxTotal")
    w.amount(tax_total, "TaxAmount", Decimal("0"))
    subtotal = w.cac(tax_total, "TaxSubtotal")
    w.amount(subtotal, "TaxableAmount", total)
    w.amount(subtotal, "TaxAmount", Decimal("0"))
    w.tax_category(subtotal, "TaxCategory", document, reason=True)

    monetary = w.cac(root, "LegalMonetaryTotal")
    w.amount(monetary, "LineExtensionAmount", total)
    w.amount(monetary, "TaxExclusiveAmount", total)
    w.amount(monetary, "TaxInclusiveAmount", total)
    w.amount(monetary, "PayableAmount", total)

    for number, line in enumerate(document.lines, start=1):
        element = w.cac(root, "InvoiceLine")
        w.cbc(element, "ID", str(number))
        w.cbc(element, "InvoicedQuantity", "1", unitCode=UNIT_ONE)
        w.amount(element, "LineExtensionAmount", line.amount)
        if line.day is not None:
            w.period(element, line.day, line.day)
        item = w.cac(element, "Item")
        w.cbc(item, "Name", line.name)
        w.tax_category(item, "ClassifiedTaxCategory", document, reason=False)
        w.amount(w.cac(element, "Price"), "PriceAmount", line.amount)

    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
