"""``haven migrate`` as the owner of the tables when ``DATABASE_MIGRATE_URL`` is set.

The settings then hold a second database alias, ``owner``, for the same database; this
command migrates through it unless ``--database`` is given. The application itself runs
on ``DATABASE_URL`` as a role that may not change the schema nor UPDATE, DELETE or
TRUNCATE the access log and the audit trail (``haven db_roles``).
"""

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections

OWNER_ALIAS = "owner"


class Command(DjangoMigrate):
    def handle(self, *args, **options):
        if OWNER_ALIAS in settings.DATABASES and options.get("database") in (None, DEFAULT_DB_ALIAS):
            options["database"] = OWNER_ALIAS
            # What runs after the migrations through the default alias (the roles' groups,
            # post_migrate handlers) runs as the owner too, for the rest of this command.
            connections[DEFAULT_DB_ALIAS].close()
            connections[DEFAULT_DB_ALIAS] = connections[OWNER_ALIAS]
        return super().handle(*args, **options)
