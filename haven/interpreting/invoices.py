"""Monthly invoices to partner organisations, their numbers, structured payment references
and PDFs.

- **What is invoiced.** For an organisation and a month: every *approved* performance sheet
  (an interpreting line, plus a travel line when km were recorded), every late-cancelled
  request (``cancellation_billable``) and every *delivered* translation order, of that
  month — and of earlier months when they were not invoiced yet (a sheet approved after
  its month's invoice was made goes on the next one, with its own date and tariff, rather
  than being lost). A row that has an invoice line is never invoiced again.
- **Which tariff.** Each line takes the tariff valid on *its* day (the latest
  ``valid_from`` on or before it): a rate change in the middle of a month gives lines at
  both rates. The day of a sheet is the day the job really started (Brussels), of a
  cancellation the day of the booked job, of a translation the day it was delivered.
- **Numbers.** ``YYYY-MM-NNNN``: the month invoiced and the invoice's sequence within that
  month (0001, 0002, …). One invoice per organisation and month (a database constraint).
- **Payment reference.** The Belgian structured communication (OGM-VCS,
  ``+++123/4567/89012+++``): the ten digits ``YYYYMMNNNN`` of the number, plus the two
  check digits of ``stdnum.be.ogm_vcs`` — unique because the number is, and a bank can
  read the invoice back out of a payment.
- **Late cancellations** are the fixed fee plus the travel the interpreter made (or had to
  make) for the job, capped like any travel: ``cancellation_km``, which the dispatcher
  records with ``cancellation_km_record`` until the cancellation is invoiced. The line's
  text names the km recorded and paid, so the invoice and its PDF show them.
- **Line texts** are written in Dutch when the invoice is made (the invoice is a Dutch
  document, like the PDF); the source of each line (date, request or translation,
  interpreter) is read from its links, so every line stays traceable.
"""

import bisect
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.be import ogm_vcs

from haven.interpreting import billing
from haven.interpreting.access import is_dispatcher
from haven.interpreting.models import (
    Assignment,
    InterpretingRequest,
    Invoice,
    InvoiceLine,
    LineKind,
    Modality,
    Organisation,
    RequestStatus,
    Tariff,
    Timesheet,
    TimesheetStatus,
    TranslationOrder,
    TranslationStatus,
)
from haven.interpreting.workdays import BRUSSELS

# The agency that issues the invoices (as on the NT2 documents: one agency per installation).
AGENCY_NAME = "IN-Gent vzw"
DOCUMENT_LANGUAGE = "nl"
PAYMENT_DAYS = 30

# Units are stored as keys and shown translated.
MINUTES, HOURS, KM, PAGES, CANCELLATION = "min", "h", "km", "pages", "cancellation"
UNIT_LABELS = {
    MINUTES: gettext_lazy("minutes"),
    HOURS: gettext_lazy("hours"),
    KM: gettext_lazy("km"),
    PAGES: gettext_lazy("pages"),
    CANCELLATION: gettext_lazy("cancellation"),
}


# Months -------------------------------------------------------------------------------------


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    if month.year == date.max.year and month.month == 12:  # no month after the calendar's last
        return date.max
    return (first_of_month(month) + timedelta(days=32)).replace(day=1)


def _month_end(month: date) -> datetime:
    """The first moment after the month, in Brussels."""
    return datetime.combine(next_month(month), time(0), tzinfo=BRUSSELS)


def local_day(moment: datetime) -> date:
    return moment.astimezone(BRUSSELS).date()


# Tariffs ------------------------------------------------------------------------------------


def rates_of(tariff: Tariff) -> billing.Rates:
    return billing.Rates(
        first_hour=tariff.first_hour,
        per_quarter=tariff.per_quarter,
        per_km=tariff.per_km,
        km_cap=tariff.km_cap,
        late_cancellation=tariff.late_cancellation,
        video_per_hour=tariff.video_per_hour,
        page_informative=tariff.page_informative,
        page_official=tariff.page_official,
    )


def _no_tariff(day: date) -> ValidationError:
    return ValidationError(
        _("No tariff is valid on %(day)s; add one that starts on or before that day."),
        params={"day": day.strftime("%d/%m/%Y")},
        code="no_tariff",
    )


def tariff_on(day: date) -> Tariff:
    """The tariff valid on ``day``: the one with the latest ``valid_from`` on or before it."""
    tariff = Tariff.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if tariff is None:
        raise _no_tariff(day)
    return tariff


class _TariffBook:
    """Every tariff, loaded once, looked up by day (an invoice has many lines)."""

    def __init__(self):
        self.tariffs = list(Tariff.objects.order_by("valid_from"))
        self.starts = [tariff.valid_from for tariff in self.tariffs]

    def on(self, day: date) -> Tariff:
        index = bisect.bisect_right(self.starts, day) - 1
        if index < 0:
            raise _no_tariff(day)
        return self.tariffs[index]


# What is still to invoice --------------------------------------------------------------------


def _invoiced(field: str):
    return InvoiceLine.objects.filter(**{f"{field}__isnull": False}).values(field)


def billable_timesheets(month: date):
    """Approved sheets of jobs up to the end of ``month`` that are on no invoice yet."""
    return Timesheet.objects.filter(status=TimesheetStatus.APPROVED, actual_start__lt=_month_end(month)).exclude(
        pk__in=_invoiced("timesheet")
    )


def billable_cancellations(month: date):
    """Late-cancelled requests of jobs up to the end of ``month``, on no invoice yet."""
    return InterpretingRequest.objects.filter(
        status=RequestStatus.CANCELLED, cancellation_billable=True, starts_at__lt=_month_end(month)
    ).exclude(pk__in=_invoiced("request"))


def billable_translations(month: date):
    """Translations delivered up to the end of ``month``, on no invoice yet."""
    return TranslationOrder.objects.filter(
        status=TranslationStatus.DELIVERED, delivered_on__lt=next_month(month)
    ).exclude(pk__in=_invoiced("translation"))


# Line texts (written in Dutch when the invoice is made) ---------------------------------------


def _when(moment: datetime) -> str:
    return moment.astimezone(BRUSSELS).strftime("%d/%m/%Y %H:%M")


def _interpreting_text(sheet: Timesheet, minutes: int, video: bool) -> str:
    request = sheet.assignment.request
    values = {
        "language": request.language.name,
        "start": _when(sheet.actual_start),
        "end": sheet.actual_end.astimezone(BRUSSELS).strftime("%H:%M"),
        "waiting": sheet.waiting_minutes,
        "minutes": minutes,
    }
    if video:
        values["hours"] = billing.started_hours(minutes)
        text = (
            _(
                "Interpreting %(language)s by video, %(start)s–%(end)s, waiting %(waiting)s min: "
                "%(minutes)s min, %(hours)s started hour(s)"
            )
            % values
        )
    else:
        values["quarters"] = billing.extra_quarters(minutes)
        if values["quarters"]:
            text = (
                _(
                    "Interpreting %(language)s on site, %(start)s–%(end)s, waiting %(waiting)s min: "
                    "%(minutes)s min, first hour + %(quarters)s started quarter(s)"
                )
                % values
            )
        else:
            text = (
                _(
                    "Interpreting %(language)s on site, %(start)s–%(end)s, waiting %(waiting)s min: "
                    "%(minutes)s min, first hour"
                )
                % values
            )
    return text[:200]


def _travel_text(sheet: Timesheet, paid: Decimal, cap: int) -> str:
    return (
        _("Travel: %(km)s km recorded, %(paid)s km paid (at most %(cap)s km per job)")
        % {"km": formats.localize(sheet.travel_km), "paid": formats.localize(paid.quantize(Decimal("0.1"))), "cap": cap}
    )[:200]


def _cancellation_text(request: InterpretingRequest, paid: Decimal, cap: int) -> str:
    values = {
        "language": request.language.name[:40],
        "start": _when(request.starts_at),
        "cancelled": _when(request.cancelled_at) if request.cancelled_at else "—",
    }
    if not request.cancellation_km:
        return (_("Late cancellation: interpreting %(language)s on %(start)s, cancelled on %(cancelled)s") % values)[
            :200
        ]
    values.update(
        km=formats.localize(request.cancellation_km), paid=formats.localize(paid.quantize(Decimal("0.1"))), cap=cap
    )
    return (
        _(
            "Late cancellation: interpreting %(language)s on %(start)s, cancelled on %(cancelled)s; "
            "travel %(km)s km recorded, %(paid)s km paid (at most %(cap)s km)"
        )
        % values
    )[:200]


def _translation_text(order: TranslationOrder) -> str:
    return (
        _("Translation (%(kind)s) %(source)s → %(target)s: %(title)s")
        % {
            "kind": order.get_kind_display(),
            "source": order.source_language.name,
            "target": order.target_language.name,
            "title": order.title,
        }
    )[:200]


# Invoices -----------------------------------------------------------------------------------


def _lines(organisation: Organisation, month: date, book: _TariffBook) -> list[InvoiceLine]:
    lines: list[InvoiceLine] = []
    sheets = (
        billable_timesheets(month)
        .filter(assignment__request__organisation=organisation)
        .select_related("assignment__request__language")
        .select_for_update(of=("self",))
        .order_by("actual_start", "id")
    )
    for sheet in sheets:
        request = sheet.assignment.request
        tariff = book.on(local_day(sheet.actual_start))
        rates = rates_of(tariff)
        video = request.modality == Modality.VIDEO
        minutes = billing.billed_minutes(sheet.minutes, sheet.waiting_minutes)
        lines.append(
            InvoiceLine(
                kind=LineKind.INTERPRETING,
                description=_interpreting_text(sheet, minutes, video),
                quantity=Decimal(minutes),
                unit=MINUTES,
                amount=billing.interpreting_amount(minutes, rates, video=video),
                timesheet=sheet,
                request=request,
                tariff=tariff,
            )
        )
        if sheet.travel_km and not video:
            paid = billing.billed_km(sheet.travel_km, rates)
            lines.append(
                InvoiceLine(
                    kind=LineKind.TRAVEL,
                    description=_travel_text(sheet, paid, rates.km_cap),
                    quantity=paid,
                    unit=KM,
                    amount=billing.travel_amount(sheet.travel_km, rates),
                    timesheet=sheet,
                    request=request,
                    tariff=tariff,
                )
            )
    cancellations = (
        billable_cancellations(month)
        .filter(organisation=organisation)
        .select_related("language")
        .select_for_update(of=("self",))
        .order_by("starts_at", "id")
    )
    for request in cancellations:
        tariff = book.on(local_day(request.starts_at))
        rates = rates_of(tariff)
        # The fixed fee plus the travel recorded for the cancelled trip (0 km: the fee only).
        lines.append(
            InvoiceLine(
                kind=LineKind.CANCELLATION,
                description=_cancellation_text(
                    request, billing.billed_km(request.cancellation_km, rates), rates.km_cap
                ),
                quantity=Decimal(1),
                unit=CANCELLATION,
                amount=billing.late_cancellation_amount(request.cancellation_km, rates),
                request=request,
                tariff=tariff,
            )
        )
    translations = (
        billable_translations(month)
        .filter(organisation=organisation)
        .select_related("source_language", "target_language")
        .select_for_update(of=("self",))
        .order_by("delivered_on", "id")
    )
    for order in translations:
        tariff = book.on(order.delivered_on)
        lines.append(
            InvoiceLine(
                kind=LineKind.TRANSLATION,
                description=_translation_text(order),
                quantity=Decimal(order.pages),
                unit=PAGES,
                amount=billing.translation_amount(order.pages, order.kind, rates_of(tariff)),
                translation=order,
                tariff=tariff,
            )
        )
    return lines


def _next_number(month: date) -> str:
    prefix = month.strftime("%Y-%m-")
    numbers = Invoice.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    sequence = max((int(number[len(prefix) :]) for number in numbers), default=0) + 1
    if sequence > 9999:
        raise ValidationError(_("A month has at most 9999 invoices."))
    return f"{prefix}{sequence:04d}"


def payment_reference(number: str) -> str:
    """The structured communication of an invoice number ``YYYY-MM-NNNN``."""
    base = number.replace("-", "")
    if len(base) != 10 or not base.isdigit():
        raise ValueError(f"Not an invoice number: {number}")
    return f"+++{ogm_vcs.format(base + ogm_vcs.calc_check_digits(base))}+++"


@transaction.atomic
def invoice_create(*, organisation: Organisation, month: date, by, issued_on: date | None = None) -> Invoice:
    """The invoice of one organisation for one month (see the module's notes); refused when
    it exists already or would be empty."""
    if not is_dispatcher(by):
        raise PermissionDenied
    month = first_of_month(month)
    issued_on = issued_on or timezone.localdate()
    if issued_on < month:
        raise ValidationError(_("An invoice is issued on or after the first day of its month."))
    # One invoicing of an organisation at a time: its row is locked while the lines are
    # chosen, so a sheet, cancellation or translation can never be billed twice (the
    # InvoiceLine constraints are the last guard).
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if Invoice.objects.filter(organisation=organisation, month=month).exists():
        raise ValidationError(_("This organisation already has an invoice for this month."))
    with translation.override(DOCUMENT_LANGUAGE):
        lines = _lines(organisation, month, _TariffBook())
    if not lines:
        raise ValidationError(_("There is nothing to invoice to this organisation for this month."))
    total = sum((line.amount for line in lines), Decimal("0.00"))
    for _attempt in range(5):  # another organisation's invoice may take the number meanwhile
        number = _next_number(month)
        invoice = Invoice(
            organisation=organisation,
            month=month,
            number=number,
            payment_reference=payment_reference(number),
            issued_on=issued_on,
            total=total,
            created_by=by,
        )
        invoice.full_clean(exclude=["number", "payment_reference"])
        try:
            with transaction.atomic():
                invoice.save()
            break
        except IntegrityError:
            continue
    else:
        raise ValidationError(_("Invoices are being made at the same moment; try again."))
    for line in lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(lines)
    return invoice


# The km of a late cancellation ---------------------------------------------------------------

# As on a performance sheet: more for one job is a typing error.
MAX_CANCELLATION_KM = Decimal("400")


def cancellation_invoiced(request: InterpretingRequest) -> bool:
    return InvoiceLine.objects.filter(request=request, kind=LineKind.CANCELLATION).exists()


@transaction.atomic
def cancellation_km_record(*, request: InterpretingRequest, km, by) -> InterpretingRequest:
    """The dispatcher records the km of the trip the interpreter made (or had to make) for a
    job cancelled late; they are billed with its fee. Refused once the cancellation is on
    an invoice (an invoice does not change), for a free cancellation and for a video job."""
    if not is_dispatcher(by):
        raise PermissionDenied
    # Locked like invoice_create locks it: recording and invoicing one after the other.
    request = InterpretingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.CANCELLED or not request.cancellation_billable:
        raise ValidationError(_("Only a late cancellation, which is billed, has travel to record."))
    if cancellation_invoiced(request):
        raise ValidationError(_("This cancellation is already invoiced; its km no longer change."))
    try:
        km = Decimal(str(km))
    except (ArithmeticError, ValueError, TypeError):
        km = None
    if km is None or not km.is_finite() or km < 0:
        raise ValidationError({"km": _("Kilometres are a number, 0 or more.")})
    if km > MAX_CANCELLATION_KM:
        raise ValidationError({"km": _("More than 400 km for one job is not plausible; check the number.")})
    if km and request.modality == Modality.VIDEO:
        raise ValidationError({"km": _("A video conversation has no travel.")})
    request.cancellation_km = km.quantize(Decimal("0.1"))
    request.save(update_fields=["cancellation_km"])
    return request


def organisations_to_invoice(month: date) -> list[Organisation]:
    """Organisations with something to invoice for ``month`` and no invoice for it yet."""
    month = first_of_month(month)
    ids = (
        set(billable_timesheets(month).values_list("assignment__request__organisation", flat=True))
        | set(billable_cancellations(month).values_list("organisation", flat=True))
        | set(billable_translations(month).values_list("organisation", flat=True))
    )
    return list(Organisation.objects.filter(pk__in=ids).exclude(invoices__month=month).order_by("name", "id"))


@transaction.atomic
def invoices_create_month(*, month: date, by, issued_on: date | None = None) -> list[Invoice]:
    """The month's invoices, one per organisation with something to invoice (all or none:
    a missing tariff stops the run with its message)."""
    if not is_dispatcher(by):
        raise PermissionDenied
    return [
        invoice_create(organisation=organisation, month=month, by=by, issued_on=issued_on)
        for organisation in organisations_to_invoice(month)
    ]


# Reading an invoice back ----------------------------------------------------------------------


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
        if line.timesheet_id:
            sheet = line.timesheet
            day = local_day(sheet.actual_start)
            source = _("request %(request)s, sheet %(sheet)s") % {
                "request": sheet.assignment.request_id,
                "sheet": sheet.pk,
            }
            person = str(sheet.assignment.interpreter)
        elif line.translation_id:
            day = line.translation.delivered_on
            source = _("translation %(number)s") % {"number": line.translation_id}
            person = str(line.translation.translator or "")
        elif line.request_id:
            day = local_day(line.request.starts_at)
            source = _("request %(request)s") % {"request": line.request_id}
            person = cancelled_interpreter(line.request)
        else:
            day, source, person = None, "", ""
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
