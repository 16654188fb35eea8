"""Monthly invoices to partner organisations, and the km of a late cancellation. What goes on
an invoice (rows, tariffs, texts): ``interpreting.invoice_lines``; the invoice read back and
its PDF: ``interpreting.documents``; its e-invoice (Peppol): ``interpreting.einvoice``.

- **Month and catch-up.** A month's run makes per organisation its *month invoice* (only
  the month's lines, period = the month) and, when rows of earlier months were left out of
  their own month's invoice, a separate *catch-up invoice* (period = the first such row's
  day to the end of the previous month), which the PDF and the e-invoice say it is.
- **Numbers.** ``YYYY-MM-NNNN``: the month of the run and the invoice's sequence within it
  (0001, 0002, …). At most one month invoice and one catch-up invoice per organisation and
  run (a database constraint). Due ``HAVEN_AGENCY["payment_days"]`` after the issue date.
- **Payment reference.** The Belgian structured communication (OGM-VCS,
  ``+++123/4567/89012+++``): the ten digits ``YYYYMMNNNN`` of the number, plus the two
  check digits of ``stdnum.be.ogm_vcs`` — unique because the number is, and a bank can
  read the invoice back out of a payment.
- **Late cancellations** are billed with the km the dispatcher records here
  (``cancellation_km_record``) until the cancellation is invoiced; an invoice does not change.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from stdnum.be import ogm_vcs

from haven.accounts.models import User
from haven.interpreting.access import is_dispatcher
from haven.interpreting.agency import agency, agency_for_invoicing
from haven.interpreting.invoice_lines import (
    CATCH_UP_PART,
    DOCUMENT_LANGUAGE,
    MONTH_PART,
    TariffBook,
    every_invoice_lines,
    first_of_month,
    invoice_lines,
    line_day,
    next_month,
    organisations_to_invoice,
)
from haven.interpreting.models import (
    InterpretingRequest,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    LineKind,
    Modality,
    Organisation,
    RequestStatus,
)

# As on a performance sheet: more for one job is a typing error.
MAX_CANCELLATION_KM = Decimal("400")


# Numbers ------------------------------------------------------------------------------------


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


def _invoice_of(
    *, organisation_id: int, month: date, kind: str, lines: list[InvoiceLine], issued_on: date, by: User
) -> Invoice:
    """The unsaved, unnumbered invoice of ``lines`` (not empty): its period (the month, or
    for a catch-up invoice the first line's day to the end of the previous month), due
    date and total."""
    if kind == MONTH_PART:
        period = (month, next_month(month) - timedelta(days=1))
    else:
        days = [day for day in (line_day(line) for line in lines) if day is not None]
        period = (min(days, default=month - timedelta(days=1)), month - timedelta(days=1))
    return Invoice(
        organisation_id=organisation_id,
        month=month,
        kind=kind,
        period_start=period[0],
        period_end=period[1],
        issued_on=issued_on,
        due_on=issued_on + timedelta(days=agency().payment_days),
        total=sum((line.amount for line in lines), Decimal("0.00")),
        created_by=by,
    )


def _numbered(invoice: Invoice, number: str) -> Invoice:
    invoice.number, invoice.payment_reference = number, payment_reference(number)
    return invoice


def _invoice_make(*, organisation: Organisation, month: date, kind: str, issued_on: date, by: User) -> Invoice | None:
    """One invoice of a run (the organisation locked by the caller), or None when it has
    no lines. It is saved with the month's next number (tried again when another
    organisation's invoice takes the number meanwhile), its lines in one statement: the
    queries do not grow with them."""
    with translation.override(DOCUMENT_LANGUAGE):
        lines = invoice_lines(organisation, month, TariffBook(), kind)
    if not lines:
        return None
    invoice = _invoice_of(
        organisation_id=organisation.pk, month=month, kind=kind, lines=lines, issued_on=issued_on, by=by
    )
    invoice.full_clean(exclude=["number", "payment_reference"])
    for _attempt in range(5):
        _numbered(invoice, _next_number(month))
        try:
            with transaction.atomic():
                invoice.save()
        except IntegrityError:
            invoice.pk = None
            continue
        break
    else:
        raise ValidationError(_("Invoices are being made at the same moment; try again."))
    for line in lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(lines)
    return invoice


def _checked(month: date, by: User, issued_on: date | None) -> tuple[date, date]:
    if not is_dispatcher(by):
        raise PermissionDenied
    agency_for_invoicing()
    month = first_of_month(month)
    issued_on = issued_on or timezone.localdate()
    if issued_on < month:
        raise ValidationError(_("An invoice is issued on or after the first day of its month."))
    return month, issued_on


def _lock(organisation: Organisation) -> None:
    # One invoicing of an organisation at a time: its row is locked while the lines are
    # chosen, so a sheet, cancellation or translation can never be billed twice (the
    # InvoiceLine constraints are the last guard).
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


# Invoices -----------------------------------------------------------------------------------


@transaction.atomic
def invoice_create(
    *,
    organisation: Organisation,
    month: date,
    by: User,
    issued_on: date | None = None,
    kind: str = InvoiceKind.MONTH,
) -> Invoice:
    """One invoice of an organisation for the run of ``month``: its month invoice (only the
    month's lines) or its catch-up invoice (the earlier months' lines left out); refused
    when it exists already or would be empty."""
    month, issued_on = _checked(month, by, issued_on)
    if kind not in (MONTH_PART, CATCH_UP_PART):
        raise ValidationError(_("Unknown kind of invoice."))
    _lock(organisation)
    if Invoice.objects.filter(organisation=organisation, month=month, kind=kind).exists():
        raise ValidationError(_("This organisation already has an invoice for this month."))
    invoice = _invoice_make(organisation=organisation, month=month, kind=kind, issued_on=issued_on, by=by)
    if invoice is None:
        raise ValidationError(_("There is nothing to invoice to this organisation for this month."))
    return invoice


@transaction.atomic
def organisation_invoices_create(
    *, organisation: Organisation, month: date, by: User, issued_on: date | None = None
) -> list[Invoice]:
    """The run of ``month`` for one organisation, in one transaction: its month invoice and,
    when rows of earlier months wait, its catch-up invoice (each made once per run).
    Refused when there is nothing left to invoice."""
    month, issued_on = _checked(month, by, issued_on)
    _lock(organisation)
    made_kinds = set(Invoice.objects.filter(organisation=organisation, month=month).values_list("kind", flat=True))
    made = []
    for kind in (MONTH_PART, CATCH_UP_PART):
        if kind in made_kinds:
            continue
        invoice = _invoice_make(organisation=organisation, month=month, kind=kind, issued_on=issued_on, by=by)
        if invoice is not None:
            made.append(invoice)
    if not made:
        raise ValidationError(_("There is nothing to invoice to this organisation for this month."))
    return made


@transaction.atomic
def invoices_create_month(*, month: date, by: User, issued_on: date | None = None) -> list[Invoice]:
    """The month's run for every organisation at once, all or none (a missing tariff stops
    it with its message): each organisation's month invoice and catch-up invoice, as
    ``organisation_invoices_create`` makes them (the same lines, periods, numbers in the
    order of the organisations' names), in a number of queries that does not grow with the
    organisations or the lines. The page runs it per organisation in the background, with
    progress (``tasks.invoices_month_job``); this is the run without a page (the demo's
    history, a script)."""
    month, issued_on = _checked(month, by, issued_on)
    organisations = organisations_to_invoice(month)
    Organisation.objects.select_for_update().filter(pk__in=[organisation.pk for organisation in organisations]).count()
    made_kinds = set(Invoice.objects.filter(month=month).values_list("organisation", "kind"))
    book = TariffBook()
    with translation.override(DOCUMENT_LANGUAGE):
        lines = {part: every_invoice_lines(month, book, part) for part in (MONTH_PART, CATCH_UP_PART)}
    invoices: list[tuple[Invoice, list[InvoiceLine]]] = []
    for organisation in organisations:
        for kind in (MONTH_PART, CATCH_UP_PART):
            own = lines[kind].get(organisation.pk)
            if own and (organisation.pk, kind) not in made_kinds:
                invoice = _invoice_of(
                    organisation_id=organisation.pk, month=month, kind=kind, lines=own, issued_on=issued_on, by=by
                )
                invoices.append((invoice, own))
    first = _next_number(month)
    prefix, sequence = first[:-4], int(first[-4:])
    if sequence + len(invoices) - 1 > 9999:
        raise ValidationError(_("A month has at most 9999 invoices."))
    for offset, (invoice, _own) in enumerate(invoices):
        _numbered(invoice, f"{prefix}{sequence + offset:04d}")
        invoice.full_clean(exclude=["organisation", "created_by"], validate_unique=False, validate_constraints=False)
    Invoice.objects.bulk_create([invoice for invoice, _own in invoices], batch_size=500)
    for invoice, own in invoices:
        for line in own:
            line.invoice = invoice
    InvoiceLine.objects.bulk_create([line for _invoice, own in invoices for line in own], batch_size=1000)
    return [invoice for invoice, _own in invoices]


# The km of a late cancellation ---------------------------------------------------------------


def cancellation_invoiced(request: InterpretingRequest) -> bool:
    return InvoiceLine.objects.filter(request=request, kind=LineKind.CANCELLATION).exists()


@transaction.atomic
def cancellation_km_record(*, request: InterpretingRequest, km: Any, by: User) -> InterpretingRequest:
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
        recorded: Decimal | None = Decimal(str(km))
    except (ArithmeticError, ValueError, TypeError):
        recorded = None
    if recorded is None or not recorded.is_finite() or recorded < 0:
        raise ValidationError({"km": _("Kilometres are a number, 0 or more.")})
    if recorded > MAX_CANCELLATION_KM:
        raise ValidationError({"km": _("More than 400 km for one job is not plausible; check the number.")})
    if recorded and request.modality == Modality.VIDEO:
        raise ValidationError({"km": _("A video conversation has no travel.")})
    request.cancellation_km = recorded.quantize(Decimal("0.1"))
    request.save(update_fields=["cancellation_km"])
    return request
