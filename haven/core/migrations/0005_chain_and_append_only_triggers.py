"""Chain the entries already in the access log, and make the audit trail append-only in
the database like the access log (see 0002).

The existing entries get their previous_hash and hash in id order (the trigger that
refuses UPDATE is set aside for that, inside this migration's transaction). PostgreSQL
refuses UPDATE and DELETE on both tables by trigger; SQLite refuses UPDATE (it keeps
DELETE for the test runner's reset, see 0002). SQLite drops a table's triggers when a
migration remakes the table (as 0004 did for the access log), so they are (re)created
here; a later migration that remakes either table must create them again.
On PostgreSQL the application's own role cannot UPDATE, DELETE, TRUNCATE or ALTER
these tables at all (``haven db_roles``); triggers are the second line.
"""

from django.db import migrations

from haven.core.chain import ACCESS_CHAIN, link

GENESIS = "0" * 64

POSTGRES_AUDIT_FORWARD = """
CREATE FUNCTION core_auditentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only.';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse_change();
"""
POSTGRES_AUDIT_BACKWARD = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_refuse_change();
"""
SQLITE_FORWARD = [
    """CREATE TRIGGER core_accesslogentry_no_update BEFORE UPDATE ON core_accesslogentry
    BEGIN SELECT RAISE(ABORT, 'The access log is append-only.'); END""",
    """CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
    BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only.'); END""",
]
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS core_auditentry_no_update;"


def _chain_existing(AccessLogEntry):
    previous, batch = GENESIS, []
    for entry in AccessLogEntry.objects.order_by("id").iterator(chunk_size=2000):
        previous = link(ACCESS_CHAIN, [entry], previous)
        batch.append(entry)
        if len(batch) == 1000:
            AccessLogEntry.objects.bulk_update(batch, ["previous_hash", "hash"])
            batch = []
    if batch:
        AccessLogEntry.objects.bulk_update(batch, ["previous_hash", "hash"])


def forward(apps, schema_editor):
    AccessLogEntry = apps.get_model("core", "AccessLogEntry")
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_accesslogentry DISABLE TRIGGER core_accesslogentry_append_only")
        _chain_existing(AccessLogEntry)
        schema_editor.execute("ALTER TABLE core_accesslogentry ENABLE TRIGGER core_accesslogentry_append_only")
        schema_editor.execute(POSTGRES_AUDIT_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_accesslogentry_no_update")
        _chain_existing(AccessLogEntry)
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)
    else:
        _chain_existing(AccessLogEntry)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_AUDIT_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_access_trace_and_audit_trail")]
    operations = [migrations.RunPython(forward, backward)]
