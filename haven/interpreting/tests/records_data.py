"""One partner organisation's interpreting records of every kind, for the API tests and the
access matrix's world (tests/access/world.py)."""

from datetime import date, timedelta
from decimal import Decimal

from haven.interpreting.models import Assignment, Invoice, InvoiceLine, Timesheet
from haven.interpreting.services import requests as requests_service
from haven.interpreting.services import sheets, translations
from haven.interpreting.tests import translations_data as data


def past_booking(organisation, partner, interpreter, dispatcher, *, days_ago: int, hour: int) -> Assignment:
    """A job booked (by hand, within the hard rules) for ``hour`` o'clock, Brussels time,
    ``days_ago`` days ago: a fixed hour, never one that depends on when the test runs (a job
    at night, or across midnight, is outside any interpreter's availability)."""
    starts_at = data.future(-days_ago, hour)
    request = data.job(organisation, partner, starts_at)
    return requests_service.booking_create(
        request=request, interpreter=interpreter, by=dispatcher, now=starts_at - timedelta(days=5)
    )


def submitted_sheet(assignment: Assignment) -> Timesheet:
    return sheets.timesheet_submit(
        assignment=assignment,
        by=assignment.interpreter.user,
        values={
            "actual_start": assignment.starts_at,
            "actual_end": assignment.starts_at + timedelta(minutes=60),
            "waiting_minutes": 0,
            "travel_km": Decimal("12"),
        },
    )


def invoice_with_a_line(organisation, dispatcher, number: int, month: date = date(2026, 1, 1)) -> Invoice:
    invoice = Invoice.objects.create(
        organisation=organisation,
        month=month,
        number=f"2026-{number:05d}",
        payment_reference=f"+++000/0000/{number:05d}+++",
        issued_on=date(2026, 2, 1),
        due_on=date(2026, 3, 3),
        period_start=month,
        period_end=(month + timedelta(days=31)).replace(day=1) - timedelta(days=1),
        total=Decimal("10.00"),
        created_by=dispatcher,
    )
    InvoiceLine.objects.create(
        invoice=invoice,
        kind="translation",
        description="Vertaling",
        quantity=Decimal("1"),
        unit="page",
        amount=Decimal("10.00"),
    )
    return invoice


def organisation_records(organisation, partner, dispatcher, interpreter, translator, *, offset: int) -> dict:
    """One organisation's records: an open request, a booked one, a proposed assignment, a
    past job without a sheet and one with a submitted sheet, a translation requested and one
    delivered, an invoice."""
    open_request = data.job(organisation, partner, data.future(14, 8 + offset))
    booked = requests_service.booking_create(
        request=data.job(organisation, partner, data.future(15, 8 + offset)), interpreter=interpreter, by=dispatcher
    )
    proposed_request = data.job(organisation, partner, data.future(16, 8 + offset))
    proposed = Assignment.objects.create(
        request=proposed_request,
        interpreter=interpreter,
        starts_at=proposed_request.starts_at,
        ends_at=proposed_request.ends_at,
    )
    past = past_booking(organisation, partner, interpreter, dispatcher, days_ago=2, hour=9 + 2 * offset)
    sheet = submitted_sheet(
        past_booking(organisation, partner, interpreter, dispatcher, days_ago=3, hour=9 + 2 * offset)
    )
    requested = data.order(organisation, partner, title=f"Brief {organisation.name}")
    delivered = data.order(organisation, partner, translator_=translator)
    translations.translation_deliver(order=delivered, by=dispatcher, file=data.upload())
    return {
        "request": open_request.pk,
        "booked_request": booked.request_id,
        "assignment": booked.pk,
        "proposed": proposed.pk,
        "past_assignment": past.pk,
        "timesheet": sheet.pk,
        "translation": requested.pk,
        "delivered": delivered.pk,
        "invoice": invoice_with_a_line(organisation, dispatcher, 1 + offset).pk,
    }
