"""Monthly invoices: approved sheets, late cancellations and delivered translations of the
month, each line at the tariff of its own day, traceable to its source, never invoiced
twice; a Belgian structured payment reference that validates; a Dutch PDF."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader
from stdnum.be import ogm_vcs

from haven.interpreting import selectors
from haven.interpreting.documents import invoice_pdf, invoice_rows
from haven.interpreting.invoice_lines import organisations_to_invoice, tariff_on
from haven.interpreting.models import (
    Invoice,
    InvoiceLine,
    LineKind,
    RequestStatus,
    TimesheetStatus,
    TranslationStatus,
)
from haven.interpreting.services import requests as requests_service
from haven.interpreting.services import sheets
from haven.interpreting.services.invoices import (
    cancellation_km_record,
    invoice_create,
    invoices_create_month,
    organisation_invoices_create,
)
from haven.interpreting.tests import billing_data as data
from haven.interpreting.views import invoices as invoice_views

MARCH = date(2024, 3, 1)
ISSUED = date(2024, 4, 2)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def march(db, dispatcher):
    """Two organisations' March 2024, with a new tariff from Saturday 16 March."""
    old = data.tariff(date(2018, 1, 1), name="Vlaamse regeling 2018")
    new = data.tariff(
        date(2024, 3, 16),
        name="Vlaamse regeling 2024",
        first_hour=Decimal("10.00"),
        per_quarter=Decimal("2.50"),
        per_km=Decimal("0.35"),
        late_cancellation=Decimal("9.00"),
        video_per_hour=Decimal("10.00"),
        page_informative=Decimal("30.00"),
    )
    school = data.organisation(1)
    hospital = data.organisation(2, name="AZ Sint-Lucas")
    pia, hugo = data.partner("pia", school), data.partner("hugo", hospital)
    samira = data.interpreter()
    karim = data.interpreter("karim", "Benali")
    book = lambda organisation, partner, who, when, **kw: data.booked(  # noqa: E731
        organisation, partner, who, dispatcher, when, **kw
    )

    early = data.approved(book(school, pia, samira, data.at(2024, 3, 5, 9)), pia, dispatcher, minutes=75, km="200")
    late = data.approved(
        book(school, pia, karim, data.at(2024, 3, 20, 14)), pia, dispatcher, minutes=60, km="10", waiting=10
    )
    unconfirmed = data.submitted(book(school, pia, samira, data.at(2024, 3, 21, 9)), minutes=45)
    april = data.approved(book(school, pia, samira, data.at(2024, 4, 3, 9)), pia, dispatcher)
    # Monday 25 March, cancelled on Saturday 23rd (after Friday 10:00): billed; another
    # cancelled a week ahead: free.
    billed = book(school, pia, karim, data.at(2024, 3, 25, 9)).request
    requests_service.request_cancel(request=billed, by=pia, now=data.at(2024, 3, 23, 12))
    free = book(school, pia, karim, data.at(2024, 3, 27, 9)).request
    requests_service.request_cancel(request=free, by=pia, now=data.at(2024, 3, 18, 12))
    delivered = data.translation(school, pia, samira, delivered_on=date(2024, 3, 10), pages=3)
    open_order = data.translation(
        school, pia, samira, delivered_on=date(2024, 3, 12), status=TranslationStatus.ASSIGNED
    )
    video = data.approved(
        book(hospital, hugo, samira, data.at(2024, 3, 18, 10), video=True), hugo, dispatcher, minutes=61
    )
    return locals()


def test_a_rate_change_in_the_month_gives_lines_at_both_rates(march):
    invoice = invoice_create(organisation=march["school"], month=MARCH, by=march["dispatcher"], issued_on=ISSUED)

    lines = {
        (line.kind, line.timesheet_id or line.request_id or line.translation_id): line for line in invoice.lines.all()
    }
    early, late = march["early"], march["late"]
    # 5 March, old tariff: 75 min → first hour + 1 quarter = 8 + 2; 200 km capped at 150 × 0.33
    assert lines[LineKind.INTERPRETING, early.pk].amount == Decimal("10.00")
    assert lines[LineKind.INTERPRETING, early.pk].tariff == march["old"]
    assert lines[LineKind.TRAVEL, early.pk].amount == Decimal("49.50")
    assert lines[LineKind.TRAVEL, early.pk].quantity == Decimal("150")
    # 20 March, new tariff: 60 min + 10 waiting = 70 → 10 + 2.50; 10 km × 0.35
    assert lines[LineKind.INTERPRETING, late.pk].amount == Decimal("12.50")
    assert lines[LineKind.INTERPRETING, late.pk].quantity == Decimal("70")
    assert lines[LineKind.INTERPRETING, late.pk].tariff == march["new"]
    assert lines[LineKind.TRAVEL, late.pk].amount == Decimal("3.50")
    # the late cancellation of 25 March at the new fee, the translation of 10 March at the old price
    assert lines[LineKind.CANCELLATION, march["billed"].pk].amount == Decimal("9.00")
    assert lines[LineKind.TRANSLATION, march["delivered"].pk].amount == Decimal("75.00")
    assert len(lines) == 6
    assert invoice.total == Decimal("159.50") == sum(line.amount for line in lines.values())


def test_every_line_is_traceable_to_its_source(march):
    invoice = invoice_create(organisation=march["school"], month=MARCH, by=march["dispatcher"], issued_on=ISSUED)

    for line in invoice.lines.all():
        if line.timesheet_id:
            assert line.timesheet.status == TimesheetStatus.APPROVED
            assert line.timesheet.assignment.request.organisation == march["school"]
            assert line.request_id == line.timesheet.assignment.request_id
        elif line.translation_id:
            assert line.translation.status == TranslationStatus.DELIVERED
            assert line.translation.organisation == march["school"]
        else:
            assert line.kind == LineKind.CANCELLATION
            assert line.request.status == RequestStatus.CANCELLED and line.request.cancellation_billable
        assert line.tariff is not None
    rows = {row.line.pk: row for row in invoice_rows(invoice)}
    assert all(row.day and row.source and row.person for row in rows.values())
    cancellation = next(row for row in rows.values() if row.line.kind == LineKind.CANCELLATION)
    assert cancellation.person == "Samira Benali" and cancellation.day == date(2024, 3, 25)


def test_unapproved_sheets_free_cancellations_and_open_translations_are_not_invoiced(march):
    invoice = invoice_create(organisation=march["school"], month=MARCH, by=march["dispatcher"], issued_on=ISSUED)

    invoiced = set(invoice.lines.values_list("timesheet", flat=True))
    assert march["unconfirmed"].pk not in invoiced
    assert march["april"].pk not in invoiced  # a job of the next month
    assert not invoice.lines.filter(request=march["free"]).exists()
    assert not invoice.lines.filter(translation=march["open_order"]).exists()


def test_nothing_is_invoiced_twice(march):
    first = invoice_create(organisation=march["school"], month=MARCH, by=march["dispatcher"], issued_on=ISSUED)
    with pytest.raises(ValidationError, match="already has an invoice"):
        invoice_create(organisation=march["school"], month=MARCH, by=march["dispatcher"], issued_on=ISSUED)

    # the month run makes only the hospital's; April's run puts the April job on April's
    # invoice and the March sheet approved after March was invoiced on a catch-up invoice —
    # and nothing of March's invoice again
    made = invoices_create_month(month=MARCH, by=march["dispatcher"], issued_on=ISSUED)
    assert [invoice.organisation for invoice in made] == [march["hospital"]]
    sheets.timesheet_confirm(timesheet=march["unconfirmed"], by=march["pia"])
    sheets.timesheet_approve(timesheet=march["unconfirmed"], by=march["dispatcher"])
    april, catch_up = organisation_invoices_create(
        organisation=march["school"], month=date(2024, 4, 1), by=march["dispatcher"], issued_on=date(2024, 5, 2)
    )
    assert set(april.lines.values_list("timesheet", flat=True)) == {march["april"].pk}
    assert (april.kind, april.period_start, april.period_end) == ("month", date(2024, 4, 1), date(2024, 4, 30))
    assert set(catch_up.lines.values_list("timesheet", flat=True)) == {march["unconfirmed"].pk}
    assert (catch_up.kind, catch_up.period_start, catch_up.period_end) == (
        "catch_up",
        date(2024, 3, 21),
        date(2024, 3, 31),
    )
    for kind, field in (
        (LineKind.INTERPRETING, "timesheet"),
        (LineKind.TRAVEL, "timesheet"),
        (LineKind.CANCELLATION, "request"),
        (LineKind.TRANSLATION, "translation"),
    ):
        sources = list(InvoiceLine.objects.filter(kind=kind).values_list(field, flat=True))
        assert len(sources) == len(set(sources)), kind
    assert first.number == "2024-03-0001" and made[0].number == "2024-03-0002" and april.number == "2024-04-0001"
    assert catch_up.number == "2024-04-0002"
    assert invoices_create_month(month=MARCH, by=march["dispatcher"], issued_on=ISSUED) == []


def test_the_video_job_is_billed_per_started_hour(march):
    (invoice,) = [
        invoice
        for invoice in invoices_create_month(month=MARCH, by=march["dispatcher"], issued_on=ISSUED)
        if invoice.organisation == march["hospital"]
    ]
    (line,) = invoice.lines.all()
    assert line.kind == LineKind.INTERPRETING and line.amount == Decimal("20.00")  # 61 min: 2 hours × €10


def test_an_empty_invoice_is_refused(march):
    with pytest.raises(ValidationError, match="nothing to invoice"):
        invoice_create(organisation=march["hospital"], month=date(2024, 2, 1), by=march["dispatcher"], issued_on=ISSUED)
    assert not Invoice.objects.exists()


def test_only_the_dispatcher_invoices(march):
    with pytest.raises(PermissionDenied):
        invoice_create(organisation=march["school"], month=MARCH, by=march["pia"], issued_on=ISSUED)


def test_the_payment_reference_is_a_valid_structured_communication(march):
    invoice = invoice_create(organisation=march["school"], month=MARCH, by=march["dispatcher"], issued_on=ISSUED)

    assert ogm_vcs.is_valid(invoice.payment_reference)
    digits = ogm_vcs.compact(invoice.payment_reference)
    assert digits[:10] == "2024030001"
    assert digits[10:] == ogm_vcs.calc_check_digits("2024030001") == f"{2024030001 % 97:02d}"
    assert invoice.payment_reference == f"+++{ogm_vcs.format(digits)}+++"


def test_tariff_on_takes_the_latest_valid_from(march):
    assert tariff_on(date(2024, 3, 15)) == march["old"]
    assert tariff_on(date(2024, 3, 16)) == march["new"]
    with pytest.raises(ValidationError, match="No tariff"):
        tariff_on(date(2017, 12, 31))


def test_a_job_before_any_tariff_stops_the_invoice(march):
    early = data.approved(
        data.booked(march["hospital"], march["hugo"], march["karim"], march["dispatcher"], data.at(2017, 6, 1, 10)),
        march["hugo"],
        march["dispatcher"],
    )
    with pytest.raises(ValidationError, match="01/06/2017"):
        invoice_create(
            organisation=march["hospital"], month=date(2017, 6, 1), by=march["dispatcher"], issued_on=date(2017, 7, 1)
        )
    assert early.pk


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_holds_the_number_reference_and_each_lines_source(march):
    invoice = invoice_create(organisation=march["school"], month=MARCH, by=march["dispatcher"], issued_on=ISSUED)

    pdf = invoice_pdf(invoice)

    assert pdf.startswith(b"%PDF")
    text = " ".join(_pdf_text(pdf).split())  # names and texts wrap in the table's columns
    assert invoice.number in text and invoice.payment_reference in text
    assert march["school"].name in text and "02/04/2024" in text
    assert "05/03/2024" in text and "20/03/2024" in text and "25/03/2024" in text and "10/03/2024" in text
    assert "Samira Haddad" in text and "Samira Benali" in text
    with translation.override("nl"):
        source = gettext("request %(request)s, sheet %(sheet)s") % {
            "request": march["early"].assignment.request_id,
            "sheet": march["early"].pk,
        }
    assert source in text
    assert "159,50" in text  # Belgian number format: the invoice is Dutch


# Pages -------------------------------------------------------------------------------------


def test_the_partner_reads_and_downloads_only_their_invoices(march):
    school_invoice = invoice_create(organisation=march["school"], month=MARCH, by=march["dispatcher"], issued_on=ISSUED)
    (hospital_invoice,) = invoices_create_month(month=MARCH, by=march["dispatcher"], issued_on=ISSUED)
    pia = client_of(march["pia"])

    listing = pia.get(reverse("interpreting:invoices")).content.decode()
    assert school_invoice.number in listing and hospital_invoice.number not in listing
    pdf = pia.get(reverse("interpreting:invoice_pdf", args=[school_invoice.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]).startswith(b"%PDF")
    assert pia.get(reverse("interpreting:invoice", args=[school_invoice.pk])).status_code == 200
    assert pia.get(reverse("interpreting:invoice", args=[hospital_invoice.pk])).status_code == 404
    assert pia.get(reverse("interpreting:invoice_pdf", args=[hospital_invoice.pk])).status_code == 404
    assert client_of(march["samira"].user).get(reverse("interpreting:invoices")).status_code == 403


def test_the_dispatcher_makes_the_months_invoices_with_the_button(march):
    client = client_of(march["dispatcher"])
    page = client.get(reverse("interpreting:invoices") + "?month=03/2024")
    assert page.context["to_invoice"] == [march["hospital"], march["school"]]

    unconfirmed = client.post(reverse("interpreting:invoice_month_create"), {"month": "03/2024"})
    assert unconfirmed.status_code == 302 and "/invoices/confirm/" in unconfirmed["Location"]
    assert not Invoice.objects.exists()
    confirm = client.get(unconfirmed["Location"])
    preview = confirm.context["preview"]
    assert (preview.organisations, preview.catch_up_lines) == (2, 0)
    assert b"Yes, invoice 2 organisations" in confirm.content

    response = client.post(reverse("interpreting:invoice_month_create"), {"month": "03/2024", "confirmed": "yes"})

    assert response.status_code == 302
    # the confirmation stated exactly what was billed
    assert preview.month_lines == InvoiceLine.objects.count()
    assert preview.amount == sum(invoice.total for invoice in Invoice.objects.all())
    assert set(Invoice.objects.values_list("organisation", flat=True)) == {march["school"].pk, march["hospital"].pk}
    listing = client.get(response["Location"]).content.decode()
    assert "2024-03-0001" in listing and "2024-03-0002" in listing
    assert (
        client_of(march["pia"]).post(reverse("interpreting:invoice_month_create"), {"month": "03/2024"}).status_code
        == 403
    )


def test_the_invoice_list_runs_a_fixed_number_of_queries(march, django_assert_num_queries):
    client = client_of(march["dispatcher"])
    url = reverse("interpreting:invoices") + "?month=03/2024"
    invoices_create_month(month=MARCH, by=march["dispatcher"], issued_on=ISSUED)
    client.get(url)
    with CaptureQueriesContext(connection) as two_rows:
        client.get(url)
    for seed in range(3, 11):
        organisation = data.organisation(seed, name=f"Organisatie {seed}")
        data.translation(organisation, march["pia"], march["samira"], delivered_on=date(2024, 3, 8))
    invoices_create_month(month=MARCH, by=march["dispatcher"], issued_on=ISSUED)
    with django_assert_num_queries(len(two_rows)):
        page = client.get(url)
    assert page.context["page"].paginator.count == 10


def test_the_invoice_detail_page_lists_the_sources(march):
    invoice = invoice_create(organisation=march["school"], month=MARCH, by=march["dispatcher"], issued_on=ISSUED)
    page = client_of(march["dispatcher"]).get(reverse("interpreting:invoice", args=[invoice.pk])).content.decode()
    assert invoice.payment_reference in page and "Samira Benali" in page
    assert f"{invoice.total:.2f}".replace(".", ",") in page or f"{invoice.total:.2f}" in page


# Late cancellations: the fee plus the km of the trip ------------------------------------------


def _school_line(march, request):
    invoice = invoice_create(organisation=march["school"], month=MARCH, by=march["dispatcher"], issued_on=ISSUED)
    return invoice, invoice.lines.get(kind=LineKind.CANCELLATION, request=request)


def test_a_late_cancellation_is_billed_with_the_km_recorded(march, settings):
    settings.LANGUAGE_CODE = "nl"  # Dutch input and texts, as the interface
    # Tuesday 12 March, cancelled an hour ahead, at the old tariff: €8 + 20 km × €0.33
    early = data.late_cancelled(
        march["school"], march["pia"], march["samira"], march["dispatcher"], data.at(2024, 3, 12, 9)
    )
    assert early.cancellation_billable and early.cancellation_km == 0
    cancellation_km_record(request=early, km=Decimal("20"), by=march["dispatcher"])
    # 25 March, at the new tariff: €9 + the 150 km cap × €0.35
    cancellation_km_record(request=march["billed"], km="212.5", by=march["dispatcher"])

    invoice, line = _school_line(march, early)
    assert line.amount == Decimal("14.60") == Decimal("8.00") + Decimal("6.60")
    assert line.quantity == Decimal(1) and line.tariff == march["old"]
    # The invoice's lines are in Dutch: the km recorded and paid are in the text.
    assert "20,0 km geregistreerd, 20,0 km betaald (maximaal 150 km)" in line.description
    capped = invoice.lines.get(kind=LineKind.CANCELLATION, request=march["billed"])
    assert capped.amount == Decimal("61.50") and "212,5" in capped.description and "150,0" in capped.description
    assert invoice.total == Decimal("159.50") - Decimal("9.00") + Decimal("14.60") + Decimal("61.50")


def test_a_late_cancellation_without_km_is_the_fee_alone(march):
    _, line = _school_line(march, march["billed"])
    assert line.amount == Decimal("9.00") and "km" not in line.description


def test_the_km_no_longer_change_once_invoiced(march):
    cancellation_km_record(request=march["billed"], km=10, by=march["dispatcher"])
    _, line = _school_line(march, march["billed"])
    assert line.amount == Decimal("12.50")

    with pytest.raises(ValidationError, match="already invoiced"):
        cancellation_km_record(request=march["billed"], km=30, by=march["dispatcher"])
    march["billed"].refresh_from_db()
    assert march["billed"].cancellation_km == Decimal("10.0")
    line.refresh_from_db()
    assert line.amount == Decimal("12.50")


def test_only_the_dispatcher_records_the_km_of_a_cancellation(march):
    for user in (march["pia"], march["hugo"], march["samira"].user, march["karim"].user):
        with pytest.raises(PermissionDenied):
            cancellation_km_record(request=march["billed"], km=20, by=user)
    march["billed"].refresh_from_db()
    assert march["billed"].cancellation_km == 0


@pytest.mark.parametrize("km", ["-1", "400.1", "1e9", "NaN", "twelve"])
def test_implausible_km_of_a_cancellation_are_refused(march, km):
    with pytest.raises(ValidationError) as error:
        cancellation_km_record(request=march["billed"], km=km, by=march["dispatcher"])
    assert "km" in error.value.message_dict


def test_the_limits_of_the_km_are_accepted(march):
    assert cancellation_km_record(request=march["billed"], km="400", by=march["dispatcher"]).cancellation_km == 400
    assert cancellation_km_record(request=march["billed"], km=0, by=march["dispatcher"]).cancellation_km == 0


def test_km_are_recorded_only_for_a_billed_cancellation_on_site(march):
    with pytest.raises(ValidationError, match="Only a late cancellation"):
        cancellation_km_record(request=march["free"], km=20, by=march["dispatcher"])
    active = data.booked(
        march["school"], march["pia"], march["samira"], march["dispatcher"], data.at(2024, 3, 28, 9)
    ).request
    with pytest.raises(ValidationError, match="Only a late cancellation"):
        cancellation_km_record(request=active, km=20, by=march["dispatcher"])
    video = data.late_cancelled(
        march["hospital"], march["hugo"], march["samira"], march["dispatcher"], data.at(2024, 3, 19, 10), video=True
    )
    with pytest.raises(ValidationError, match="no travel"):
        cancellation_km_record(request=video, km=20, by=march["dispatcher"])
    assert cancellation_km_record(request=video, km=0, by=march["dispatcher"]).cancellation_km == 0


def test_the_pdf_shows_the_km_of_a_late_cancellation(march):
    cancellation_km_record(request=march["billed"], km="37.5", by=march["dispatcher"])
    invoice, line = _school_line(march, march["billed"])
    text = " ".join(_pdf_text(invoice_pdf(invoice)).split())
    assert "37,5 km" in text
    assert f"{line.amount:.2f}".replace(".", ",") == "22,13" and "22,13" in text  # 9 + 37.5 × 0.35 = 22.125


# The page of late cancellations ---------------------------------------------------------------


def test_the_dispatcher_records_km_on_the_page_of_late_cancellations(march, settings):
    settings.LANGUAGE_CODE = "nl"  # Dutch input and texts, as the interface
    client = client_of(march["dispatcher"])
    url = reverse("interpreting:cancellations") + "?month=03/2024"
    page = client.get(url)
    assert page.status_code == 200
    assert [row["job"] for row in page.context["rows"]] == [march["billed"]]  # not the free one
    assert page.context["rows"][0]["interpreter"] == "Samira Benali"

    response = client.post(url, {"request": march["billed"].pk, "km": "23,5"})

    assert response.status_code == 302 and response["Location"].endswith("?month=03%2F2024")
    march["billed"].refresh_from_db()
    assert march["billed"].cancellation_km == Decimal("23.5")
    assert 'value="23,5"' in client.get(url).content.decode()


def test_the_page_refuses_implausible_km_on_the_row(march):
    client = client_of(march["dispatcher"])
    url = reverse("interpreting:cancellations") + "?month=03/2024"
    response = client.post(url, {"request": march["billed"].pk, "km": "401"})
    assert response.status_code == 400
    assert f'id="id_km_{march["billed"].pk}-error"' in response.content.decode()
    march["billed"].refresh_from_db()
    assert march["billed"].cancellation_km == 0


def test_an_invoiced_cancellation_leaves_the_page_and_is_not_changed_through_it(march):
    invoice_create(organisation=march["school"], month=MARCH, by=march["dispatcher"], issued_on=ISSUED)
    client = client_of(march["dispatcher"])
    url = reverse("interpreting:cancellations") + "?month=03/2024"
    assert client.get(url).context["rows"] == []
    response = client.post(url, {"request": march["billed"].pk, "km": "20"})
    assert response.status_code == 302
    march["billed"].refresh_from_db()
    assert march["billed"].cancellation_km == 0


def test_partners_and_interpreters_do_not_record_km(march):
    url = reverse("interpreting:cancellations") + "?month=03/2024"
    for user in (march["pia"], march["hugo"], march["samira"].user, march["karim"].user):
        client = client_of(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"request": march["billed"].pk, "km": "20"}).status_code == 403
    march["billed"].refresh_from_db()
    assert march["billed"].cancellation_km == 0


def test_the_page_of_late_cancellations_runs_a_fixed_number_of_queries(march, django_assert_num_queries):
    client = client_of(march["dispatcher"])
    url = reverse("interpreting:cancellations") + "?month=03/2024"
    with CaptureQueriesContext(connection) as one_row:
        client.get(url)
    for day in (4, 5, 6, 7):
        data.late_cancelled(
            march["hospital"], march["hugo"], march["karim"], march["dispatcher"], data.at(2024, 3, day, 15)
        )
    with django_assert_num_queries(len(one_row)):
        page = client.get(url)
    assert len(page.context["rows"]) == 5


def test_still_to_invoice_is_the_billing_rule_walked_by_name(march):
    """The page's list (one limited query) names the organisations the month's invoicing
    would invoice, in name order, and drops one once it has its invoice."""
    assert selectors.organisations_to_invoice(MARCH, limit=10) == (organisations_to_invoice(MARCH), False)
    assert selectors.organisations_to_invoice(MARCH, limit=1) == ([march["hospital"]], True)
    invoice_create(organisation=march["hospital"], month=MARCH, by=march["dispatcher"], issued_on=ISSUED)
    assert selectors.organisations_to_invoice(MARCH, limit=10) == ([march["school"]], False)
    assert selectors.organisations_to_invoice(date(2018, 1, 1), limit=10) == ([], False)


def test_the_invoice_page_names_the_first_organisations_still_to_invoice(march, monkeypatch, settings):
    settings.LANGUAGE_CODE = "en"
    monkeypatch.setattr(invoice_views, "TO_INVOICE_SHOWN", 2)
    for seed in range(3, 6):
        organisation = data.organisation(seed, name=f"Zorgcentrum {seed}")
        data.translation(organisation, march["pia"], march["samira"], delivered_on=date(2024, 3, 8))
    page = client_of(march["dispatcher"]).get(reverse("interpreting:invoices") + "?month=03/2024")
    assert page.context["to_invoice"] == [march["hospital"], march["school"]]
    assert page.context["to_invoice_more"]
    assert "More than 2 organisations" in page.content.decode()


def test_still_to_invoice_runs_a_fixed_number_of_queries(march, django_assert_num_queries):
    client = client_of(march["dispatcher"])
    url = reverse("interpreting:invoices") + "?month=03/2024"
    client.get(url)
    with CaptureQueriesContext(connection) as two_organisations:
        client.get(url)
    for seed in range(3, 30):
        organisation = data.organisation(seed, name=f"Organisatie {seed}")
        data.translation(organisation, march["pia"], march["samira"], delivered_on=date(2024, 3, 8))
    with django_assert_num_queries(len(two_organisations)):
        page = client.get(url)
    assert len(page.context["to_invoice"]) == invoice_views.TO_INVOICE_SHOWN and page.context["to_invoice_more"]


# The whole month's run at once ------------------------------------------------------------


def _line_made(line) -> tuple:
    sources = (line.timesheet_id, line.request_id, line.translation_id, line.tariff_id)
    return (line.kind, line.description, line.quantity, line.unit, line.amount, *sources)


def _made(invoices) -> list[tuple]:
    """What the invoices are, without their ids: number, organisation, kind, period, dates,
    total, reference and every line with its source."""
    return [
        (
            invoice.number,
            invoice.organisation_id,
            invoice.kind,
            invoice.period_start,
            invoice.period_end,
            invoice.issued_on,
            invoice.due_on,
            invoice.total,
            invoice.payment_reference,
            [_line_made(line) for line in InvoiceLine.objects.filter(invoice=invoice).order_by("id")],
        )
        for invoice in sorted(invoices, key=lambda invoice: invoice.number)
    ]


def _april_run(march, whole: bool) -> tuple[list[tuple], int]:
    """April's run (every March row waits for its catch-up invoice), as the whole run or
    organisation by organisation; rolled back after. Returns what it made and its queries."""
    april, issued = date(2024, 4, 1), date(2024, 5, 2)
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            if whole:
                invoices = invoices_create_month(month=april, by=march["dispatcher"], issued_on=issued)
            else:
                invoices = [
                    invoice
                    for organisation in organisations_to_invoice(april)
                    for invoice in organisation_invoices_create(
                        organisation=organisation, month=april, by=march["dispatcher"], issued_on=issued
                    )
                ]
        made = _made(invoices)
        transaction.set_rollback(True)
    return made, len(queries)


def test_the_whole_months_run_makes_what_the_run_per_organisation_makes(march):
    sheets.timesheet_confirm(timesheet=march["unconfirmed"], by=march["pia"])
    sheets.timesheet_approve(timesheet=march["unconfirmed"], by=march["dispatcher"])

    whole, _queries = _april_run(march, whole=True)
    one_by_one, _queries = _april_run(march, whole=False)

    assert whole == one_by_one
    # the school's April invoice and catch-up invoice, the hospital's catch-up invoice
    assert [(number, kind) for number, _o, kind, *_rest in whole] == [
        ("2024-04-0001", "catch_up"),
        ("2024-04-0002", "month"),
        ("2024-04-0003", "catch_up"),
    ]
    assert sum(len(invoice[-1]) for invoice in whole) == 9


def test_the_whole_months_run_does_not_query_per_organisation(march):
    _made_before, before = _april_run(march, whole=True)
    for seed in (3, 4, 5):
        school = data.organisation(seed, name=f"Basisschool {seed}")
        partner = data.partner(f"partner{seed}", school)
        start = data.at(2024, 4, 2 + seed, 10)
        data.approved(
            data.booked(school, partner, march["karim"], march["dispatcher"], start), partner, march["dispatcher"]
        )
        data.translation(school, partner, march["samira"], delivered_on=date(2024, 4, 10 + seed), pages=2)

    made, after = _april_run(march, whole=True)

    assert len(made) == len(_made_before) + 3
    assert after == before
