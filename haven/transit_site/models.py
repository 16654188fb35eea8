"""The transit site (doortrekkersterrein): the site and its places, the stays of travelling
families with their children, the families announced while the site is full, the lesson
days of the children's learning activities (a dated setting) and their daily attendance."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.core.dates import age_on
from haven.core.limits import FREE_TEXT_MAX_LENGTH
from haven.people.models import Person, validate_country

WEEKDAY_CODES = "0123456"  # Monday is 0


def validate_weekdays(value: str) -> None:
    from django.core.exceptions import ValidationError

    if not value or any(day not in WEEKDAY_CODES for day in value) or len(set(value)) != len(value):
        raise ValidationError(_("Choose at least one weekday."))


class Site(models.Model):
    """A transit site; its places are the caravans it takes at most on any day."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    places = models.PositiveSmallIntegerField(
        _("places (caravans)"), default=25, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )

    class Meta:
        verbose_name = _("transit site")
        verbose_name_plural = _("transit sites")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LessonDays(models.Model):
    """A dated setting: from ``valid_from`` on, the children's lessons are held on these
    weekdays (Monday is 0), until a later setting of the site takes over."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="lesson_days", verbose_name=_("site"))
    valid_from = models.DateField(_("valid from"))
    weekdays = models.CharField(_("lesson days"), max_length=7, validators=[validate_weekdays])

    class Meta:
        verbose_name = _("lesson days setting")
        verbose_name_plural = _("lesson days settings")
        ordering = ["site", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["site", "valid_from"], name="transit_one_setting_per_date")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.valid_from}: {self.weekdays}"

    @property
    def days_per_week(self) -> int:
        return len(self.weekdays)

    def is_lesson_day(self, day: date) -> bool:
        return str(day.weekday()) in self.weekdays


class Stay(models.Model):
    """A family's stay: from the arrival to the departure (the planned one until the
    actual one is known). Its caravans take places on every day from the arrival to the
    day before the departure; the departure day frees them."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="stays", verbose_name=_("site"))
    head = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="transit_stays", verbose_name=_("head of family")
    )
    household_size = models.PositiveSmallIntegerField(
        _("household size"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    nationality = models.CharField(_("nationality"), max_length=2, blank=True, validators=[validate_country])
    caravans = models.PositiveSmallIntegerField(_("caravans"), validators=[MinValueValidator(1), MaxValueValidator(25)])
    arrival = models.DateField(_("arrival"))
    planned_departure = models.DateField(_("planned departure"))
    departure = models.DateField(_("departure"), null=True, blank=True)
    deposit_paid = models.DecimalField(
        _("deposit paid"), max_digits=8, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    fees_paid = models.DecimalField(
        _("fees paid"), max_digits=8, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    rules_signed = models.BooleanField(_("site rules signed"), default=False)
    notes = models.TextField(_("notes"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        ordering = ["-arrival", "-id"]
        indexes = [models.Index(fields=["site", "arrival"]), models.Index(fields=["head", "arrival"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_departure__gt=models.F("arrival")), name="transit_planned_after_arrival"
            ),
            models.CheckConstraint(
                condition=models.Q(departure__isnull=True) | models.Q(departure__gt=models.F("arrival")),
                name="transit_departure_after_arrival",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.head_id} {self.arrival}"

    @property
    def ends(self) -> date:
        """The day the places are free again: the departure, else the planned one."""
        return self.departure or self.planned_departure

    def on_site(self, day: date) -> bool:
        return self.arrival <= day < self.ends


class LanguageGroup(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    DUTCH = "nl", _("Dutch")


class AgeGroup(models.TextChoices):
    TODDLER = "toddler", _("pre-school")
    PRIMARY = "primary", _("primary school")
    SECONDARY = "secondary", _("secondary school")


def age_group(age: int) -> str:
    if age < 6:
        return AgeGroup.TODDLER
    if age < 12:
        return AgeGroup.PRIMARY
    return AgeGroup.SECONDARY


class Child(models.Model):
    """A child of the family on the stay: a record of the stay, not a person of the registry."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="children", verbose_name=_("stay"))
    first_name = models.CharField(_("first name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    language_group = models.CharField(
        _("language group"), max_length=2, choices=LanguageGroup.choices, default=LanguageGroup.FRENCH
    )

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["birth_date", "id"]

    def __str__(self) -> str:
        return self.first_name

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)

    def age_group_on(self, day: date) -> str:
        return age_group(self.age_on(day))


class Attendance(models.Model):
    """A child present at the lessons of a lesson day (absent children have no row)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("child"))
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        indexes = [models.Index(fields=["day"])]
        constraints = [models.UniqueConstraint(fields=["child", "day"], name="transit_one_attendance_per_day")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.day}"


class NoticeState(models.TextChoices):
    WAITING = "waiting", _("waiting")
    ARRIVED = "arrived", _("arrived")
    CANCELLED = "cancelled", _("cancelled")


class ArrivalNotice(models.Model):
    """A family that announced its arrival while the site was full: the arrivals list,
    in the order of the announcements.

    Privacy: free text on purpose, kept minimal. A family that phones for a place is not
    yet someone the agency serves: opening a registry file for the call would collect more
    personal data than the list needs and start a relationship the public task does not
    cover yet (data minimisation). The notice holds only what calling the family back
    needs: the family name (no given names, no birth date, no national number) and a
    phone number; it is no person's file, so showing the list leaves no read trace, and
    its writes are in the audit trail. When the notice leaves the list (the family arrived
    or is taken off it) the name and the phone are erased: an arrived family's stay names
    its head, a person of the registry whose reads are traced; what the notice keeps is
    its dates, caravans and state, which name nobody."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="notices", verbose_name=_("site"))
    family_name = models.CharField(_("family"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    caravans = models.PositiveSmallIntegerField(_("caravans"), validators=[MinValueValidator(1), MaxValueValidator(25)])
    announced_on = models.DateField(_("announced on"))
    expected_arrival = models.DateField(_("expected arrival"))
    state = models.CharField(_("state"), max_length=10, choices=NoticeState.choices, default=NoticeState.WAITING)
    stay = models.OneToOneField(
        Stay, on_delete=models.SET_NULL, null=True, blank=True, related_name="notice", verbose_name=_("stay")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("announced arrival")
        verbose_name_plural = _("announced arrivals")
        ordering = ["announced_on", "id"]

    def __str__(self) -> str:
        return self.family_name or f"#{self.pk}"
