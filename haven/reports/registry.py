"""The annual report's spine: apps register the sections they own.

A section is a selector for a year that returns a Table. The API and ``haven report``
count when asked; the page shows a kept render (models.ReportRender, counted by tasks.py). Each
app puts its sections in its ``report.py``, which the reports app imports at start:

    @report_section("newcomers_top20_nationalities", title=_("Newcomers by nationality (top 20)"), order=20)
    def newcomers_top20_nationalities(year: int) -> Table: ...

Sums and counts are done in the database, each section in as few statements as it can
(the whole report's count is pinned by reports/tests/test_report_queries.py, its time set
beside hand-written SQL by bench/report.py): ``report_section_counts`` registers counts
(``count_part``s) that ``section_counts`` counts from several tables in one statement, the
section's own and those another app adds to a section it extends; ``report_statement``
keeps a statement compiled (see below).

The JSON form of a table follows ../shared/seed/annual-report-2019.json:
``{"columns": [...], "rows": [[...]], "total": {...}}`` plus extra figures such as
``countries``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import ExtractYear
from django.utils import timezone, translation

from haven.core.statements import compiled_rows

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
    # The rows' labels as the reader reads them: the figures name their rows in the
    # report's own Dutch words (the seed's, whatever the interface language), the page shows
    # them in the reader's language. An extension that adds rows adds their labels.
    row_labels: dict[str, str] = field(default_factory=dict)
    # The further figures (``extra``) told in the reader's words, for the page.
    notes: list[str] = field(default_factory=list)
    # Rows (by their Dutch label) and columns whose figures do not count people (a capacity,
    # lesson days per week, hours, an average): a published edition prints them exactly;
    # every other figure below the threshold is suppressed there (haven.reports.disclosure).
    impersonal_rows: set[str] = field(default_factory=set)
    impersonal_columns: set[str] = field(default_factory=set)

    def labelled(self, label: StrOrPromise, *, people: bool = True) -> str:
        """A row label: its Dutch words for the figures, its reader's words kept beside them.
        ``people=False``: the row's figures do not count people (kept exact when published)."""
        dutch = report_words(label)
        self.row_labels[dutch] = str(label)
        if not people:
            self.impersonal_rows.add(dutch)
        return dutch

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"columns": list(self.columns), "rows": [list(row) for row in self.rows]}
        if self.total is not None:
            data["total"] = dict(self.total)
        data.update(self.extra)
        return data


def report_words(label: StrOrPromise) -> str:
    """A translatable row label in the report's own words: the Dutch catalogue's, which is
    the annual report's text (the whole-demo test holds every row to the seed's)."""
    with translation.override("nl"):
        return str(label)


@dataclass(frozen=True)
class Section:
    key: str
    title: StrOrPromise  # lazy translation; the Dutch is the report's own title
    build: Callable[[int], Table]
    order: int = 100
    # What is counted, which date decides the year, what is left out: shown under the
    # table, in the PDF and in the spreadsheet (lazy translation, written once per section).
    definition: StrOrPromise = ""


@dataclass(frozen=True)
class Drill:
    """The records behind one figure of a table: ``records`` (a queryset of one model, each
    record once), ``person`` the field holding each record's person id (``"pk"`` for a list
    of people; None when the records are not people, e.g. training sessions), and
    ``total_of`` the field whose sum over the records is the figure (hours, pages, the
    participants of sessions) when the figure is not the records' number, ``rounded`` when the
    figure is that sum rounded half up (hours from minutes)."""

    records: QuerySet
    person: str | None = "pk"
    total_of: str | None = None
    # The figure is the sum rounded half up to a whole number (hours summed from minutes).
    rounded: bool = False


# A drill-down: for the year, a row of the table as counted (None: the totals row) and a
# column's key, the records behind that figure, or None when the cell is not a count or
# sum of records (a rank, a trend arrow, an average, a capacity).
DrillFunction = Callable[[int, "list[Any] | None", str], "Drill | None"]

_sections: dict[str, Section] = {}
_extensions: dict[str, list[Callable[[int, Table], None]]] = {}
_count_parts: dict[str, list[Callable[[int], list[QuerySet]]]] = {}
_drills: dict[str, list[DrillFunction]] = {}


def report_section(
    key: str, *, title: StrOrPromise, order: int = 100, definition: StrOrPromise = ""
) -> Callable[[Callable[[int], Table]], Callable[[int], Table]]:
    def register(build: Callable[[int], Table]) -> Callable[[int], Table]:
        if key in _sections and _sections[key].build is not build:
            raise ValueError(f"Report section {key} is registered twice.")
        _sections[key] = Section(key=key, title=title, build=build, order=order, definition=definition)
        return build

    return register


def report_drill(key: str) -> Callable[[DrillFunction], DrillFunction]:
    """Register the records behind the figures of a section (the owner's and an extending
    app's rows alike; the first function that answers for a cell gives its records):

        @report_drill("transit_site")
        def transit_site_records(year: int, row: list | None, column: str) -> Drill | None: ...
    """

    def register(drill: DrillFunction) -> DrillFunction:
        drills = _drills.setdefault(key, [])
        if drill not in drills:
            drills.append(drill)
        return drill

    return register


def drill_for(key: str, year: int, row: list[Any] | None, column: str) -> Drill | None:
    """The records behind a figure of the section (None: not a count of records)."""
    for drill in _drills.get(key, []):
        found = drill(year, row, column)
        if found is not None:
            return found
    return None


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
    """Count in one statement of a section: the function gives ``count_part``s for the year
    (built from the year alone), and ``section_counts(key, year)`` counts the parts of every
    app at once. The section's own app registers its parts so; another app adds its own and
    reads them in ``table.counts`` from its ``report_section_extend``."""

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


_year_sources: list[tuple[Callable[[], QuerySet], str]] = []


def report_years_source(field: str) -> Callable[[Callable[[], QuerySet]], Callable[[], QuerySet]]:
    """Register a main flow of the report and the date that sets its year: the function gives
    the flow's records, ``field`` their date (e.g. the newcomers and the day they settled)."""

    def register(source: Callable[[], QuerySet]) -> Callable[[], QuerySet]:
        if (source, field) not in _year_sources:
            _year_sources.append((source, field))
        return source

    return register


@dataclass(frozen=True)
class ReportYears:
    """The years that have records of some main flow, and those that have records of every
    one (a year the whole report can be made for), newest first."""

    any: list[int]
    every: list[int]


def report_years() -> ReportYears:
    """The report's years, from every registered main flow in one statement."""
    if not _year_sources:
        return ReportYears([], [])
    parts = [
        source()
        .order_by()
        .annotate(flow=Value(index), flow_year=ExtractYear(field))
        .values_list("flow", "flow_year")
        .distinct()
        for index, (source, field) in enumerate(_year_sources)
    ]
    first, *others = parts
    rows = first.union(*others, all=True) if others else first
    flows: dict[int, set[int]] = {}
    for flow, year in rows:
        if year is not None:
            flows.setdefault(int(year), set()).add(int(flow))
    every = [year for year, seen in flows.items() if len(seen) == len(_year_sources)]
    return ReportYears(sorted(flows, reverse=True), sorted(every, reverse=True))


def report_sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def annual_report(year: int) -> dict[str, Any]:
    """Every registered table for the year, counted now."""
    return {
        "year": year,
        "tables": {section.key: report_table(section, year).as_json() for section in report_sections()},
    }


def count_part(queryset: QuerySet, name: str, count: Aggregate, *, by: str | None = None) -> QuerySet:
    """One part of ``section_counts``: a count over ``queryset`` under ``name``, per value of
    the field ``by`` or in all."""
    group = F(by) if by else Value("", output_field=CharField())
    return (
        queryset.order_by()
        .annotate(figure=Value(name, output_field=CharField()), group=group)
        .values("figure", "group")
        .annotate(count=count)
        .values_list("figure", "group", "count")
    )


def section_counts(key: str, year: int) -> dict[tuple[str, str], int]:
    """The counts of every part registered for the section (``report_section_counts``), in
    one statement (a UNION ALL of ``count_part``s), keyed by (name, group); a group without
    rows is absent."""

    def build(year: int) -> QuerySet:
        first, *others = [part for parts_for in _count_parts.get(key, []) for part in parts_for(year)]
        return first.union(*others, all=True) if others else first

    return {(name, group): count for name, group, count in statement_rows(f"counts:{key}", year, build)}


# Statements compiled once (``haven.core.statements``): building a queryset and compiling it
# to SQL costs Django about as much as PostgreSQL takes to run a report statement at Ghent's
# size (bench/report.py). Each report statement is built from the year alone, so its SQL and
# parameters are kept per process, name, year and time zone (a DateTimeField's year is
# bounded in the current one), and run again as they are, with Django's converters on the rows.

_statements: list[Callable[[int], list[tuple[Any, ...]]]] = []


def statement_rows(name: str, year: int, build: Callable[[int], QuerySet]) -> list[tuple[Any, ...]]:
    """The rows of the statement ``build(year)`` (a values_list-shaped queryset, built from
    the year alone), compiled on the first call for this ``name`` and year only."""
    return compiled_rows(("report", name, year, timezone.get_current_timezone_name()), lambda: build(year))


def report_statement(build: Callable[[int], QuerySet]) -> Callable[[int], list[tuple[Any, ...]]]:
    """A report statement: decorate a function that builds a queryset from the year alone;
    calling it gives the statement's rows as tuples (``statement_rows``). ``.build`` is the
    function itself, for a test to compare with the ORM's own reading."""
    name = f"{build.__module__}.{build.__qualname__}"

    @wraps(build)
    def rows(year: int) -> list[tuple[Any, ...]]:
        return statement_rows(name, year, build)

    rows.build = build  # type: ignore[attr-defined]
    _statements.append(rows)
    return rows


def report_statements() -> list[Callable[[int], list[tuple[Any, ...]]]]:
    """Every ``report_statement`` (for the tests that hold them to the ORM's own reading)."""
    return list(_statements)


def trend(previous: int, current: int) -> str:
    if current > previous:
        return "up"
    if current < previous:
        return "down"
    return "equal"
