"""The languages the agency works in: switch on the default list (``reference.AGENCY_LANGUAGES``:
its interpreting, course and counselling languages in the 2019 annual report, with Dutch)
and every other language off. Make sure the default languages exist. Ancient, extinct and
constructed languages loaded by 0003 (Avestan, Latin, Volapük, …) stay in the table for any
record that names them, switched off; no list offers them. The administrator changes the
list afterwards in the admin."""

from django.db import migrations, models

from haven.core.reference import AGENCY_LANGUAGES, default_language_codes


def forwards(apps, schema_editor):
    Language = apps.get_model("core", "Language")
    Language.objects.bulk_create([Language(code=code) for code in default_language_codes()], ignore_conflicts=True)
    Language.objects.bulk_create([Language(code=code) for code in AGENCY_LANGUAGES], ignore_conflicts=True)
    Language.objects.exclude(code__in=AGENCY_LANGUAGES).update(active=False)
    Language.objects.filter(code__in=AGENCY_LANGUAGES).update(active=True)


def backwards(apps, schema_editor):
    apps.get_model("core", "Language").objects.update(active=True)


class Migration(migrations.Migration):
    dependencies = [("core", "0007_access_log_partitions")]
    operations = [
        migrations.AlterField(
            model_name="language",
            name="active",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "Offered first in every list of languages, and the only languages offered for "
                    "interpreting, translation and courses. Dutch is never offered for interpreting."
                ),
                verbose_name="the agency works in it",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
