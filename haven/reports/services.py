"""Writes of the annual-report renders: start a render job (at most one per year and
language), and count and keep a render (the job's work).

The render row of a year and language is locked while a job is started for it, so fifty
readers arriving at a stale report start one job, not fifty."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from haven.accounts.models import User
from haven.jobs.services import JobProgress, job_start
from haven.reports.document import report_document
from haven.reports.drilldown import drillable_cells
from haven.reports.models import ReportRender
from haven.reports.registry import report_sections, report_table
from haven.reports.selectors import render_running, render_wanted

RENDER_KIND = "reports.annual_render"
RENDER_TITLE = gettext_noop("Counting the annual report")
RENDER_STEP = gettext_noop("Counting the report's tables, one at a time.")


def render_start(*, year: int, language: str, by: User, again: bool = False) -> ReportRender:
    """Start a render job for the year in the language unless one runs already; without
    ``again`` (a visit) only when the kept figures are missing or stale. The render row
    comes back with its job (under the in-process backend: done, with the new figures)."""
    from haven.reports import tasks  # the tasks import this module

    with transaction.atomic():
        ReportRender.objects.get_or_create(year=year, language=language)
        render = ReportRender.objects.select_for_update().get(year=year, language=language)
        if not render_running(render) and (again or render_wanted(render)):
            job = job_start(task=tasks.annual_report_render, kind=RENDER_KIND, title=RENDER_TITLE, by=by, year=year)
            ReportRender.objects.filter(pk=render.pk).update(job=job)
    return ReportRender.objects.select_related("job").get(pk=render.pk)


def report_count(year: int, progress: JobProgress | None = None) -> dict[str, Any]:
    """The annual report as ``annual_report`` gives it (``year``, ``tables``), counted now
    in the active language, plus each table's translated column headings (``column_labels``) and
    row labels (``row_labels``: the report's Dutch words of a row's label, in the active language)
    and the further figures as sentences (``notes``)."""
    sections = report_sections()
    tables, labels, row_labels, notes, impersonal, drillable = {}, {}, {}, {}, {}, {}
    for done, section in enumerate(sections):
        if progress is not None:
            progress(done, len(sections), RENDER_STEP)
        table = report_table(section, year)
        tables[section.key] = table.as_json()
        if table.column_labels is not None:
            labels[section.key] = [str(label) for label in table.column_labels]
        if table.row_labels:
            row_labels[section.key] = dict(table.row_labels)
        if table.notes:
            notes[section.key] = list(table.notes)
        drillable[section.key] = drillable_cells(section.key, year, table)
        if table.impersonal_rows or table.impersonal_columns:
            impersonal[section.key] = {
                "rows": sorted(table.impersonal_rows),
                "columns": sorted(table.impersonal_columns),
            }
    return {
        "year": year,
        "tables": tables,
        "column_labels": labels,
        "row_labels": row_labels,
        "notes": notes,
        "impersonal": impersonal,
        "drillable": drillable,
        "titles": {section.key: str(section.title) for section in sections},
        "definitions": {section.key: str(section.definition) for section in sections},
    }


def render_keep(*, year: int, language: str, report: dict[str, Any], by: User | None) -> ReportRender:
    """Keep the counted report as the year's render in the language."""
    render, _created = ReportRender.objects.update_or_create(
        year=year, language=language, defaults={"report": report, "computed_at": timezone.now(), "asked_by": by}
    )
    return render


def report_charts(report: dict[str, Any], language: str) -> dict[str, list[dict[str, Any]]]:
    """Each section's charts (SVG and data table) for a counted report in ``language``: drawn
    once when the render is counted and kept with it, not on every visit (about 0.3 s)."""
    from haven.reports.charts import document_charts  # pygal loads with the first chart

    document = report_document(report, language=language)
    document_charts(document)
    return {section["key"]: section.get("charts", []) for section in document["sections"]}
