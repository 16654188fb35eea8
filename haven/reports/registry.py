"""The annual report's spine: apps register the sections they own.

A section is a selector for a year that returns a Table. The API and ``haven report``
count when asked; the page shows a kept render (models.ReportRender, counted by tasks.py). Each
app puts its sections in its ``report.py``, which the reports app imports at start:

    @report_section("newcomers_top20_nationalities", title=_("Newcomers by nationality (top 20)"), order=20)
    def newcomers_top20_nationalities(year: int) -> Table: ...

Sums and counts are done in the database, each section in as few statements as it can
(the whole report's count is pinned by reports/tests/test_report_queries.py, its time set
beside hand-written SQL by bench/report.py): ``counts_at_once`` counts from several tables
in one statement, and ``report_section_counts`` lets another app add its counts to that
statement of a section it extends.

The JSON form of a table follows ../shared/seed/annual-report-2019.json:
``{"columns": [...], "rows": [[...]], "total": {...}}`` plus extra figures such as
``countries``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import CharField, F, QuerySet, Value

if TYPE_CHECKING:
    from django.db.models import Aggregate
    from django_stubs_ext import StrOrPromise


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]]
    total: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # further figures, e.g. countries
    column_labels: list[str] | None = None  # translated headings for the web page and PDF
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # what section_counts found, for extensions

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"columns": list(self.columns), "rows": [list(row) for row in self.rows]}
        if self.total is not None:
            data["total"] = dict(self.total)
        data.update(self.extra)
        return data


@dataclass(frozen=True)
class Section:
    key: str
    title: StrOrPromise  # lazy translation
    build: Callable[[int], Table]
    order: int = 100


_sections: dict[str, Section] = {}
_extensions: dict[str, list[Callable[[int, Table], None]]] = {}
_count_parts: dict[str, list[Callable[[int], list[QuerySet]]]] = {}


def report_section(
    key: str, *, title: StrOrPromise, order: int = 100
) -> Callable[[Callable[[int], Table]], Callable[[int], Table]]:
    def register(build: Callable[[int], Table]) -> Callable[[int], Table]:
        if key in _sections and _sections[key].build is not build:
            raise ValueError(f"Report section {key} is registered twice.")
        _sections[key] = Section(key=key, title=title, build=build, order=order)
        return build

    return register


def report_section_extend(key: str) -> Callable[[Callable[[int, Table], None]], Callable[[int, Table], None]]:
    """Let another app add rows or figures to a section it does not own, e.g. the
    civic-integration app adds the rows by status to ``newcomers_settled_by_status``:

        @report_section_extend("newcomers_settled_by_status")
        def add_status_rows(year: int, table: Table) -> None: ...
    """

    def register(extend: Callable[[int, Table], None]) -> Callable[[int, Table], None]:
        extensions = _extensions.setdefault(key, [])
        if extend not in extensions:
            extensions.append(extend)
        return extend

    return register


def report_section_counts(key: str) -> Callable[[Callable[[int], list[QuerySet]]], Callable[[int], list[QuerySet]]]:
    """Let another app count in the statement of a section it does not own: the function
    gives ``count_part``s for the year, the section counts them with its own
    (``section_counts``) and the app's ``report_section_extend`` reads them in ``table.counts``."""

    def register(parts: Callable[[int], list[QuerySet]]) -> Callable[[int], list[QuerySet]]:
        registered = _count_parts.setdefault(key, [])
        if parts not in registered:
            registered.append(parts)
        return parts

    return register


def report_table(section: Section, year: int) -> Table:
    """The section's table for the year, with what other apps add to it."""
    table = section.build(year)
    for extend in _extensions.get(section.key, []):
        extend(year, table)
    return table


def report_sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def annual_report(year: int) -> dict[str, Any]:
    """Every registered table for the year, counted now."""
    return {
        "year": year,
        "tables": {section.key: report_table(section, year).as_json() for section in report_sections()},
    }


def count_part(queryset: QuerySet, name: str, count: Aggregate, *, by: str | None = None) -> QuerySet:
    """One part of ``counts_at_once``: a count over ``queryset`` under ``name``, per value of
    the field ``by`` or in all."""
    group = F(by) if by else Value("", output_field=CharField())
    return (
        queryset.order_by()
        .annotate(figure=Value(name, output_field=CharField()), group=group)
        .values("figure", "group")
        .annotate(count=count)
        .values_list("figure", "group", "count")
    )


def counts_at_once(*parts: QuerySet) -> dict[tuple[str, str], int]:
    """Counts from several tables in one statement (a UNION ALL of ``count_part``s), keyed
    by (name, group); a group without rows is absent."""
    first, *others = parts
    return {(name, group): count for name, group, count in first.union(*others, all=True)}


def section_counts(key: str, year: int, *parts: QuerySet) -> dict[tuple[str, str], int]:
    """The section's own counts and those other apps add to it, in one statement."""
    added = [part for parts_for in _count_parts.get(key, []) for part in parts_for(year)]
    return counts_at_once(*parts, *added)


def trend(previous: int, current: int) -> str:
    if current > previous:
        return "up"
    if current < previous:
        return "down"
    return "equal"
