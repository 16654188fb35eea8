"""Trainings and coaching for services and organisations: the organisations trained
(reference data with a contact; their staff are no newcomers, so a session counts its
participants), the sessions, and coaching trajectories with their contacts."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class TrainingTopic(models.TextChoices):
    INTERCULTURAL = "intercultural", _("interculturalisation")
    LANGUAGE_POLICY = "language_policy", _("language policy")


class PartnerOrganisation(models.Model):
    """A service or organisation the agency trains or coaches, with its contact person."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self) -> str:
        return self.name


class TrainingSession(models.Model):
    """A training session held for an organisation's staff: counted by its participants."""

    topic = models.CharField(_("topic"), max_length=20, choices=TrainingTopic.choices)
    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("organisation")
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("trainer")
    )
    held_on = models.DateField(_("held on"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        indexes = [models.Index(fields=["held_on"], name="organisations_session_on")]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="organisations_session_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class CoachingTrajectory(models.Model):
    """The coaching of one organisation on a topic, from its start to its end."""

    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="trajectories", verbose_name=_("organisation")
    )
    topic = models.CharField(_("topic"), max_length=20, choices=TrainingTopic.choices)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("coaching trajectory")
        verbose_name_plural = _("coaching trajectories")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="organisations_coaching_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.get_topic_display()} ({self.started_on:%d/%m/%Y})"


class CoachingContact(models.Model):
    """A meeting, call or visit of a coaching trajectory."""

    trajectory = models.ForeignKey(
        CoachingTrajectory, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("coaching trajectory")
    )
    held_on = models.DateField(_("date"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("staff member")
    )
    subject = models.CharField(_("subject"), max_length=300)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("coaching contact")
        verbose_name_plural = _("coaching contacts")

    def __str__(self) -> str:
        return f"{self.subject} ({self.held_on:%d/%m/%Y})"
