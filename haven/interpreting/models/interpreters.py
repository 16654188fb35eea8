"""Freelance interpreters and translators: their languages, weekly availability and absences."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.core.models import Language
from haven.interpreting.models.choices import Modality, Sex
from haven.interpreting.models.zones import Zone


def validate_modalities(value) -> None:
    if not isinstance(value, list) or not value or set(value) - set(Modality.values):
        raise ValidationError(_("Choose on site, by video or both."))


def _ical_token() -> str:
    return secrets.token_urlsafe(24)


class Interpreter(models.Model):
    """A freelance social interpreter and/or translator."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="interpreter"
    )
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
    # The day the interpreter left the pool: their retention period runs from it (empty while
    # they are in it; see haven/interpreting/retention.py).
    left_pool_on = models.DateField(_("left the pool on"), null=True, blank=True)
    ical_token = models.CharField(max_length=40, unique=True, default=_ical_token, editable=False)

    class Meta:
        verbose_name = _("interpreter or translator")
        verbose_name_plural = _("interpreters and translators")
        ordering = ["family_name", "given_names"]

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name}"

    def clean(self):
        if not self.active and not self.left_pool_on:
            raise ValidationError({"left_pool_on": _("Give the day the interpreter left the pool.")})


class InterpreterLanguage(models.Model):
    """A language an interpreter works in, with the dialects they master."""

    interpreter = models.ForeignKey(
        Interpreter, on_delete=models.CASCADE, related_name="languages", verbose_name=_("interpreter")
    )
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language"))
    dialects = models.JSONField(_("dialects"), default=list, blank=True)

    class Meta:
        verbose_name = _("language of an interpreter")
        verbose_name_plural = _("languages of interpreters")
        constraints = [
            models.UniqueConstraint(fields=["interpreter", "language"], name="interpreting_one_row_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.interpreter_id}: {self.language_id}"


class Availability(models.Model):
    """A weekly window in which the interpreter takes jobs (weekday 0 is Monday)."""

    interpreter = models.ForeignKey(
        Interpreter, on_delete=models.CASCADE, related_name="availability", verbose_name=_("interpreter")
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"),
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )
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

    interpreter = models.ForeignKey(
        Interpreter, on_delete=models.CASCADE, related_name="absences", verbose_name=_("interpreter")
    )
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
