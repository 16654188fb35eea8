"""Ambassadors: volunteers with a migration background who tell schools and
organisations about their own school career and work. An ambassador is a person of the
registry with this role record, which rests on their consent (``core.consent.Consent``).
A testimony request from a school or organisation is matched to one ambassador and goes
requested → proposed → confirmed → given (or cancelled); the expense allowance is paid
once it is given."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from haven.core.consent import Consent
from haven.core.models import Language
from haven.people.models import Person

# The version of the consent text an ambassador signs now (a constant: a new text is a code
# change, reviewed with the privacy officer; each ambassador keeps the version they agreed to).
AMBASSADOR_CONSENT_TEXT_VERSION = "2019-1"


class AmbassadorTheme(models.TextChoices):
    SCHOOL_CAREER = "school_career", _("school career")
    WORK = "work", _("work")
    DISCRIMINATION = "discrimination", _("discrimination")
    STUDYING = "studying", _("studying")
    MIGRATION = "migration", _("migration story")
    MULTILINGUALISM = "multilingualism", _("multilingualism")
    PARENTS = "parents", _("parents and school")


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class Ambassador(Consent):
    """A person's role as ambassador: themes, weekdays available, training and
    certification, whether they travel outside Ghent, and when they stopped. The
    languages are the person's own (the registry's)."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="ambassador", verbose_name=_("person"))
    themes = models.JSONField(_("themes"), default=list, blank=True)
    weekdays = models.JSONField(_("weekdays available"), default=list, blank=True)
    trained_on = models.DateField(_("trained on"), null=True, blank=True)
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    travels_outside_ghent = models.BooleanField(_("travels outside Ghent"), default=False)
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["person__family_name", "person__given_names", "id"]
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")
        indexes = [models.Index(fields=["certified_on"], name="organisations_certified_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(certified_on__isnull=True)
                | Q(trained_on__isnull=True)
                | Q(certified_on__gte=F("trained_on")),
                name="organisations_certified_after_training",
            ),
            models.CheckConstraint(
                condition=Q(consent_withdrawn_on__isnull=True) | Q(consent_withdrawn_on__gte=F("consent_given_on")),
                name="organisations_ambassador_consent_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}"

    def certified(self, on) -> bool:
        """Certified on the day and not stopped by then."""
        return bool(self.certified_on and self.certified_on <= on and (self.stopped_on is None or on < self.stopped_on))

    def theme_labels(self) -> list[str]:
        labels = dict(AmbassadorTheme.choices)
        return [str(labels.get(code, code)) for code in self.themes]

    def weekday_labels(self) -> list[str]:
        labels = dict(WEEKDAYS)
        return [str(labels[day]) for day in sorted(self.weekdays) if day in labels]


class Audience(models.TextChoices):
    PUPILS = "pupils", _("pupils")
    TEACHERS_IN_TRAINING = "teachers_in_training", _("teachers in training")
    STAFF = "staff", _("staff members")
    PARENTS = "parents", _("parents")
    OTHER = "other", _("other audience")


class TestimonyState(models.TextChoices):
    REQUESTED = "requested", _("requested")
    PROPOSED = "proposed", _("ambassador proposed")
    CONFIRMED = "confirmed", _("confirmed")
    GIVEN = "given", _("given")
    CANCELLED = "cancelled", _("cancelled")


BOOKED_STATES = (TestimonyState.PROPOSED, TestimonyState.CONFIRMED, TestimonyState.GIVEN)


class TestimonyRequest(models.Model):
    """A school or organisation asks for an ambassador's testimony on a day."""

    requester = models.CharField(_("requester"), max_length=200, help_text=_("The school or organisation."))
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    received_on = models.DateField(_("received on"))
    held_on = models.DateField(_("date of the testimony"))
    place = models.CharField(_("place"), max_length=200)
    outside_ghent = models.BooleanField(_("outside Ghent"), default=False)
    audience = models.CharField(_("audience"), max_length=24, choices=Audience.choices)
    theme = models.CharField(_("theme"), max_length=20, choices=AmbassadorTheme.choices)
    language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("language wanted"),
        help_text=_("Empty: Dutch is fine."),
    )
    listeners = models.PositiveIntegerField(_("number of listeners"), default=0)
    state = models.CharField(_("state"), max_length=12, choices=TestimonyState.choices, default="requested")
    ambassador = models.ForeignKey(
        Ambassador,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="testimonies",
        verbose_name=_("ambassador"),
    )
    allowance = models.DecimalField(_("expense allowance"), max_digits=7, decimal_places=2, null=True, blank=True)
    allowance_paid_on = models.DateField(_("allowance paid on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("testimony request")
        verbose_name_plural = _("testimony requests")
        indexes = [models.Index(fields=["held_on"], name="organisations_testimony_on")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=BOOKED_STATES) | Q(ambassador__isnull=False),
                name="organisations_booked_has_ambassador",
            ),
            models.CheckConstraint(
                condition=Q(allowance_paid_on__isnull=True) | Q(state=TestimonyState.GIVEN),
                name="organisations_paid_when_given",
            ),
            models.UniqueConstraint(
                fields=["ambassador", "held_on"],
                condition=Q(state__in=BOOKED_STATES),
                name="organisations_one_testimony_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} ({self.held_on:%d/%m/%Y})"
