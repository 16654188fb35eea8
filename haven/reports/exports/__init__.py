"""The annual report's exports: PDF, spreadsheet, CSV (a zip of one file per table, or one
table) and JSON, each made from a report document (haven.reports.document) and nothing
else, so the same document always gives the same bytes (a frozen edition is rendered again
byte for byte). One module per format; ``EXPORT_FORMATS`` names them for the page's jobs
and the ``report`` command.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from haven.reports.exports.csv_tables import render_csv, render_csv_zip
from haven.reports.exports.json_document import render_json
from haven.reports.exports.xlsx import render_xlsx


def _render_pdf(document: dict[str, Any]) -> bytes:
    # WeasyPrint (Pango) is loaded only when a PDF is asked for.
    from haven.reports.exports.pdf import render_pdf

    return render_pdf(document)


@dataclass(frozen=True)
class ExportFormat:
    """One format: its key (``--format``), the file's extension and type, and its renderer."""

    key: str
    extension: str
    content_type: str
    render: Callable[[dict[str, Any]], bytes]


EXPORT_FORMATS: dict[str, ExportFormat] = {
    export.key: export
    for export in (
        ExportFormat("pdf", "pdf", "application/pdf", _render_pdf),
        ExportFormat("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", render_xlsx),
        ExportFormat("csv", "zip", "application/zip", render_csv_zip),
        ExportFormat("json", "json", "application/json", render_json),
    )
}
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# The file's name says what it is in the document's language, and no more (no person, no user).
FILE_STEMS = {"nl": "haven-jaarverslag", "en": "haven-annual-report"}
EDITION_WORDS = {"nl": "editie", "en": "edition"}


def export_filename(document: dict[str, Any], export: str, *, table: str | None = None) -> str:
    """``haven-jaarverslag-2019.pdf``; one table's CSV: ``haven-jaarverslag-2019-transit_site.csv``;
    a frozen edition's: ``haven-jaarverslag-2019-editie-2.pdf``."""
    stem = f"{FILE_STEMS.get(document['language'], FILE_STEMS['nl'])}-{document['year']}"
    if document.get("edition"):
        stem += f"-{EDITION_WORDS.get(document['language'], EDITION_WORDS['nl'])}-{document['edition']}"
    if table is not None:
        return f"{stem}-{table}.csv"
    return f"{stem}.{EXPORT_FORMATS[export].extension}"


def export_render(document: dict[str, Any], export: str) -> bytes:
    """The document in the format ``export`` (a key of ``EXPORT_FORMATS``)."""
    return EXPORT_FORMATS[export].render(document)


__all__ = [
    "CSV_CONTENT_TYPE",
    "EXPORT_FORMATS",
    "ExportFormat",
    "export_filename",
    "export_render",
    "render_csv",
    "render_csv_zip",
    "render_json",
    "render_xlsx",
]
