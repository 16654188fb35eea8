"""The access log is append-only in the database itself, not only in the ORM.

PostgreSQL refuses UPDATE and DELETE of rows (TRUNCATE stays possible for a test
database reset). SQLite refuses UPDATE; it keeps DELETE because SQLite has no
TRUNCATE and the test runner resets tables with DELETE. The ORM refuses both
everywhere (AccessLogQuerySet).
"""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE FUNCTION core_accesslogentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The access log is append-only.';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_accesslogentry_append_only
    BEFORE UPDATE OR DELETE ON core_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION core_accesslogentry_refuse_change();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS core_accesslogentry_append_only ON core_accesslogentry;
DROP FUNCTION IF EXISTS core_accesslogentry_refuse_change();
"""
SQLITE_FORWARD = """
CREATE TRIGGER core_accesslogentry_no_update BEFORE UPDATE ON core_accesslogentry
BEGIN SELECT RAISE(ABORT, 'The access log is append-only.'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS core_accesslogentry_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
