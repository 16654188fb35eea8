"""A benchmark's own PostgreSQL database: created afresh, named in this process's
DATABASE_URL while the benchmark runs, dropped afterwards. Never the database the caller's
DATABASE_URL names, never a file inside the checkout."""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def server_execute(server_url: str, statement: str) -> None:
    """Run one statement on the server's maintenance database (outside a transaction)."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(statement)


@contextmanager
def scratch_database(name: str, server_url: str, *, keep: bool = False) -> Iterator[str]:
    """Create database ``name`` on the server of ``server_url`` (dropping an earlier one),
    point this process's Django settings at it and drop it at the end unless ``keep``."""
    if os.environ.get("DATABASE_URL", "").rstrip("/").endswith("/" + name):
        raise SystemExit(f"DATABASE_URL names {name}; a benchmark drops its own database, never the caller's")
    server_execute(server_url, f"DROP DATABASE IF EXISTS {name}")
    server_execute(server_url, f"CREATE DATABASE {name}")
    scratch_url = server_url.rsplit("/", 1)[0] + "/" + name
    os.environ["DATABASE_URL"] = scratch_url  # this process only
    os.environ.pop("DATABASE_MIGRATE_URL", None)
    try:
        yield scratch_url
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not keep:
            server_execute(server_url, f"DROP DATABASE IF EXISTS {name}")


if __name__ == "__main__":
    # A module of the benchmarks, not one itself: run bench/access_log.py (which measures and exits
    # non-zero when its goal is missed) rather than this file.
    raise SystemExit(
        "bench/scratch.py is a module of the benchmarks (access_log, people_search, report or load); it measures nothing on its own."
    )
