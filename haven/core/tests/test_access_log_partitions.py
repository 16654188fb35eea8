"""The access log's monthly partitions on PostgreSQL (haven.core.partitions, core migration
0007): the log is partitioned by range of ``at``, an entry lands in its month's partition,
time-bounded reads touch only their months, the partitions ahead are made idempotently,
each has the log's indexes, trigger and privileges, the chain runs across them, a file
read is still one insert, and the migration carries existing entries forward and back.
SQLite keeps one plain table."""

import datetime
import io
import re
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.core.audit import access_record, access_trace
from haven.core.chain import ACCESS_CHAIN, link, lock_and_last_hash, verify
from haven.core.models import AccessLogEntry
from haven.core.partitions import (
    access_log_partitions_missing,
    add_months,
    ensure_access_log_partitions,
    month_start,
    partition_name,
    partitions,
)
from haven.people.tests.factories import PersonFactory, caseload_add
from haven.privacy.selectors import heavy_readers

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")


def _now() -> datetime.datetime:
    return timezone.now()


def _this_month() -> datetime.date:
    return month_start(_now())


def _fetch(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _entries(user, moments: list[datetime.datetime], person_id: int = 7) -> list[AccessLogEntry]:
    """Entries at the given times, chained after the last one and bulk-inserted (as a bulk
    loader writes them): what the services write, but at chosen times."""
    entries = [
        AccessLogEntry(user=user, person_id=person_id, action="view", purpose="counselling", channel="web", at=moment)
        for moment in moments
    ]
    with transaction.atomic():
        link(ACCESS_CHAIN, entries, lock_and_last_hash(ACCESS_CHAIN))
        return AccessLogEntry.objects.bulk_create(entries)


# Both vendors ----------------------------------------------------------------------------------------


def test_months_and_names_are_utc_calendar_months():
    late = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-2)))
    assert month_start(late) == datetime.date(2027, 1, 1)  # 01:30 UTC on New Year's day
    assert add_months(datetime.date(2026, 11, 1), 3) == datetime.date(2027, 2, 1)
    assert add_months(datetime.date(2026, 1, 1), -1) == datetime.date(2025, 12, 1)
    assert partition_name(datetime.date(2027, 2, 1)) == "core_accesslogentry_y2027m02"


def test_sqlite_keeps_one_plain_table(db):
    if connection.vendor == "postgresql":
        pytest.skip("the SQLite answer")
    assert ensure_access_log_partitions() == [] and access_log_partitions_missing() == []
    out = io.StringIO()
    call_command("partitions", stdout=out)
    assert "no partitions" in out.getvalue()


# PostgreSQL -----------------------------------------------------------------------------------------


@pytest.mark.postgres
@on_postgresql
def test_the_log_is_partitioned_by_month_of_at_without_a_default_partition():
    (strategy, key) = _fetch(
        "SELECT p.partstrat, a.attname FROM pg_partitioned_table p "
        "JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] "
        "WHERE p.partrelid = 'core_accesslogentry'::regclass"
    )[0]
    assert (strategy, key) == ("r", "at")
    assert _fetch("SELECT partdefid FROM pg_partitioned_table WHERE partrelid = 'core_accesslogentry'::regclass") == [
        (0,)
    ]
    (primary_key,) = _fetch(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'core_accesslogentry'::regclass "
        "AND contype = 'p'"
    )[0]
    assert primary_key == "PRIMARY KEY (id, at)"
    with connection.cursor() as cursor:
        names = set(partitions(cursor))
    assert {partition_name(add_months(_this_month(), count)) for count in range(4)} <= names
    assert access_log_partitions_missing(months_ahead=3) == []


@pytest.mark.postgres
@on_postgresql
def test_an_entry_lands_in_its_months_partition_and_the_orm_reads_it_by_id(counsellor):
    entry = access_record(user=counsellor, person_id=5, action="view", purpose="counselling")
    ((table,),) = _fetch("SELECT tableoid::regclass::text FROM core_accesslogentry WHERE id = %s", [entry.pk])
    assert table == partition_name(month_start(entry.at))
    assert AccessLogEntry.objects.get(pk=entry.pk).person_id == 5


@pytest.mark.postgres
@on_postgresql
def test_bulk_insert_routes_older_entries_to_their_months_and_returns_ids(counsellor):
    three_months_ago = add_months(_this_month(), -3)
    ensure_access_log_partitions(since=three_months_ago)  # (a transactional test may have made some)
    with connection.cursor() as cursor:
        assert {partition_name(add_months(_this_month(), -count)) for count in (3, 2, 1)} <= set(partitions(cursor))
    assert ensure_access_log_partitions(since=three_months_ago) == []
    moments = [
        datetime.datetime.combine(add_months(three_months_ago, n), datetime.time(12), datetime.UTC) for n in range(4)
    ]
    entries = _entries(counsellor, moments)
    assert all(entry.pk for entry in entries) and entries == sorted(entries, key=lambda entry: entry.pk)
    rows = _fetch(
        "SELECT tableoid::regclass::text FROM core_accesslogentry WHERE id = ANY(%s) ORDER BY id",
        [[entry.pk for entry in entries]],
    )
    assert [row[0] for row in rows] == [partition_name(month_start(moment)) for moment in moments]
    assert verify(ACCESS_CHAIN).broken is None  # the chain runs across the partitions


@pytest.mark.postgres
@on_postgresql
def test_an_entry_for_a_month_without_a_partition_is_refused(counsellor):
    far = datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)
    with pytest.raises(IntegrityError, match="no partition"), transaction.atomic():
        _entries(counsellor, [far])


@pytest.mark.postgres
@on_postgresql
def test_making_partitions_is_idempotent_and_each_takes_the_logs_indexes_trigger_and_privileges():
    ahead = [partition_name(add_months(_this_month(), count)) for count in (4, 5)]
    assert access_log_partitions_missing(months_ahead=5) == ahead
    assert ensure_access_log_partitions(months_ahead=5) == ahead
    assert ensure_access_log_partitions(months_ahead=5) == []
    out = io.StringIO()
    call_command("partitions", "--months-ahead", "5", stdout=out)
    call_command("partitions", "--check", stdout=out)
    assert "none missing" in out.getvalue() and "next month's exist" in out.getvalue()
    newest = ahead[-1]
    suffix = newest.removeprefix("core_accesslogentry_")
    indexes = {name for (name,) in _fetch("SELECT indexname FROM pg_indexes WHERE tablename = %s", [newest])}
    parent = {name for (name,) in _fetch("SELECT indexname FROM pg_indexes WHERE tablename = 'core_accesslogentry'")}
    assert indexes == {f"{name}_{suffix}" for name in parent}
    assert "core_access_opened" in parent and len(parent) == 7
    triggers = _fetch("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [newest])
    assert triggers == [("core_accesslogentry_append_only",)]


@contextmanager
def _as_role(role):
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{role}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


@pytest.fixture
def app_role(db):
    """The application role (``haven db_roles``), inside the test's transaction."""
    (database,) = _fetch("SELECT current_database()")[0]
    role = f"haven_app_{database}"[:63]
    call_command("db_roles", "--app-role", role, "--password", "not-used-in-the-test", stdout=io.StringIO())
    return role


@pytest.mark.postgres
@on_postgresql
def test_the_application_role_may_not_change_a_partition_named_directly_not_even_a_new_one(app_role, counsellor):
    entry = access_record(user=counsellor, person_id=5, action="view", purpose="counselling")
    (newer,) = ensure_access_log_partitions(months_ahead=4)  # made after db_roles
    current = partition_name(month_start(entry.at))
    for table in (current, newer):
        for statement in (
            f"UPDATE {table} SET purpose = 'audit'",
            f"DELETE FROM {table}",
            f"TRUNCATE {table}",
            f"ALTER TABLE {table} DISABLE TRIGGER ALL",
            f"DROP TABLE {table}",
        ):
            with (
                _as_role(app_role),
                pytest.raises(DatabaseError, match=r"permission denied|must be owner"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement)
    with _as_role(app_role):
        assert access_trace(user=counsellor, person_ids=[6, 7], purpose="counselling") == 2
        assert _fetch(f"SELECT count(*) FROM {current}") == [(3,)]
        assert ensure_access_log_partitions(months_ahead=4, using="default") == []  # nothing to make
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            ensure_access_log_partitions(months_ahead=6, using="default")  # it may not create tables


@pytest.mark.postgres
@on_postgresql
def test_the_owner_too_meets_the_append_only_trigger_on_a_partition(counsellor):
    entry = access_record(user=counsellor, person_id=5, action="view", purpose="counselling")
    table = partition_name(month_start(entry.at))
    for statement in (f"UPDATE {table} SET purpose = 'audit'", f"DELETE FROM {table}"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


@pytest.mark.postgres
@on_postgresql
def test_a_month_boundary_between_two_appends_keeps_the_chain_whole(counsellor, monkeypatch):
    ensure_access_log_partitions(since=add_months(_this_month(), -1))
    boundary = datetime.datetime.combine(_this_month(), datetime.time(0), datetime.UTC)
    for moment in (boundary - datetime.timedelta(microseconds=1), boundary):
        monkeypatch.setattr("haven.core.audit.timezone.now", lambda moment=moment: moment)
        access_trace(user=counsellor, person_ids=[1, 2], purpose="counselling")
    tables = _fetch("SELECT tableoid::regclass::text FROM core_accesslogentry ORDER BY id")
    assert [row[0] for row in tables] == [partition_name(add_months(_this_month(), -1))] * 2 + [
        partition_name(_this_month())
    ] * 2
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "access log: 4 entries, chain whole" in out.getvalue()


def _plan(sql: str, params) -> str:
    return "\n".join(row[0] for row in _fetch("EXPLAIN " + sql, params))


@pytest.mark.postgres
@on_postgresql
def test_a_time_bounded_read_touches_only_its_months(counsellor):
    ensure_access_log_partitions(since=add_months(_this_month(), -6))
    now = _now()
    with CaptureQueriesContext(connection) as context:
        heavy_readers(files_limit=30, listed_limit=500, days=7, now=now)
    (query,) = [query["sql"] for query in context.captured_queries if "core_accesslogentry" in query["sql"]]
    read = set(re.findall(r" on (core_accesslogentry_y\d{4}m\d{2})", _plan(query, ())))
    since = month_start(now - datetime.timedelta(days=7))
    assert read and all(name >= partition_name(since) for name in read), read  # the months before are pruned
    assert partition_name(add_months(_this_month(), -2)) not in read
    # A closed range reads only its months.
    start = datetime.datetime.combine(add_months(_this_month(), -3), datetime.time(0), datetime.UTC)
    queryset = AccessLogEntry.objects.filter(at__gte=start, at__lt=start + datetime.timedelta(days=40))
    sql, params = queryset.query.sql_with_params()
    read = set(re.findall(r" on (core_accesslogentry_y\d{4}m\d{2})", _plan(sql, params)))
    assert read == {partition_name(add_months(_this_month(), -3)), partition_name(add_months(_this_month(), -2))}


@pytest.mark.postgres
@on_postgresql
def test_opening_a_file_writes_one_insert_into_the_log(counsellor, counsellor_client):
    person = PersonFactory()
    caseload_add(counsellor, person)
    url = f"/people/{person.pk}/?purpose=counselling"
    counsellor_client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert counsellor_client.get(url).status_code == 200
    inserts = [query["sql"] for query in context.captured_queries if query["sql"].startswith("INSERT INTO")]
    assert [sql.split()[2] for sql in inserts if "core_accesslogentry" in sql] == ['"core_accesslogentry"']


def _migrate(target: list[tuple[str, str]]) -> None:
    with connection.cursor() as cursor:  # the foreign keys' deferred checks, before ALTER TABLE
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate(target)


def _review(entry_id: int, entry_at: datetime.datetime, reviewer) -> None:
    _fetch(
        "INSERT INTO privacy_glassreview (reviewed_at, justified, note, entry_id, entry_at, reviewed_by_id) "
        "VALUES (now(), true, '', %s, %s, %s) RETURNING id",
        [entry_id, entry_at, reviewer.pk],
    )


@pytest.mark.postgres
@on_postgresql
def test_the_migration_carries_the_entries_and_reviews_forward_and_back(counsellor, privacy_officer):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate([("core", "0006_access_log_read_indexes")])
    assert _fetch("SELECT count(*) FROM pg_partitioned_table") == [(0,)]
    moments = [_now() - datetime.timedelta(days=days) for days in (95, 60, 31, 1)]
    entries = _entries(counsellor, moments)
    glass = _entries(counsellor, [_now()])[0]
    _review(glass.pk, glass.at, privacy_officer)
    before = _fetch("SELECT id, at, hash FROM core_accesslogentry ORDER BY id")

    _migrate(latest)
    assert _fetch("SELECT id, at, hash FROM core_accesslogentry ORDER BY id") == before
    tables = {row[0] for row in _fetch("SELECT DISTINCT tableoid::regclass::text FROM core_accesslogentry")}
    assert tables == {partition_name(month_start(moment)) for moment in [*moments, glass.at]}
    assert verify(ACCESS_CHAIN).broken is None
    later = access_record(user=counsellor, person_id=9, action="view", purpose="counselling")
    assert later.pk == glass.pk + 1  # the identity continues where the old one stopped
    assert verify(ACCESS_CHAIN).broken is None
    (foreign_key,) = _fetch(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'privacy_glassreview_entry_fk'"
    )[0]
    assert foreign_key.startswith("FOREIGN KEY (entry_id, entry_at) REFERENCES core_accesslogentry(id, at)")
    with pytest.raises(IntegrityError), transaction.atomic():  # constraints are immediate since _migrate
        _review(entries[0].pk, entries[0].at + datetime.timedelta(seconds=1), privacy_officer)

    _migrate([("core", "0006_access_log_read_indexes")])  # and back: one plain table again
    assert _fetch("SELECT count(*) FROM pg_partitioned_table") == [(0,)]
    assert _fetch("SELECT id, at, hash FROM core_accesslogentry ORDER BY id")[:-1] == before
    assert verify(ACCESS_CHAIN).broken is None
    _migrate(latest)
