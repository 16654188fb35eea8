"""What goes on a monthly invoice: the rows still to invoice, the tariff of each day, the
line texts and the unsaved lines. ``services.invoices`` saves them.

- **What is invoiced.** For an organisation and a month: every *approved* performance sheet
  (an interpreting line, plus a travel line when km were recorded), every late-cancelled
  request (``cancellation_billable``) and every *delivered* translation order, on no invoice
  yet. The *month invoice* holds only the rows of the month itself. Rows of earlier months
  that were left out of their own month's invoice (a sheet approved after that invoice was
  made) go on a separate *catch-up invoice* of the same run, which says so, each with its own
  date and tariff, rather than being lost or mixed into the month. A row that has an
  invoice line is never invoiced again.
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
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from haven.interpreting import billing
from haven.interpreting.agency import agency_for_invoicing
from haven.interpreting.models import (
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


def _day_start(day: date) -> datetime:
    """The first moment of ``day``, in Brussels."""
    return datetime.combine(day, time(0), tzinfo=BRUSSELS)


# Which part of the rows an invoice takes: the month's own, or the earlier months' left out.
MONTH_PART, CATCH_UP_PART = "month", "catch_up"


def window(month: date, part: str | None = None) -> tuple[date | None, date]:
    """The days ``[since, until)`` of a part of a month's run: the month itself, the
    months before it (no lower bound), or (``None``) both."""
    month = first_of_month(month)
    if part == MONTH_PART:
        return month, next_month(month)
    if part == CATCH_UP_PART:
        return None, month
    return None, next_month(month)


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


def billable_timesheets(month: date, part: str | None = None) -> QuerySet[Timesheet]:
    """Approved sheets on no invoice yet, of jobs up to the end of ``month`` (or of a part
    of the run, see ``window``)."""
    since, until = window(month, part)
    rows = Timesheet.objects.filter(status=TimesheetStatus.APPROVED, actual_start__lt=_day_start(until))
    if since is not None:
        rows = rows.filter(actual_start__gte=_day_start(since))
    return rows.exclude(pk__in=_invoiced("timesheet"))


def billable_cancellations(month: date, part: str | None = None) -> QuerySet[InterpretingRequest]:
    """Late-cancelled requests on no invoice yet, of jobs up to the end of ``month`` (or of
    a part of the run)."""
    since, until = window(month, part)
    rows = InterpretingRequest.objects.filter(
        status=RequestStatus.CANCELLED, cancellation_billable=True, starts_at__lt=_day_start(until)
    )
    if since is not None:
        rows = rows.filter(starts_at__gte=_day_start(since))
    return rows.exclude(pk__in=_invoiced("request"))


def billable_translations(month: date, part: str | None = None) -> QuerySet[TranslationOrder]:
    """Translations on no invoice yet, delivered up to the end of ``month`` (or in a part of
    the run)."""
    since, until = window(month, part)
    rows = TranslationOrder.objects.filter(status=TranslationStatus.DELIVERED, delivered_on__lt=until)
    if since is not None:
        rows = rows.filter(delivered_on__gte=since)
    return rows.exclude(pk__in=_invoiced("translation"))


def _organisations_with_rows(month: date, part: str) -> set[int]:
    return (
        set(billable_timesheets(month, part).values_list("assignment__request__organisation", flat=True))
        | set(billable_cancellations(month, part).values_list("organisation", flat=True))
        | set(billable_translations(month, part).values_list("organisation", flat=True))
    )


def organisations_to_invoice(month: date) -> list[Organisation]:
    """Organisations the run of ``month`` invoices: with rows of the month and no month
    invoice yet, or with rows of earlier months and no catch-up invoice of this run yet.
    (Rows of the month that arrive after its month invoice wait for the next run's
    catch-up invoice: an invoice does not change.)"""
    month = first_of_month(month)
    made = set(Invoice.objects.filter(month=month).values_list("organisation", "kind"))
    ids = {pk for pk in _organisations_with_rows(month, MONTH_PART) if (pk, MONTH_PART) not in made} | {
        pk for pk in _organisations_with_rows(month, CATCH_UP_PART) if (pk, CATCH_UP_PART) not in made
    }
    return list(Organisation.objects.filter(pk__in=ids).order_by("name", "id"))


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


# Whose rows a line builder reads: one organisation's (locked), every organisation's locked
# (the whole month's run) or unlocked (the run's preview).
EVERY, PREVIEW = "every", "preview"
Whose = Organisation | str


def _of(rows: QuerySet, path: str, whose: Whose) -> QuerySet:
    if whose == PREVIEW:
        return rows
    if whose != EVERY:
        rows = rows.filter(**{path: whose})
    return rows.select_for_update(of=("self",))


def _sheet_lines(whose: Whose, month: date, book: TariffBook, part: str) -> list[InvoiceLine]:
    """An interpreting line per approved sheet, and a travel line when km were recorded on
    site."""
    lines: list[InvoiceLine] = []
    sheets = (
        _of(billable_timesheets(month, part), "assignment__request__organisation", whose)
        .select_related("assignment__request__language")
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


def _cancellation_lines(whose: Whose, month: date, book: TariffBook, part: str) -> list[InvoiceLine]:
    """A line per late cancellation: the fixed fee plus the travel recorded for the
    cancelled trip (0 km: the fee only)."""
    cancellations = (
        _of(billable_cancellations(month, part), "organisation", whose)
        .select_related("language")
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


def _translation_lines(whose: Whose, month: date, book: TariffBook, part: str) -> list[InvoiceLine]:
    """A line per delivered translation: its pages at the price of its kind."""
    translations = (
        _of(billable_translations(month, part), "organisation", whose)
        .select_related("source_language", "target_language")
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


def invoice_lines(
    organisation: Organisation, month: date, book: TariffBook, part: str = MONTH_PART
) -> list[InvoiceLine]:
    """The unsaved lines of an organisation's month invoice (``MONTH_PART``) or catch-up
    invoice (``CATCH_UP_PART``) of the run of ``month``: its sheets, then its late
    cancellations, then its translations, each in date order. The rows are locked
    (``select_for_update``): call inside the invoice's transaction. Three queries, whatever
    the number of lines."""
    return _lines(organisation, month, book, part)


def _lines(whose: Whose, month: date, book: TariffBook, part: str) -> list[InvoiceLine]:
    return [
        *_sheet_lines(whose, month, book, part),
        *_cancellation_lines(whose, month, book, part),
        *_translation_lines(whose, month, book, part),
    ]


def every_invoice_lines(month: date, book: TariffBook, part: str = MONTH_PART) -> dict[int, list[InvoiceLine]]:
    """``invoice_lines`` of every organisation at once, by organisation id (each
    organisation's lines in the same order): the whole run of a month in three queries,
    its rows locked. Call inside the run's transaction."""
    lines: dict[int, list[InvoiceLine]] = {}
    for line in _lines(EVERY, month, book, part):
        lines.setdefault(_line_organisation(line), []).append(line)
    return lines


@dataclass(frozen=True)
class RunPreview:
    """What the run of a month will bill: organisations, lines and amount."""

    organisations: int
    month_lines: int
    catch_up_lines: int
    amount: Decimal

    @property
    def lines(self) -> int:
        return self.month_lines + self.catch_up_lines


def run_preview(month: date) -> RunPreview:
    """What the run of ``month`` would bill, priced as the invoices will be (each line at its
    day's tariff), for the confirmation asked before it starts. Seven queries, whatever
    the number of organisations and lines. A missing tariff raises its ValidationError."""
    agency_for_invoicing()  # no confirmation for a run that would be refused
    month = first_of_month(month)
    book = TariffBook()
    made = set(Invoice.objects.filter(month=month).values_list("organisation", "kind"))
    organisations: set[int] = set()
    counts = {MONTH_PART: 0, CATCH_UP_PART: 0}
    amount = Decimal("0.00")
    for part in (MONTH_PART, CATCH_UP_PART):
        for line in _lines(PREVIEW, month, book, part):
            organisation_id = _line_organisation(line)
            if (organisation_id, part) in made:
                continue
            organisations.add(organisation_id)
            counts[part] += 1
            amount += line.amount
    return RunPreview(len(organisations), counts[MONTH_PART], counts[CATCH_UP_PART], amount)


def _line_organisation(line: InvoiceLine) -> int:
    if line.translation is not None:
        return line.translation.organisation_id
    if line.request is not None:
        return line.request.organisation_id
    raise ValueError("A line without its source.")


def line_day(line: InvoiceLine) -> date | None:
    """The day an unsaved line is billed for (its sources are loaded with it)."""
    if line.timesheet is not None:
        return local_day(line.timesheet.actual_start)
    if line.translation is not None:
        return line.translation.delivered_on
    if line.request is not None:
        return local_day(line.request.starts_at)
    return None
