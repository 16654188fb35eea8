"""A CI step's own PostgreSQL database, dropped and created afresh (never the suite's)."""

from urllib.parse import urlsplit, urlunsplit


def database_recreate(url: str, step: str) -> None:
    """Drop and create the database ``url`` names; ``step`` names the caller in a refusal."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name in ("postgres", "template0", "template1"):
        raise SystemExit(f"{step}: refusing to recreate database {name!r}")
    admin = urlunsplit(parts._replace(path="/postgres", query=""))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        # A throw-away database: no need to wait for each commit to reach the disk.
        connection.execute(sql.SQL("ALTER DATABASE {} SET synchronous_commit = off").format(sql.Identifier(name)))
