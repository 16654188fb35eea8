"""A section's table as every export prints it: which cells are labels, figures, years, trend
arrows or hidden, and how a figure is written in the document's language.

The exports read the report document only (haven.reports.document), so the same document
gives the same cells, whatever the interface language of the process: every text here is
made inside ``translation.override(document["language"])``.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from django.utils import formats, numberformat, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CellKind = Literal["label", "figure", "year", "trend", "hidden", "empty"]

HIDDEN = "x"
YEAR_COLUMNS = ("year",)
TREND_COLUMN = "trend"
TREND_GLYPHS = {"up": "▲", "down": "▼", "equal": "="}
TREND_WORDS = {"up": gettext_lazy("up"), "down": gettext_lazy("down"), "equal": gettext_lazy("equal")}
# Figures are written with at most this many decimals (an average: 1,5); whole numbers with none.
DECIMALS = 2


@dataclass(frozen=True)
class Cell:
    """One printed cell: what it holds (``value``: the figure, the label, None when hidden or
    empty) and how to treat it."""

    kind: CellKind
    value: Any = None

    @property
    def numeric(self) -> bool:
        """Right-aligned: figures, and the "x" standing in for a figure."""
        return self.kind in ("figure", "hidden")


@dataclass(frozen=True)
class Grid:
    """A section's table ready to print: headings, each column's alignment, the rows, the
    totals row (its first cell the word "Total") and whether a cell is hidden."""

    headings: list[str]
    numeric: list[bool]
    rows: list[list[Cell]]
    totals: list[Cell] | None
    hidden: bool


def document_moment(document: dict[str, Any]) -> datetime:
    """The one date an export carries where a format wants one (the spreadsheet's created and
    modified, the zip entries' times): January 1 after the report's year, never now, so the
    same document gives the same bytes."""
    return datetime(int(document["year"]) + 1, 1, 1)  # noqa: DTZ001 (a date-time without zone, as zip and OOXML want)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def figure_text(value: int | float, language: str) -> str:
    """A figure as the PDF prints it: Belgian Dutch 4.742 and 1,5; English 4,742 and 1.5."""
    decimals = 0 if isinstance(value, int) or float(value).is_integer() else DECIMALS
    text = numberformat.format(
        value if decimals else int(value),
        formats.get_format("DECIMAL_SEPARATOR", language, use_l10n=True),
        decimal_pos=decimals or None,
        grouping=3,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR", language, use_l10n=True),
        force_grouping=True,
    )
    if decimals:  # 1,50 → 1,5
        separator = formats.get_format("DECIMAL_SEPARATOR", language, use_l10n=True)
        text = text.rstrip("0").rstrip(separator)
    return text


def plain_text(value: int | float, language: str) -> str:
    """A figure as the CSV writes it: no thousands separator (4742), the language's decimal
    mark (1,5 in Dutch, 1.5 in English), so a spreadsheet in that locale reads a number."""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    separator = formats.get_format("DECIMAL_SEPARATOR", language, use_l10n=True)
    return f"{round(float(value), DECIMALS):f}".rstrip("0").rstrip(".").replace(".", separator)


def year_text(value: Any) -> str:
    """A year as a label (2019, never 2.019)."""
    return str(value)


def trend_word(value: str) -> str:
    """The trend's word in the active language (the spreadsheet and the CSV; the PDF draws ▲▼=)."""
    return str(TREND_WORDS.get(value, value))


def _figure_columns(section: dict[str, Any]) -> list[bool]:
    """Whether each column holds figures: all its known values numbers, and not a year."""
    columns = section["columns"]
    numeric = []
    for index, column in enumerate(columns):
        values = [row[index] for row in section["rows"] if index < len(row) and row[index] is not None]
        totals = [] if index == 0 else [(section.get("total") or {}).get(column)]
        values += [value for value in totals if value is not None]
        hidden_only = not values and any(cell[1] == column for cell in section.get("suppressed", []))
        numeric.append(
            column not in YEAR_COLUMNS and (hidden_only or (bool(values) and all(_is_number(v) for v in values)))
        )
    return numeric


def _cell(value: Any, column: str, *, figure: bool, hidden: bool) -> Cell:
    if hidden:
        return Cell("hidden")
    if value is None or value == "":
        return Cell("empty")
    if column in YEAR_COLUMNS:
        return Cell("year", value)
    if column == TREND_COLUMN and value in TREND_GLYPHS:
        return Cell("trend", value)
    if figure and _is_number(value):
        return Cell("figure", value)
    return Cell("label", value)


def section_grid(section: dict[str, Any]) -> Grid:
    """The section's table as printed: each row's first cell in its language (``labels``),
    hidden cells (``suppressed``, published documents) as such, and the totals row."""
    columns = section["columns"]
    numeric = _figure_columns(section)
    hidden = {(int(row), str(column)) for row, column in section.get("suppressed", [])}
    labels = section.get("labels") or []
    rows = []
    for index, row in enumerate(section["rows"]):
        shown = list(row)
        if shown and isinstance(shown[0], str) and index < len(labels) and isinstance(labels[index], str):
            shown[0] = labels[index]
        rows.append(
            [
                _cell(value, column, figure=numeric[position], hidden=(index, column) in hidden)
                for position, (column, value) in enumerate(zip(columns, shown, strict=False))
            ]
        )
    totals = None
    if section.get("total") is not None:
        total = section["total"]
        totals = [Cell("label", _("Total"))] + [
            _cell(total.get(column), column, figure=numeric[position + 1], hidden=(-1, column) in hidden)
            for position, column in enumerate(columns[1:])
        ]
    headings = [str(heading) for heading in (section.get("headings") or columns)]
    return Grid(headings=headings, numeric=numeric, rows=rows, totals=totals, hidden=bool(hidden))


def hidden_legend() -> str:
    """The line under a table with hidden cells (published editions)."""
    return _("x: not shown, to protect the people counted")


def report_title(document: dict[str, Any]) -> str:
    """ "Jaarverslag 2019" / "Annual report 2019", in the document's language (the active one)."""
    return _("Annual report %(year)s") % {"year": document["year"]}


def internal_notice() -> str:
    """What an unpublished document says on its cover and every page."""
    return _("Internal: exact figures, not for publication")


def in_language(document: dict[str, Any]) -> Any:
    """``with in_language(document):`` texts in the document's language."""
    return translation.override(document["language"])
