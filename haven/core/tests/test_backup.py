"""Backups that restore (haven/core/backup.py, ``haven backup`` and ``haven restore``): a
backup of a database with a person, an uploaded document and access-log entries, restored
by the command into a fresh database (SQLite: a new file; PostgreSQL: a new database)
and a fresh MEDIA_ROOT, holds every row of every table, every file byte for byte and every
log entry, and both chains verify there. A wrong key, a changed byte, a cut-off end and a
database that is not empty are refused, and nothing is restored."""

import base64
import io
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from haven.casework.models import Document
from haven.core import backup
from haven.core.audit import access_trace, audit_record
from haven.core.backup import backup_create, backup_restore, database_facts
from haven.core.backup_sealing import (
    CHUNK_BYTES,
    HEADER_BYTES,
    BackupError,
    OpenedReader,
    SealedWriter,
    backup_key,
)
from haven.core.chain import ACCESS_CHAIN, AUDIT_CHAIN, verify
from haven.people.tests.factories import PersonFactory

KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()
OTHER_KEY = base64.urlsafe_b64encode(bytes(range(32, 64))).decode()
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite restore")
# SQLite's backup API cannot copy a database from inside the test's open transaction; pg_dump
# reads what is committed through a connection of its own, so on PostgreSQL the tests that
# need no records in the backup keep the (much quicker) rolled-back transaction.
backs_up = pytest.mark.django_db(transaction=connection.vendor == "sqlite", serialized_rollback=True)


@pytest.fixture
def backup_settings(settings):
    settings.HAVEN_BACKUP_KEY = KEY
    return settings


def _records(counsellor) -> dict:
    """A person, a document on their file (a file under MEDIA_ROOT, in a folder of its
    own), another file beside it, and entries in both logs."""
    person = PersonFactory()
    document = Document(
        person=person,
        kind="letter",
        service_line="integration",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=counsellor,
        uploaded_at=timezone.now(),
    )
    document.file.save("upload.pdf", ContentFile(PDF), save=True)
    translation = Path(settings.MEDIA_ROOT) / "interpreting" / "translations" / "delivered.bin"
    translation.parent.mkdir(parents=True)
    translation.write_bytes(os.urandom(3 * 1024) + b"\x00end")
    access_trace(user=counsellor, person_ids=[person.pk], action="view", purpose="counselling")
    access_trace(user=counsellor, person_ids=[person.pk, person.pk + 1], purpose="counselling")
    audit_record(actor=counsellor, action="update", target=counsellor, fields=["email"])
    return {"person": person, "document": document}


def _media(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def _backup_to(path: Path) -> backup.BackupSummary:
    with path.open("wb") as out:
        return backup_create(out)


def _restore_command(file: Path, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    """``haven restore FILE`` as an operator runs it, against the fresh database and folder."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DATABASE_", "HAVEN_"))}
    env.update(DATABASE_URL=database_url, HAVEN_MEDIA_ROOT=str(media_root), HAVEN_BACKUP_KEY=KEY)
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "restore", str(file)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _facts() -> dict:
    with connection.cursor() as cursor:
        return database_facts(cursor, connection.vendor)


def _log_rows(cursor) -> list[tuple]:
    cursor.execute("SELECT id, person_id, action, hash, previous_hash FROM core_accesslogentry ORDER BY id")
    return [tuple(row) for row in cursor.fetchall()]


def _assert_restored(restored_facts: dict, restored_log: list[tuple], media_root: Path, source: dict) -> None:
    assert restored_facts["tables"] == source["facts"]["tables"]  # every row of every table
    assert restored_facts["chains"] == source["facts"]["chains"]  # same last entries, same hashes
    assert restored_facts["migrations"] == source["facts"]["migrations"]
    assert restored_log == source["log"] and len(restored_log) == 3
    assert _media(media_root) == source["media"]  # every file, byte for byte
    assert source["document"].file.name in source["media"]


def _source(records) -> dict:
    with connection.cursor() as cursor:
        log = _log_rows(cursor)
    return {"facts": _facts(), "log": log, "media": _media(Path(settings.MEDIA_ROOT)), **records}


# The key and the format --------------------------------------------------------------------------------------


def test_the_key_is_required_and_named(settings):
    settings.HAVEN_BACKUP_KEY = ""
    with pytest.raises(BackupError, match="HAVEN_BACKUP_KEY is not set"):
        backup_key()
    with pytest.raises(BackupError, match="HAVEN_BACKUP_KEY must be 32 random bytes in base64"):
        backup_key("c2hvcnQ=")
    with pytest.raises(CommandError, match="HAVEN_BACKUP_KEY is not set"):
        call_command("backup", "-o", str(Path(settings.MEDIA_ROOT).parent / "x.backup"))


def test_a_new_key_is_32_random_bytes_in_base64():
    out = io.StringIO()
    call_command("backup", "--new-key", stdout=out)
    assert len(backup_key(out.getvalue().strip())) == 32


@pytest.mark.parametrize("size", [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES])
def test_sealed_chunks_read_back_whole_at_every_length(size):
    key, plain = backup_key(KEY), os.urandom(size)
    sealed = io.BytesIO()
    writer = SealedWriter(sealed, key)
    for start in range(0, size, 300_000):
        writer.write(plain[start : start + 300_000])
    writer.finish()
    assert writer.written == len(sealed.getvalue())
    reader = OpenedReader(io.BytesIO(sealed.getvalue()), key)
    assert reader.read() == plain


def _sealed(plain: bytes) -> bytes:
    out = io.BytesIO()
    writer = SealedWriter(out, backup_key(KEY), chunk_bytes=1024)
    writer.write(plain)
    writer.finish()
    return out.getvalue()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(
            lambda data: data[:HEADER_BYTES] + data[HEADER_BYTES + 1040 : HEADER_BYTES + 2080], id="first-chunk-dropped"
        ),
        pytest.param(
            lambda data: (
                data[:HEADER_BYTES]
                + data[HEADER_BYTES + 1040 : HEADER_BYTES + 2080]
                + data[HEADER_BYTES : HEADER_BYTES + 1040]
                + data[HEADER_BYTES + 2080 :]
            ),
            id="chunks-swapped",
        ),
        pytest.param(lambda data: data[: HEADER_BYTES + 2080], id="cut-off-at-a-chunk-boundary"),
        pytest.param(lambda data: data[:-5], id="cut-off-inside-the-last-chunk"),
        pytest.param(lambda data: data[:HEADER_BYTES], id="nothing-after-the-header"),
        pytest.param(lambda data: data[:20] + bytes([data[20] ^ 1]) + data[21:], id="salt-changed"),
    ],
)
def test_chunks_cannot_be_dropped_reordered_or_cut_off(damage):
    data = _sealed(os.urandom(3000))  # chunks of 1024 + 16: three, the last one short
    with pytest.raises(BackupError, match="damaged, altered or cut off"):
        OpenedReader(io.BytesIO(damage(data)), backup_key(KEY)).read()


def test_a_file_that_is_no_backup_is_named_so(tmp_path):
    with pytest.raises(BackupError, match="not a Haven backup"):
        OpenedReader(io.BytesIO(b"PGDMP\x01\x0e\x00" + bytes(100)), backup_key(KEY))


# A real backup: refusals ----------------------------------------------------------------------------------------


@backs_up
def test_a_wrong_key_refuses_before_anything_is_decrypted(backup_settings, counsellor, tmp_path):
    file = tmp_path / "haven.backup"
    _backup_to(file)
    backup_settings.HAVEN_BACKUP_KEY = OTHER_KEY
    with pytest.raises(BackupError, match="HAVEN_BACKUP_KEY is not the key this backup was made with"):
        backup_restore(file, check_only=True)
    with pytest.raises(CommandError, match="not the key this backup was made with"):
        call_command("restore", str(file), stdout=io.StringIO(), stderr=io.StringIO())


@backs_up
def test_a_changed_byte_anywhere_refuses(backup_settings, counsellor, tmp_path):
    _records(counsellor)
    file = tmp_path / "haven.backup"
    _backup_to(file)
    out = io.StringIO()
    call_command("restore", "--check", str(file), stdout=out, stderr=io.StringIO())
    assert "whole" in out.getvalue() and "2 files" in out.getvalue()
    data = file.read_bytes()
    for position in (HEADER_BYTES + 10, len(data) // 2, len(data) - 3):
        tampered = tmp_path / f"tampered-{position}.backup"
        tampered.write_bytes(data[:position] + bytes([data[position] ^ 0x40]) + data[position + 1 :])
        with pytest.raises(BackupError, match="damaged, altered or cut off"):
            backup_restore(tampered, check_only=True)


@backs_up
def test_a_database_that_is_not_empty_is_refused_and_left_alone(backup_settings, counsellor, tmp_path):
    _records(counsellor)
    file = tmp_path / "haven.backup"
    _backup_to(file)
    before = _facts()
    with pytest.raises(CommandError, match=r"is not empty \(\d+ tables, views or sequences\)"):
        call_command("restore", str(file), stdout=io.StringIO(), stderr=io.StringIO())
    assert _facts() == before


def test_restore_refuses_a_missing_file(backup_settings, tmp_path):
    with pytest.raises(CommandError, match="is not a file"):
        call_command("restore", str(tmp_path / "none.backup"))


@pytest.mark.django_db
def test_backup_never_overwrites_a_file(backup_settings, tmp_path):
    file = tmp_path / "haven.backup"
    file.write_bytes(b"yesterday's")
    with pytest.raises(CommandError, match="exists: a backup never overwrites a file"):
        call_command("backup", "-o", str(file))
    assert file.read_bytes() == b"yesterday's"


def test_a_missing_postgres_program_is_named(monkeypatch, tmp_path):
    monkeypatch.setattr(backup, "POSTGRES_BIN", tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError, match=r"pg_restore was not found .* apt-get install postgresql-client-15"):
        backup.postgres_program("pg_restore", 15)


# A real backup restored into a fresh database -------------------------------------------------------------------


@on_sqlite
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sqlite_backup_restores_every_record_file_and_log_entry_into_a_fresh_database(
    backup_settings, counsellor, tmp_path
):
    source = _source(_records(counsellor))
    file = tmp_path / "haven.backup"
    out = io.StringIO()
    call_command("backup", "-o", str(file), stdout=out)
    assert "2 (" in out.getvalue() and "access log 3 entries" in out.getvalue()
    assert oct(file.stat().st_mode & 0o777) == "0o600" and PDF not in file.read_bytes()

    fresh, fresh_media = tmp_path / "fresh.sqlite3", tmp_path / "fresh-media"
    done = _restore_command(file, f"sqlite:///{fresh}", fresh_media)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "access log: 3 entries, chain whole" in done.stdout
    assert "every count as in the backup" in done.stdout and "every record, file and log entry" in done.stdout

    restored = sqlite3.connect(fresh)
    try:
        _assert_restored(database_facts(restored.cursor(), "sqlite"), _log_rows(restored.cursor()), fresh_media, source)
    finally:
        restored.close()
    assert (verify(ACCESS_CHAIN).broken, verify(AUDIT_CHAIN).broken) == (None, None)


@backs_up
def test_a_damaged_backup_restores_nothing_even_into_an_empty_database(
    backup_settings, counsellor, tmp_path, monkeypatch
):
    """The whole file is decrypted and checked before the database or a file is written:
    a damage near the end stops the restore with nothing written."""
    _records(counsellor)
    file = tmp_path / "haven.backup"
    _backup_to(file)
    data = file.read_bytes()
    end = len(data) - 100
    file.write_bytes(data[:end] + bytes([data[end] ^ 1]) + data[end + 1 :])
    written = []
    monkeypatch.setattr(backup, "database_objects", lambda connection: 0)  # as if the target were empty
    monkeypatch.setattr(backup, "_sqlite_restore", lambda *args: written.append("database"))
    monkeypatch.setattr(backup, "_postgres_restore", lambda *args: written.append("database"))
    backup_settings.MEDIA_ROOT = tmp_path / "fresh-media"
    with pytest.raises(BackupError, match=r"damaged, altered or cut off.*Nothing was restored"):
        backup_restore(file)
    assert written == [] and not (tmp_path / "fresh-media").exists()


@pytest.mark.postgres
@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_backup_restores_every_record_file_and_log_entry_into_a_fresh_database(
    backup_settings, counsellor, tmp_path
):
    import psycopg

    source = _source(_records(counsellor))
    file = tmp_path / "haven.backup"
    summary = _backup_to(file)
    assert summary.vendor == "postgresql" and summary.files == 2
    assert summary.chains["access log"]["count"] == 3

    params = connection.settings_dict
    fresh_name = f"haven_restore_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(
        host=params["HOST"],
        port=params["PORT"] or 5432,
        user=params["USER"],
        password=params["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{fresh_name}"')
    try:
        user = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
        url = f"postgres://{user}@{params['HOST']}:{params['PORT'] or 5432}/{fresh_name}"
        fresh_media = tmp_path / "fresh-media"
        done = _restore_command(file, url, fresh_media)
        assert done.returncode == 0, done.stderr + done.stdout
        assert "access log: 3 entries, chain whole" in done.stdout and "audit trail:" in done.stdout
        assert "haven db_roles --app-role" in done.stdout  # grants are the target's own
        with (
            psycopg.connect(
                host=params["HOST"],
                port=params["PORT"] or 5432,
                user=params["USER"],
                password=params["PASSWORD"] or None,
                dbname=fresh_name,
            ) as restored,
            restored.cursor() as cursor,
        ):
            facts = database_facts(cursor, "postgresql")
            # The access log's monthly partitions came back with their rows, as partitions.
            cursor.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = 'core_accesslogentry'::regclass")
            assert cursor.fetchone()[0] == sum(
                1 for table in facts["tables"] if table.startswith("core_accesslogentry_y")
            )
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'core_accesslogentry'::regclass")
            assert cursor.fetchone()[0] >= 1  # the append-only trigger
            _assert_restored(facts, _log_rows(cursor), fresh_media, source)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh_name}" WITH (FORCE)')
        admin.close()
    assert _facts() == source["facts"]  # the backup changed nothing in the source


@on_sqlite
@pytest.mark.django_db
def test_a_sqlite_backup_inside_a_transaction_is_refused_rather_than_waiting(backup_settings):
    with pytest.raises(BackupError, match="cannot be taken inside a transaction"):
        backup_create(io.BytesIO())
