"""From a figure of the annual report to the records behind it: the cell a reader asks for
(a row of a section's table, or its totals, and a column), its live figure, and the page of
records the section's drill-down gives (``registry.report_drill``), narrowed to the people
the reader may open and traced.

A manager reads the figure and its definition; only a role with
``reports.view_report_records`` (the privacy officer, for an audit) reads the list, and of
people only those the policy lets them open (``people_visible``): for a role that may open
anyone the list's length is the figure (``reports.testing`` holds every cell to it)."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, QuerySet
from django.http import Http404

from haven.reports.document import row_name
from haven.reports.registry import Drill, Section, Table, drill_for, report_sections, report_table

LABEL_COLUMNS = {"rank", "year", "trend", "iso3166", "iso639"}


@dataclass
class Cell:
    """One figure of a section's table for a year, as counted now."""

    section: Section
    year: int
    table: Table
    row_index: int | None  # None: the totals row
    column: str
    figure: Any
    drill: Drill | None = field(default=None)

    @property
    def row(self) -> list[Any] | None:
        return None if self.row_index is None else self.table.rows[self.row_index]

    @property
    def label(self) -> str:
        """The row as the reader reads it: its first words (in the reader's language) or its year."""
        if self.row is None:
            return ""
        first = row_name(self.row)
        return self.table.row_labels.get(first, str(first)) if isinstance(first, str) else str(first)

    @property
    def heading(self) -> str:
        labels = self.table.column_labels or self.table.columns
        if self.column in self.table.columns:
            index = self.table.columns.index(self.column)
            return str(labels[index]) if index < len(labels) else self.column
        return self.column


def section_or_404(key: str) -> Section:
    for section in report_sections():
        if section.key == key:
            return section
    raise Http404


def cell_or_404(section: Section, year: int, row: str, column: str) -> Cell:
    """The cell ``row`` ("total" or a row's index) and ``column`` of the section's table for the
    year, counted now, with its drill-down; 404 when the table has no such figure."""
    table = report_table(section, year)
    if row == "total":
        if not table.total or column not in table.total:
            raise Http404
        return Cell(section, year, table, None, column, table.total[column], drill_for(section.key, year, None, column))
    if not row.isdigit() or int(row) >= len(table.rows) or column not in table.columns or column in LABEL_COLUMNS:
        raise Http404
    index = int(row)
    figure = table.rows[index][table.columns.index(column)]
    if not isinstance(figure, int | float) or isinstance(figure, bool):
        raise Http404
    return Cell(section, year, table, index, column, figure, drill_for(section.key, year, table.rows[index], column))


def drill_rows(drill: Drill) -> QuerySet:
    """The drill-down's records in a stable order, each with its value when the figure is a
    sum (``value``) and its person's id when they are people (``person_ref``)."""
    records = drill.records.order_by("pk")
    if drill.total_of is not None:
        records = records.annotate(value=F(drill.total_of))
    if drill.person is not None and drill.person != "pk":
        records = records.annotate(person_ref=F(drill.person))
    return records


def figure_cells(table: Table) -> list[tuple[int | None, str, Any]]:
    """Every figure of the table as (row index or None for the totals, column, figure):
    numbers outside the label columns (ranks, years, codes, trend arrows are not figures)."""
    cells: list[tuple[int | None, str, Any]] = [
        (index, column, value)
        for index, row in enumerate(table.rows)
        for column, value in zip(table.columns, row, strict=False)
        if column not in LABEL_COLUMNS and isinstance(value, int | float) and not isinstance(value, bool)
    ]
    cells += [(None, column, value) for column, value in (table.total or {}).items()]
    return cells


def drillable_cells(key: str, year: int, table: Table) -> list[list[Any]]:
    """The cells of the table that have records behind them, as [row index or -1, column]
    (the page links those figures). Building a drill-down reads nothing: no query."""
    return [
        [-1 if index is None else index, column]
        for index, column, _figure in figure_cells(table)
        if drill_for(key, year, None if index is None else table.rows[index], column) is not None
    ]
