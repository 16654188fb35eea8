"""For tests: hold every figure of a section to the records its drill-down lists.

    cells_without_records("transit_site", 2019, not_counts={("Lesdagen per week", "value")})

walks every cell of the section's table for the year (each row and the totals row), asks
``drill_for`` for its records, and returns the cells whose records do not give the figure:
their number (``Drill.total_of`` unset) or the sum of ``total_of`` (rounded half up when
``Drill.rounded``). A cell that is a figure but
has no drill-down must be named in ``not_counts`` (by its row's first cell, or "total", and its
column); labels, ranks, codes and trend arrows are not figures. A page of each cell's
records must also list in one query (no N+1 on the records page).
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from haven.reports.drilldown import drill_rows, figure_cells
from haven.reports.registry import Drill, drill_for, report_sections, report_table

LISTED = 50  # a page of the records page


def drill_figure(drill: Drill) -> int | float:
    """What the drill-down's records add up to: their number, or the sum of ``total_of``."""
    if drill.total_of is None:
        return drill.records.count()
    total = drill.records.aggregate(total=Sum(drill.total_of))["total"] or 0
    if drill.rounded:
        return int(Decimal(str(total)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return float(total) if isinstance(total, Decimal) else total


def _listing_queries(drill: Drill) -> int:
    """The queries that listing a page of the drill-down's records as the records page
    does (each record by its name) takes: one, or an N+1."""
    with CaptureQueriesContext(connection) as queries:
        [str(record) for record in drill_rows(drill)[:LISTED]]
    return len(queries)


def cells_without_records(
    key: str, year: int, *, not_counts: set[tuple[str, str]] | frozenset[tuple[str, str]] = frozenset()
) -> list[tuple[str, str, Any, Any]]:
    """The section's cells whose drill-down does not give their figure, as (row, column,
    figure, what the records give); an empty list when every figure is held."""
    section = next(section for section in report_sections() if section.key == key)
    table = report_table(section, year)
    cells: list[tuple[str, list[Any] | None, str, Any]] = [
        ("total", None, column, figure)
        if index is None
        else (str(table.rows[index][0]), table.rows[index], column, figure)
        for index, column, figure in figure_cells(table)
    ]
    wrong: list[tuple[str, str, Any, Any]] = []
    for name, row, column, figure in cells:
        drill = drill_for(key, year, row, column)
        if drill is None:
            if (name, column) not in not_counts:
                wrong.append((name, column, figure, None))
            continue
        listing = _listing_queries(drill)
        if listing > 1:  # the records page would run a query per record
            wrong.append((name, column, "queries to list a page", listing))
        found = drill_figure(drill)
        if row is None and drill.rounded:
            # A total of rounded rows is the sum of those rows (each held to its records above).
            found = sum(other[table.columns.index(column)] for other in table.rows)
        if found != figure:
            wrong.append((name, column, figure, found))
    return wrong
