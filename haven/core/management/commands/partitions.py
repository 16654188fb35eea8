"""``haven partitions``: create the access log's monthly partitions that are missing, from
this month to ``--months-ahead`` months ahead (default 3), as the owner of the tables.
Idempotent; run daily (the scheduled job) and after every ``haven migrate`` (which also
does it). ``--since 2025-01`` also creates the months back to that one (before loading
older entries). ``--check`` creates nothing and exits 1 when this month's or next month's
partition is missing: an entry for a month without a partition is refused.
Nothing to do on SQLite. See docs/access-log-partitioning.md.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from haven.core.partitions import (
    MONTHS_AHEAD,
    access_log_partitions_missing,
    ensure_access_log_partitions,
    owner_alias,
)


def _month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").replace(tzinfo=datetime.UTC).date()
    except ValueError:
        raise CommandError(f"Not a month (YYYY-MM): {value!r}") from None


class Command(BaseCommand):
    help = "Create the access log's missing monthly partitions (PostgreSQL), or --check that they exist."

    def add_arguments(self, parser):
        parser.add_argument("--months-ahead", type=int, default=MONTHS_AHEAD, help="Months after this one.")
        parser.add_argument("--since", type=_month, default=None, help="Also the months from this one (YYYY-MM).")
        parser.add_argument("--check", action="store_true", help="Create nothing; exit 1 when one is missing.")
        parser.add_argument("--lock-timeout", type=int, default=10, help="Seconds to wait for the log's lock.")
        parser.add_argument("--database", default=None, help="Database alias (default: the owner's).")

    def handle(self, *args, months_ahead, since, check, lock_timeout, database, **options):
        alias = database or owner_alias()
        if connections[alias].vendor != "postgresql":
            self.stdout.write("SQLite: the access log is one plain table, no partitions.")
            return
        if check:
            missing = access_log_partitions_missing(using=alias)
            if missing:
                raise CommandError(f"Missing access log partitions: {', '.join(missing)}. Run: haven partitions")
            self.stdout.write("Access log partitions: this month's and next month's exist.")
            return
        if months_ahead < 1:
            raise CommandError("--months-ahead must be at least 1.")
        with transaction.atomic(using=alias):
            with connections[alias].cursor() as cursor:  # never queue the log's writers for long
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{max(lock_timeout, 1)}s"])
            created = ensure_access_log_partitions(months_ahead, since=since, using=alias)
        if created:
            self.stdout.write(f"Access log partitions created: {', '.join(created)}.")
        else:
            self.stdout.write(f"Access log partitions: none missing ({months_ahead} months ahead).")
