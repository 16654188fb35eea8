"""The access log's monthly partitions (PostgreSQL only; SQLite keeps one plain table).

On PostgreSQL ``core_accesslogentry`` is partitioned by range of ``at``, one partition
per calendar month in UTC: ``core_accesslogentry_y2026m12`` holds
[2026-12-01 00:00 UTC, 2027-01-01 00:00 UTC). There is no DEFAULT partition (it would
stop PostgreSQL from reading the partitions in order, see docs/access-log-partitioning.md):
an entry for a month without a partition is refused, so the partitions are kept ahead:

- core migration 0007 creates them from the oldest entry's month to 3 months ahead;
- every ``haven migrate`` tops them up (a post_migrate handler, haven.core.apps);
- ``haven partitions`` (the daily job) does the same and reports what it made;
- ``access_log_partitions_missing()`` names the months of the coming ones that are
  missing, for the readiness check.

A new partition is created as a plain table and then attached (SHARE UPDATE EXCLUSIVE
on the log: reads and inserts go on), takes the log's indexes (renamed after their parent
index: ``core_access_opened_y2026m12``), its append-only trigger and foreign keys, and
the log's privileges (``sync_partition_privileges``: the application role keeps SELECT
and INSERT only, even when the partition is named directly).
"""

import datetime

from django.conf import settings
from django.db import connections, transaction

from haven.core.management.commands.migrate import OWNER_ALIAS

TABLE = "core_accesslogentry"
MONTHS_AHEAD = 3


def month_start(moment: datetime.date | datetime.datetime) -> datetime.date:
    """The first day of the month (UTC for an aware datetime) of ``moment``."""
    if isinstance(moment, datetime.datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(datetime.UTC)
        moment = moment.date()
    return moment.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def partition_name(month: datetime.date, table: str = TABLE) -> str:
    return f"{table}_y{month.year:04d}m{month.month:02d}"


def owner_alias() -> str:
    """The database alias of the tables' owner: partitions are made as the owner (the
    application's own role may not create tables)."""
    return OWNER_ALIAS if OWNER_ALIAS in settings.DATABASES else "default"


def _bound(month: datetime.date) -> str:
    return f"{month.isoformat()} 00:00:00+00"


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def is_partitioned(cursor, table: str = TABLE) -> bool:
    cursor.execute("SELECT EXISTS (SELECT FROM pg_partitioned_table WHERE partrelid = to_regclass(%s))", [table])
    return bool(cursor.fetchone()[0])


def partitions(cursor, table: str = TABLE) -> list[str]:
    """The names of the table's partitions, oldest first."""
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def name_partition_indexes(cursor, partition: str, table: str = TABLE) -> None:
    """Rename the partition's indexes after the log's index each belongs to, so a plan
    names the index it reads: ``core_access_opened_y2026m12``, not PostgreSQL's
    ``core_accesslogentry_y2026m12_user_id_at_id_person_id_idx``."""
    suffix = partition.removeprefix(f"{table}_")
    cursor.execute(
        "SELECT child.relname, parent.relname FROM pg_index x "
        "JOIN pg_class child ON child.oid = x.indexrelid "
        "JOIN pg_inherits i ON i.inhrelid = child.oid JOIN pg_class parent ON parent.oid = i.inhparent "
        "WHERE x.indrelid = to_regclass(%s)",
        [partition],
    )
    for child, parent in cursor.fetchall():
        wanted = f"{parent[: 62 - len(suffix)]}_{suffix}"
        if child != wanted:
            cursor.execute(f"ALTER INDEX {quote(child)} RENAME TO {quote(wanted)}")


def _grants(cursor, relation: str) -> dict[str, set[str]]:
    """Who holds which privileges on a relation, its owner left out ('PUBLIC' for all)."""
    cursor.execute(
        "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type "
        "FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = to_regclass(%s) AND a.grantee <> c.relowner",
        [relation],
    )
    grants: dict[str, set[str]] = {}
    for grantee, privilege in cursor.fetchall():
        grants.setdefault(grantee, set()).add(privilege)
    return grants


def copy_privileges(cursor, source: str, target: str, kind: str = "TABLE") -> None:
    """Give every role on ``target`` exactly the privileges it has on ``source`` (the
    owner's aside). ``kind`` is TABLE or SEQUENCE."""
    wanted, present = _grants(cursor, source), _grants(cursor, target)
    for grantee in sorted(set(wanted) | set(present)):
        if wanted.get(grantee, set()) == present.get(grantee, set()):
            continue
        role = grantee if grantee == "PUBLIC" else quote(grantee)
        cursor.execute(f"REVOKE ALL ON {kind} {quote(target)} FROM {role}")
        if wanted.get(grantee):
            cursor.execute(f"GRANT {', '.join(sorted(wanted[grantee]))} ON {kind} {quote(target)} TO {role}")


def sync_partition_privileges(cursor, table: str = TABLE) -> None:
    """Every partition gets exactly the log's own privileges (``haven db_roles`` and
    new partitions call this): a role may do to a partition named directly no more than
    to the log."""
    for partition in partitions(cursor, table):
        copy_privileges(cursor, table, partition)


def _create_partition(cursor, month: datetime.date, table: str = TABLE) -> str:
    name = partition_name(month, table)
    cursor.execute(f"CREATE TABLE {quote(name)} (LIKE {quote(table)})")
    cursor.execute(
        f"ALTER TABLE {quote(table)} ATTACH PARTITION {quote(name)} "
        f"FOR VALUES FROM ('{_bound(month)}') TO ('{_bound(add_months(month, 1))}')"
    )
    name_partition_indexes(cursor, name, table)
    copy_privileges(cursor, table, name)
    return name


def ensure_access_log_partitions(
    months_ahead: int = MONTHS_AHEAD,
    *,
    since: datetime.date | datetime.datetime | None = None,
    now: datetime.datetime | None = None,
    using: str | None = None,
) -> list[str]:
    """Create the access log's missing monthly partitions, from the month of ``since``
    (default: this month) to ``months_ahead`` months after this one, and return their
    names (empty when none was missing). Idempotent. Nothing on SQLite, nor before the
    log is partitioned (migration 0007). Runs as the owner of the tables (the ``owner``
    database alias when DATABASE_MIGRATE_URL is set) unless ``using`` names another."""
    using = using or owner_alias()
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    today = month_start(now or datetime.datetime.now(datetime.UTC))
    first, last = min(month_start(since or today), today), add_months(today, months_ahead)
    created = []
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if not is_partitioned(cursor):
            return []
        existing = set(partitions(cursor))
        month = first
        while month <= last:
            if partition_name(month) not in existing:
                created.append(_create_partition(cursor, month))
            month = add_months(month, 1)
    return created


def access_log_partitions_missing(
    months_ahead: int = 1, *, now: datetime.datetime | None = None, using: str = "default"
) -> list[str]:
    """The partitions of this month and the next ``months_ahead`` that do not exist (for
    the readiness check: an entry for a month without one is refused). Empty on SQLite."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    today = month_start(now or datetime.datetime.now(datetime.UTC))
    with connection.cursor() as cursor:
        if not is_partitioned(cursor):
            return []
        existing = set(partitions(cursor))
    wanted = [partition_name(add_months(today, count)) for count in range(months_ahead + 1)]
    return [name for name in wanted if name not in existing]
