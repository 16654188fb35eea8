"""Safe small numbers in a published edition of the annual report (issue 17, item 8).

A published edition (the frozen PDF, spreadsheet and CSV) must not let a reader single out a
person; the internal views keep the exact figures. ``publish(document)`` gives a copy of a report
document (``haven.reports.document``) with ``published=True`` and figures hidden: ``None`` in
``rows`` / ``total`` (the exports print "x"), listed in ``section["suppressed"]`` as
``[row_index, column]`` (row -1: the totals row). The rules:

- A *figure* is a number in a figure column (not rank, year, trend, an iso code or a column
  holding a non-number) or in the totals row. Figures that count no one (``section["impersonal"]``
  rows by their first cell, and columns; a totals cell when its column or all its rows are) are
  printed exactly — unless they alone give a small figure away (a total column over an
  impersonal one): then the cheapest of them is hidden, as the last resort.
- *Primary*: a person-counting figure with 0 < value < threshold (``HAVEN_REPORT_SMALL_CELL``, 5).
- *Zeros are shown*, never hidden (primary nor complement): a zero singles out no one, and as no
  "x" is ever a zero a reader knows each "x" is at least 1 (the attack uses that bound).
- *Secondary*: while the attack pins a hidden figure, hide one more: among the figures sharing a
  relation with it (then with the hidden figures tied to it), the first that frees it, cheapest
  first — cells before totals (totals row, "totaal" column), then the smallest. One cell at a
  time to a fixed point: deterministic.
- *Restated*: a number in the section's notes or extra figures equal to a hidden figure is
  withheld too (the extra becomes None, the number in the note "x"), whatever it counts.

The reader's relations (``structure``), inferred from the exact document, each kept as it holds
in the exact figures (an equality, or the inequality the figures show):

- totals row: ``total[c]`` against the sum of the rows' column c (and, when the total is less,
  each row at most the total: rows that overlap);
- total column ("totaal"/"total"): against the sum of the row's other figure columns;
- rank: a table with a "rank" column is ordered by the report year's column, descending, ties by
  iso code: a tie broken against code order says the upper figure is strictly larger (+1);
- trend arrows: up (year > year-1, so at least +1), down, equal (equal);
- declared (``ROW_SUMS``, ``CROSS_AT_MOST``): Samen Gentenaar's duos as newcomers and as
  Belgians; the top-20 nationalities at most the settled total;
- a totals cell equal (at or above the threshold) to a person figure of another section is taken
  as the same figure.

The attack (``recoverable``): per hidden figure, two linear programs (OR-Tools GLOP) over the
published document: unknowns the hidden figures, each in [1, ∞) (0 for a non-integer), the
relations as constraints; minimise and maximise it. Recovered when max - min < 1 or max is below
the threshold (the reader would know it is small); or when a note or extra restates it.
"""

from __future__ import annotations

import copy
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.conf import settings
from ortools.linear_solver import pywraplp

logger = logging.getLogger(__name__)

Cell = tuple[int, int, str]  # (section index, row index or -1 for the totals row, column)

LABEL_COLUMNS = frozenset({"rank", "year", "trend", "label"})
TOTAL_COLUMNS = frozenset({"totaal", "total"})
TOTALS_ROW = -1
BIG = 1e9  # the reader's upper bound for an "x": none (a bound keeps the programs bounded)
EPSILON = 1e-6
NUMBER = re.compile(r"\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?!\d)|\d+")

# Rows of a section (by their Dutch words) whose figure is the sum of other rows' (per column).
ROW_SUMS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "community": [
        (
            "Samen Gentenaar: gematchte duo's",
            ("Samen Gentenaar: nieuwkomers man", "Samen Gentenaar: nieuwkomers vrouw"),
        ),
        ("Samen Gentenaar: gematchte duo's", ("Samen Gentenaar: Belgen man", "Samen Gentenaar: Belgen vrouw")),
    ],
}
# (section, its rows' year column) at most (section, its totals row's year column), summed.
CROSS_AT_MOST: list[tuple[str, str]] = [("newcomers_top20_nationalities", "newcomers_settled_by_status")]


@dataclass(frozen=True)
class Relation:
    """What a reader knows: sum(coefficient × figure) + constant is 0 (``equal``) or at most 0."""

    kind: str
    terms: tuple[tuple[Cell, float], ...]
    constant: float = 0.0
    equal: bool = True

    def value(self, values: dict[Cell, Any]) -> float:
        return sum(coefficient * values[cell] for cell, coefficient in self.terms) + self.constant

    def holds(self, values: dict[Cell, Any]) -> bool:
        found = self.value(values)
        return abs(found) < EPSILON if self.equal else found < EPSILON


@dataclass(frozen=True)
class Recovered:
    """A hidden figure a reader can pin: between ``low`` and ``high`` (``how``: "interval" or "restated")."""

    section: str
    row: int
    column: str
    value: Any
    low: float
    high: float
    how: str = "interval"


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def figure_columns(section: dict[str, Any]) -> list[str]:
    """The section's columns that hold figures (not labels, ranks, years, codes or arrows)."""
    found = []
    for index, column in enumerate(section["columns"]):
        if column in LABEL_COLUMNS or column.startswith("iso"):
            continue
        values = [row[index] for row in section["rows"] if index < len(row) and row[index] is not None]
        if all(_number(value) for value in values) if values else _number((section.get("total") or {}).get(column)):
            found.append(column)
    return found


def cell_value(document: dict[str, Any], cell: Cell) -> Any:
    """A figure of the document (None when hidden)."""
    section_index, row, column = cell
    section = document["sections"][section_index]
    if row == TOTALS_ROW:
        return (section.get("total") or {}).get(column)
    return section["rows"][row][section["columns"].index(column)]


def figure_cells(document: dict[str, Any]) -> dict[Cell, Any]:
    """Every figure of the document (rows and totals row), by cell."""
    cells: dict[Cell, Any] = {}
    for section_index, section in enumerate(document["sections"]):
        columns = figure_columns(section)
        for row_index, row in enumerate(section["rows"]):
            for column in columns:
                value = row[section["columns"].index(column)]
                if _number(value):
                    cells[(section_index, row_index, column)] = value
        for column in columns:
            if _number((section.get("total") or {}).get(column)):
                cells[(section_index, TOTALS_ROW, column)] = section["total"][column]
    return cells


def counts_people(section: dict[str, Any], cell: Cell) -> bool:
    """Whether the figure counts people (not declared impersonal by its row or column)."""
    _, row, column = cell
    impersonal = section.get("impersonal") or {}
    if column in impersonal.get("columns", []):
        return False
    rows = set(impersonal.get("rows", []))
    if row == TOTALS_ROW:
        labels = [each[0] for each in section["rows"] if each]
        return not labels or not all(label in rows for label in labels)
    return section["rows"][row][0] not in rows


def _is_total(cell: Cell) -> bool:
    return cell[1] == TOTALS_ROW or cell[2].lower() in TOTAL_COLUMNS


def _sum_relation(kind: str, whole: Cell, parts: list[Cell], values: dict[Cell, Any]) -> Relation | None:
    """``whole`` against the sum of ``parts`` as the exact figures have it: equal, or the inequality."""
    if whole not in values or not parts or any(part not in values for part in parts):
        return None
    terms = ((whole, 1.0), *((part, -1.0) for part in parts))
    relation = Relation(kind, terms)
    found = relation.value(values)
    if abs(found) < EPSILON:
        return relation
    sign = 1.0 if found < 0 else -1.0
    return Relation(kind, tuple((cell, sign * coefficient) for cell, coefficient in terms), equal=False)


def _sum_relations(document: dict[str, Any], values: dict[Cell, Any]) -> Iterable[Relation | None]:
    """Totals rows and total columns of every section."""
    for s, section in enumerate(document["sections"]):
        columns = figure_columns(section)
        rows = range(len(section["rows"]))
        for column in columns:
            parts = [(s, r, column) for r in rows if (s, r, column) in values]
            relation = _sum_relation("total row", (s, TOTALS_ROW, column), parts, values)
            yield relation
            if relation is not None and not relation.equal and relation.terms[0][1] > 0:
                for part in parts:  # the total is less than the rows' sum: rows overlap
                    yield Relation("total row", ((part, 1.0), ((s, TOTALS_ROW, column), -1.0)), equal=False)
        for total in (column for column in columns if column.lower() in TOTAL_COLUMNS):
            others = [column for column in columns if column != total]
            for r in [*rows, TOTALS_ROW]:
                yield _sum_relation("total column", (s, r, total), [(s, r, column) for column in others], values)


def _rank_relations(document: dict[str, Any], values: dict[Cell, Any]) -> Iterable[Relation]:
    """A ranked table's order (by the year's column, ties by code) and its trend arrows."""
    year = str(document.get("year", ""))
    for s, section in enumerate(document["sections"]):
        columns, figures = section["columns"], figure_columns(section)
        if "rank" in columns and year in figures:
            ranked = sorted(range(len(section["rows"])), key=lambda r: section["rows"][r][columns.index("rank")])
            code = next((columns.index(column) for column in columns if column.startswith("iso")), None)
            for upper, lower in pairwise(ranked):
                strict = code is not None and str(section["rows"][upper][code]) > str(section["rows"][lower][code])
                terms = (((s, lower, year), 1.0), ((s, upper, year), -1.0))
                for relation in (
                    Relation("rank", terms, 1.0 if strict else 0.0, equal=False),
                    Relation("rank", terms, equal=False),
                ):
                    if all(cell in values for cell, _ in terms) and relation.holds(values):
                        yield relation
                        break
        if "trend" not in columns:
            continue
        pair = [str(int(year) - 1), year] if year.isdigit() else []
        if not set(pair) <= set(figures):
            pair = [column for column in columns[: columns.index("trend")] if column in figures][-2:]
        if len(pair) != 2:
            continue
        for r, row in enumerate(section["rows"]):
            previous, current = (s, r, pair[0]), (s, r, pair[1])
            arrow = row[columns.index("trend")]
            arrows = {
                "up": Relation("trend", ((previous, 1.0), (current, -1.0)), 1.0, equal=False),
                "down": Relation("trend", ((current, 1.0), (previous, -1.0)), 1.0, equal=False),
                "equal": Relation("trend", ((current, 1.0), (previous, -1.0))),
            }
            said = arrows.get(arrow)
            if said is not None and previous in values and current in values and said.holds(values):
                yield said


def _declared_relations(document: dict[str, Any], values: dict[Cell, Any]) -> Iterable[Relation | None]:
    """``ROW_SUMS`` and ``CROSS_AT_MOST``, where the document has their sections."""
    index = {section["key"]: s for s, section in enumerate(document["sections"])}
    for key, sums in ROW_SUMS.items():
        if key not in index:
            continue
        section = document["sections"][index[key]]
        rows = {row[0]: r for r, row in enumerate(section["rows"]) if row}
        for whole, parts in sums:
            if whole in rows and all(part in rows for part in parts):
                for column in figure_columns(section):
                    cells = [(index[key], rows[part], column) for part in parts]
                    yield _sum_relation("declared", (index[key], rows[whole], column), cells, values)
    year = str(document.get("year", ""))
    for parts_key, whole_key in CROSS_AT_MOST:
        if parts_key in index and whole_key in index:
            s = index[parts_key]
            ranked = [(s, r, year) for r in range(len(document["sections"][s]["rows"])) if (s, r, year) in values]
            yield _sum_relation("cross-section", (index[whole_key], TOTALS_ROW, year), ranked, values)


def _coincident_relations(document: dict[str, Any], values: dict[Cell, Any], threshold: int) -> Iterable[Relation]:
    """A totals cell equal to a person figure of another section: perhaps the same figure."""
    sections = document["sections"]
    people = {
        cell: value for cell, value in values.items() if value >= threshold and counts_people(sections[cell[0]], cell)
    }
    by_value: dict[Any, list[Cell]] = defaultdict(list)
    for cell, value in people.items():
        by_value[value].append(cell)
    for cell in sorted(people):
        if _is_total(cell):
            for other in by_value[people[cell]]:
                if other[0] != cell[0]:
                    yield Relation("coincident", ((cell, 1.0), (other, -1.0)))


def structure(document: dict[str, Any], threshold: int | None = None) -> list[Relation]:
    """Every relation a reader can use between the exact document's figures (module docstring)."""
    threshold = settings.HAVEN_REPORT_SMALL_CELL if threshold is None else threshold
    values = figure_cells(document)
    found = [
        *_sum_relations(document, values),
        *_rank_relations(document, values),
        *_declared_relations(document, values),
        *_coincident_relations(document, values, threshold),
    ]
    return [relation for relation in found if relation is not None]


def _components(relations: list[Relation], hidden: set[Cell]) -> dict[Cell, Cell]:
    """Each hidden cell's component (its representative): hidden cells sharing relations."""
    parent = {cell: cell for cell in hidden}

    def root(cell: Cell) -> Cell:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for relation in relations:
        unknown = [cell for cell, _ in relation.terms if cell in hidden]
        for cell in unknown[1:]:
            parent[root(cell)] = root(unknown[0])
    return {cell: root(cell) for cell in hidden}


def intervals(
    relations: list[Relation], values: dict[Cell, Any], hidden: set[Cell], lower: dict[Cell, float], targets: set[Cell]
) -> dict[Cell, tuple[float, float]]:
    """What a reader can know of each target: the least and the most it can be, given the
    published ``values`` (every figure not ``hidden``) and the relations (one LP per component)."""
    component = _components(relations, hidden)
    related: dict[Cell, list[Relation]] = defaultdict(list)
    for relation in relations:
        unknown = [cell for cell, _ in relation.terms if cell in hidden]
        if unknown:
            related[component[unknown[0]]].append(relation)
    found: dict[Cell, tuple[float, float]] = {}
    for root in sorted({component[target] for target in targets}):
        solver = pywraplp.Solver.CreateSolver("GLOP")
        members = sorted(cell for cell in hidden if component[cell] == root)
        variables = {cell: solver.NumVar(lower.get(cell, 0.0), BIG, "") for cell in members}
        for relation in related[root]:
            coefficients: dict[Cell, float] = defaultdict(float)
            known = relation.constant
            for cell, coefficient in relation.terms:
                if cell in variables:
                    coefficients[cell] += coefficient
                else:
                    known += coefficient * values[cell]
            constraint = solver.Constraint(-known if relation.equal else -solver.infinity(), -known)
            for cell, coefficient in coefficients.items():
                constraint.SetCoefficient(variables[cell], coefficient)
        for target in (cell for cell in members if cell in targets):
            found[target] = (
                _bound(solver, variables[target], minimise=True),
                _bound(solver, variables[target], minimise=False),
            )
    return found


def _bound(solver: Any, variable: Any, *, minimise: bool) -> float:
    """The least or most ``variable`` can be; an unsolved program tells the reader nothing."""
    objective = solver.Objective()
    objective.Clear()
    objective.SetCoefficient(variable, 1.0)
    if minimise:
        objective.SetMinimization()
    else:
        objective.SetMaximization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return float(variable.lb()) if minimise else BIG
    return float(objective.Value())


def _pins(interval: tuple[float, float], threshold: int) -> bool:
    low, high = interval
    return high - low < 1 - EPSILON or high < threshold - EPSILON


def _lower(value: Any) -> float:
    """What a reader knows of an "x" from below: a count is at least 1 (zeros are shown)."""
    return 1.0 if isinstance(value, int) else 0.0


class _Suppression:
    """The secondary suppression of one exact document: the state of the fixed point."""

    def __init__(self, document: dict[str, Any], threshold: int) -> None:
        self.threshold = threshold
        self.sections = document["sections"]
        self.values = figure_cells(document)
        self.lower = {cell: _lower(value) for cell, value in self.values.items()}
        self.relations = structure(document, threshold)
        self.by_cell: dict[Cell, list[Relation]] = defaultdict(list)
        for relation in self.relations:
            for cell, _ in relation.terms:
                self.by_cell[cell].append(relation)
        self.people = {cell for cell in self.values if counts_people(self.sections[cell[0]], cell)}
        self.hideable = {cell for cell in self.people if self.values[cell] != 0}

    def primary(self) -> set[Cell]:
        return {cell for cell in self.people if 0 < self.values[cell] < self.threshold}

    def pinned(self, hidden: set[Cell], targets: set[Cell]) -> list[Cell]:
        found = intervals(self.relations, self.values, hidden, self.lower, targets)
        return sorted(cell for cell, interval in found.items() if _pins(interval, self.threshold))

    def cost(self, cell: Cell) -> tuple[bool, float, Cell]:
        """Cells before totals, then the smallest figure: the least information lost."""
        return (_is_total(cell), abs(self.values[cell]), cell)

    def complement(self, target: Cell, hidden: set[Cell]) -> set[Cell]:
        """The cheapest figure to hide that frees ``target``: first among its own relations, then
        among those of the hidden figures it is tied to; when none does alone, the cheapest of
        them, to try again. Person figures first; figures that count no one only when no person
        figure is left there (the last resort: such figures alone give a small one away); when
        nothing is left, every person figure of the sections involved."""
        component = _components(self.relations, hidden)
        tied = {cell for cell in hidden if component[cell] == component[target]}
        impersonal = {cell for cell, value in self.values.items() if value != 0 and cell not in self.people}
        for pool in (self.hideable, impersonal):
            near = self._published({target}, hidden, pool)
            wider = [cell for cell in self._published(tied, hidden, pool) if cell not in near]
            for candidate in (*near, *wider):
                if not self.pinned(hidden | {candidate}, {target}):
                    return {candidate}
            if near or wider:
                return {(near or wider)[0]}
        sections = {cell[0] for relation in self.by_cell[target] for cell, _ in relation.terms}
        return {cell for cell in self.hideable - hidden if cell[0] in sections}

    def _published(self, cells: set[Cell], hidden: set[Cell], pool: set[Cell]) -> list[Cell]:
        """The figures of ``pool`` in the relations of ``cells`` not yet hidden, cheapest first."""
        related = {other for cell in cells for relation in self.by_cell[cell] for other, _ in relation.terms}
        return sorted(related & pool - hidden, key=self.cost)

    def run(self) -> set[Cell]:
        """Hide the primary figures, then complements until no hidden figure is pinned."""
        hidden = self.primary()
        stuck: set[Cell] = set()
        while pinned := [cell for cell in self.pinned(hidden, hidden) if cell not in stuck]:
            for target in pinned:
                if not self.pinned(hidden, {target}):
                    continue
                more = self.complement(target, hidden)
                if not more:
                    logger.warning("Report figure %s cannot be protected by hiding others.", target)
                    stuck.add(target)
                hidden |= more
        return hidden


def _restated(section: dict[str, Any], values: set[Any]) -> tuple[list[str], list[str]]:
    """The section's extra figures (keys) and notes' numbers restating one of ``values``."""
    extras = [key for key, value in (section.get("extra") or {}).items() if _number(value) and value in values]
    numbers = [token for note in section.get("notes") or [] for token in NUMBER.findall(str(note))]
    return extras, [token for token in numbers if _token_value(token) in values]


def _token_value(token: str) -> int:
    return int(re.sub(r"\D", "", token))


def _withhold(section: dict[str, Any], values: set[Any]) -> None:
    """Withhold the extra figures and the notes' numbers that restate a hidden figure."""
    extras, _ = _restated(section, values)
    for key in extras:
        section["extra"][key] = None
    section["notes"] = [
        NUMBER.sub(lambda match: "x" if _token_value(match.group()) in values else match.group(), str(note))
        for note in section.get("notes") or []
    ]


def publish(document: dict[str, Any], threshold: int | None = None) -> dict[str, Any]:
    """The document as published: a deep copy with ``published=True`` and the small figures
    hidden, with as many others as it takes that none can be recovered (module docstring).
    The exact document is left as it is (the internal views keep the exact figures)."""
    threshold = settings.HAVEN_REPORT_SMALL_CELL if threshold is None else threshold
    published = copy.deepcopy(document)
    published["published"] = True
    hidden = _Suppression(document, threshold).run()
    for s, section in enumerate(published["sections"]):
        mine = [cell for cell in hidden if cell[0] == s]
        for _, row, column in mine:
            if row == TOTALS_ROW:
                section["total"][column] = None
            else:
                section["rows"][row][section["columns"].index(column)] = None
        order = {column: index for index, column in enumerate(section["columns"])}
        section["suppressed"] = [
            [row, column]
            for _, row, column in sorted(mine, key=lambda cell: (cell[1] == TOTALS_ROW, cell[1], order[cell[2]]))
        ]
        _withhold(section, {cell_value(document, cell) for cell in mine})
    return published


def recoverable(
    document_published: dict[str, Any], document_exact: dict[str, Any], *, threshold: int | None = None
) -> list[Recovered]:
    """The attack: each hidden figure of the published document that a reader can pin from
    what is printed (the relations of ``structure``, bounds of an "x", notes and extras);
    the exact document gives the relations and the true figures. An empty list: none."""
    threshold = settings.HAVEN_REPORT_SMALL_CELL if threshold is None else threshold
    exact = figure_cells(document_exact)
    sections = document_published["sections"]
    listed = {(s, row, column) for s, section in enumerate(sections) for row, column in section.get("suppressed") or []}
    hidden = {cell for cell in exact if cell in listed or cell_value(document_published, cell) is None}
    values = {cell: cell_value(document_published, cell) for cell in exact if cell not in hidden}
    lower = {cell: _lower(value) for cell, value in exact.items()}
    found = intervals(structure(document_exact, threshold), values, hidden, lower, hidden)
    recovered = [
        Recovered(sections[cell[0]]["key"], cell[1], cell[2], exact[cell], *found[cell])
        for cell in sorted(found)
        if _pins(found[cell], threshold)
    ]
    for cell in sorted(hidden):
        extras, numbers = _restated(sections[cell[0]], {exact[cell]})
        if extras or numbers:
            recovered.append(
                Recovered(sections[cell[0]]["key"], cell[1], cell[2], exact[cell], exact[cell], exact[cell], "restated")
            )
    return recovered
