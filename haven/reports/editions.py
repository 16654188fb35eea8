"""Frozen editions of the annual report: what a manager publishes for a year, kept so it
can be rendered again byte for byte and compared with the live figures.

Freezing counts the year in both languages, puts each section's definition and narrative
with it (``document.report_document``), and stores the two documents as canonical JSON text
with its SHA-256 and the renderer's version. Beside them it keeps, per figure that has
records behind it, the ids of those records (and each one's value for a sum): when the
records change later, ``edition_changes`` tells which live figures differ from the edition,
by how much, and which records entered or left each one. The published files of an edition
(``edition_file``) are its documents with small numbers suppressed
(``disclosure.publish``), rendered by the exports: the same edition gives the same bytes,
whose digests the edition keeps from the day it was frozen.
"""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation

from haven.accounts.models import User
from haven.jobs.services import JobProgress
from haven.reports.disclosure import publish
from haven.reports.document import RENDERER_VERSION, report_document, row_name
from haven.reports.drilldown import drill_rows, figure_cells
from haven.reports.exports import EXPORT_FORMATS, export_render
from haven.reports.exports.services import LANGUAGES
from haven.reports.models import ReportEdition
from haven.reports.narrative import narrative_for
from haven.reports.registry import Section, Table, drill_for, report_sections, report_table
from haven.reports.services import report_count

FREEZE_STEP = "Counting the report in both languages and the records behind each figure."


def canonical(value: Any) -> str:
    """JSON with sorted keys and no spaces: one text for one value, on any database."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def row_key(table: Table, index: int | None) -> str:
    """A row as the records keep it: its first words in the report's Dutch (or its year);
    "total" for the totals row. Stable when a ranking moves the row."""
    if index is None:
        return "total"
    return str(row_name(table.rows[index]))


def cell_key(table: Table, index: int | None, column: str) -> str:
    return f"{row_key(table, index)}|{column}"


def section_records(section: Section, year: int) -> dict[str, list[Any]]:
    """The ids of the records behind each figure of the section (a sum: [id, value] pairs),
    one query per figure."""
    table = report_table(section, year)
    found: dict[str, list[Any]] = {}
    for index, column, _figure in figure_cells(table):
        drill = drill_for(section.key, year, None if index is None else table.rows[index], column)
        if drill is None:
            continue
        rows = drill_rows(drill)
        if drill.total_of is None:
            found[cell_key(table, index, column)] = list(rows.values_list("pk", flat=True))
        else:
            found[cell_key(table, index, column)] = [
                [pk, _number(value)] for pk, value in rows.values_list("pk", "value")
            ]
    return found


def _number(value: Any) -> Any:
    return float(value) if value is not None and not isinstance(value, int | float) else value


def edition_documents(year: int) -> dict[str, dict[str, Any]]:
    """The year's report document in each language, counted now, with its narrative."""
    documents = {}
    for language in LANGUAGES:
        with translation.override(language):
            documents[language] = report_document(
                report_count(year), language=language, narrative=narrative_for(year, language)
            )
    return documents


def edition_freeze(*, year: int, by: User, progress: JobProgress | None = None, digests: bool = True) -> ReportEdition:
    """Freeze the year's report as its next edition (the freezing job's work), with the
    digests of its published files (``digests=False``: without, for tests that need none)."""
    sections = report_sections()
    if progress is not None:
        progress(0, len(sections) + 1, FREEZE_STEP)
    documents = edition_documents(year)
    records = {}
    for done, section in enumerate(sections, start=1):
        if progress is not None:
            progress(done, len(sections) + 1, FREEZE_STEP)
        records[section.key] = section_records(section, year)
    text = canonical({"year": year, "renderer": RENDERER_VERSION, "documents": documents})
    with transaction.atomic():
        # The year's editions are locked while the next number is taken.
        list(ReportEdition.objects.select_for_update().filter(year=year).values_list("pk", flat=True))
        number = (ReportEdition.objects.filter(year=year).aggregate(last=Max("number"))["last"] or 0) + 1
        edition = ReportEdition.objects.create(
            year=year,
            number=number,
            document=text,
            sha256=digest(text),
            renderer=RENDERER_VERSION,
            records=records,
            frozen_by=by,
            frozen_at=timezone.now(),
        )
    if not digests:
        return edition
    edition.digests = {
        f"{language}.{export}": digest(edition_file(edition, language, export))
        for language in LANGUAGES
        for export in EXPORT_FORMATS
    }
    ReportEdition.objects.filter(pk=edition.pk).update(digests=edition.digests)
    return edition


def edition_intact(edition: ReportEdition) -> bool:
    """Whether the stored documents are still those frozen (their SHA-256)."""
    return digest(edition.document) == edition.sha256


def edition_document(edition: ReportEdition, language: str) -> dict[str, Any]:
    """The edition's document in the language, as frozen (exact figures)."""
    return json.loads(edition.document)["documents"][language]


def edition_published(edition: ReportEdition, language: str) -> dict[str, Any]:
    """The edition's document as published: small numbers suppressed, its number on it."""
    document = publish(edition_document(edition, language))
    document["edition"] = edition.number
    return document


def edition_file(edition: ReportEdition, language: str, export: str) -> bytes:
    """A published file of the edition in the format ``export``; the same edition always
    gives the same bytes."""
    return export_render(edition_published(edition, language), export)


@dataclass(frozen=True)
class Change:
    """A live figure that differs from the edition, and why: the records that entered or
    left it since (and, for a sum, those whose value changed)."""

    key: str
    title: str
    row: str
    row_index: int | None  # in the live table (None: totals)
    column: str
    frozen: Any
    live: Any
    added: list[int]
    removed: list[int]
    changed: list[int]

    @property
    def difference(self) -> Any:
        return (self.live or 0) - (self.frozen or 0)


def _frozen_figures(document: dict[str, Any]) -> dict[tuple[str, str, str], Any]:
    figures = {}
    for section in document["sections"]:
        table = Table(columns=section["columns"], rows=section["rows"], total=section.get("total"))
        for index, column, value in figure_cells(table):
            figures[(section["key"], row_key(table, index), column)] = value
    return figures


def edition_changes(edition: ReportEdition, language: str) -> list[Change]:
    """The live figures that differ from the edition (counted now), each with its records'
    changes: one query per differing figure that has records behind it."""
    with translation.override(language):
        return _changes(edition, _frozen_figures(edition_document(edition, language)))


def _changes(edition: ReportEdition, frozen: dict[tuple[str, str, str], Any]) -> list[Change]:
    changes = []
    for section in report_sections():
        table = report_table(section, edition.year)
        for index, column, live in figure_cells(table):
            name = row_key(table, index)
            before = frozen.get((section.key, name, column))
            if before == live:
                continue
            added, removed, changed = record_changes(edition, section, table, index, column)
            label = table.row_labels.get(name, name) if index is not None else ""
            changes.append(
                Change(section.key, str(section.title), label, index, column, before, live, added, removed, changed)
            )
    return changes


def record_changes(
    edition: ReportEdition, section: Section, table: Table, index: int | None, column: str
) -> tuple[list[int], list[int], list[int]]:
    """The records that entered the figure since the edition, those that left it, and (a sum)
    those whose value changed: one query."""
    kept = edition.records.get(section.key, {}).get(cell_key(table, index, column))
    drill = drill_for(section.key, edition.year, None if index is None else table.rows[index], column)
    if kept is None or drill is None:
        return [], [], []
    rows = drill_rows(drill)
    if drill.total_of is None:
        now, before = set(rows.values_list("pk", flat=True)), set(kept)
        return sorted(now - before), sorted(before - now), []
    live_values = {pk: _number(value) for pk, value in rows.values_list("pk", "value")}
    kept_values = dict(kept)
    changed = sorted(pk for pk in live_values.keys() & kept_values.keys() if live_values[pk] != kept_values[pk])
    return sorted(live_values.keys() - kept_values.keys()), sorted(kept_values.keys() - live_values.keys()), changed
