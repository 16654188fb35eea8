"""Leisure: referrals of minors and adults to leisure activities and volunteering, the
organisations they are referred to (reference data with a contact), and the events where
the agency shows Ghent's leisure offer (Dagje Planeet Gent for OKAN pupils, the
participation markets for newcomers), counted per school or per stand."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from haven.people.models import Person

ADULT_AGE = 18
# Belgian law on volunteering: from 16 (and from 15 after the first stage of secondary school).
VOLUNTEERING_MIN_AGE = 16


class OrganisationKind(models.TextChoices):
    SPORT = "sport", _("sport")
    CULTURE = "culture", _("culture")
    YOUTH = "youth", _("youth work")
    VOLUNTEERING = "volunteering", _("volunteering")
    COMMUNITY = "community", _("community or association")
    OTHER = "other", _("other")


class Organisation(models.Model):
    """A Ghent organisation the agency refers people to, with its contact person."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive organisations take no referrals."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("leisure organisation")
        verbose_name_plural = _("leisure organisations")

    def __str__(self) -> str:
        return self.name


class ReferralKind(models.TextChoices):
    LEISURE = "leisure", _("leisure activity")
    VOLUNTEERING = "volunteering", _("volunteering")


class LeisureOutcome(models.TextChoices):
    PENDING = "pending", _("awaiting the outcome")
    STARTED = "started", _("started")
    STOPPED = "stopped", _("stopped")
    NO_SHOW = "no_show", _("no show")


class Referral(models.Model):
    """A person referred to an activity of an organisation. The outcome (started, stopped,
    no show) carries its date; the follow-up date is when the staff member checks in."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="leisure_referrals", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReferralKind.choices, default=ReferralKind.LEISURE)
    activity = models.CharField(_("activity"), max_length=200)
    referred_on = models.DateField(_("referred on"))
    follow_up_on = models.DateField(_("follow-up on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=LeisureOutcome.choices, default=LeisureOutcome.PENDING
    )
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred by"),
    )

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("leisure referral")
        verbose_name_plural = _("leisure referrals")
        indexes = [models.Index(fields=["referred_on"], name="leisure_referral_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_on__isnull=True) | Q(follow_up_on__gte=F("referred_on")),
                name="leisure_follow_up_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=F("referred_on")),
                name="leisure_outcome_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(outcome=LeisureOutcome.PENDING, outcome_on__isnull=True)
                | (~Q(outcome=LeisureOutcome.PENDING) & Q(outcome_on__isnull=False)),
                name="leisure_outcome_has_its_date",
            ),
            models.UniqueConstraint(
                fields=["person", "organisation", "activity", "referred_on"], name="leisure_referral_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} ({self.organisation_id})"


class EventKind(models.TextChoices):
    PLANEET = "planeet", _("Dagje Planeet Gent")
    MARKET = "market", _("participation market")
    OTHER = "other", _("other event")


class Event(models.Model):
    """An event of the leisure line: pupils (per school) or visitors (per stand) are
    counted in its tallies; a market's visitors at the door in ``visitors``."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    held_on = models.DateField(_("held on"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    visitors = models.PositiveIntegerField(
        _("visitors"), null=True, blank=True, help_text=_("Counted at the door (a participation market).")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("leisure event")
        verbose_name_plural = _("leisure events")

    def __str__(self) -> str:
        return f"{self.name} ({self.held_on:%d/%m/%Y})"


class EventTally(models.Model):
    """How many came to an event from one school (pupils) or to one stand (visitors)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tallies", verbose_name=_("event"))
    name = models.CharField(_("school or stand"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stands",
        verbose_name=_("organisation"),
    )
    count = models.PositiveIntegerField(_("number of people"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("event tally")
        verbose_name_plural = _("event tallies")
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="leisure_tally_once"),
            models.CheckConstraint(condition=Q(count__gte=1), name="leisure_tally_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.count}"
