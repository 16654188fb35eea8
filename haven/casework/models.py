"""Casework records on a person's file: notes and documents.

A **note** is never changed in place: a correction is a new version (``replaces`` the
one it corrects), and the old version stays, readable by its author and the privacy
officer only. Who reads a note depends on its confidentiality (``casework.access``).
"""

import uuid
from pathlib import PurePath

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


class DocumentKind(models.TextChoices):
    RESIDENCE_CARD = "residence_card", _("residence card")
    PASSPORT = "passport", _("passport")
    DIPLOMA = "diploma", _("diploma")
    CERTIFICATE = "certificate", _("certificate")
    LETTER = "letter", _("letter")
    OTHER = "other", _("other document")


# The kinds that are valid until a date (the date is then required, and reminded of).
KINDS_WITH_VALIDITY = frozenset({DocumentKind.RESIDENCE_CARD, DocumentKind.PASSPORT})


def document_path(document: "Document", filename: str) -> str:
    """A name Haven makes up: nothing of the person or of the uploaded file's name."""
    extension = PurePath(filename).suffix.lower().lstrip(".") or "bin"
    return f"casework/{document.uploaded_at:%Y}/{uuid.uuid4().hex}.{extension}"


class Document(models.Model):
    """A copy of a document on a person's file (PDF or image), owned by a service line,
    stored outside the web root and served only after the access check."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="casework_documents", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    service_line = models.CharField(_("service line"), max_length=30)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=document_path)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    scanned = models.BooleanField(_("checked by the virus scanner"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["valid_until"], name="casework_document_valid_until")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(KINDS_WITH_VALIDITY)) | Q(valid_until__isnull=False),
                name="casework_document_validity_where_the_kind_has_one",
            ),
        ]

    def __str__(self) -> str:
        return f"document {self.pk} of {self.person_id}"

    @property
    def has_validity(self) -> bool:
        return self.kind in KINDS_WITH_VALIDITY


class TaskSource(models.TextChoices):
    HAND = "hand", _("by hand")
    RULE = "rule", _("by a rule")


class Task(models.Model):
    """A to-do on a person's file: written by hand (``title``), or made by a rule
    (``rule`` and ``facts``, told in the reader's language by ``casework.task_rules``).
    A rule makes each task once (``key``)."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="casework_tasks", verbose_name=_("person")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="casework_tasks", verbose_name=_("assignee")
    )
    due_on = models.DateField(_("due on"))
    source = models.CharField(_("made"), max_length=8, choices=TaskSource.choices, default=TaskSource.HAND)
    title = models.CharField(_("what to do"), max_length=200, blank=True)
    rule = models.CharField(_("rule"), max_length=40, blank=True)
    facts = models.JSONField(_("facts"), default=dict, blank=True)
    key = models.CharField(_("key"), max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["assignee", "done_at", "due_on"], name="casework_task_assignee_due")]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="casework_task_made_once"),
            models.CheckConstraint(
                condition=Q(source="hand", rule="") & ~Q(title="") | Q(source="rule") & ~Q(rule="") & ~Q(key=""),
                name="casework_task_hand_has_a_title_rule_has_a_key",
            ),
        ]

    def __str__(self) -> str:
        return f"task {self.pk} of {self.person_id}"

    @property
    def text(self) -> str:
        """What to do, in the reader's language (a rule's task is told from its facts)."""
        if self.source == TaskSource.HAND:
            return self.title
        from haven.casework.task_rules import task_text

        return task_text(self.rule, self.facts)


class AppointmentPlace(models.TextChoices):
    ON_SITE = "on_site", _("at the office")
    VIDEO = "video", _("by video")


class AppointmentState(models.TextChoices):
    PLANNED = "planned", _("planned")
    CAME = "came", _("came")
    NO_SHOW = "no_show", _("did not come")
    CANCELLED = "cancelled", _("cancelled")


class Appointment(models.Model):
    """A staff member's appointment with a person, at the office or by video; its outcome
    (came, did not come, cancelled) feeds the no-show figures. When the person needs an
    interpreter, the appointment holds the interpreting request made for it (of the
    agency's own organisation), moved and cancelled with it."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="casework_appointments", verbose_name=_("person")
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="casework_appointments", verbose_name=_("with")
    )
    service_line = models.CharField(_("service line"), max_length=30)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=45)
    place = models.CharField(
        _("where"), max_length=8, choices=AppointmentPlace.choices, default=AppointmentPlace.ON_SITE
    )
    video_link = models.URLField(_("video link"), blank=True)
    purpose = models.CharField(_("purpose"), max_length=200)
    state = models.CharField(
        _("state"), max_length=10, choices=AppointmentState.choices, default=AppointmentState.PLANNED
    )
    interpreting_request = models.OneToOneField(
        "interpreting.InterpretingRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointment",
        verbose_name=_("interpreter requested"),
    )
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["staff", "starts_at"], name="casework_appointment_staff_day")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(place="video") | ~Q(video_link=""), name="casework_appointment_video_has_a_link"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="casework_appointment_duration_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"appointment {self.pk} of {self.person_id}"

    @property
    def ends_at(self):
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.duration_minutes)


def _calendar_token() -> str:
    import secrets

    return secrets.token_urlsafe(30)


class CalendarFeed(models.Model):
    """The secret address of a staff member's appointments as iCalendar (for a calendar
    program, which cannot log in). Replacing the token closes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="casework_calendar", verbose_name=_("user")
    )
    token = models.CharField(max_length=60, unique=True, default=_calendar_token, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"


class ReminderText(models.Model):
    """The agency's text of an appointment reminder in a language; without one for the
    person's language the Dutch text (the agency's, else Haven's) is sent. Placeholders:
    {date}, {time}, {place}."""

    language = models.OneToOneField(
        "core.Language", on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    text = models.CharField(_("text"), max_length=400)

    class Meta:
        verbose_name = _("reminder text")
        verbose_name_plural = _("reminder texts")

    def __str__(self) -> str:
        return self.language_id
