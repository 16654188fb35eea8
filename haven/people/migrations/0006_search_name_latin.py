"""Recompute every person's search name with its Latin transliteration
(``search_name_of``), so that "karakashev" finds "Каракашев" on data registered before.

In batches of 2,000 people in id order, each in its own transaction (the migration is not
atomic): the registry may hold a million people, and a batch that fails leaves the earlier
ones done; running it again recomputes them, to the same value."""

from django.db import migrations, transaction

BATCH = 2_000


def search_names_recompute(apps, schema_editor):
    from haven.people.models import search_name_of  # the same folding as every new registration

    Person = apps.get_model("people", "Person")
    db = schema_editor.connection.alias
    last_id = 0
    while True:
        with transaction.atomic(using=db):
            batch = list(
                Person.objects.using(db)
                .filter(pk__gt=last_id)
                .order_by("pk")
                .only("id", "given_names", "family_name", "native_given_names", "native_family_name", "search_name")[
                    :BATCH
                ]
            )
            if not batch:
                return
            changed = []
            for person in batch:
                search_name = search_name_of(
                    f"{person.given_names} {person.family_name}",
                    f"{person.native_given_names} {person.native_family_name}",
                )
                if search_name != person.search_name:
                    person.search_name = search_name
                    changed.append(person)
            Person.objects.using(db).bulk_update(changed, ["search_name"], batch_size=500)
        last_id = batch[-1].pk


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("people", "0005_person_native_names"),
    ]

    operations = [
        # Backwards: the longer search names still find what the shorter ones found.
        migrations.RunPython(search_names_recompute, migrations.RunPython.noop, elidable=False),
    ]
