"""What the reports app keeps: the permission to see the aggregate reports, and the last
render of each year's annual report per language (aggregates only: no person in it).

The API and ``haven report`` count from the records when asked; the page shows the kept
render, which a background job (``haven.reports.tasks``) counts again when it is older than
``HAVEN_REPORT_MAX_AGE`` or when a reader asks for it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnualReport(models.Model):
    """Unmanaged placeholder that holds the ``view_annual_report`` permission."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_annual_report", _("Can see the annual report (aggregates only)"))]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class ReportRender(models.Model):
    """The annual report of a year as last counted in a language (its column headings are
    translated), and the job counting it again. One row per year and language: the row is
    also what a starting job locks, so at most one render job runs for it."""

    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=8)
    report = models.JSONField(_("report"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("job")
    )

    class Meta:
        verbose_name = _("annual report render")
        verbose_name_plural = _("annual report renders")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["year", "language"], name="reports_render_one_per_year_language")
        ]

    def __str__(self) -> str:
        return f"annual report {self.year} ({self.language})"
