"""No interpreter in two places at once, guaranteed by PostgreSQL: an exclusion constraint
over the interpreter and the booked time range of confirmed assignments (btree_gist lets
the integer column take part in a GiST index). SQLite has no such constraint: the booking
service checks for an overlap inside its IMMEDIATE transaction instead."""

from django.db import migrations

CONSTRAINT = "interpreting_no_double_booking"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE interpreting_assignment ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(interpreter_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (status = 'confirmed')")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE interpreting_assignment DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("interpreting", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
