"""On PostgreSQL a review's (entry_id, entry_at) is a foreign key to the partitioned access
log's primary key (id, at) (see 0002). Django cannot model a composite foreign key, so it
is SQL; SQLite keeps no foreign key on the entry (the log is append-only there too)."""

from django.db import migrations

FORWARD = (
    "ALTER TABLE privacy_glassreview ADD CONSTRAINT privacy_glassreview_entry_fk "
    "FOREIGN KEY (entry_id, entry_at) REFERENCES core_accesslogentry (id, at) DEFERRABLE INITIALLY DEFERRED"
)
BACKWARD = "ALTER TABLE privacy_glassreview DROP CONSTRAINT IF EXISTS privacy_glassreview_entry_fk"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_glass_review_entry_at"), ("core", "0007_access_log_partitions")]
    operations = [migrations.RunPython(forward, backward)]
