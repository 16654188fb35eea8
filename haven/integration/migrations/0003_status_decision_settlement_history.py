# Settlement decisions keep their history: a new decision supersedes the current one.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("integration", "0002_decision_json_blank"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="statusdecision",
            name="one_settlement_decision_per_person",
        ),
        migrations.AddField(
            model_name="statusdecision",
            name="supersedes",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="superseded_by",
                to="integration.statusdecision",
                verbose_name="supersedes",
            ),
        ),
        migrations.AlterField(
            model_name="statusdecision",
            name="rule_set",
            field=models.CharField(blank=True, max_length=20, verbose_name="rule set"),
        ),
        migrations.AddConstraint(
            model_name="statusdecision",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "settlement"), ("supersedes__isnull", True)),
                fields=("person",),
                name="one_first_settlement_decision_per_person",
            ),
        ),
        migrations.AddConstraint(
            model_name="statusdecision",
            constraint=models.CheckConstraint(
                condition=models.Q(("supersedes__isnull", True), ("kind", "settlement"), _connector="OR"),
                name="only_settlement_decisions_supersede",
            ),
        ),
    ]
