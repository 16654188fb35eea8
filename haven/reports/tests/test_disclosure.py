"""Safe small numbers in a published edition (issue 17, item 8): the small figures are hidden,
with as many others as it takes, and an attack (two linear programs per hidden figure over what
is printed) recovers none of them — on hand-made tables of each shape, on the 18 seed tables
with small numbers put in, and on many generated tables."""

import copy
import itertools

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from ortools.linear_solver import pywraplp

from haven.demo.figures import seed_report
from haven.reports.disclosure import (
    TOTALS_ROW,
    counts_people,
    figure_cells,
    publish,
    recoverable,
    structure,
)
from haven.reports.document import report_document

THRESHOLD = 5
YEAR = 2019


def _section(key, columns, rows, total=None, *, notes=(), extra=None, impersonal=None) -> dict:
    return {
        "key": key,
        "title": key,
        "definition": "",
        "narrative": "",
        "columns": list(columns),
        "headings": list(columns),
        "rows": [list(row) for row in rows],
        "labels": [row[0] for row in rows],
        "total": dict(total) if total is not None else None,
        "notes": list(notes),
        "extra": dict(extra or {}),
        "impersonal": impersonal or {"rows": [], "columns": []},
        "suppressed": [],
    }


def _document(*sections) -> dict:
    return {
        "year": YEAR,
        "language": "nl",
        "agency": "IN-Gent vzw",
        "renderer": "1",
        "published": False,
        "sections": list(sections),
    }


def _hidden(published: dict) -> set[tuple[str, int, str]]:
    return {(section["key"], row, column) for section in published["sections"] for row, column in section["suppressed"]}


def _primaries_only(document: dict) -> dict:
    """The document with only its small figures hidden: what the attack must see through."""
    published = copy.deepcopy(document)
    for (s, row, column), value in figure_cells(document).items():
        section = published["sections"][s]
        if 0 < value < THRESHOLD and counts_people(section, (s, row, column)):
            if row == TOTALS_ROW:
                section["total"][column] = None
            else:
                section["rows"][row][section["columns"].index(column)] = None
            section["suppressed"].append([row, column])
    return published


def _assert_safe(exact: dict, published: dict) -> None:
    """Nothing recoverable; every small person figure hidden; the rest printed as it is."""
    assert recoverable(published, exact, threshold=THRESHOLD) == []
    assert published["published"] is True
    for cell, value in figure_cells(exact).items():
        section = published["sections"][cell[0]]
        shown = (
            (section["total"] or {}).get(cell[2])
            if cell[1] == TOTALS_ROW
            else section["rows"][cell[1]][section["columns"].index(cell[2])]
        )
        if [cell[1], cell[2]] in section["suppressed"]:
            assert shown is None
            assert value != 0, cell
        else:
            assert shown == value, cell
            assert value == 0 or value >= THRESHOLD or not counts_people(section, cell), cell
    for exact_section, section in zip(exact["sections"], published["sections"], strict=True):
        labels = [column for column in section["columns"] if column not in {c for _, c in section["suppressed"]}]
        for exact_row, row in zip(exact_section["rows"], section["rows"], strict=True):
            for column in labels:
                index = section["columns"].index(column)
                assert row[index] == exact_row[index]


def _publish_safely(document: dict) -> dict:
    before = copy.deepcopy(document)
    published = publish(document, THRESHOLD)
    assert document == before, "the exact document is left as it is"
    _assert_safe(document, published)
    assert _attack(published, document) == []
    return published


def _attack(published: dict, exact: dict) -> list[tuple[str, int, str]]:
    """The attack written again from the tables' shapes, apart from the module's: the totals
    row and a "totaal" column as sums (where the exact figures add up), a ranking by the year
    (ties by code) with its arrows, the top nationalities within the settled total; every "x"
    at least 1. A hidden figure is recovered when its least and most differ by less than 1 or
    the most is below the threshold."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    unknowns, known, rows_of, figures_of = {}, {}, {}, {}
    for s, (section, truth) in enumerate(zip(published["sections"], exact["sections"], strict=True)):
        figures = [
            c
            for i, c in enumerate(truth["columns"])
            if c not in {"rank", "year", "trend"}
            and not c.startswith("iso")
            and all(isinstance(r[i], int) for r in truth["rows"])
        ]
        rows_of[s] = [*range(len(truth["rows"])), *([TOTALS_ROW] if truth["total"] else [])]
        for row in rows_of[s]:
            for column in figures:
                shown = (
                    (section["total"] or {}).get(column)
                    if row == TOTALS_ROW
                    else section["rows"][row][section["columns"].index(column)]
                )
                truth_value = (
                    (truth["total"] or {}).get(column)
                    if row == TOTALS_ROW
                    else truth["rows"][row][truth["columns"].index(column)]
                )
                if shown is None and truth_value is not None:
                    unknowns[(s, row, column)] = solver.NumVar(1, 1e9, "")
                elif shown is not None:
                    known[(s, row, column)] = shown
        figures_of[s] = figures

    def term(cell):
        return unknowns.get(cell, known.get(cell))

    def exact_value(cell):
        s, row, column = cell
        truth = exact["sections"][s]
        return truth["total"][column] if row == TOTALS_ROW else truth["rows"][row][truth["columns"].index(column)]

    def add_sum(whole, parts):
        cells = [whole, *parts]
        if all(term(cell) is not None for cell in cells) and exact_value(whole) == sum(
            exact_value(cell) for cell in parts
        ):
            solver.Add(term(whole) == solver.Sum([term(cell) for cell in parts]))

    for s, truth in enumerate(exact["sections"]):
        figures = figures_of[s]
        for column in figures:
            if truth["total"] and column in truth["total"]:
                add_sum((s, TOTALS_ROW, column), [(s, row, column) for row in range(len(truth["rows"]))])
            if column == "totaal":
                for row in rows_of[s]:
                    add_sum((s, row, column), [(s, row, other) for other in figures if other != column])
        if "rank" in truth["columns"]:
            year, before = str(exact["year"]), str(exact["year"] - 1)
            for upper, lower in itertools.pairwise(range(len(truth["rows"]))):
                strict = truth["rows"][upper][2] > truth["rows"][lower][2]
                solver.Add(term((s, lower, year)) + (1 if strict else 0) <= term((s, upper, year)))
            for row, values in enumerate(truth["rows"]):
                now, then = term((s, row, year)), term((s, row, before))
                solver.Add({"up": then + 1 <= now, "down": now + 1 <= then, "equal": now == then}[values[5]])
            settled = next(
                (t for t, other in enumerate(exact["sections"]) if other["key"] == "newcomers_settled_by_status"), None
            )
            ranked = sum(exact_value((s, row, year)) for row in range(len(truth["rows"])))
            if settled is not None and ranked <= exact_value((settled, TOTALS_ROW, year)):
                solver.Add(
                    solver.Sum([term((s, row, year)) for row in range(len(truth["rows"]))])
                    <= term((settled, TOTALS_ROW, year))
                )
    recovered = []
    for cell, variable in sorted(unknowns.items()):
        solver.Minimize(variable)
        assert solver.Solve() == pywraplp.Solver.OPTIMAL
        low = variable.solution_value()
        solver.Maximize(variable)
        assert solver.Solve() == pywraplp.Solver.OPTIMAL
        high = variable.solution_value()
        if high - low < 1 - 1e-6 or high < THRESHOLD - 1e-6:
            recovered.append((published["sections"][cell[0]]["key"], cell[1], cell[2]))
    return recovered


# Hand-made tables of each shape ---------------------------------------------------------------


def test_a_list_without_totals_hides_its_small_figures_only():
    impersonal = {"rows": ["Capaciteit"], "columns": []}
    rows = [["Gezinnen", 3], ["Kinderen", 40], ["Niemand", 0], ["Capaciteit", 2]]
    document = _document(_section("transit_site", ["label", "2019"], rows, impersonal=impersonal))

    published = _publish_safely(document)

    assert _hidden(published) == {("transit_site", 0, "2019")}
    assert published["sections"][0]["rows"] == [["Gezinnen", None], ["Kinderen", 40], ["Niemand", 0], ["Capaciteit", 2]]


def test_a_small_figure_alone_in_a_column_with_a_total_hides_the_smallest_other_cell():
    rows = [["a", 3], ["b", 40], ["c", 12]]
    document = _document(_section("dossiers", ["kind", "2019"], rows, {"2019": 55}))

    assert [(found.row, found.low, found.high) for found in recoverable(_primaries_only(document), document)] == [
        (0, 3, 3)
    ], "the total gives the small figure away when it alone is hidden"
    published = _publish_safely(document)

    assert _hidden(published) == {("dossiers", 0, "2019"), ("dossiers", 2, "2019")}
    assert published["sections"][0]["total"] == {"2019": 55}, "cells are hidden before totals"


def test_a_small_figure_in_a_row_with_a_total_column():
    rows = [[2018, 644, 916, 3, 1563], [2019, 683, 1123, 47, 1853]]
    columns = ["year", "verplicht", "rechthebbend", "onbepaald", "totaal"]
    document = _document(_section("registrations_by_status", columns, rows))

    published = _publish_safely(document)

    assert _hidden(published) == {
        ("registrations_by_status", 0, "onbepaald"),
        ("registrations_by_status", 0, "verplicht"),
    }
    assert published["sections"][0]["rows"][0] == [2018, None, 916, None, 1563]


def test_two_small_figures_in_a_row_that_sum_below_the_threshold_take_a_third():
    rows = [[2018, 2, 1, 50, 53]]
    document = _document(
        _section("registrations_by_status", ["year", "verplicht", "rechthebbend", "onbepaald", "totaal"], rows)
    )

    assert recoverable(_primaries_only(document), document), "1 + 2 = 53 - 50: both pinned below the threshold"
    published = _publish_safely(document)

    assert published["sections"][0]["rows"][0] == [2018, None, None, None, 53]


def test_a_small_total_column_is_hidden_with_its_row():
    document = _document(
        _section(
            "contracts_by_status",
            ["year", "verplicht", "rechthebbend", "totaal"],
            [[2018, 1, 2, 3], [2019, 40, 60, 100]],
        )
    )

    published = _publish_safely(document)

    assert published["sections"][0]["rows"] == [[2018, None, None, None], [2019, 40, 60, 100]]


def test_a_table_with_a_totals_row_and_a_total_column_hides_a_rectangle():
    rows = [["r1", 3, 20, 23], ["r2", 30, 40, 70]]
    document = _document(_section("two_ways", ["kind", "a", "b", "totaal"], rows, {"a": 33, "b": 60, "totaal": 93}))

    published = _publish_safely(document)

    assert _hidden(published) == {
        ("two_ways", 0, "a"),
        ("two_ways", 0, "b"),
        ("two_ways", 1, "a"),
        ("two_ways", 1, "b"),
    }
    assert published["sections"][0]["total"] == {"a": 33, "b": 60, "totaal": 93}


def test_the_settled_total_against_the_status_rows():
    rows = [["verplicht", 519], ["rechthebbend", 3862], ["onbepaald", 326], ["niet in aanmerking", 3]]
    document = _document(
        _section("newcomers_settled_by_status", ["status", "2019"], rows, {"2019": 4710}, extra={"countries": 138})
    )

    kinds = {relation.kind for relation in structure(document, THRESHOLD)}
    published = _publish_safely(document)

    assert kinds == {"total row"}
    assert _hidden(published) == {
        ("newcomers_settled_by_status", 3, "2019"),
        ("newcomers_settled_by_status", 2, "2019"),
    }
    assert published["sections"][0]["extra"] == {"countries": 138}


def test_a_total_below_the_rows_sum_bounds_each_row():
    """People counted in two rows: the total is less than the rows' sum, and each row at most the total."""
    document = _document(_section("overlap", ["kind", "2019"], [["a", 3], ["b", 40]], {"2019": 41}))

    relations = structure(document, THRESHOLD)
    published = _publish_safely(document)

    assert sorted((relation.kind, relation.equal) for relation in relations) == [("total row", False)] * 3
    assert _hidden(published) == {("overlap", 0, "2019")}


def test_figures_that_count_no_one_are_printed_exactly():
    impersonal = {"rows": ["Lesdagen"], "columns": ["courses"]}
    rows = [["Lesdagen", 4, 4], ["Arabisch", 2, 30], ["Engels", 18, 3]]
    document = _document(
        _section(
            "mixed",
            ["label", "courses", "participants"],
            rows,
            {"courses": 24, "participants": 37},
            impersonal=impersonal,
        )
    )

    published = _publish_safely(document)

    assert {column for _, _, column in _hidden(published)} == {"participants"}
    assert [row[1] for row in published["sections"][0]["rows"]] == [4, 2, 18]


def test_a_figure_that_counts_no_one_is_hidden_when_it_alone_gives_a_small_one_away():
    """A total column over a column that counts no one and a zero: the last resort."""
    impersonal = {"rows": [], "columns": ["c0"]}
    rows = [["r0", 2, 0, 2], ["r1", 25, 10, 35]]
    document = _document(_section("mixed", ["label", "c0", "c1", "totaal"], rows, impersonal=impersonal))

    published = _publish_safely(document)

    assert published["sections"][0]["rows"] == [["r0", None, 0, None], ["r1", 25, 10, 35]]


def test_a_hidden_total_is_withheld_from_the_notes_and_extras():
    rows = [["a", 2], ["b", 1]]
    section = _section(
        "small",
        ["kind", "2019"],
        rows,
        {"2019": 3},
        notes=["3 people, from 7 countries"],
        extra={"people": 3, "countries": 7},
    )
    document = _document(section)

    published = _publish_safely(document)

    assert published["sections"][0]["total"] == {"2019": None}
    assert published["sections"][0]["extra"] == {"people": None, "countries": 7}
    assert published["sections"][0]["notes"] == ["x people, from 7 countries"]
    published["sections"][0]["notes"] = ["3 people, from 7 countries"]
    assert [(found.row, found.how) for found in recoverable(published, document)] == [(TOTALS_ROW, "restated")]


def test_a_total_printed_in_a_note_stays_when_a_cell_protects_and_goes_when_only_it_can():
    document = _document(
        _section(
            "course",
            ["kind", "2019"],
            [["a", 3], ["b", 1319]],
            {"2019": 1322},
            notes=["1.322 participants in 2 languages"],
        )
    )
    only_total = _document(_section("course", ["kind", "2019"], [["a", 3], ["b", 1]], {"2019": 5}, notes=["5 in all"]))

    published = _publish_safely(document)
    published_total = _publish_safely(only_total)

    assert published["sections"][0]["notes"] == ["1.322 participants in 2 languages"]
    assert _hidden(published) == {("course", 0, "2019"), ("course", 1, "2019")}
    assert published_total["sections"][0]["total"] == {"2019": None}, "3 + 1 = 5 - x: the total goes"
    assert published_total["sections"][0]["notes"] == ["x in all"]


def _ranked(rows) -> dict:
    """A top-N table: [nationality, code, previous year, year], ranked by the year, ties by code."""
    rows = sorted(rows, key=lambda row: (-row[3], row[1]))
    trend = {True: "up", False: "down"}
    table = [
        [rank, name, code, before, now, "equal" if before == now else trend[now > before]]
        for rank, (name, code, before, now) in enumerate(rows, start=1)
    ]
    return _section(
        "newcomers_top20_nationalities", ["rank", "nationality_nl", "iso3166", str(YEAR - 1), str(YEAR), "trend"], table
    )


def test_a_trend_arrow_does_not_pin_a_hidden_figure():
    document = _document(_ranked([["A", "AA", 100, 120], ["B", "BB", 50, 60], ["D", "DD", 5, 3], ["E", "EE", 3, 3]]))

    assert recoverable(_primaries_only(document), document), "down from 5: at most 4"
    published = _publish_safely(document)

    assert ("newcomers_top20_nationalities", 2, str(YEAR - 1)) in _hidden(published)
    assert [row[5] for row in published["sections"][0]["rows"]] == ["up", "up", "down", "equal"]


def test_a_tie_broken_against_the_code_order_is_a_strict_rank():
    document = _document(_ranked([["A", "AA", 60, 50], ["Z", "ZZ", 4, 5], ["B", "BB", 10, 4]]))

    assert recoverable(_primaries_only(document), document), "ranked below ZZ's 5 although BB < ZZ: at most 4"
    published = _publish_safely(document)

    assert ("newcomers_top20_nationalities", 1, str(YEAR)) in _hidden(published)


def test_the_top_nationalities_are_at_most_the_settled_total():
    settled = _section("newcomers_settled_by_status", ["status", str(YEAR)], [], {str(YEAR): 12})
    document = _document(settled, _ranked([["A", "AA", 9, 8], ["B", "BB", 4, 4]]))
    pinned = _document(settled, _ranked([["A", "AA", 8, 8], ["B", "BB", 4, 4]]))

    assert {relation.kind for relation in structure(document, THRESHOLD)} >= {"cross-section", "rank", "trend"}
    assert recoverable(_primaries_only(document), document), "8 + x <= 12: x at most 4"
    published = _publish_safely(document)
    published_pinned = _publish_safely(pinned)

    top = "newcomers_top20_nationalities"
    assert _hidden(published) == {(top, 1, str(YEAR - 1)), (top, 1, str(YEAR)), (top, 0, str(YEAR))}
    assert published["sections"][0]["total"] == {str(YEAR): 12}
    assert _hidden(published_pinned) == {
        (top, 1, str(YEAR - 1)),
        (top, 1, str(YEAR)),
        ("newcomers_settled_by_status", -1, str(YEAR)),
    }, "A's 8 is printed again by its arrow (equal to 2018): only the total frees B"


def test_a_hidden_total_printed_in_another_section_is_hidden_there_too():
    impersonal = {"rows": [], "columns": ["hours"]}
    first = _section("first", ["kind", "people", "hours", "totaal"], [["a", 3, 10, 13]], impersonal=impersonal)
    second = _section("second", ["label", str(YEAR)], [["Deelnemers", 13], ["Anderen", 20]])
    document = _document(first, second)

    assert "coincident" in {relation.kind for relation in structure(document, THRESHOLD)}
    published = _publish_safely(document)

    assert _hidden(published) == {("first", 0, "people"), ("first", 0, "totaal"), ("second", 0, str(YEAR))}


def test_community_duos_are_the_newcomers_and_the_belgians():
    labels = [
        "Samen Gentenaar: gematchte duo's",
        "Samen Gentenaar: nieuwkomers man",
        "Samen Gentenaar: nieuwkomers vrouw",
        "Samen Gentenaar: Belgen man",
        "Samen Gentenaar: Belgen vrouw",
    ]
    document = _document(_section("community", ["label", str(YEAR)], zip(labels, [36, 34, 2, 17, 19], strict=True)))

    assert recoverable(_primaries_only(document), document)
    published = _publish_safely(document)

    assert _hidden(published) == {("community", 2, str(YEAR)), ("community", 1, str(YEAR))}


def test_publish_copies_and_is_deterministic(settings):
    settings.HAVEN_REPORT_SMALL_CELL = 3
    document = _document(
        _section("dossiers", ["kind", "2019"], [["a", 3], ["b", 2], ["c", 12], ["d", 30]], {"2019": 47})
    )
    before = copy.deepcopy(document)

    published = publish(document)

    assert document == before and document["published"] is False
    assert published == publish(copy.deepcopy(document))
    assert _hidden(published) == {("dossiers", 1, "2019"), ("dossiers", 0, "2019")}, "threshold 3 from the settings"
    assert published["sections"][0]["suppressed"] == [[0, "2019"], [1, "2019"]]
    assert recoverable(published, document) == []


# The 18 seed tables with small numbers put in -------------------------------------------------

SEED_IMPERSONAL = {
    "civic_orientation_by_language": {"rows": [], "columns": ["courses_2018", "courses_2019"]},
    "trajectory_counselling": {
        "rows": [
            "Gemiddeld aantal nieuwe inburgeraars per trajectbegeleider",
            "Gemiddelde duur contract tot attest (maanden)",
        ],
        "columns": [],
    },
    "transit_site": {
        "rows": [
            "Capaciteit (woonwagens)",
            "Gemiddeld aantal kinderen per lesdag",
            "Gemiddelde leeftijd kinderen",
            "Lesdagen per week",
        ],
        "columns": [],
    },
    "interpreting_hours": {"rows": [], "columns": ["hours"]},
    "translation_pages": {"rows": [], "columns": ["pages"]},
    "leisure": {"rows": ["Participatiemarkten"], "columns": []},
    "education": {"rows": ["Toekomstdagen: OKAN-scholen"], "columns": []},
    "community": {
        "rows": [
            "Samen naar cultuur: deelnemende cultuurhuizen",
            "Samen Gentenaar: groepen",
            "Samen Gentenaar: landen van herkomst nieuwkomers",
        ],
        "columns": [],
    },
    "dutch_practice": {
        "rows": ["Conversatiemomenten per week", "Trefdag Nederlands oefenen: workshops"],
        "columns": [],
    },
    "organisations": {
        "rows": [
            "Vormingsmomenten interculturalisering en taalbeleid",
            "Getuigenissen",
            "Ondersteuningscontacten verenigingen",
        ],
        "columns": [],
    },
}


def _seed_document() -> dict:
    """The seed's 18 tables as a report document (single-year tables as [label, year] rows)."""
    seed = seed_report()
    tables = {
        key: {name: value for name, value in table.items() if name not in {"title_nl", "note"}}
        for key, table in seed["tables"].items()
    }
    for table in tables.values():
        table.setdefault("columns", ["label", str(YEAR)])
    notes = {key: [table["note"]] for key, table in seed["tables"].items() if "note" in table}
    return report_document(
        {"year": YEAR, "tables": tables, "notes": notes, "impersonal": SEED_IMPERSONAL}, language="nl"
    )


def _set(document: dict, key: str, label, column: str, value: int) -> None:
    """Put a figure in and count the section's totals row and total column again."""
    section = next(section for section in document["sections"] if section["key"] == key)
    row = next(row for row in section["rows"] if label in row)
    row[section["columns"].index(column)] = value
    if "totaal" in section["columns"]:
        index = section["columns"].index("totaal")
        for each in section["rows"]:
            each[index] = sum(each[1:index])
    for name in section["total"] or {}:
        section["total"][name] = sum(each[section["columns"].index(name)] for each in section["rows"])


def _rerank(document: dict, values: dict[str, tuple[int, int]]) -> None:
    """Give nationalities new figures (previous year, year), ranked again with their arrows."""
    section = next(section for section in document["sections"] if section["key"] == "newcomers_top20_nationalities")
    rows = [[row[1], row[2], *values.get(row[2], (row[3], row[4]))] for row in section["rows"]]
    section["rows"] = _ranked(rows)["rows"]
    section["labels"] = [row[1] for row in section["rows"]]


PATTERNS = {
    "as printed": [],
    "alone in a row with a total": [("registrations_by_status", 2019, "onbepaald", 3)],
    "two in a row": [
        ("registrations_by_status", 2018, "verplicht", 2),
        ("registrations_by_status", 2018, "onbepaald", 1),
    ],
    "small in the total column": [
        ("contracts_by_status", 2018, "verplicht", 1),
        ("contracts_by_status", 2018, "rechthebbend", 2),
    ],
    "alone in a column with a total": [
        ("diploma_recognition_dossiers", "Doorverwijzing via VDAB", "2019", 2),
        ("newcomers_settled_by_status", "niet in aanmerking", "2019", 4),
    ],
    "two in a column": [
        ("diploma_recognition_dossiers", "Doorverwijzing via VDAB", "2018", 1),
        ("diploma_recognition_dossiers", "Begeleiding niet-inburgeraars", "2018", 4),
    ],
    "a column of small figures": [
        ("civic_orientation_by_language", "Pools", "participants_2019", 1),
        ("civic_orientation_by_language", "Roemeens", "participants_2019", 3),
        ("civic_orientation_by_language", "Frans", "participants_2019", 2),
        ("civic_orientation_by_language", "Pools", "participants_2018", 4),
    ],
    "duos": [
        ("community", "Samen Gentenaar: nieuwkomers vrouw", "2019", 2),
        ("community", "Samen Gentenaar: gematchte duo's", "2019", 36),
        ("community", "Samen Gentenaar: Belgen vrouw", "2019", 19),
    ],
    "one in every list": [
        ("education", "Voortraject Hoger Onderwijs: afgestudeerd (juni 2019)", "2019", 1),
        ("dutch_second_language", "Certificerende testen", "2019", 3),
        ("trajectory_counselling", "Behaalde inburgeringsattesten", "2019", 4),
    ],
}


@pytest.mark.parametrize("pattern", PATTERNS)
def test_the_seed_tables_with_small_numbers_keep_them_hidden(pattern):
    document = _seed_document()
    for key, label, column, value in PATTERNS[pattern]:
        _set(document, key, label, column, value)

    published = _publish_safely(document)

    assert len(published["sections"]) == 18
    assert any(section["suppressed"] for section in published["sections"])


def test_the_seed_top_nationalities_with_small_numbers_and_ties():
    document = _seed_document()
    _rerank(document, {"GH": (3, 4), "US": (6, 3), "DE": (3, 3), "GR": (1, 3), "SK": (9, 5)})
    _set(document, "newcomers_settled_by_status", "niet in aanmerking", "2019", 35)

    published = _publish_safely(document)

    top = next(section for section in published["sections"] if section["key"] == "newcomers_top20_nationalities")
    assert [row[2] for row in top["rows"][-5:]] == ["SK", "GH", "DE", "GR", "US"]
    assert all(row[4] is None for row in top["rows"][-4:])
    assert recoverable(_primaries_only(document), document), "the ranks and arrows pin them when only they are hidden"


def _seed_cells() -> list[tuple[str, object, str]]:
    """The seed's person figures a pattern may change (not a ranking, a total or a count of no one)."""
    cells = []
    for key, table in seed_report()["tables"].items():
        columns = table.get("columns", ["label", str(YEAR)])
        impersonal = SEED_IMPERSONAL.get(key, {"rows": [], "columns": []})
        if key == "newcomers_top20_nationalities":
            continue
        for row in table["rows"]:
            if row[0] not in impersonal["rows"]:
                cells += [
                    (key, row[0], column)
                    for column in columns[1:]
                    if column not in {"totaal", "iso639", *impersonal["columns"]}
                ]
    return cells


@st.composite
def _seed_patterns(draw) -> dict:
    """The seed with up to six figures set to 0–4, and sometimes a few nationalities small."""
    document = _seed_document()
    for key, label, column in draw(st.lists(st.sampled_from(_seed_cells()), max_size=6, unique=True)):
        _set(document, key, label, column, draw(st.integers(0, 4)))
    codes = draw(st.lists(st.sampled_from(["GH", "US", "DE", "GR", "SK", "MA", "BG"]), max_size=5, unique=True))
    _rerank(document, {code: (draw(st.integers(0, 9)), draw(st.integers(1, 9))) for code in codes})
    return document


@hypothesis_settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_seed_patterns())
def test_the_seed_tables_with_small_numbers_anywhere_keep_them_hidden(document):
    _publish_safely(document)


def test_the_seed_relations_hold_as_equalities():
    relations = structure(_seed_document(), THRESHOLD)
    sums = [relation for relation in relations if relation.kind in {"total row", "total column", "declared"}]

    assert sums and all(relation.equal for relation in sums)
    assert {relation.kind for relation in relations} == {
        "total row",
        "total column",
        "rank",
        "trend",
        "declared",
        "cross-section",
    }


# Many generated tables ------------------------------------------------------------------------

figures = st.one_of(st.integers(0, 4), st.integers(0, 4), st.integers(5, 80))


@st.composite
def _tables(draw) -> dict:
    """A section of 1–6 rows and 1–4 figure columns, with or without a totals row, a total
    column, an impersonal column, a note restating its total; sometimes a second one."""
    sections = []
    for number in range(draw(st.integers(1, 2))):
        width = draw(st.integers(1, 4))
        rows = [
            [f"r{index}", *draw(st.lists(figures, min_size=width, max_size=width))]
            for index in range(draw(st.integers(1, 6)))
        ]
        columns = ["label", *[f"c{index}" for index in range(width)]]
        if draw(st.booleans()):
            columns.append("totaal")
            for row in rows:
                row.append(sum(row[1:]))
        total = (
            {column: sum(row[index] for row in rows) for index, column in enumerate(columns) if index}
            if draw(st.booleans())
            else None
        )
        impersonal = {"rows": [], "columns": ["c0"] if width > 1 and draw(st.booleans()) else []}
        notes = [f"{total[columns[-1]]} in all"] if total else []
        sections.append(_section(f"s{number}", columns, rows, total, notes=notes, impersonal=impersonal))
    return _document(*sections)


@hypothesis_settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_tables())
def test_generated_tables_keep_their_small_numbers_hidden(document):
    _publish_safely(document)


@st.composite
def _rankings(draw) -> dict:
    codes = draw(
        st.lists(st.sampled_from([chr(65 + index) * 2 for index in range(12)]), min_size=1, max_size=8, unique=True)
    )
    rows = [[code, code, draw(figures), draw(figures)] for code in codes]
    ranked = _ranked([row for row in rows if row[3] > 0] or [[codes[0], codes[0], 0, 1]])
    settled = sum(row[4] for row in ranked["rows"]) + draw(st.integers(0, 6))
    return _document(_section("newcomers_settled_by_status", ["status", str(YEAR)], [], {str(YEAR): settled}), ranked)


@hypothesis_settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_rankings())
def test_generated_rankings_keep_their_small_numbers_hidden(document):
    _publish_safely(document)
