"""Reads of the kept annual-report renders: the one the page shows, whether it is stale,
and its tables in the shape the page template walks."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from haven.jobs.models import FINISHED, JobState
from haven.reports.models import ReportRender
from haven.reports.registry import Section, Table, report_sections

DEFAULT_MAX_AGE_MINUTES = 15
TABLE_KEYS = ("columns", "rows", "total", "column_labels")


def report_max_age() -> timedelta:
    """How old a kept render may be before a reader's visit counts it again."""
    return timedelta(minutes=getattr(settings, "HAVEN_REPORT_MAX_AGE", DEFAULT_MAX_AGE_MINUTES))


def render_for(year: int, language: str) -> ReportRender | None:
    """The kept render of the year in the language, with its last job (one query)."""
    return ReportRender.objects.select_related("job").filter(year=year, language=language).first()


def render_running(render: ReportRender | None) -> bool:
    return render is not None and render.job is not None and render.job.state not in FINISHED


def render_failed(render: ReportRender | None) -> bool:
    return render is not None and render.job is not None and render.job.state == JobState.FAILED


def render_stale(render: ReportRender | None, *, now: datetime | None = None) -> bool:
    """No figures yet, or figures older than the maximum age."""
    if render is None or render.report is None or render.computed_at is None:
        return True
    return render.computed_at < (now or timezone.now()) - report_max_age()


def render_wanted(render: ReportRender | None, *, now: datetime | None = None) -> bool:
    """A visit should start a render: none runs, the figures are missing or stale, and the
    last attempt is not recent (a failing render is tried again once per maximum age, not
    on every visit)."""
    now = now or timezone.now()
    if render is None:
        return True
    if render_running(render) or not render_stale(render, now=now):
        return False
    if render_failed(render) and render.job is not None:
        return render.job.created_at < now - report_max_age()
    return True


@dataclass(frozen=True)
class RenderedSection:
    section: Section
    table: Table
    # Each cell with its column (years are not printed as numbers: 2.019), whether its
    # column holds figures (right-aligned) and the address of the records behind it ("" none).
    cells: list[list[tuple[str, Any, bool, str]]]
    totals: list[tuple[Any, str]] | None  # the totals row, each under its own column, with its records' address
    headings: list[tuple[str, bool]]  # each column's heading in the reader's words, and whether it holds figures
    title: str = ""
    definition: str = ""
    narrative: str = ""
    charts: list[dict[str, Any]] = field(default_factory=list)


def _records_url(year: int, key: str, row: int, column: str) -> str:
    """The page of the records behind a figure (row -1: the totals row)."""
    query = urlencode({"row": "total" if row == -1 else row, "column": column})
    return reverse("reports:figure_records", args=[year, key]) + "?" + query


def _shown(cell: Any, named: dict[str, str]) -> Any:
    """A cell as the reader reads it: a row's label in their language, a figure as it is."""
    return named.get(cell, cell) if isinstance(cell, str) else cell


def _figures(rows: list[list[Any]], index: int) -> bool:
    """Whether a column holds only figures (a year column is a label, not a figure)."""
    values = [row[index] for row in rows if index < len(row) and row[index] is not None]
    return bool(values) and all(isinstance(value, int | float) and not isinstance(value, bool) for value in values)


def render_sections(
    render: ReportRender, *, narrative: dict[str, str] | None = None, charts: dict[str, list] | None = None
) -> list[RenderedSection]:
    """The kept tables, in the registry's order (sections registered since are left out),
    each figure with the address of its records when it has records behind it."""
    report = render.report or {}
    tables = report.get("tables", {})
    labels = report.get("column_labels", {})
    row_labels = report.get("row_labels", {})
    notes = report.get("notes", {})
    narrative, charts = narrative or {}, charts or {}
    sections = []
    for section in report_sections():
        data = tables.get(section.key)
        if data is None:
            continue
        table = Table(
            columns=data["columns"],
            rows=data["rows"],
            total=data.get("total"),
            extra={key: value for key, value in data.items() if key not in TABLE_KEYS},
            column_labels=labels.get(section.key),
            notes=notes.get(section.key, []),
        )
        named = row_labels.get(section.key, {})
        numeric = [_figures(table.rows, index) for index in range(len(table.columns))]
        linked = {(row, column) for row, column in report.get("drillable", {}).get(section.key, [])}

        def href(row: int, column: str, key: str = section.key, linked: set = linked) -> str:
            return _records_url(render.year, key, row, column) if (row, column) in linked else ""

        cells = [
            [
                (column, _shown(cell, named), figures, href(index, column))
                for column, cell, figures in zip(table.columns, row, numeric, strict=False)
            ]
            for index, row in enumerate(table.rows)
        ]
        totals = (
            [(table.total.get(column, ""), href(-1, column)) for column in table.columns[1:]] if table.total else None
        )
        labels_shown = table.column_labels or table.columns
        headings = [
            (label, numeric[index] and column != "year")
            for index, (label, column) in enumerate(zip(labels_shown, table.columns, strict=False))
        ]
        sections.append(
            RenderedSection(
                section,
                table,
                cells,
                totals,
                headings,
                title=report.get("titles", {}).get(section.key) or str(section.title),
                definition=report.get("definitions", {}).get(section.key) or str(section.definition),
                narrative=narrative.get(section.key, ""),
                charts=charts.get(section.key, []),
            )
        )
    return sections
