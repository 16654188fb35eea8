"""The annual report as an A4 PDF (WeasyPrint, templates under ``reports/documents/``): a cover
with the agency's name and logo, the contents with page numbers, then each section with its
title, narrative, charts, table, notes and definition; page numbers in the footer.

Figures are printed right-aligned in the document's language (4.742; 1,5), years as years,
hidden cells of a published edition as "x" with a legend under the table; an unpublished
document says on its cover and in every footer that its figures are exact and internal.
Nothing in the PDF depends on the time or the machine but the fonts: no date is written
(WeasyPrint adds none unless the HTML names one), the logo is inlined as data, and the
charts come from the document (``haven.reports.charts``), so the same document gives the
same bytes.
"""

import base64
import copy
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from haven.reports.charts import document_charts
from haven.reports.exports.cells import (
    HIDDEN,
    TREND_GLYPHS,
    Cell,
    figure_text,
    hidden_legend,
    in_language,
    internal_notice,
    report_title,
    section_grid,
    year_text,
)

logger = logging.getLogger(__name__)

TEMPLATE = "reports/documents/report.html"
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def agency_logo() -> str:
    """The logo of ``HAVEN_AGENCY_LOGO`` as a data URI for the cover; "" when none is set or
    the file cannot be read (the report is still made, and the log says why)."""
    path = Path(str(getattr(settings, "HAVEN_AGENCY_LOGO", "") or ""))
    if not str(path) or str(path) == ".":
        return ""
    kind = LOGO_TYPES.get(path.suffix.lower())
    if kind is None:
        logger.warning("HAVEN_AGENCY_LOGO is not an SVG, PNG or JPEG file; the report has no logo")
        return ""
    try:
        data = path.read_bytes()
    except OSError:
        logger.warning("HAVEN_AGENCY_LOGO cannot be read; the report has no logo")
        return ""
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _printed(cell: Cell, language: str) -> dict[str, Any]:
    """A cell as the template prints it: its text and whether it is right-aligned."""
    if cell.kind == "hidden":
        return {"text": HIDDEN, "number": True}
    if cell.kind == "figure":
        return {"text": figure_text(cell.value, language), "number": True}
    if cell.kind == "year":
        return {"text": year_text(cell.value), "number": False}
    if cell.kind == "trend":
        return {"text": TREND_GLYPHS[cell.value], "number": False}
    return {"text": "" if cell.value is None else str(cell.value), "number": False}


def _section(section: dict[str, Any], language: str) -> dict[str, Any]:
    grid = section_grid(section)
    return {
        "key": section["key"],
        "title": section["title"],
        "narrative": section.get("narrative", ""),
        "definition": section.get("definition", ""),
        "notes": section.get("notes", []),
        "charts": section.get("charts", []),
        "headings": list(zip(grid.headings, grid.numeric, strict=False)),
        "rows": [[_printed(cell, language) for cell in row] for row in grid.rows],
        "totals": [_printed(cell, language) for cell in grid.totals] if grid.totals is not None else None,
        "legend": hidden_legend() if grid.hidden else "",
    }


def pdf_html(document: dict[str, Any]) -> str:
    """The HTML WeasyPrint lays out (also what the tests read when a PDF is not needed)."""
    drawn = copy.deepcopy(document)  # the charts are added to a copy: the document stays as given
    document_charts(drawn)
    language = document["language"]
    with in_language(document):
        context = {
            "language": language,
            "title": report_title(document),
            "agency": document["agency"],
            "year": document["year"],
            "logo": agency_logo(),
            "internal": "" if document.get("published") else internal_notice(),
            "sections": [_section(section, language) for section in drawn["sections"]],
        }
        return render_to_string(TEMPLATE, context)


def render_pdf(document: dict[str, Any]) -> bytes:
    """The whole report as an A4 PDF (see the module's notes)."""
    # Imported here, not at the top: WeasyPrint loads the system's Pango when imported, and
    # a machine without it should still run everything but the documents.
    from weasyprint import HTML

    return bytes(HTML(string=pdf_html(document)).write_pdf())
