"""Long work a user started (a dispatch run, a month's invoices), run by a worker in the
background: what it is, who started it, how far it is and what came out of it.

The task queue (django-tasks with its database backend) keeps its own row per task; a
``Job`` is what the user sees: progress they can follow on a page and the result kept after
the task's own row is pruned. Texts that the task writes as it goes (the step, the title) are
kept as their English message ids and translated when shown, so a Dutch user reads Dutch
whatever the worker's language; the closing message is written in the starter's language.

``DailyRun`` is the scheduler's ledger: one row per daily job and day, so each daily job is
enqueued once a day however many workers and hosts ask.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


FINISHED = (JobState.DONE, JobState.FAILED)


class Job(models.Model):
    """One piece of long work a user started, followed on ``/jobs/<id>/``."""

    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200, help_text=_("English message id, translated when shown."))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)
    state = models.CharField(_("state"), max_length=8, choices=JobState.choices, default=JobState.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True, help_text=_("English message id."))
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    result_url = models.CharField(_("result address"), max_length=300, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        default_permissions = ("view",)
        indexes = [models.Index(fields=["started_by", "kind", "state"], name="jobs_job_user_kind_state")]

    def __str__(self) -> str:
        return f"job #{self.pk} {self.kind} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def title_text(self) -> str:
        return gettext(self.title) if self.title else ""

    @property
    def step_text(self) -> str:
        if self.state == JobState.QUEUED:
            return str(JobState.QUEUED.label)
        return gettext(self.step) if self.step else ""

    @property
    def percent(self) -> int | None:
        """How far, 0–100; None while the total is not known."""
        if self.state == JobState.DONE:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)


class DailyRun(models.Model):
    """A daily job was enqueued for this day (once: the pair is unique)."""

    name = models.CharField(_("daily job"), max_length=64)
    day = models.DateField(_("date"))
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    enqueued_at = models.DateTimeField(_("enqueued at"), default=timezone.now)

    class Meta:
        verbose_name = _("daily job run")
        verbose_name_plural = _("daily job runs")
        default_permissions = ("view",)
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="jobs_dailyrun_once_a_day")]

    def __str__(self) -> str:
        return f"{self.name} {self.day}"
