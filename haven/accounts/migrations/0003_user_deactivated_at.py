from django.db import migrations, models
from django.utils import timezone


def inactive_from_now(apps, schema_editor):
    """Accounts already switched off: when is not recorded, so their period runs from now."""
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_active=False, deactivated_at__isnull=True).update(deactivated_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_token_lifecycle"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="deactivated_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="deactivated at"),
        ),
        migrations.RunPython(inactive_from_now, migrations.RunPython.noop),
    ]
