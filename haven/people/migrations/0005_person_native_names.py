"""The name in the person's own script beside the register's Latin spelling, and a search
name that may be longer than the name (it holds the Latin transliteration too: 0006)."""

from django.db import migrations, models

import haven.people.models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="native_family_name",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                max_length=150,
                validators=[haven.people.models.validate_no_control_characters],
                verbose_name="family name in the original script",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="native_given_names",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                help_text="As written in the person's own script (Cyrillic, Arabic, Ge'ez, …), when it is not Latin.",
                max_length=150,
                validators=[haven.people.models.validate_no_control_characters],
                verbose_name="given names in the original script",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="search_name",
            field=models.TextField(editable=False),
        ),
    ]
