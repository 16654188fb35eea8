"""Dutch practice (oefenkansen): the conversation moments the agency runs every week with
volunteers (series, their sessions, the volunteers and participants of each session), the
directory of practice opportunities in the city that the agency keeps (shown publicly),
the newsletter "Nederlands oefenen" with its subscribers (double opt-in), and the
Trefdag Nederlands oefenen with its workshops."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from haven.core.consent import Consent
from haven.core.models import District
from haven.people.models import Person


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class SeriesLevel(models.TextChoices):
    GENERAL = "general", _("general")
    ADVANCED = "advanced", _("advanced")


# Conversation moments ----------------------------------------------------------------------


class ConversationSeries(models.Model):
    """A weekly conversation moment: the same weekday, hours and place, active from a date
    (until a date, or still running)."""

    title = models.CharField(_("title"), max_length=200)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=SeriesLevel.choices, default=SeriesLevel.GENERAL)
    active_from = models.DateField(_("active from"))
    active_until = models.DateField(_("active until"), null=True, blank=True)

    class Meta:
        ordering = ["weekday", "starts_at", "id"]
        verbose_name = _("conversation moment")
        verbose_name_plural = _("conversation moments")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="dutch_practice_series_hours"),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True) | Q(active_until__gte=F("active_from")),
                name="dutch_practice_series_period",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def active_on(self, day: date) -> bool:
        return self.active_from <= day and (self.active_until is None or day <= self.active_until)


class Volunteer(Consent):
    """The volunteer role of a person of the registry: they lead conversation moments. The
    processing rests on their consent (given on, text version, withdrawn on)."""

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="dutch_practice_volunteer", verbose_name=_("person")
    )
    active_from = models.DateField(_("active from"))
    active_until = models.DateField(_("active until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["person__family_name", "person__given_names", "id"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True) | Q(active_until__gte=F("active_from")),
                name="dutch_practice_volunteer_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('volunteer')} {self.person_id}"

    def active_on(self, day: date) -> bool:
        return self.active_from <= day and (self.active_until is None or day <= self.active_until)


class ConversationSession(models.Model):
    """One conversation moment held: its date, the volunteers present, the head count and,
    optionally, participants named (persons of the registry)."""

    series = models.ForeignKey(
        ConversationSeries, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("conversation moment")
    )
    held_on = models.DateField(_("held on"))
    participant_count = models.PositiveIntegerField(_("number of participants"))
    volunteers = models.ManyToManyField(
        Volunteer, related_name="sessions", blank=True, verbose_name=_("volunteers present")
    )
    participants = models.ManyToManyField(
        Person, related_name="conversation_sessions", blank=True, verbose_name=_("participants named")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("conversation session")
        verbose_name_plural = _("conversation sessions")
        indexes = [models.Index(fields=["held_on"], name="dutch_practice_session_on")]
        constraints = [
            models.UniqueConstraint(fields=["series", "held_on"], name="dutch_practice_session_once"),
        ]

    def __str__(self) -> str:
        return f"{self.series_id} {self.held_on:%d/%m/%Y}"


# The directory of practice opportunities ----------------------------------------------------


class PracticeLevel(models.TextChoices):
    ALL = "all", _("all levels")
    A1 = "a1", _("beginner (A1)")
    A2 = "a2", _("elementary (A2)")
    B1 = "b1", _("intermediate (B1)")
    B2 = "b2", _("advanced (B2)")


class Opportunity(models.Model):
    """A practice opportunity in the city (a conversation table, a walk, a reading club…)
    kept by the agency and, when published and still valid, shown on the public page. It
    names organisations only: the contact is the organisation's, never a person's."""

    organiser = models.CharField(_("organiser"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    weekdays = models.CharField(
        _("weekdays"), max_length=7, blank=True, help_text=_("The days of the week it takes place (0 is Monday).")
    )
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=8, choices=PracticeLevel.choices, default=PracticeLevel.ALL)
    price = models.DecimalField(
        _("price (euro)"), max_digits=6, decimal_places=2, default=0, help_text=_("0 for a free opportunity.")
    )
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    contact_email = models.EmailField(_("organisation e-mail"), blank=True)
    contact_phone = models.CharField(_("organisation phone"), max_length=40, blank=True)
    published = models.BooleanField(_("published"), default=False)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("practice opportunity")
        verbose_name_plural = _("practice opportunities")
        indexes = [models.Index(fields=["published", "valid_until"], name="dutch_practice_opp_public")]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="dutch_practice_opportunity_price"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def free(self) -> bool:
        return not self.price

    def weekday_labels(self) -> list[str]:
        labels = dict(Weekday.choices)
        return [str(labels[int(day)]) for day in self.weekdays if day.isdigit() and int(day) in labels]


# The newsletter -------------------------------------------------------------------------------


class Subscriber(models.Model):
    """A subscription to the newsletter "Nederlands oefenen". Double opt-in: the visitor
    subscribes (``subscribed_on``), the link in the e-mail confirms (``confirmed_on``: the
    day the consent was given, to the text version ``consent_text_version`` shown on the
    form), the unsubscribe link ends it (``unsubscribed_on``: the consent withdrawn).
    Subscribing again after unsubscribing is a new record, so past years keep their counts."""

    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="nl")
    subscribed_on = models.DateField(_("subscribed on"))
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    unsubscribed_on = models.DateField(_("unsubscribed on"), null=True, blank=True)
    consent_text_version = models.CharField(_("consent text version"), max_length=20)

    class Meta:
        ordering = ["-subscribed_on", "-id"]
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        indexes = [models.Index(fields=["confirmed_on", "unsubscribed_on"], name="dutch_practice_subscribed")]
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=Q(unsubscribed_on__isnull=True), name="dutch_practice_subscriber_once"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_on__isnull=True) | Q(confirmed_on__gte=F("subscribed_on")),
                name="dutch_practice_confirmed_after_subscribed",
            ),
            models.CheckConstraint(
                condition=Q(unsubscribed_on__isnull=True) | Q(unsubscribed_on__gte=F("subscribed_on")),
                name="dutch_practice_unsubscribed_after_subscribed",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('newsletter subscriber')} {self.pk}"

    def consent_active(self, on: date) -> bool:
        """Subscribed (confirmed and not unsubscribed) on the given day."""
        return (
            self.confirmed_on is not None
            and self.confirmed_on <= on
            and (self.unsubscribed_on is None or on < self.unsubscribed_on)
        )


# The Trefdag ----------------------------------------------------------------------------------


class PracticeDay(models.Model):
    """The Trefdag Nederlands oefenen: a day for organisers and guides of practice
    opportunities, with workshops; its participants counted approximately."""

    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    organised_with = models.CharField(_("organised with"), max_length=300, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("participants (approximately)"), null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("Trefdag")
        verbose_name_plural = _("Trefdagen")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class Workshop(models.Model):
    practice_day = models.ForeignKey(
        PracticeDay, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("Trefdag")
    )
    title = models.CharField(_("title"), max_length=200)
    facilitator = models.CharField(_("facilitating organisation"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("participants (approximately)"), null=True, blank=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [models.UniqueConstraint(fields=["practice_day", "title"], name="dutch_practice_workshop_once")]

    def __str__(self) -> str:
        return self.title
