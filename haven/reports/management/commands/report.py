"""``haven report YEAR``: the annual report of a year, counted from the records now.

``--format json`` (the default) prints the counted tables in the seed's shape, as the API
gives them (what scripts and the demo's test read). ``pdf``, ``xlsx`` and ``csv`` (a zip of
one CSV per table; ``--table KEY`` for one table) are the exports of the report document in
``--language``, written to ``-o FILE`` (required for them: they are not text).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from haven.reports.exports import EXPORT_FORMATS, export_render, render_csv
from haven.reports.exports.services import export_document
from haven.reports.registry import annual_report, report_sections

FIRST_YEAR, LAST_YEAR = 1900, 2100
LANGUAGES = ("nl", "en")


class Command(BaseCommand):
    help = "The annual report of a year, counted from the records: JSON, or a PDF, spreadsheet or CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("--format", default="json", help="json (default), pdf, xlsx or csv (a zip of CSV files).")
        parser.add_argument("-o", "--output", help="Write to this file instead of standard output.")
        parser.add_argument("--table", help="With --format csv: only this table (its key), as one CSV file.")
        parser.add_argument("--language", default="nl", help="The report's language: nl (default) or en.")

    def handle(self, *args, year: int, format: str, output: str | None, table: str | None, language: str, **options):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(f"Not a report year: {year}")
        if format not in EXPORT_FORMATS:
            raise CommandError(f"Unknown format {format!r}: choose one of {', '.join(EXPORT_FORMATS)}.")
        if language not in LANGUAGES:
            raise CommandError(f"Unknown language {language!r}: choose nl or en.")
        if table is not None and format != "csv":
            raise CommandError("--table goes with --format csv.")
        if table is not None and table not in {section.key for section in report_sections()}:
            raise CommandError(f"No table {table!r} in the report.")
        target = self._target(output, binary=format != "json" or table is not None)
        if format == "json" and table is None:
            self._write_json(year, target)
            return
        with translation.override(language):
            document = export_document(year, language)
        content = render_csv(document, table) if table is not None else export_render(document, format)
        self._write(target, content)
        self.stderr.write(f"Wrote the {year} report ({format}) to {target}")

    def _target(self, output: str | None, *, binary: bool) -> Path | None:
        """The file to write, its folder checked first (a clear error, not a traceback)."""
        if output is None:
            if binary:
                raise CommandError("This format is a file: give one with -o FILE.")
            return None
        path = Path(output)
        if path.is_dir():
            raise CommandError(f"{output} is a folder: give a file name.")
        if not path.parent.is_dir():
            raise CommandError(f"No such folder: {path.parent}")
        return path

    def _write(self, target: Path | None, content: bytes) -> None:
        if target is None:
            raise CommandError("This format is a file: give one with -o FILE.")
        try:
            target.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {target}: {error.strerror}") from None

    def _write_json(self, year: int, target: Path | None) -> None:
        text = json.dumps(annual_report(year), ensure_ascii=False, indent=2)
        if target is None:
            self.stdout.write(text)
            return
        self._write(target, (text + "\n").encode("utf-8"))
        self.stderr.write(f"Wrote the {year} report to {target}")
