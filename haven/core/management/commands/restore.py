"""``haven restore FILE``: a backup made by ``haven backup`` into an empty database and
MEDIA_ROOT (``haven/core/backup.py``), then every table counted against the backup's
manifest and both hash chains walked. ``--check`` only decrypts and checks the file.
On PostgreSQL the objects belong to the restoring role and carry no grants:
``--app-role ROLE`` then runs ``haven db_roles`` for the application's role. Exit code 1
when anything does not match. See README, "Backups"."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from haven.core.backup import BackupError, backup_restore
from haven.core.partitions import owner_alias


class Command(BaseCommand):
    # A backup or a restore must not wait on an unrelated check (a URL, a template).
    requires_system_checks: list[str] = []
    help = "Restore a backup (haven backup) into an empty database and MEDIA_ROOT, then check it."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")
        parser.add_argument("--check", action="store_true", help="Only decrypt and check the file; restore nothing.")
        parser.add_argument(
            "--app-role", default=None, help="PostgreSQL: give this application role its rights (haven db_roles)."
        )
        parser.add_argument("--database", default=None, help="Database alias (default: the tables' owner).")

    def handle(self, *args, file, check=False, app_role=None, database=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        alias = database or owner_alias()
        try:
            report = backup_restore(
                path,
                using=alias,
                check_only=check,
                say=lambda text: self.stderr.write(text) if options["verbosity"] else None,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = report.manifest
        made = f"Backup of {manifest['created_at']} ({manifest['vendor']} {manifest['database']['server_version']})"
        if check:
            self.stdout.write(
                f"{made}: whole. {len(manifest['members'])} members match the manifest "
                f"({len(manifest['tables'])} tables, {sum(manifest['tables'].values()):,} rows, "
                f"{manifest['media']['files']} files)."
            )
            return
        self.stdout.write(f"{made} restored into {connections[alias].settings_dict['NAME']}.")
        tables = manifest["tables"]
        if report.counts_differ:
            for table, (expected, found) in sorted(report.counts_differ.items()):
                self.stdout.write(f"  {table}: {expected} rows in the backup, {found} restored")
        else:
            self.stdout.write(f"Tables: {len(tables)}, {sum(tables.values()):,} rows, every count as in the backup.")
        self.stdout.write(f"Files: {report.files} ({report.file_bytes:,} bytes) into {settings.MEDIA_ROOT}.")
        for verdict in report.verdicts:
            if verdict.broken is None:
                head = f" (last #{verdict.last_id}, hash {verdict.last_hash})" if verdict.last_id else ""
                self.stdout.write(f"{verdict.chain.name}: {verdict.count} entries, chain whole{head}")
            else:
                self.stdout.write(
                    f"{verdict.chain.name}: BROKEN at entry #{verdict.broken.entry_id}: {verdict.broken.problem}"
                )
        for name in report.heads_differ:
            self.stdout.write(f"{name}: its last entry is not the backup's last entry")
        if report.partitions_made:
            self.stdout.write(f"Access-log partitions made: {', '.join(report.partitions_made)}.")
        if report.migrations_to_apply:
            self.stdout.write(
                f"{report.migrations_to_apply} migrations of this version are not applied yet: run haven migrate."
            )
        if connections[alias].vendor == "postgresql":
            if app_role:
                call_command("db_roles", "--app-role", app_role, "--database", alias, stdout=self.stdout)
            else:
                self.stdout.write(
                    "The restored objects belong to the role that restored them, without grants: "
                    "run haven db_roles --app-role ROLE for the application's role."
                )
        if not report.whole:
            raise CommandError("The restored database does not match the backup.", returncode=1)
        self.stdout.write("Restore checked: every record, file and log entry of the backup is back.")
