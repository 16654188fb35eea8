"""The annual report as one document: what the page, the PDF, the spreadsheet, the CSV and
the JSON exports, the charts and a frozen edition are all made from.

``report_document`` puts a counted report (``services.report_count``, kept as a render) in
the report's order with each section's title, definition and narrative, in one language.
The document holds aggregates only (no person) and only JSON types, so it can be frozen as
it is: the exports read nothing else, and the same document gives the same bytes.

    {
      "year": 2019, "language": "nl", "agency": "IN-Gent vzw", "renderer": "1",
      "published": False,          # True: small numbers suppressed (haven.reports.disclosure)
      "sections": [
        {"key": "transit_site", "title": "...", "definition": "...", "narrative": "...",
         "columns": ["label", "value"],      # the figures' keys (as the seed's JSON)
         "headings": ["", "Aantal"],         # each column's heading in the language
         "rows": [["Capaciteit (woonwagens)", 25], ...],   # labels in the report's Dutch words
         "labels": ["Capacity (caravans)", ...],           # each row's label in the language
         "total": {"2019": 4742} | None,
         "notes": ["from 138 countries"],    # further figures as sentences
         "extra": {"countries": 138},        # further figures as counted
         "impersonal": {"rows": [...], "columns": [...]},  # figures that count no one
         "suppressed": [[row_index, column], ...],         # published only; row -1: totals
        }, ...
      ],
    }
"""

from typing import Any

from django.conf import settings

from haven.reports.registry import report_sections

RENDERER_VERSION = "1"  # raise when an export's bytes change for the same document
TABLE_KEYS = ("columns", "rows", "total")


def agency_name() -> str:
    """The agency's name from settings (``HAVEN_AGENCY["name"]``), on the cover and every page."""
    return str(settings.HAVEN_AGENCY.get("name") or "Haven")


def row_name(row: list[Any]) -> Any:
    """What names a row: its first words (a ranked row starts with its rank), in the report's
    Dutch, or its year when it has no words; "" for an empty row."""
    return next((cell for cell in row if isinstance(cell, str)), row[0] if row else "")


def _row_label(row: list[Any], named: dict[str, str]) -> Any:
    """A row's label in the document's language: its name, translated; a year stays a year."""
    first = row_name(row)
    return named.get(first, first) if isinstance(first, str) else first


def report_document(
    report: dict[str, Any], *, language: str, narrative: dict[str, str] | None = None
) -> dict[str, Any]:
    """The counted ``report`` as a document in ``language`` (the language it was counted in),
    sections in the report's order; ``narrative`` gives each section's text."""
    tables = report.get("tables", {})
    narrative = narrative or {}
    sections = []
    for section in report_sections():
        data = tables.get(section.key)
        if data is None:
            continue
        columns = list(data["columns"])
        named = report.get("row_labels", {}).get(section.key, {})
        rows = [list(row) for row in data["rows"]]
        sections.append(
            {
                "key": section.key,
                "title": report.get("titles", {}).get(section.key, str(section.title)),
                "definition": report.get("definitions", {}).get(section.key, str(section.definition)),
                "narrative": narrative.get(section.key, ""),
                "columns": columns,
                "headings": list(report.get("column_labels", {}).get(section.key) or columns),
                "rows": rows,
                "labels": [_row_label(row, named) for row in rows],
                "total": data.get("total"),
                "notes": list(report.get("notes", {}).get(section.key, [])),
                "extra": {key: value for key, value in data.items() if key not in TABLE_KEYS},
                "impersonal": report.get("impersonal", {}).get(section.key, {"rows": [], "columns": []}),
                "suppressed": [],
            }
        )
    return {
        "year": report["year"],
        "language": language,
        "agency": agency_name(),
        "renderer": RENDERER_VERSION,
        "published": False,
        "sections": sections,
    }
