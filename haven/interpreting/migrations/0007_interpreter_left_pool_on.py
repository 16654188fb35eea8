# The day an interpreter left the pool: their retention period runs from it (issue 18).
# Interpreters already inactive keep it empty (nobody knows the day) until the administrator
# gives it; until then their data counts as still in use.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interpreting", "0006_invoice_belgian_einvoice"),
    ]

    operations = [
        migrations.AddField(
            model_name="interpreter",
            name="left_pool_on",
            field=models.DateField(blank=True, null=True, verbose_name="left the pool on"),
        ),
    ]
