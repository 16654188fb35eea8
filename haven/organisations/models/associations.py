"""Associations of ethnic-cultural minorities: the register (with their enterprise
number when they have one), the support contacts of the support point, and the network
events they meet at."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RecognitionStatus(models.TextChoices):
    RECOGNISED = "recognised", _("recognised by the city")
    NOT_RECOGNISED = "not_recognised", _("not recognised")
    APPLYING = "applying", _("recognition applied for")


class Association(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    enterprise_number = models.CharField(
        _("enterprise number"), max_length=10, blank=True, help_text=_("For example 0403.170.701.")
    )
    recognition = models.CharField(
        _("recognition"), max_length=16, choices=RecognitionStatus.choices, default=RecognitionStatus.NOT_RECOGNISED
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    women_focus = models.BooleanField(_("focus on women"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise_number"],
                condition=~Q(enterprise_number=""),
                name="organisations_association_enterprise_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def enterprise_number_display(self) -> str:
        number = self.enterprise_number
        return f"{number[:4]}.{number[4:7]}.{number[7:]}" if number else ""


class SupportKind(models.TextChoices):
    INFORMATIVE = "informative", _("informative")
    ADMINISTRATIVE = "administrative", _("administrative")
    CONTENT = "content", _("content-related")


class SupportContact(models.Model):
    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("association")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SupportKind.choices)
    held_on = models.DateField(_("date"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("staff member")
    )
    subject = models.CharField(_("subject"), max_length=300)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("support contact")
        verbose_name_plural = _("support contacts")
        indexes = [models.Index(fields=["held_on"], name="organisations_support_on")]

    def __str__(self) -> str:
        return f"{self.subject} ({self.held_on:%d/%m/%Y})"


class NetworkEvent(models.Model):
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    location = models.CharField(_("location"), max_length=200, blank=True)
    associations = models.ManyToManyField(
        Association, blank=True, related_name="network_events", verbose_name=_("associations present")
    )
    participants = models.PositiveIntegerField(_("participants"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("network event")
        verbose_name_plural = _("network events")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"
