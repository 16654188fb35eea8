"""The hash chains of the access log and the audit trail.

Every entry's ``hash`` is SHA-256 (hex) over a canonical serialisation of its fields
plus ``previous_hash``, the hash of the entry before it in id order (64 zeros for the
first entry). The serialisation is JSON with sorted keys and no whitespace; times are
UTC ISO 8601 with microseconds. Changing, removing or inserting an entry anywhere but
at the end breaks the chain at that place, and ``haven audit verify`` names it.

Writers serialise on a lock taken inside the transaction before reading the last hash:
``pg_advisory_xact_lock`` on PostgreSQL; on SQLite the IMMEDIATE transactions of the
settings already let only one writer in at a time.
"""

import datetime
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.db import connections

from haven.core.models import GENESIS_HASH, AccessLogEntry, AuditEntry, ChainedEntry


@dataclass(frozen=True)
class Chain:
    model: type[ChainedEntry]
    name: str  # for reports: "access log", "audit trail"
    lock_key: int  # the PostgreSQL advisory lock of this chain's writers
    fields: tuple[str, ...]  # the hashed fields, as attribute names


ACCESS_CHAIN = Chain(
    AccessLogEntry,
    "access log",
    0x4861_7665_6E01,
    (
        "at",
        "user_id",
        "person_id",
        "action",
        "purpose",
        "channel",
        "page",
        "request_id",
        "break_glass",
        "reason",
        "fields",
    ),
)
AUDIT_CHAIN = Chain(
    AuditEntry,
    "audit trail",
    0x4861_7665_6E02,
    ("at", "actor_id", "action", "target_type", "target_id", "target_label", "fields", "note", "request_id", "channel"),
)
CHAINS = (ACCESS_CHAIN, AUDIT_CHAIN)


def _canonical_value(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, list | tuple):
        return [_canonical_value(item) for item in value]
    return str(value)  # choices (str enums) by their value


def entry_hash(chain: Chain, values: Mapping, previous_hash: str) -> str:
    """SHA-256 hex of the entry's canonical fields and the previous entry's hash."""
    document = {name: _canonical_value(values[name]) for name in chain.fields}
    document["previous_hash"] = previous_hash
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def lock_and_last_hash(chain: Chain, using: str = "default") -> str:
    """Take the chain's writer lock (call inside a transaction) and return the hash of
    its last entry. Two queries on PostgreSQL, one on SQLite."""
    conn = connections[using]
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [chain.lock_key])
    # Written out: every access-log entry reads it, and the query built by the ORM cost
    # seven times the statement (0.14 ms against 0.02 ms on SQLite).
    quote, meta = conn.ops.quote_name, chain.model._meta
    table, column, key = (
        quote(meta.db_table),
        quote(meta.get_field("hash").column or "hash"),
        quote(meta.pk.column or "id"),
    )
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} ORDER BY {key} DESC LIMIT 1")
        row = cursor.fetchone()
    return row[0] if row else GENESIS_HASH


def link(chain: Chain, entries: list, previous_hash: str) -> str:
    """Set previous_hash and hash on unsaved entries, in order; returns the last hash."""
    for entry in entries:
        entry.previous_hash = previous_hash
        entry.hash = entry_hash(chain, {name: getattr(entry, name) for name in chain.fields}, previous_hash)
        previous_hash = entry.hash
    return previous_hash


@dataclass(frozen=True)
class Break:
    entry_id: int
    problem: str


@dataclass(frozen=True)
class Verdict:
    chain: Chain
    count: int
    last_id: int | None
    last_hash: str
    broken: Break | None


def _rows(chain: Chain, chunk_size: int) -> Iterator[dict]:
    names = ("id", "previous_hash", "hash", *chain.fields)
    query = chain.model.objects.order_by("id").values(*names)
    # Without a transaction PostgreSQL cannot use a server-side cursor's chunks; the
    # iterator then still fetches in chunks of chunk_size rows.
    yield from query.iterator(chunk_size=chunk_size)


def verify(chain: Chain, *, chunk_size: int = 2000) -> Verdict:
    """Walk the chain in id order, in constant memory; stop at the first broken link."""
    expected_previous, previous_id, count = GENESIS_HASH, None, 0
    for row in _rows(chain, chunk_size):
        count += 1
        computed = entry_hash(chain, row, row["previous_hash"])
        if computed != row["hash"]:
            return Verdict(
                chain,
                count,
                row["id"],
                row["hash"],
                Break(row["id"], "hash mismatch: the entry was changed after it was written"),
            )
        if row["previous_hash"] != expected_previous:
            if previous_id is None:
                problem = "previous_hash is not the start of the chain: entries before it are missing"
            elif row["id"] == previous_id + 2:
                problem = (
                    f"previous_hash does not match entry #{previous_id}: entry #{previous_id + 1} is missing (gap)"
                )
            elif row["id"] != previous_id + 1:
                problem = (
                    f"previous_hash does not match entry #{previous_id}: "
                    f"entries #{previous_id + 1}–#{row['id'] - 1} are missing (gap)"
                )
            else:
                problem = f"previous_hash does not match entry #{previous_id}: an entry was inserted or removed here"
            return Verdict(chain, count, row["id"], row["hash"], Break(row["id"], problem))
        expected_previous, previous_id = row["hash"], row["id"]
    return Verdict(chain, count, previous_id, expected_previous, None)
