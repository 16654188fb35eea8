"""A review keeps the time of its access-log entry beside the entry's id: on PostgreSQL the
log is partitioned by time (core 0007) and a foreign key to it must name its whole
primary key (id, at). Runs before core 0007: the foreign key on the id alone goes here
(``db_constraint=False``; the ORM relation stays), the one on (id, at) comes back in 0003.
"""

from django.db import migrations, models


def fill_entry_at(apps, schema_editor):
    GlassReview = apps.get_model("privacy", "GlassReview")
    for review in GlassReview.objects.select_related("entry").only("id", "entry__at").iterator():
        GlassReview.objects.filter(pk=review.pk).update(entry_at=review.entry.at)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_glass_review"), ("core", "0006_access_log_read_indexes")]
    run_before = [("core", "0007_access_log_partitions")]

    operations = [
        migrations.AlterField(
            model_name="glassreview",
            name="entry",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=models.deletion.PROTECT,
                related_name="glass_review",
                to="core.accesslogentry",
                verbose_name="access-log entry",
            ),
        ),
        migrations.AddField(
            model_name="glassreview",
            name="entry_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="when"),
        ),
        migrations.RunPython(fill_entry_at, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="glassreview",
            name="entry_at",
            field=models.DateTimeField(editable=False, verbose_name="when"),
        ),
    ]
