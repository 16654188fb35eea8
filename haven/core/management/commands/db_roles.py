"""``haven db_roles --app-role haven_app [--password …]``: the application's own
PostgreSQL role (run as the owner of the tables, after every ``haven migrate``; it is
idempotent).

The role may log in and read and write the ordinary tables, but on the access log and
the audit trail it has only SELECT and INSERT (and the use of their id sequences): no
UPDATE, DELETE, TRUNCATE, no ALTER (it owns nothing), so no DISABLE TRIGGER either; the
same on each monthly partition of the access log, which a query could name directly. The
owner role (``DATABASE_MIGRATE_URL``) runs the migrations; the application runs on
``DATABASE_URL`` as this role. See README, "Database roles (PostgreSQL)".
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from haven.core.management.commands.migrate import OWNER_ALIAS
from haven.core.partitions import sync_partition_privileges

LOG_TABLES = ("core_accesslogentry", "core_auditentry")


def grant_statements(
    app_role: str,
    *,
    owner: str,
    database: str,
    schema: str = "public",
    sequences: dict[str, str],
    password: str | None = None,
) -> list:
    """The statements, as psycopg ``sql.Composed`` (identifiers and literals quoted).
    ``sequences`` maps each log table to its id sequence (schema-qualified name)."""
    from psycopg import sql

    role, owner_role = sql.Identifier(app_role), sql.Identifier(owner)
    schema_id = sql.Identifier(schema)
    statements = [
        sql.SQL(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {name}) THEN "
            "CREATE ROLE {role} LOGIN; END IF; END $$"
        ).format(name=sql.Literal(app_role), role=role),
        sql.SQL("ALTER ROLE {role} LOGIN").format(role=role),
    ]
    if password:
        statements.append(
            sql.SQL("ALTER ROLE {role} PASSWORD {password}").format(role=role, password=sql.Literal(password))
        )
    statements += [
        sql.SQL("GRANT CONNECT ON DATABASE {db} TO {role}").format(db=sql.Identifier(database), role=role),
        sql.SQL("REVOKE CREATE ON SCHEMA {schema} FROM {role}").format(schema=schema_id, role=role),
        sql.SQL("GRANT USAGE ON SCHEMA {schema} TO {role}").format(schema=schema_id, role=role),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}").format(
            schema=schema_id, role=role
        ),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}").format(
            schema=schema_id, role=role
        ),
        # Tables and sequences the owner creates later (new migrations) get the same.
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}"
        ).format(owner=owner_role, schema=schema_id, role=role),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
            "GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {role}"
        ).format(owner=owner_role, schema=schema_id, role=role),
    ]
    for table in LOG_TABLES:
        table_id = sql.Identifier(schema, table)
        statements += [
            sql.SQL("REVOKE ALL ON {table} FROM {role}").format(table=table_id, role=role),
            sql.SQL("GRANT SELECT, INSERT ON {table} TO {role}").format(table=table_id, role=role),
        ]
        if sequences.get(table):
            sequence = sql.SQL(sequences[table])  # from pg_get_serial_sequence: already quoted
            statements += [
                sql.SQL("REVOKE ALL ON SEQUENCE {sequence} FROM {role}").format(sequence=sequence, role=role),
                sql.SQL("GRANT USAGE, SELECT ON SEQUENCE {sequence} TO {role}").format(sequence=sequence, role=role),
            ]
    return statements


class Command(BaseCommand):
    help = (
        "Create or update the application's PostgreSQL role: all data rights on ordinary tables, "
        "only SELECT and INSERT on the access log and the audit trail. Run as the owner after migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("--app-role", required=True, help="The role the application logs in as.")
        parser.add_argument("--password", default=None, help="Set (or change) the role's password.")
        parser.add_argument(
            "--database",
            default=None,
            help="Database alias to run as (default: 'owner' when DATABASE_MIGRATE_URL is set).",
        )

    def handle(self, *args, app_role, password=None, database=None, **options):
        alias = database or (OWNER_ALIAS if OWNER_ALIAS in settings.DATABASES else "default")
        connection = connections[alias]
        if connection.vendor != "postgresql":
            raise CommandError("Database roles exist on PostgreSQL only; SQLite keeps the triggers alone.")
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_database(), current_schema()")
            owner, database_name, schema = cursor.fetchone()
            if owner == app_role:
                raise CommandError("Run this as the owner of the tables, not as the application role.")
            cursor.execute(
                "SELECT CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = %s) "
                "THEN pg_has_role(%s, %s, 'MEMBER') ELSE false END",
                [app_role, app_role, owner],
            )
            if cursor.fetchone()[0]:
                raise CommandError(f"{app_role} is a member of {owner}: it would have the owner's rights.")
            cursor.execute(
                "SELECT rolsuper OR rolbypassrls OR rolcreaterole FROM pg_roles WHERE rolname = %s", [app_role]
            )
            attributes = cursor.fetchone()
            if attributes and attributes[0]:
                raise CommandError(
                    f"{app_role} is a superuser or may bypass row security or create roles: use an ordinary role."
                )
            sequences = {}
            for table in LOG_TABLES:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [f"{schema}.{table}"])
                sequences[table] = cursor.fetchone()[0]
            # psycopg's own cursor (same connection and transaction): Django's query log
            # never holds the password.
            with connection.connection.cursor() as raw:
                for statement in grant_statements(
                    app_role, owner=owner, database=database_name, schema=schema, sequences=sequences, password=password
                ):
                    raw.execute(statement)
            for table in LOG_TABLES:  # the access log's monthly partitions: the log's privileges
                sync_partition_privileges(cursor, table)
        self.stdout.write(
            f"Role {app_role}: data rights on the tables of {database_name}, "
            f"SELECT and INSERT only on {', '.join(LOG_TABLES)}."
        )
