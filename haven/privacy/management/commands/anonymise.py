"""``haven anonymise [--as-of DATE] [--dry-run] [--yes]``: anonymise every person and record
whose retention period has ended by DATE (today by default), as the daily job does.

``--dry-run`` lists what would be anonymised (record types with their counts, the people by
number: never a name) and changes nothing. A real run needs ``--yes`` (or the answer ``yes``
on a terminal), and the privacy officer's confirmation of a first run on the page
(/privacy/retention/) before any.
"""

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from haven.core.retention import retention_for
from haven.privacy.anonymise import Due, anonymise
from haven.privacy.models import AnonymisationRun
from haven.privacy.retention_tasks import first_run_confirmed


class Command(BaseCommand):
    help = "Anonymise every person and record whose retention period has ended (as of today, or --as-of)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of", help="The day, YYYY-MM-DD (default: today): everything whose period ended by then."
        )
        parser.add_argument("--dry-run", action="store_true", help="List what would be anonymised; change nothing.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, as_of: str | None, dry_run: bool, yes: bool, **options) -> None:
        day = self._day(as_of)
        if not dry_run and not first_run_confirmed():
            raise CommandError(
                "The privacy officer has not confirmed a first run yet: they do so on the page /privacy/retention/ "
                "after reading what is due. Use --dry-run to see it here."
            )
        outcome = anonymise(day, dry_run=True)
        self._list(outcome.due)
        if dry_run:
            return
        if not outcome.due.persons and not outcome.due.records:
            self.stdout.write("Nothing to anonymise.")
            return
        if not yes and not self._confirmed():
            raise CommandError("Not confirmed: nothing was changed. Answer yes, or give --yes.")
        done = anonymise(day, channel=AnonymisationRun.Channel.COMMAND)
        assert done.run is not None
        self.stdout.write(
            f"Anonymised as of {day.isoformat()}: {done.run.persons} people, "
            f"{sum(done.run.records.values())} records (run #{done.run.pk})."
        )

    def _day(self, value: str | None) -> datetime.date:
        if value is None:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--as-of: not a date in the form YYYY-MM-DD: {value!r}") from None

    def _list(self, due: Due) -> None:
        self.stdout.write(f"As of {due.as_of.isoformat()}:")
        for key, count in sorted(due.records.items()):
            declaration = retention_for(key)
            name = declaration.model_class._meta.verbose_name_plural if declaration else key
            self.stdout.write(f"  {count:>8}  {key} ({name}): past the period, to empty")
        self.stdout.write(f"  {len(due.persons):>8}  people to anonymise")
        if due.persons:
            ids = [str(person_id) for person_id in due.persons]
            for start in range(0, len(ids), 15):
                self.stdout.write("            #" + " #".join(ids[start : start + 15]))

    def _confirmed(self) -> bool:
        if not sys.stdin.isatty():
            return False
        return input("Anonymise these? This cannot be undone. Type yes: ").strip().lower() == "yes"
