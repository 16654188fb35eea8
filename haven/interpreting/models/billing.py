"""Performance sheets, tariffs, invoices and their lines."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from haven.interpreting.models.organisations import Organisation
from haven.interpreting.models.requests import Assignment, InterpretingRequest


class TimesheetStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted by the interpreter")
    CONFIRMED = "confirmed", _("confirmed by the partner")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("sent back")


class Timesheet(models.Model):
    """The digital performance sheet: what really happened, recorded by the interpreter,
    confirmed by the partner, approved by the dispatcher."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.PROTECT, related_name="timesheet", verbose_name=_("assignment")
    )
    actual_start = models.DateTimeField(_("actual start"))
    actual_end = models.DateTimeField(_("actual end"))
    waiting_minutes = models.PositiveSmallIntegerField(_("waiting time (minutes)"), default=0)
    travel_km = models.DecimalField(_("travel (km)"), max_digits=6, decimal_places=1, default=Decimal("0"))
    status = models.CharField(
        _("status"), max_length=10, choices=TimesheetStatus.choices, default=TimesheetStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    remark = models.TextField(_("remark"), blank=True)
    returned_remark = models.TextField(_("why it was sent back"), blank=True)

    class Meta:
        verbose_name = _("performance sheet")
        verbose_name_plural = _("performance sheets")
        ordering = ["-actual_start"]
        # The sheet list: by status (or all), latest first, one page at a time.
        indexes = [
            models.Index(fields=["status", "actual_start", "id"], name="interp_sheet_status_start_idx"),
            models.Index(fields=["actual_start", "id"], name="interp_sheet_start_idx"),
        ]

    def __str__(self) -> str:
        return f"timesheet {self.pk}"

    def clean(self):
        if self.actual_start and self.actual_end and self.actual_end <= self.actual_start:
            raise ValidationError({"actual_end": _("The job ends after it starts.")})

    @property
    def minutes(self) -> int:
        return int((self.actual_end - self.actual_start).total_seconds() // 60)


class Tariff(models.Model):
    """What a partner pays, valid from a date (the Flemish social-interpreting scheme is the
    default): on site a first hour and then per started quarter, travel per km up to a cap,
    a late cancellation a fixed fee plus travel; by video per started hour."""

    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"), unique=True)
    first_hour = models.DecimalField(_("first hour on site (€)"), max_digits=7, decimal_places=2)
    per_quarter = models.DecimalField(_("each started quarter after it (€)"), max_digits=7, decimal_places=2)
    per_km = models.DecimalField(_("per km (€)"), max_digits=5, decimal_places=2)
    km_cap = models.PositiveSmallIntegerField(_("km paid at most"))
    late_cancellation = models.DecimalField(_("late cancellation (€, plus travel)"), max_digits=7, decimal_places=2)
    video_per_hour = models.DecimalField(_("by video, per started hour (€)"), max_digits=7, decimal_places=2)
    page_informative = models.DecimalField(_("translation, informative, per page (€)"), max_digits=7, decimal_places=2)
    page_official = models.DecimalField(_("translation, official, per page (€)"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"


class InvoiceKind(models.TextChoices):
    MONTH = "month", _("month invoice")
    CATCH_UP = "catch_up", _("catch-up invoice")


class Invoice(models.Model):
    """An invoice to a partner organisation; every line comes from an approved performance
    sheet, a late cancellation or a delivered translation. A month's run makes, per
    organisation, the *month invoice* (only that month's lines) and, when lines of earlier
    months were left out of their own month's invoice, a separate *catch-up invoice* that
    says so."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("organisation")
    )
    month = models.DateField(_("month"))  # the first day of the month of the run that made it
    kind = models.CharField(_("kind"), max_length=10, choices=InvoiceKind.choices, default=InvoiceKind.MONTH)
    # The days the lines fall on: the month for a month invoice; for a catch-up invoice the
    # first left-out line's day to the end of the previous month.
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    number = models.CharField(_("number"), max_length=20, unique=True)
    payment_reference = models.CharField(_("structured payment reference"), max_length=20, unique=True)
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    total = models.DecimalField(_("total (€)"), max_digits=10, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The e-invoice (Peppol BIS Billing 3.0): when the access point took it, and its reference.
    einvoice_sent_at = models.DateTimeField(_("e-invoice sent at"), null=True, blank=True)
    einvoice_reference = models.CharField(_("e-invoice reference"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-month", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month", "kind"], name="interpreting_one_invoice_per_month_and_kind"
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")), name="interpreting_invoice_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_catch_up(self) -> bool:
        return self.kind == InvoiceKind.CATCH_UP


class LineKind(models.TextChoices):
    INTERPRETING = "interpreting", _("interpreting")
    TRAVEL = "travel", _("travel")
    CANCELLATION = "cancellation", _("late cancellation")
    TRANSLATION = "translation", _("translation")


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines", verbose_name=_("invoice"))
    kind = models.CharField(_("kind"), max_length=14, choices=LineKind.choices)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20)
    amount = models.DecimalField(_("amount (€)"), max_digits=9, decimal_places=2)
    timesheet = models.ForeignKey(Timesheet, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    request = models.ForeignKey(InterpretingRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    translation = models.ForeignKey(
        "TranslationOrder", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tariff = models.ForeignKey(Tariff, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["id"]
        # Nothing is billed twice: a sheet once per kind of line (interpreting, travel), a
        # late cancellation once, a translation once.
        constraints = [
            models.UniqueConstraint(
                fields=["timesheet", "kind"],
                condition=Q(timesheet__isnull=False),
                name="interpreting_sheet_billed_once",
            ),
            models.UniqueConstraint(
                fields=["request"], condition=Q(kind="cancellation"), name="interpreting_cancellation_billed_once"
            ),
            models.UniqueConstraint(
                fields=["translation"],
                condition=Q(translation__isnull=False),
                name="interpreting_translation_billed_once",
            ),
        ]

    def __str__(self) -> str:
        return f"line {self.pk}"
