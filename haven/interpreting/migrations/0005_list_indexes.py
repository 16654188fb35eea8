# The list pages' indexes: organisations by name (the invoice page's "still to invoice"),
# performance sheets by status and start (the sheet list), so each page stops after a page.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interpreting", "0004_billed_once"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["name", "id"], name="interp_org_name_idx"),
        ),
        migrations.AddIndex(
            model_name="timesheet",
            index=models.Index(fields=["status", "actual_start", "id"], name="interp_sheet_status_start_idx"),
        ),
        migrations.AddIndex(
            model_name="timesheet",
            index=models.Index(fields=["actual_start", "id"], name="interp_sheet_start_idx"),
        ),
    ]
