"""``haven backup -o FILE``: the database, every file under MEDIA_ROOT and a manifest in one
file, encrypted with ``HAVEN_BACKUP_KEY`` (``haven/core/backup.py``). ``-o -`` writes to
standard output (to pipe it off the machine); the summary then goes to standard error.
``haven backup --new-key`` prints a fresh key. See README, "Backups"."""

import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from haven.core.backup import backup_create
from haven.core.backup_sealing import BackupError, new_key


class Command(BaseCommand):
    # A backup or a restore must not wait on an unrelated check (a URL, a template).
    requires_system_checks: list[str] = []
    help = "Write an encrypted backup of the database and the uploaded files (MEDIA_ROOT)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="The backup file to write (it must not exist); - for stdout.")
        parser.add_argument("--new-key", action="store_true", help="Print a fresh key for HAVEN_BACKUP_KEY and stop.")
        parser.add_argument("--database", default=None, help="Database alias (default: the tables' owner).")

    def handle(self, *args, output=None, database=None, **options):
        if options.get("new_key"):
            self.stdout.write(new_key())
            return
        if not output:
            raise CommandError("Name the backup file: haven backup -o FILE (or -o - for standard output).")
        if output == "-":
            summary = self._backup(sys.stdout.buffer, database, frozenset())
            report = self.stderr
        else:
            report = self.stdout
            target = Path(output).absolute()
            if target.exists():
                raise CommandError(f"{target} exists: a backup never overwrites a file; choose another name.")
            partial = target.with_name(target.name + ".partial")
            try:
                # Readable by its owner alone, and named as final only once it is whole.
                descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except OSError as error:
                raise CommandError(f"Cannot write {partial}: {error.strerror}.") from None
            try:
                with os.fdopen(descriptor, "wb") as out:
                    summary = self._backup(out, database, frozenset({target.resolve(), partial.resolve()}))
                    out.flush()
                    os.fsync(out.fileno())
                partial.rename(target)
            finally:
                partial.unlink(missing_ok=True)
        chains = ", ".join(
            f"{name} {head['count']} entries (last #{head['last_id']}, hash {head['last_hash']})"
            for name, head in summary.chains.items()
        )
        where = "standard output" if output == "-" else str(Path(output).absolute())
        report.write(
            f"Backup written to {where}: {summary.size:,} bytes, encrypted.\n"
            f"Database ({summary.vendor}): {summary.tables} tables, {summary.rows:,} rows.\n"
            f"Files: {summary.files} ({summary.file_bytes:,} bytes) from {settings.MEDIA_ROOT}.\n"
            f"Chains: {chains}."
        )

    def _backup(self, out, database, skip):
        try:
            return backup_create(out, using=database, skip=skip)
        except BackupError as error:
            raise CommandError(str(error)) from None
