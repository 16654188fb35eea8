"""Load the languages: every ISO 639 language with a two-letter code, plus the
languages without one that integration work meets often (Dari, Kurdish varieties,
Tamazight, Arabic varieties, Romani, …). Administrators switch them on and off."""

from django.db import migrations

from haven.core.reference import default_language_codes


def load(apps, schema_editor):
    Language = apps.get_model("core", "Language")
    Language.objects.bulk_create([Language(code=code) for code in default_language_codes()], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_access_log_append_only")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
