"""The annual report as CSV: one file per table (``render_csv``), or the whole report as a
zip of one file per table (``render_csv_zip``).

The dialect is chosen for the spreadsheet most readers open a CSV with, Excel in a Belgian
locale: fields separated by ';' (Excel's list separator where the decimal mark is a comma,
so a decimal comma never splits a field), a UTF-8 byte-order mark (without it Excel reads
the file as Windows-1252 and "Syrië" comes out garbled) and CRLF line ends. Figures are
plain (4742: no thousands separator, the language's decimal mark), so they stay numbers;
a hidden cell of a published edition is "x", as in the PDF.
"""

import csv
import io
from typing import Any

from haven.reports.exports.cells import (
    HIDDEN,
    Cell,
    document_moment,
    in_language,
    plain_text,
    section_grid,
    trend_word,
    year_text,
)
from haven.reports.exports.zipfiles import zip_entries

BOM = "\ufeff"
DELIMITER = ";"


def _text(cell: Cell, language: str) -> str:
    if cell.kind == "hidden":
        return HIDDEN
    if cell.kind == "figure":
        return plain_text(cell.value, language)
    if cell.kind == "year":
        return year_text(cell.value)
    if cell.kind == "trend":
        return trend_word(cell.value)
    return "" if cell.value is None else str(cell.value)


def _section(document: dict[str, Any], key: str) -> dict[str, Any]:
    for section in document["sections"]:
        if section["key"] == key:
            return section
    raise KeyError(key)


def render_csv(document: dict[str, Any], key: str) -> bytes:
    """The table of the section ``key`` (KeyError when the document has none): its headings,
    rows and totals row, in the document's language."""
    section = _section(document, key)
    language = document["language"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    with in_language(document):
        grid = section_grid(section)
        writer.writerow(grid.headings)
        for row in grid.rows:
            writer.writerow([_text(cell, language) for cell in row])
        if grid.totals is not None:
            writer.writerow([_text(cell, language) for cell in grid.totals])
    return (BOM + buffer.getvalue()).encode("utf-8")


def csv_name(document: dict[str, Any], index: int, key: str) -> str:
    """A table's file name in the zip: its place in the report and its key (no spaces)."""
    return f"{index:02d}-{key}.csv"


def render_csv_zip(document: dict[str, Any]) -> bytes:
    """Every table of the report as CSV, one file each, in the report's order."""
    entries = [
        (csv_name(document, index, section["key"]), render_csv(document, section["key"]))
        for index, section in enumerate(document["sections"], start=1)
    ]
    return zip_entries(entries, moment=document_moment(document))
