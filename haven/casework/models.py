"""Casework records on a person's file.

A **note** is never changed in place: a correction is a new version (``replaces`` the
one it corrects), and the old version stays, readable by its author and the privacy
officer only. Who reads a note depends on its confidentiality (``casework.access``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.people.models import Person


class Confidentiality(models.TextChoices):
    LINE = "line", _("the service line's staff")
    COUNSELLOR = "counsellor", _("the author and the person's counsellor")
    PRIVACY = "privacy", _("the privacy officer")


class Note(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="casework_notes", verbose_name=_("person")
    )
    service_line = models.CharField(_("service line"), max_length=30)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    written_at = models.DateTimeField(_("written at"))
    happened_on = models.DateField(_("date"))  # the day the note is about (a conversation, a call)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"), max_length=10_000)
    confidentiality = models.CharField(
        _("readable by"), max_length=12, choices=Confidentiality.choices, default=Confidentiality.LINE
    )
    # The version this one corrects; the corrected version is kept as it was.
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("corrects")
    )

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-happened_on", "-written_at", "-id"]
        indexes = [models.Index(fields=["person", "happened_on"], name="casework_note_person_day")]
        constraints = [
            models.CheckConstraint(condition=~Q(replaces=models.F("id")), name="casework_note_not_its_own_version"),
        ]

    def __str__(self) -> str:
        return f"note {self.pk} of {self.person_id}"
