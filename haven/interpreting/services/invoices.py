"""Monthly invoices to partner organisations, and the km of a late cancellation. What goes on
an invoice (rows, tariffs, texts): ``interpreting.invoice_lines``; the invoice read back and
its PDF: ``interpreting.documents``.

- **Numbers.** ``YYYY-MM-NNNN``: the month invoiced and the invoice's sequence within that
  month (0001, 0002, …). One invoice per organisation and month (a database constraint).
- **Payment reference.** The Belgian structured communication (OGM-VCS,
  ``+++123/4567/89012+++``): the ten digits ``YYYYMMNNNN`` of the number, plus the two
  check digits of ``stdnum.be.ogm_vcs`` — unique because the number is, and a bank can
  read the invoice back out of a payment.
- **Late cancellations** are billed with the km the dispatcher records here
  (``cancellation_km_record``) until the cancellation is invoiced; an invoice does not change.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from stdnum.be import ogm_vcs

from haven.accounts.models import User
from haven.interpreting.access import is_dispatcher
from haven.interpreting.invoice_lines import (
    DOCUMENT_LANGUAGE,
    TariffBook,
    first_of_month,
    invoice_lines,
    organisations_to_invoice,
)
from haven.interpreting.models import (
    InterpretingRequest,
    Invoice,
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


def _numbered_invoice(*, organisation: Organisation, month: date, issued_on: date, total: Decimal, by: User) -> Invoice:
    """The invoice saved with the month's next number (tried again when another
    organisation's invoice takes the number meanwhile)."""
    for _attempt in range(5):
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
        except IntegrityError:
            continue
        return invoice
    raise ValidationError(_("Invoices are being made at the same moment; try again."))


# Invoices -----------------------------------------------------------------------------------


@transaction.atomic
def invoice_create(*, organisation: Organisation, month: date, by: User, issued_on: date | None = None) -> Invoice:
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
        lines = invoice_lines(organisation, month, TariffBook())
    if not lines:
        raise ValidationError(_("There is nothing to invoice to this organisation for this month."))
    invoice = _numbered_invoice(
        organisation=organisation,
        month=month,
        issued_on=issued_on,
        total=sum((line.amount for line in lines), Decimal("0.00")),
        by=by,
    )
    for line in lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(lines)
    return invoice


@transaction.atomic
def invoices_create_month(*, month: date, by: User, issued_on: date | None = None) -> list[Invoice]:
    """The month's invoices, one per organisation with something to invoice (all or none:
    a missing tariff stops the run with its message)."""
    if not is_dispatcher(by):
        raise PermissionDenied
    return [
        invoice_create(organisation=organisation, month=month, by=by, issued_on=issued_on)
        for organisation in organisations_to_invoice(month)
    ]


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
