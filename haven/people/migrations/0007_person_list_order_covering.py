"""The list's order index holds the folded name (PostgreSQL's INCLUDE): a search walked in
the list's order reads the index alone until its page is full (selectors.person_page).
SQLite has no INCLUDE: there the index stays the order alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("people", "0006_search_name_latin")]

    operations = [
        migrations.RemoveIndex(model_name="person", name="person_list_order"),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["family_name", "given_names", "id"], name="person_list_order", include=["search_name"]
            ),
        ),
    ]
