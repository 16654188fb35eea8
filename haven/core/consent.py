"""Consent where it is the ground for processing (ambassadors, buddies, volunteers, the
newsletter): the date it was given, the version of the text the person agreed to, and
the date it was withdrawn. An abstract model: each record that rests on consent carries
these fields itself, so that withdrawing one consent stops exactly the processing it
covered."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Consent(models.Model):
    consent_given_on = models.DateField(_("consent given on"))
    consent_text_version = models.CharField(
        _("consent text version"),
        max_length=20,
        help_text=_("The version of the consent text the person agreed to."),
    )
    consent_withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)

    class Meta:
        abstract = True

    def consent_active(self, on: datetime.date) -> bool:
        """Whether the consent covers processing on the given day."""
        return self.consent_given_on <= on and (self.consent_withdrawn_on is None or on < self.consent_withdrawn_on)

    def clean(self) -> None:
        super().clean()
        if self.consent_withdrawn_on and self.consent_given_on and self.consent_withdrawn_on < self.consent_given_on:
            raise ValidationError(
                {"consent_withdrawn_on": _("Consent cannot be withdrawn before it was given.")},
                code="withdrawn_before_given",
            )
