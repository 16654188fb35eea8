"""The annual report as a spreadsheet (openpyxl): a contents sheet, then one sheet per
section with its title, narrative, table (headings frozen, figures as numbers), totals,
notes and definition.

Figures are numbers with a number format (``#,##0``), so Excel shows them in the reader's
locale (4.742 in Belgian Dutch) and they can be summed; years are numbers without a
thousands separator; a hidden cell of a published edition is the text "x". The workbook's
created and modified dates and its zip entries' dates are fixed by the document
(``cells.document_moment``): the same document gives the same bytes.
"""

import io
import re
import zipfile
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from haven.reports.exports.cells import (
    HIDDEN,
    Cell,
    Grid,
    document_moment,
    hidden_legend,
    in_language,
    internal_notice,
    report_title,
    section_grid,
    trend_word,
)
from haven.reports.exports.zipfiles import zip_restamped

SHEET_NAME_MAX = 31  # Excel's limit
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
WHOLE = "#,##0"
DECIMAL = "#,##0.0#"
YEAR = "0"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
MUTED = Font(italic=True, color="555555")
RIGHT = Alignment(horizontal="right")
WRAP = Alignment(wrap_text=True, vertical="top")
LABEL_WIDTH_MAX = 60
FIGURE_WIDTH = 14
TEXT_COLUMNS = 6  # the width a narrative or definition is merged across, at least
CHARACTERS_PER_LINE = 110  # of a merged text cell that wide, to size its row


def sheet_names(document: dict[str, Any]) -> list[str]:
    """One name per section: its place and title, cut to Excel's 31 characters, without the
    characters Excel refuses (an apostrophe only inside); unique because of the place."""
    names = []
    for index, section in enumerate(document["sections"], start=1):
        title = SHEET_NAME_FORBIDDEN.sub(" ", str(section["title"]))
        names.append(f"{index:02d} {title}"[:SHEET_NAME_MAX].rstrip(" '"))
    return names


def _contents(sheet: Worksheet, document: dict[str, Any], names: list[str]) -> None:
    sheet.title = _("Contents")[:SHEET_NAME_MAX]
    sheet["A1"] = report_title(document)
    sheet["A1"].font = TITLE
    sheet["A2"] = document["agency"]
    sheet["A3"], sheet["B3"] = _("Year"), int(document["year"])
    sheet["B3"].number_format = YEAR
    sheet["A4"] = "" if document.get("published") else internal_notice()
    sheet["A4"].font = MUTED
    sheet["A6"], sheet["B6"] = _("Sheet"), _("Section")
    sheet["A6"].font = sheet["B6"].font = BOLD
    for offset, (name, section) in enumerate(zip(names, document["sections"], strict=True)):
        row = 7 + offset
        quoted = name.replace("'", "''")  # a quote inside a quoted sheet name is doubled
        sheet.cell(row=row, column=1, value=name).hyperlink = f"#'{quoted}'!A1"
        sheet.cell(row=row, column=2, value=str(section["title"]))
    sheet.column_dimensions["A"].width = SHEET_NAME_MAX + 2
    sheet.column_dimensions["B"].width = 90


def _value(sheet: Worksheet, row: int, column: int, cell: Cell) -> None:
    target = sheet.cell(row=row, column=column)
    if cell.kind == "hidden":
        target.value, target.alignment = HIDDEN, RIGHT
    elif cell.kind == "figure":
        target.value = cell.value
        target.number_format = WHOLE if isinstance(cell.value, int) or float(cell.value).is_integer() else DECIMAL
    elif cell.kind == "year":
        target.value = int(cell.value) if str(cell.value).isdigit() else cell.value
        target.number_format = YEAR
    elif cell.kind == "trend":
        target.value = trend_word(cell.value)
    elif cell.kind == "label":
        target.value = str(cell.value)


def _text(sheet: Worksheet, row: int, text: str, width: int, *, font: Font | None = None) -> int:
    """A paragraph in a cell merged across the table's width (wrapped; the row sized to it)."""
    cell = sheet.cell(row=row, column=1, value=text)
    cell.alignment = WRAP
    if font is not None:
        cell.font = font
    if width > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    lines = sum(1 + len(line) // CHARACTERS_PER_LINE for line in text.splitlines() or [""])
    sheet.row_dimensions[row].height = 15 * lines
    return row + 1


def _table(sheet: Worksheet, grid: Grid, row: int) -> int:
    """Headings (frozen: they stay in view while scrolling), rows and totals from ``row``."""
    for column, heading in enumerate(grid.headings, start=1):
        target = sheet.cell(row=row, column=column, value=heading)
        target.font = BOLD
        if grid.numeric[column - 1]:
            target.alignment = RIGHT
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
    for cells in grid.rows:
        row += 1
        for column, cell in enumerate(cells, start=1):
            _value(sheet, row, column, cell)
    if grid.totals is not None:
        row += 1
        for column, cell in enumerate(grid.totals, start=1):
            _value(sheet, row, column, cell)
            sheet.cell(row=row, column=column).font = BOLD
    return row + 1


def _widths(sheet: Worksheet, grid: Grid) -> None:
    labels = [len(str(cells[0].value or "")) for cells in grid.rows if cells]
    first = min(LABEL_WIDTH_MAX, max([len(grid.headings[0]) if grid.headings else 0, *labels, 12]) + 2)
    sheet.column_dimensions["A"].width = first
    for column in range(2, max(len(grid.headings), TEXT_COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = FIGURE_WIDTH


def _section(sheet: Worksheet, section: dict[str, Any]) -> None:
    grid = section_grid(section)
    width = max(len(grid.headings), TEXT_COLUMNS)
    sheet["A1"] = str(section["title"])
    sheet["A1"].font = TITLE
    row = 3
    if section.get("narrative"):
        row = _text(sheet, row, str(section["narrative"]), width) + 1
    row = _table(sheet, grid, row) + 1
    if grid.hidden:
        row = _text(sheet, row, hidden_legend(), width, font=MUTED)
    for note in section.get("notes", []):
        row = _text(sheet, row, str(note), width)
    if section.get("definition"):
        row = _text(sheet, row + 1, _("Definition"), width, font=BOLD)
        _text(sheet, row, str(section["definition"]), width)
    _widths(sheet, grid)


def render_xlsx(document: dict[str, Any]) -> bytes:
    """The whole report as an .xlsx workbook (see the module's notes)."""
    workbook = Workbook()
    moment = document_moment(document)
    with in_language(document):
        names = sheet_names(document)
        _contents(workbook.active, document, names)
        for name, section in zip(names, document["sections"], strict=True):
            _section(workbook.create_sheet(name), section)
        workbook.properties.title = report_title(document)
    workbook.properties.creator = document["agency"]
    workbook.properties.lastModifiedBy = document["agency"]
    workbook.properties.language = document["language"]
    workbook.properties.created = workbook.properties.modified = moment
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return zip_restamped(buffer.getvalue(), moment=moment)
