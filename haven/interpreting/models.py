"""Social interpreting and translation: partner organisations with their cooperation
agreements and contact users, freelance interpreters and translators with their
languages and availability, interpreting requests and their assignments (dispatch),
performance sheets, tariffs and invoices, translation orders and the translation library.

Times are stored aware (UTC) and shown in Europe/Brussels. A booking is an assignment in
state ``confirmed``: the database refuses two confirmed bookings of one interpreter that
overlap (an exclusion constraint on PostgreSQL, added in the migrations; on SQLite the
booking service checks inside its IMMEDIATE transaction).
"""

import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.be import vat

from haven.core.models import Language


class Sector(models.TextChoices):
    """The nine sectors of the annual report (their Dutch names are the report's)."""

    FAMILY_SOCIAL_WELFARE = "family_social_welfare", _("family and social welfare")
    HEALTH = "health", _("health care")
    EDUCATION = "education", _("education")
    PUBLIC_SERVICES = "public_services", _("public services")
    SOCIAL_HOUSING = "social_housing", _("social housing")
    EMPLOYMENT = "employment", _("employment")
    INTEGRATION = "integration", _("integration and civic integration")
    WELFARE_FAMILY = "welfare_family", _("welfare and family")
    OTHER = "other", _("other")


class Sex(models.TextChoices):
    FEMALE = "f", _("female")
    MALE = "m", _("male")
    OTHER = "x", _("other")


class Modality(models.TextChoices):
    ON_SITE = "on_site", _("on site")
    VIDEO = "video", _("by video")


def validate_enterprise_number(value: str) -> None:
    if not vat.is_valid(value):
        raise ValidationError(_("This is not a valid enterprise number (KBO)."))


def validate_modalities(value) -> None:
    if not isinstance(value, list) or not value or set(value) - set(Modality.values):
        raise ValidationError(_("Choose on site, by video or both."))


class Zone(models.Model):
    """A travel zone (a district or municipality); travel times are kept between zones."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TravelTime(models.Model):
    """Travel minutes between two zones, both ways (stored once, with the lower id first)."""

    origin = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name=_("from"))
    destination = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name=_("to"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))

    class Meta:
        verbose_name = _("travel time")
        verbose_name_plural = _("travel times")
        constraints = [
            models.UniqueConstraint(fields=["origin", "destination"], name="interpreting_one_travel_time_per_pair"),
            models.CheckConstraint(condition=Q(origin__lte=models.F("destination")),
                                   name="interpreting_travel_time_ordered_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.origin_id}-{self.destination_id}: {self.minutes}"

    def save(self, *args, **kwargs):
        if self.origin_id and self.destination_id and self.origin_id > self.destination_id:
            self.origin_id, self.destination_id = self.destination_id, self.origin_id
        super().save(*args, **kwargs)


class Organisation(models.Model):
    """A partner organisation: a school, hospital, public service, welfare organisation."""

    name = models.CharField(_("name"), max_length=200)
    enterprise_number = models.CharField(_("enterprise number (KBO)"), max_length=10, unique=True,
                                         validators=[validate_enterprise_number])
    sector = models.CharField(_("sector"), max_length=24, choices=Sector.choices)
    email = models.EmailField(_("e-mail for invoices"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.enterprise_number:
            self.enterprise_number = vat.compact(self.enterprise_number)

    @property
    def enterprise_number_display(self) -> str:
        number = self.enterprise_number
        return f"{number[:4]}.{number[4:7]}.{number[7:]}" if number else ""


class Site(models.Model):
    """An address of an organisation (a school campus, a hospital wing) in a travel zone."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites",
                                     verbose_name=_("organisation"))
    name = models.CharField(_("name"), max_length=150)
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    municipality = models.CharField(_("municipality"), max_length=100)
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="+", verbose_name=_("zone"))

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.street}, {self.postal_code} {self.municipality}"


class PartnerContact(models.Model):
    """A user who books on behalf of an organisation (role ``partner``)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_contact")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts",
                                     verbose_name=_("organisation"))

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return f"contact {self.user_id} of {self.organisation_id}"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("in force")
    SUSPENDED = "suspended", _("suspended")
    ENDED = "ended", _("ended")


class Agreement(models.Model):
    """A cooperation agreement (samenwerkingsovereenkomst): only an organisation with an
    agreement in force on the day of the job can book."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="agreements",
                                     verbose_name=_("organisation"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AgreementStatus.choices,
                              default=AgreementStatus.ACTIVE)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"agreement {self.pk}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("An agreement ends on or after its start.")})
        if self.status == AgreementStatus.ENDED and not self.ends_on:
            raise ValidationError({"ends_on": _("An ended agreement has an end date.")})

    def in_force_on(self, day: date) -> bool:
        return (self.status == AgreementStatus.ACTIVE and self.starts_on <= day
                and (self.ends_on is None or day <= self.ends_on))


def agreements_in_force(day: date) -> Q:
    """Filter on Agreement for agreements in force on ``day``."""
    return Q(status=AgreementStatus.ACTIVE, starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def _ical_token() -> str:
    return secrets.token_urlsafe(24)


class Interpreter(models.Model):
    """A freelance social interpreter and/or translator."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="interpreter")
    given_names = models.CharField(_("given names"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    home_zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="+", verbose_name=_("home zone"))
    certified = models.BooleanField(_("certified social interpreter"), default=False)
    sworn = models.BooleanField(_("sworn"), default=False)
    modalities = models.JSONField(_("modalities"), default=list, validators=[validate_modalities])
    interprets = models.BooleanField(_("interprets"), default=True)
    translates = models.BooleanField(_("translates"), default=False)
    max_hours_per_week = models.PositiveSmallIntegerField(_("maximum hours per week"), default=20)
    active = models.BooleanField(_("active"), default=True)
    ical_token = models.CharField(max_length=40, unique=True, default=_ical_token, editable=False)

    class Meta:
        verbose_name = _("interpreter or translator")
        verbose_name_plural = _("interpreters and translators")
        ordering = ["family_name", "given_names"]

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name}"


class InterpreterLanguage(models.Model):
    """A language an interpreter works in, with the dialects they master."""

    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="languages",
                                    verbose_name=_("interpreter"))
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language"))
    dialects = models.JSONField(_("dialects"), default=list, blank=True)

    class Meta:
        verbose_name = _("language of an interpreter")
        verbose_name_plural = _("languages of interpreters")
        constraints = [models.UniqueConstraint(fields=["interpreter", "language"],
                                               name="interpreting_one_row_per_language")]

    def __str__(self) -> str:
        return f"{self.interpreter_id}: {self.language_id}"


class Availability(models.Model):
    """A weekly window in which the interpreter takes jobs (weekday 0 is Monday)."""

    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="availability",
                                    verbose_name=_("interpreter"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=[
        (0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
        (5, _("Saturday")), (6, _("Sunday"))])
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        ordering = ["weekday", "starts_at"]

    def __str__(self) -> str:
        return f"{self.interpreter_id} {self.weekday} {self.starts_at}-{self.ends_at}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A window ends after it starts.")})


class Absence(models.Model):
    """An exception to the weekly windows: leave, illness, a day off."""

    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="absences",
                                    verbose_name=_("interpreter"))
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"absence {self.pk}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("An absence ends after it starts.")})


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

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="requests",
                                     verbose_name=_("organisation"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language"))
    dialect = models.CharField(_("dialect"), max_length=60, blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(_("expected duration (minutes)"),
                                                        validators=[MinValueValidator(15)])
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("place"))
    video_link = models.URLField(_("video link"), blank=True)
    subject_sector = models.CharField(_("subject"), max_length=24, choices=Sector.choices)
    required_sex = models.CharField(_("interpreter's sex (required)"), max_length=1, choices=Sex.choices,
                                    blank=True)
    preferred_sex = models.CharField(_("interpreter's sex (preferred)"), max_length=1, choices=Sex.choices,
                                     blank=True)
    certified_required = models.BooleanField(_("certified interpreter required"), default=False)
    preferred_interpreter = models.ForeignKey(Interpreter, on_delete=models.SET_NULL, null=True, blank=True,
                                              related_name="+", verbose_name=_("preferred interpreter"))
    urgent = models.BooleanField(_("urgent"), default=False)
    notes = models.TextField(_("notes for the interpreter"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices,
                              default=RequestStatus.OPEN, db_index=True)
    unmet_reason = models.CharField(_("why no interpreter was found"), max_length=30, blank=True)
    video_suggested = models.BooleanField(_("video is possible"), default=False)
    video_interpreter_ids = models.JSONField(_("interpreters who could do it by video"), default=list, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("cancelled by"))
    cancellation_billable = models.BooleanField(_("late cancellation (billed)"), default=False)
    cancellation_km = models.DecimalField(_("travel of the cancelled trip (km)"), max_digits=6, decimal_places=1,
                                          default=Decimal("0"))

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

    request = models.ForeignKey(InterpretingRequest, on_delete=models.CASCADE, related_name="assignments",
                                verbose_name=_("request"))
    interpreter = models.ForeignKey(Interpreter, on_delete=models.PROTECT, related_name="assignments",
                                    verbose_name=_("interpreter"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(_("status"), max_length=10, choices=AssignmentStatus.choices,
                              default=AssignmentStatus.PROPOSED)
    why = models.JSONField(_("why this interpreter"), default=dict, blank=True)
    run = models.ForeignKey(DispatchRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="assignments")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request"], condition=~Q(status="cancelled"),
                                    name="interpreting_one_live_assignment_per_request"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="interpreting_assignment_ends_after_start"),
        ]
        indexes = [models.Index(fields=["interpreter", "starts_at"])]

    def __str__(self) -> str:
        return f"assignment {self.pk}"


class TimesheetStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted by the interpreter")
    CONFIRMED = "confirmed", _("confirmed by the partner")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("sent back")


class Timesheet(models.Model):
    """The digital performance sheet: what really happened, recorded by the interpreter,
    confirmed by the partner, approved by the dispatcher."""

    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="timesheet",
                                      verbose_name=_("assignment"))
    actual_start = models.DateTimeField(_("actual start"))
    actual_end = models.DateTimeField(_("actual end"))
    waiting_minutes = models.PositiveSmallIntegerField(_("waiting time (minutes)"), default=0)
    travel_km = models.DecimalField(_("travel (km)"), max_digits=6, decimal_places=1, default=Decimal("0"))
    status = models.CharField(_("status"), max_length=10, choices=TimesheetStatus.choices,
                              default=TimesheetStatus.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    remark = models.TextField(_("remark"), blank=True)
    returned_remark = models.TextField(_("why it was sent back"), blank=True)

    class Meta:
        verbose_name = _("performance sheet")
        verbose_name_plural = _("performance sheets")
        ordering = ["-actual_start"]

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
    late_cancellation = models.DecimalField(_("late cancellation (€, plus travel)"), max_digits=7,
                                            decimal_places=2)
    video_per_hour = models.DecimalField(_("by video, per started hour (€)"), max_digits=7, decimal_places=2)
    page_informative = models.DecimalField(_("translation, informative, per page (€)"), max_digits=7,
                                           decimal_places=2)
    page_official = models.DecimalField(_("translation, official, per page (€)"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"


class Invoice(models.Model):
    """A monthly invoice to a partner organisation; every line comes from an approved
    performance sheet, a late cancellation or a delivered translation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="invoices",
                                     verbose_name=_("organisation"))
    month = models.DateField(_("month"))  # the first day of the month invoiced
    number = models.CharField(_("number"), max_length=20, unique=True)
    payment_reference = models.CharField(_("structured payment reference"), max_length=20, unique=True)
    issued_on = models.DateField(_("issued on"))
    total = models.DecimalField(_("total (€)"), max_digits=10, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-month", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "month"],
                                               name="interpreting_one_invoice_per_month")]

    def __str__(self) -> str:
        return self.number


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
    request = models.ForeignKey(InterpretingRequest, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    translation = models.ForeignKey("TranslationOrder", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    tariff = models.ForeignKey(Tariff, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["id"]
        # Nothing is billed twice: a sheet once per kind of line (interpreting, travel), a
        # late cancellation once, a translation once.
        constraints = [
            models.UniqueConstraint(fields=["timesheet", "kind"], condition=Q(timesheet__isnull=False),
                                    name="interpreting_sheet_billed_once"),
            models.UniqueConstraint(fields=["request"], condition=Q(kind="cancellation"),
                                    name="interpreting_cancellation_billed_once"),
            models.UniqueConstraint(fields=["translation"], condition=Q(translation__isnull=False),
                                    name="interpreting_translation_billed_once"),
        ]

    def __str__(self) -> str:
        return f"line {self.pk}"


class TranslationKind(models.TextChoices):
    INFORMATIVE = "informative", _("informative")
    OFFICIAL = "official", _("official")


class TranslationStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    ASSIGNED = "assigned", _("assigned")
    DELIVERED = "delivered", _("delivered")
    CANCELLED = "cancelled", _("cancelled")


class TranslationOrder(models.Model):
    """A translation a partner orders, counted in pages."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="translations",
                                     verbose_name=_("organisation"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    title = models.CharField(_("document"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=TranslationKind.choices)
    source_language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("from"))
    target_language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("into"))
    pages = models.PositiveSmallIntegerField(_("pages"), validators=[MinValueValidator(1)])
    deadline = models.DateField(_("deadline"))
    translator = models.ForeignKey(Interpreter, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="translations", verbose_name=_("translator"))
    status = models.CharField(_("status"), max_length=10, choices=TranslationStatus.choices,
                              default=TranslationStatus.REQUESTED)
    created_at = models.DateTimeField(_("ordered at"))
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True, db_index=True)
    delivered_file = models.FileField(_("translation"), upload_to="translations/%Y/", blank=True)

    class Meta:
        verbose_name = _("translation order")
        verbose_name_plural = _("translation orders")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"translation {self.pk}"

    def clean(self):
        if self.source_language_id and self.source_language_id == self.target_language_id:
            raise ValidationError({"target_language": _("Translate into another language.")})


class LibraryDocument(models.Model):
    """A standard document of the translation library (vertaalbibliotheek) in one language;
    its translations point to the original."""

    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=100, db_index=True)
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language"))
    original = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="translations", verbose_name=_("original"))
    file = models.FileField(_("file"), upload_to="library/")
    added_on = models.DateField(_("added on"))

    class Meta:
        verbose_name = _("library document")
        verbose_name_plural = _("translation library")
        ordering = ["topic", "title"]
        constraints = [models.UniqueConstraint(fields=["original", "language"],
                                               name="interpreting_one_translation_per_language")]

    def __str__(self) -> str:
        return self.title
