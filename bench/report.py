"""Benchmark: the annual report against the same figures in hand-written SQL, at two scales.

For each scale (1 = the demo, 20 ≈ Flanders) a PostgreSQL database of its own,
``haven_report_s<N>`` on the server of --server-url (never the database DATABASE_URL names,
nothing written inside the checkout), filled by ``haven demo --reset --scale N``. Then, in
this process, for every table of the report: Haven's section (``report_table``, the selector
with what other apps add) and the hand-written statement of ``bench/report_sql.py`` (one
plain SQL statement per table, fetched through the same connection and put in the same
shape), alternated, --repeat times each after a warm-up; the median of each. The figures of
both are asserted equal first. Also the whole report (``annual_report``) against all the
statements, and the report's query count.

Goals (exit 1 when one is missed): every table ≤ --limit (1.5) × its hand-written SQL at
every scale, the whole report ≤ --limit ×, and Haven's growth from the smallest to the
largest scale (t_N / t_1) no worse than the hand-written SQL's growth × (1 + --tolerance);
the tolerance (10 %) absorbs the noise of a shared machine and is printed with the verdict.

Building scale 20 takes minutes: --reuse keeps the databases and uses one again when it
exists and was built completely (its comment says so); without --reuse each is built afresh
and dropped at the end (--keep keeps them).

    .venv/bin/python bench/report.py [--scales 1 20] [--year 2019] [--repeat 15] [--reuse]
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from report_sql import HAND_WRITTEN, params
from scratch import server_execute

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")

WHOLE = "whole report"


def _built_comment(scale: int) -> str:
    return f"haven bench report: scale {scale} built"


def _database_ready(server_url: str, name: str, scale: int) -> bool:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    return row is not None and row[0] == _built_comment(scale)


def _use_url(server_url: str, name: str) -> None:
    os.environ["DATABASE_URL"] = server_url.rsplit("/", 1)[0] + "/" + name  # this process only
    os.environ.pop("DATABASE_MIGRATE_URL", None)


def _use_database(server_url: str, name: str) -> None:
    """Point Django's default connection at ``name``."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name
    _use_url(server_url, name)


def _build(server_url: str, name: str, scale: int) -> None:
    from django.core.management import call_command

    server_execute(server_url, f"DROP DATABASE IF EXISTS {name}")
    server_execute(server_url, f"CREATE DATABASE {name}")
    _use_database(server_url, name)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("demo", reset=True, scale=scale, stdout=quiet)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    server_execute(server_url, f"COMMENT ON DATABASE {name} IS '{_built_comment(scale)}'")
    print(f"scale {scale}: built {name} in {time.perf_counter() - started:.0f} s", flush=True)


def _alternate(haven: Callable[[], object], hand: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median ms of each, run in turn (which goes first alternates), after two warm-ups."""
    samples: tuple[list[float], list[float]] = ([], [])
    for index in range(repeat + 2):
        order = [(samples[0], haven), (samples[1], hand)]
        for times, function in order if index % 2 else reversed(order):
            started = time.perf_counter()
            function()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples[0][2:]), statistics.median(samples[1][2:])


def _haven_tables(year: int) -> dict[str, dict]:
    from haven.reports.registry import report_sections, report_table

    return {section.key: report_table(section, year).as_json() for section in report_sections()}


def _sql_tables(year: int) -> dict[str, dict]:
    values = params(year)
    return {key: build(year, values) for key, build in HAND_WRITTEN.items()}


def _check_figures(year: int) -> int:
    """Haven's tables equal the hand-written ones; returns the report's query count."""
    from django.db import connection

    statements: list[str] = []
    with connection.execute_wrapper(lambda execute, sql, *args: statements.append(sql) or execute(sql, *args)):
        haven = _haven_tables(year)
    hand = _sql_tables(year)
    if set(haven) != set(hand):
        raise SystemExit(f"tables differ: Haven {sorted(haven)}, hand-written {sorted(hand)}")
    for key in haven:
        if haven[key] != hand[key]:
            raise SystemExit(f"{key}: the figures differ\n  Haven: {haven[key]}\n  SQL:   {hand[key]}")
    return len(statements)


def measure(year: int, repeat: int) -> tuple[dict[str, tuple[float, float]], int]:
    """Per table and for the whole report: (Haven ms, hand-written SQL ms), medians."""
    from haven.reports.registry import annual_report, report_sections, report_table

    queries = _check_figures(year)
    sections = {section.key: section for section in report_sections()}
    values = params(year)
    results = {
        key: _alternate(
            partial(lambda section: report_table(section, year).as_json(), section),
            partial(HAND_WRITTEN[key], year, values),
            repeat,
        )
        for key, section in sections.items()
    }
    results[WHOLE] = _alternate(lambda: annual_report(year), lambda: _sql_tables(year), repeat)
    return results, queries


def _rows(args: argparse.Namespace) -> dict[int, tuple[dict[str, tuple[float, float]], int]]:
    import django

    _use_url(args.server_url, f"haven_report_s{min(args.scales)}")
    django.setup()
    measured = {}
    for scale in sorted(args.scales):
        name = f"haven_report_s{scale}"
        if args.reuse and _database_ready(args.server_url, name, scale):
            _use_database(args.server_url, name)
            print(f"scale {scale}: reusing {name}", flush=True)
        else:
            _build(args.server_url, name, scale)
        measured[scale] = measure(args.year, args.repeat)
    return measured


def verdict(measured: dict[int, tuple[dict[str, tuple[float, float]], int]], limit: float, tolerance: float) -> bool:
    ok = True
    print(f"\nthe {len(HAND_WRITTEN)} tables of the annual report; medians; goal: Haven ≤ {limit:g} × hand-written SQL")
    print(f"{'scale':>5}  {'table':<32} {'Haven ms':>9} {'SQL ms':>8} {'ratio':>6}  verdict")
    for scale, (results, queries) in measured.items():
        for key, (haven, hand) in results.items():
            good = haven <= limit * hand
            ok &= good
            print(
                f"{scale:>5}  {key:<32} {haven:>9.2f} {hand:>8.2f} {haven / hand:>6.2f}  {'ok' if good else 'MISSED'}"
            )
        print(f"{scale:>5}  {'queries of the whole report':<32} {queries:>9}  (hand-written: {len(HAND_WRITTEN)})")
    if len(measured) < 2:
        print("\none scale only: growth not judged")
        return False
    small, large = min(measured), max(measured)
    print(f"\ngrowth t{large}/t{small}; goal: Haven's ≤ SQL's × {1 + tolerance:g} (tolerance {tolerance:.0%})")
    print(f"{'table':<32} {'Haven':>7} {'SQL':>7}  verdict")
    for key in measured[small][0]:
        haven = measured[large][0][key][0] / measured[small][0][key][0]
        hand = measured[large][0][key][1] / measured[small][0][key][1]
        good = haven <= hand * (1 + tolerance)
        ok &= good
        print(f"{key:<32} {haven:>7.2f} {hand:>7.2f}  {'ok' if good else 'MISSED'}")
    print("\nall goals met" if ok else "\nGOAL MISSED")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 20])
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--limit", type=float, default=1.5, help="Haven's time over the SQL's, at most")
    parser.add_argument("--tolerance", type=float, default=0.10, help="on the growth comparison")
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--reuse", action="store_true", help="use a database built before, keep them")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    args = parser.parse_args()
    names = [f"haven_report_s{scale}" for scale in args.scales]
    if any(os.environ.get("DATABASE_URL", "").rstrip("/").endswith("/" + name) for name in names):
        raise SystemExit("DATABASE_URL names a database of this benchmark; it builds and drops its own")
    try:
        measured = _rows(args)
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not (args.reuse or args.keep):
            for name in names:
                server_execute(args.server_url, f"DROP DATABASE IF EXISTS {name}")
    return 0 if verdict(measured, args.limit, args.tolerance) else 1


if __name__ == "__main__":
    sys.exit(main())
