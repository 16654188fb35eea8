"""``haven schedule``: enqueue the daily jobs that are due and not enqueued yet today, once
(for cron, where workers run with ``--no-schedule``); ``--list`` shows them."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from haven.jobs.schedule import daily_jobs, schedule_due


class Command(BaseCommand):
    help = "Enqueue the daily jobs due today (each once a day, however often this runs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", action="store_true", dest="show", help="List the daily jobs and their hour.")

    def handle(self, *args: Any, show: bool = False, **options: Any) -> None:
        if show:
            for job in daily_jobs():
                self.stdout.write(f"{job.name:<22} from {job.at:%H:%M}  {job.description}")
            return
        enqueued = schedule_due()
        self.stdout.write(f"{len(enqueued)} daily jobs enqueued" + (f": {', '.join(enqueued)}" if enqueued else "."))
