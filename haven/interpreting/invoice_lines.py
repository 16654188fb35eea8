"""What goes on a monthly invoice: the rows still to invoice, the tariff of each day, the
line texts and the unsaved lines. ``services.invoices`` saves them.

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
- **Late cancellations** are the fixed fee plus the travel the interpreter made (or had to
  make) for the job, capped like any travel: ``cancellation_km``, which the dispatcher
  records with ``services.invoices.cancellation_km_record`` until the cancellation is
  invoiced. The line's text names the km recorded and paid, so the invoice and its PDF
  show them.
- **Line texts** are written in Dutch when the invoice is made (the invoice is a Dutch
  document, like the PDF); the source of each line (date, request or translation,
  interpreter) is read from its links, so every line stays traceable.
"""

import bisect
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from haven.interpreting import billing
from haven.interpreting.models import (
    InterpretingRequest,
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

# Invoices and their PDF are Dutch documents.
DOCUMENT_LANGUAGE = "nl"

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


class TariffBook:
    """Every tariff, loaded once, looked up by day (an invoice has many lines)."""

    def __init__(self) -> None:
        self.tariffs = list(Tariff.objects.order_by("valid_from"))
        self.starts = [tariff.valid_from for tariff in self.tariffs]

    def on(self, day: date) -> Tariff:
        index = bisect.bisect_right(self.starts, day) - 1
        if index < 0:
            raise _no_tariff(day)
        return self.tariffs[index]


# What is still to invoice --------------------------------------------------------------------


def _invoiced(field: str) -> QuerySet[InvoiceLine]:
    return InvoiceLine.objects.filter(**{f"{field}__isnull": False}).values(field)


def billable_timesheets(month: date) -> QuerySet[Timesheet]:
    """Approved sheets of jobs up to the end of ``month`` that are on no invoice yet."""
    return Timesheet.objects.filter(status=TimesheetStatus.APPROVED, actual_start__lt=_month_end(month)).exclude(
        pk__in=_invoiced("timesheet")
    )


def billable_cancellations(month: date) -> QuerySet[InterpretingRequest]:
    """Late-cancelled requests of jobs up to the end of ``month``, on no invoice yet."""
    return InterpretingRequest.objects.filter(
        status=RequestStatus.CANCELLED, cancellation_billable=True, starts_at__lt=_month_end(month)
    ).exclude(pk__in=_invoiced("request"))


def billable_translations(month: date) -> QuerySet[TranslationOrder]:
    """Translations delivered up to the end of ``month``, on no invoice yet."""
    return TranslationOrder.objects.filter(
        status=TranslationStatus.DELIVERED, delivered_on__lt=next_month(month)
    ).exclude(pk__in=_invoiced("translation"))


def organisations_to_invoice(month: date) -> list[Organisation]:
    """Organisations with something to invoice for ``month`` and no invoice for it yet."""
    month = first_of_month(month)
    ids = (
        set(billable_timesheets(month).values_list("assignment__request__organisation", flat=True))
        | set(billable_cancellations(month).values_list("organisation", flat=True))
        | set(billable_translations(month).values_list("organisation", flat=True))
    )
    return list(Organisation.objects.filter(pk__in=ids).exclude(invoices__month=month).order_by("name", "id"))


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
        km=formats.localize(request.cancellation_km),
        paid=formats.localize(paid.quantize(Decimal("0.1"))),
        cap=str(cap),
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


# The lines ----------------------------------------------------------------------------------


def _sheet_lines(organisation: Organisation, month: date, book: TariffBook) -> list[InvoiceLine]:
    """An interpreting line per approved sheet, and a travel line when km were recorded on
    site."""
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
    return lines


def _cancellation_lines(organisation: Organisation, month: date, book: TariffBook) -> list[InvoiceLine]:
    """A line per late cancellation: the fixed fee plus the travel recorded for the
    cancelled trip (0 km: the fee only)."""
    cancellations = (
        billable_cancellations(month)
        .filter(organisation=organisation)
        .select_related("language")
        .select_for_update(of=("self",))
        .order_by("starts_at", "id")
    )
    lines: list[InvoiceLine] = []
    for request in cancellations:
        tariff = book.on(local_day(request.starts_at))
        rates = rates_of(tariff)
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
    return lines


def _translation_lines(organisation: Organisation, month: date, book: TariffBook) -> list[InvoiceLine]:
    """A line per delivered translation: its pages at the price of its kind."""
    translations = (
        billable_translations(month)
        .filter(organisation=organisation)
        .select_related("source_language", "target_language")
        .select_for_update(of=("self",))
        .order_by("delivered_on", "id")
    )
    lines: list[InvoiceLine] = []
    for order in translations:
        if order.delivered_on is None:  # never: billable_translations selects on the day
            continue
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


def invoice_lines(organisation: Organisation, month: date, book: TariffBook) -> list[InvoiceLine]:
    """The unsaved lines of an organisation's invoice for ``month``: its sheets, then its
    late cancellations, then its translations, each in date order. The rows are locked
    (``select_for_update``): call inside the invoice's transaction."""
    return [
        *_sheet_lines(organisation, month, book),
        *_cancellation_lines(organisation, month, book),
        *_translation_lines(organisation, month, book),
    ]
