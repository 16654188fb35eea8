"""The privacy officer's reviews of break-glass openings.

The access log itself is append-only, so a review is a record of its own that points
at the log entry; it is never changed or deleted either.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.core.models import AccessLogEntry


class GlassReview(models.Model):
    """The privacy officer has read the reason of one break-glass opening."""

    # On PostgreSQL the log is partitioned by time, so a foreign key to it names its whole
    # primary key: (entry_id, entry_at) -> (id, at), made in SQL (privacy migration 0003).
    entry = models.OneToOneField(
        AccessLogEntry,
        on_delete=models.PROTECT,
        related_name="glass_review",
        verbose_name=_("access-log entry"),
        db_constraint=False,
    )
    entry_at = models.DateTimeField(_("when"), editable=False)  # the entry's time, copied
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewed by")
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now, editable=False)
    justified = models.BooleanField(_("justified"), default=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("break-glass review")
        verbose_name_plural = _("break-glass reviews")
        default_permissions = ("add", "view")

    def __str__(self) -> str:
        return f"review of #{self.entry_id}"


class AnonymisationRun(models.Model):
    """One pass of anonymisation: as of which day, who started it (none: the daily job or
    the command line), and how many people and records it anonymised. The daily job runs
    only after the privacy officer has confirmed a first run on the page."""

    class Channel(models.TextChoices):
        PAGE = "page", _("the privacy officer's page")
        JOB = "job", _("the daily job")
        COMMAND = "command", _("the command line")

    as_of = models.DateField(_("as of"))
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    persons = models.PositiveIntegerField(_("people anonymised"), default=0)
    records = models.JSONField(_("records per type"), default=dict, blank=True)

    class Meta:
        verbose_name = _("anonymisation run")
        verbose_name_plural = _("anonymisation runs")
        ordering = ["-at", "-id"]
        default_permissions = ("add", "view")

    def __str__(self) -> str:
        return f"anonymisation as of {self.as_of}"

    @property
    def records_total(self) -> int:
        return sum(self.records.values())


class SubjectRequest(models.Model):
    """A person's request under the GDPR, or the privacy officer's own decision about a
    file: their own copy (art. 15 and 20), erasure before the period ends (art. 17), a
    restriction of processing (art. 18) and its lifting. The reason says why the law
    allows it; it names no one (the person is the foreign key)."""

    class Kind(models.TextChoices):
        COPY = "copy", _("own copy (access and portability)")
        ERASURE = "erasure", _("erasure")
        RESTRICTION = "restriction", _("restriction of processing")
        LIFT = "lift", _("restriction lifted")

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="subject_requests", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reason = models.TextField(_("reason"), max_length=2000)
    received_on = models.DateField(_("received on"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("handled by")
    )
    made_at = models.DateTimeField(_("handled at"), default=timezone.now, editable=False)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("job")
    )

    class Meta:
        verbose_name = _("subject request")
        verbose_name_plural = _("subject requests")
        ordering = ["-made_at", "-id"]
        default_permissions = ("add", "view")
        indexes = [models.Index(fields=["person", "made_at"], name="privacy_request_person_at")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.person_id}"
