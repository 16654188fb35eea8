"""Indexes in the exact order of the access log's reads (-at, -id), so each walks one index
backward without a sort or a filter: a person's access history, the files a user opened
last (partial: opened entries only) and the break-glass openings (partial: rare). The
(person_id, at) index becomes (person_id, at, id). Indexes only: no table is remade, so the
append-only triggers of 0002/0005 stay (SQLite drops triggers only when a table is remade).
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_chain_and_append_only_triggers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='accesslogentry',
            index=models.Index(fields=['person_id', 'at', 'id'], name='core_access_person_at_id'),
        ),
        migrations.AddIndex(
            model_name='accesslogentry',
            index=models.Index(condition=models.Q(('action__in', ['view', 'create', 'update'])), fields=['user', 'at', 'id'], include=['person_id'], name='core_access_opened'),
        ),
        migrations.AddIndex(
            model_name='accesslogentry',
            index=models.Index(condition=models.Q(('action', 'view'), ('break_glass', True)), fields=['at', 'id'], name='core_access_glass'),
        ),
        migrations.RemoveIndex(
            model_name='accesslogentry',
            name='core_access_person_at',
        ),
    ]
