"""Interpreting requests, dispatch runs and assignments. A booking is a confirmed assignment: the
database refuses overlapping bookings of one interpreter (PostgreSQL; the service checks on SQLite)."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.core.models import Language
from haven.interpreting.models.choices import Modality, Sector, Sex
from haven.interpreting.models.interpreters import Interpreter
from haven.interpreting.models.organisations import Organisation, Site


class RequestKind(models.TextChoices):
    """The four kinds of interpreting of the report."""

    ON_SITE = "on_site", _("conversation, on site")
    VIDEO = "video", _("conversation, by webcam")
    GROUP = "group", _("interpreting for a group")
    GROUP_CONVERSATION = "group_conversation", _("group conversation")

    @classmethod
    def modality_of(cls, kind: str) -> str:
        return Modality.VIDEO if kind == cls.VIDEO else Modality.ON_SITE


class RequestStatus(models.TextChoices):
    OPEN = "open", _("open")
    PROPOSED = "proposed", _("interpreter proposed")
    CONFIRMED = "confirmed", _("confirmed")
    UNFILLED = "unfilled", _("no interpreter found")
    CANCELLED = "cancelled", _("cancelled")
    DONE = "done", _("done")


class InterpretingRequest(models.Model):
    """A partner's request for an interpreter for one job."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="requests", verbose_name=_("organisation")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language"))
    dialect = models.CharField(_("dialect"), max_length=60, blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("expected duration (minutes)"), validators=[MinValueValidator(15)]
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("place")
    )
    video_link = models.URLField(_("video link"), blank=True)
    subject_sector = models.CharField(_("subject"), max_length=24, choices=Sector.choices)
    required_sex = models.CharField(_("interpreter's sex (required)"), max_length=1, choices=Sex.choices, blank=True)
    preferred_sex = models.CharField(_("interpreter's sex (preferred)"), max_length=1, choices=Sex.choices, blank=True)
    certified_required = models.BooleanField(_("certified interpreter required"), default=False)
    preferred_interpreter = models.ForeignKey(
        Interpreter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preferred interpreter"),
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    notes = models.TextField(_("notes for the interpreter"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN, db_index=True
    )
    unmet_reason = models.CharField(_("why no interpreter was found"), max_length=30, blank=True)
    video_suggested = models.BooleanField(_("video is possible"), default=False)
    video_interpreter_ids = models.JSONField(_("interpreters who could do it by video"), default=list, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancellation_billable = models.BooleanField(_("late cancellation (billed)"), default=False)
    cancellation_km = models.DecimalField(
        _("travel of the cancelled trip (km)"), max_digits=6, decimal_places=1, default=Decimal("0")
    )

    class Meta:
        verbose_name = _("interpreting request")
        verbose_name_plural = _("interpreting requests")
        ordering = ["starts_at", "id"]
        permissions = [("dispatch", _("Can assign interpreters and see every organisation's requests"))]
        indexes = [models.Index(fields=["organisation", "starts_at"])]

    def __str__(self) -> str:
        return f"request {self.pk}"

    @property
    def modality(self) -> str:
        return RequestKind.modality_of(self.kind)

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def clean(self):
        errors = {}
        if self.kind and self.modality == Modality.ON_SITE and not self.site_id:
            errors["site"] = _("Choose the place of the conversation.")
        if self.kind == RequestKind.VIDEO and self.site_id:
            errors["site"] = _("A video conversation has no place; give the link instead.")
        if errors:
            raise ValidationError(errors)


class DispatchRun(models.Model):
    """One run of the dispatch engine over a period's open requests."""

    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    method = models.CharField(_("method"), max_length=20)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    statistics = models.JSONField(default=dict)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dispatch run")
        verbose_name_plural = _("dispatch runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"dispatch {self.pk}"


class AssignmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    CONFIRMED = "confirmed", _("confirmed")
    CANCELLED = "cancelled", _("cancelled")


class Assignment(models.Model):
    """An interpreter assigned to a request: proposed by dispatch (or the dispatcher),
    confirmed by the dispatcher. A confirmed assignment is a booking."""

    request = models.ForeignKey(
        InterpretingRequest, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("request")
    )
    interpreter = models.ForeignKey(
        Interpreter, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("interpreter")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.PROPOSED
    )
    why = models.JSONField(_("why this interpreter"), default=dict, blank=True)
    run = models.ForeignKey(DispatchRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="assignments")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=~Q(status="cancelled"),
                name="interpreting_one_live_assignment_per_request",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="interpreting_assignment_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["interpreter", "starts_at"])]

    def __str__(self) -> str:
        return f"assignment {self.pk}"
