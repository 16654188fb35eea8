"""Samen naar cultuur (editions per year with the participating culture houses, and the
info evenings with their attendance) and the community events (Hidirellez, World Refugee
Day, World Day against poverty, the OPEN-BAR meetups)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CultureHouse(models.Model):
    """A Ghent culture house (reference data)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("culture house")
        verbose_name_plural = _("culture houses")

    def __str__(self) -> str:
        return self.name


class CultureEdition(models.Model):
    """An edition of Samen naar cultuur: the houses that take part in it."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    houses = models.ManyToManyField(CultureHouse, blank=True, related_name="editions", verbose_name=_("culture houses"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("Samen naar cultuur edition")
        verbose_name_plural = _("Samen naar cultuur editions")

    def __str__(self) -> str:
        return self.name


class InfoEvening(models.Model):
    edition = models.ForeignKey(
        CultureEdition, on_delete=models.CASCADE, related_name="evenings", verbose_name=_("edition")
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("info evening")
        verbose_name_plural = _("info evenings")

    def __str__(self) -> str:
        return f"{self.place} {self.held_on}"


class CommunityEventKind(models.TextChoices):
    HIDIRELLEZ = "hidirellez", _("Hidirellez")
    REFUGEE_DAY = "refugee_day", _("World Refugee Day")
    POVERTY_DAY = "poverty_day", _("World Day against poverty")
    OPEN_BAR = "open_bar", _("OPEN-BAR meetup")
    OTHER = "other", _("other event")


class CommunityEvent(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=CommunityEventKind.choices)
    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    partners = models.TextField(_("partners"), blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("community event")
        verbose_name_plural = _("community events")
        constraints = [models.CheckConstraint(condition=Q(attendance__gte=0), name="community_event_attendance")]

    def __str__(self) -> str:
        return f"{self.name} ({self.held_on:%d/%m/%Y})"
