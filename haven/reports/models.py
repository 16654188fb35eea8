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
        permissions = [
            ("view_annual_report", _("Can see the annual report (aggregates only)")),
            ("view_report_records", _("Can follow a report figure to the records behind it")),
        ]

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


class SectionNarrative(models.Model):
    """The report's prose of a section for a year, in both languages: each save is a new
    version (the last one is shown above the section's table, in the page and the PDF)."""

    year = models.PositiveSmallIntegerField(_("year"))
    section = models.CharField(_("section"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    text_nl = models.TextField(_("text in Dutch"), blank=True)
    text_en = models.TextField(_("text in English"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    written_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("section text")
        verbose_name_plural = _("section texts")
        ordering = ["year", "section", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "section", "version"], name="reports_narrative_one_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.section} {self.year} v{self.version}"


class ReportEdition(models.Model):
    """A year's report as frozen by a manager: the published document in both languages
    (tables, definitions, narrative, renderer version) as canonical JSON with its SHA-256,
    and the ids of the records behind each figure then (to tell why a live figure differs).
    Editions are numbered per year and never changed."""

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("edition"))
    # The documents of both languages as canonical JSON text (sorted keys, no spaces), kept
    # as text so its bytes, and so its SHA-256, are those frozen on any database.
    document = models.TextField(_("document"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    digests = models.JSONField(_("digests of the published files"), default=dict)
    renderer = models.CharField(_("renderer version"), max_length=32)
    records = models.JSONField(_("records behind the figures"), default=dict)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("frozen by")
    )
    frozen_at = models.DateTimeField(_("frozen at"))

    class Meta:
        verbose_name = _("report edition")
        verbose_name_plural = _("report editions")
        ordering = ["year", "-number"]
        default_permissions = ("view", "add")
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="reports_edition_one_per_number")]

    def __str__(self) -> str:
        return f"annual report {self.year}, edition {self.number}"
