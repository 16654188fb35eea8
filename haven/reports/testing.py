"""For tests: hold every figure of a section to the records its drill-down lists.

    cells_without_records("transit_site", 2019, not_counts={("Lesdagen per week", "value")})

walks every cell of the section's table for the year (each row and the totals row), asks
``drill_for`` for its records, and returns the cells whose records do not give the figure:
their number (``Drill.total_of`` unset) or the sum of ``total_of`` (rounded half up when
``Drill.rounded``). A cell that is a figure but
has no drill-down must be named in ``not_counts`` (by its row's first cell, or "total", and its
column); labels, ranks, codes and trend arrows are not figures.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Sum

from haven.reports.drilldown import figure_cells
from haven.reports.registry import Drill, drill_for, report_sections, report_table


def drill_figure(drill: Drill) -> int | float:
    """What the drill-down's records add up to: their number, or the sum of ``total_of``."""
    if drill.total_of is None:
        return drill.records.count()
    total = drill.records.aggregate(total=Sum(drill.total_of))["total"] or 0
    if drill.rounded:
        return int(Decimal(str(total)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return float(total) if isinstance(total, Decimal) else total


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
        found = drill_figure(drill)
        if row is None and drill.rounded:
            # A total of rounded rows is the sum of those rows (each held to its records above).
            found = sum(other[table.columns.index(column)] for other in table.rows)
        if found != figure:
            wrong.append((name, column, figure, found))
    return wrong
