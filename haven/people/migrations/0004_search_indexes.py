"""Search at a million people: a GIN trigram index on the folded name (PostgreSQL only),
a B-tree in the list's order, and no B-tree on the folded name (LIKE '%…%' cannot use it).

The trigram index is SQL run only on PostgreSQL: ``django.contrib.postgres``'s operations
and a ``GinIndex`` in ``Meta.indexes`` would fail on SQLite (``make test``, ``make demo``).
The number and the birth date keep the B-trees they had (unique and ``db_index``)."""

from django.db import migrations, models

TRIGRAM_INDEX = "people_person_search_name_trgm"


def trigram_index_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON people_person USING gin (search_name gin_trgm_ops)"
    )


def trigram_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")  # the extension stays: others may use it


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_person_input_bounds"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="search_name",
            field=models.CharField(editable=False, max_length=301),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["family_name", "given_names", "id"], name="person_list_order"),
        ),
        migrations.RunPython(trigram_index_create, trigram_index_drop, elidable=False),
    ]
