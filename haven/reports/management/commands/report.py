import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from haven.reports.registry import annual_report


class Command(BaseCommand):
    help = "Print the annual report of a year, counted from the records (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("-o", "--output", help="Write to this file instead of standard output.")

    def handle(self, *args, year, format, output, **options):
        if not 1900 <= year <= 2100:
            raise CommandError(f"Not a report year: {year}")
        text = json.dumps(annual_report(year), ensure_ascii=False, indent=2)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Wrote the {year} report to {output}")
        else:
            self.stdout.write(text)
