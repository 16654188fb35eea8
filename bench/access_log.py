"""Benchmark: the access log's reads as the log grows.

Creates a scratch PostgreSQL database of its own (``haven_bench_accesslog``, on the server
of --server-url; never the database DATABASE_URL names, nothing written inside the
checkout), migrates it (the access log partitioned by month, core migration 0007; with
--plain migrated back to one plain table, for comparison), creates the months' partitions
(haven.core.partitions), fills the access log with N entries through the partitioned
table (generate_series, 3,000 entries a day: 100k ≈ a month, 1M ≈ 11 months; one user has
a quarter of all entries and one person is in one entry of 50) and times, p50/p95 over
--repeat runs:

- ``home``: the start page's "files you opened recently" (people.selectors.person_recently_opened)
  for the heaviest user;
- ``home_rare``: the same for a user who opens a file once in 100,000 entries;
- ``history``: a person's access-history page (the count and the first page of 50) for the
  most-seen person;
- ``glass``: the privacy officer's break-glass openings (the count and the first page of 50);
- ``heavy``: the privacy officer's heavy readers of the last 7 days;

against a baseline measured in the same run: one access-log entry by its primary key
(id, at), which on the partitioned log reads one partition's primary-key index.
Goals: ``home``, ``home_rare``, ``history`` and ``glass`` p95 ≤ --goal × the baseline's p95 and under --limit-ms at
every size; ``heavy`` reads the last week only, so its p95 at the largest size may be at
most --growth × its p95 at the smallest size (the log grows, a week does not). Exits 1
when a goal is missed. Drops the database at the end (--keep to keep it).

    .venv/bin/python bench/access_log.py [--sizes 100000 1000000] [--repeat 40] [--plain]
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from scratch import scratch_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")

DB_NAME = "haven_bench_accesslog"
PER_DAY = 3000
USERS = 60  # and one more who opens a file once in 100,000 entries

FILL = """
INSERT INTO core_accesslogentry
    (at, user_id, person_id, action, purpose, channel, page, request_id, break_glass, reason,
     fields, previous_hash, hash)
SELECT now() - (%(total)s - g) * interval '1 day' / %(per_day)s,
       CASE WHEN g %% 4 = 0 THEN %(first_user)s WHEN g %% 100000 = 10 THEN %(first_user)s + %(users)s
            ELSE %(first_user)s + 1 + (g / 20) %% (%(users)s - 1) END,
       CASE WHEN g %% 50 = 1 THEN 1 ELSE 2 + (g * 7919) %% 50000 END,
       CASE WHEN g %% 10 = 0 THEN 'view' WHEN g %% 97 = 0 THEN 'update' ELSE 'list' END,
       'registration', 'web', '/people/', '', g %% 20000 = 10, '', '[]'::jsonb, '', md5(g::text) || md5(g::text)
FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS g
"""


BOUNDED = ("home", "home_rare", "history", "glass")  # reads whose cost must not follow the log's size


def _timings(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    function()  # warm the caches and the connection
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


def _reads() -> dict[str, Callable[[], object]]:
    from django.core.paginator import Paginator

    from haven.accounts.models import User
    from haven.core.audit import access_history
    from haven.core.models import AccessLogEntry
    from haven.people.selectors import person_recently_opened
    from haven.privacy.selectors import glass_openings, heavy_readers

    heavy_user, rare_user = User.objects.get(username="bench0"), User.objects.get(username=f"bench{USERS}")
    last_id = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 1
    keys = list(AccessLogEntry.objects.filter(id__in=range(1, last_id + 1, 997)).values_list("id", "at"))
    state = {"next": 0}

    def baseline() -> object:
        state["next"] = (state["next"] + 7) % len(keys)
        entry_id, at = keys[state["next"]]
        return AccessLogEntry.objects.filter(pk=entry_id, at=at).first()

    def history() -> object:
        page = Paginator(access_history(person_id=1), 50).get_page(1)
        return [(entry.user.username, entry.at) for entry in page]

    def glass() -> object:
        return list(Paginator(glass_openings(), 50).get_page(1))

    return {
        "baseline": baseline,
        "home": lambda: person_recently_opened(user=heavy_user),
        "home_rare": lambda: person_recently_opened(user=rare_user),
        "history": history,
        "glass": glass,
        "heavy": lambda: heavy_readers(files_limit=30, listed_limit=500),
    }


def _grow(size: int, first_user: int) -> None:
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from haven.core.models import AccessLogEntry
    from haven.core.partitions import ensure_access_log_partitions

    have = AccessLogEntry.objects.count()
    ensure_access_log_partitions(since=timezone.now() - timedelta(days=size / PER_DAY + 1))
    with connection.cursor() as cursor:
        # Regenerate from scratch so "now" is the end of the log at every size.
        if have:
            cursor.execute("ALTER TABLE core_accesslogentry DISABLE TRIGGER USER")
            cursor.execute("TRUNCATE core_accesslogentry CASCADE")
            cursor.execute("ALTER TABLE core_accesslogentry ENABLE TRIGGER USER")
        params = {"total": size, "per_day": PER_DAY, "first_user": first_user, "users": USERS}
        for start in range(1, size + 1, 200_000):
            cursor.execute(FILL, {**params, "start": start, "stop": min(size, start + 199_999)})
        cursor.execute("VACUUM ANALYZE core_accesslogentry")


def run(sizes: list[int], repeat: int, plain: bool) -> dict[int, dict[str, tuple[float, float]]]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from haven.accounts.models import User
    from haven.core.partitions import partitions

    call_command("migrate", verbosity=0)
    if plain:  # the log as one plain table: core migration 0007 undone
        call_command("migrate", "core", "0006", verbosity=0)
    users = User.objects.bulk_create([User(username=f"bench{index}") for index in range(USERS + 1)])
    results = {}
    for size in sizes:
        started = time.perf_counter()
        _grow(size, users[0].pk)
        with connection.cursor() as cursor:
            layout = f"{len(partitions(cursor))} monthly partitions" if not plain else "one plain table"
        print(f"{size:>9,} entries filled in {time.perf_counter() - started:.1f} s ({layout})", flush=True)
        results[size] = {name: _timings(read, repeat) for name, read in _reads().items()}
    return results


def report(results: dict[int, dict[str, tuple[float, float]]], goal: float, limit_ms: float, growth: float) -> bool:
    print(
        f"\ngoals: {', '.join(BOUNDED)} p95 ≤ {goal:g}× baseline p95 and < {limit_ms:g} ms; heavy p95 ≤ {growth:g}× smallest"
    )
    print(f"{'entries':>9}  {'read':<9} {'p50 ms':>8} {'p95 ms':>8} {'× base':>7}  verdict")
    sizes, ok = sorted(results), True
    for size in sizes:
        base = results[size]["baseline"][1]
        for name, (p50, p95) in results[size].items():
            verdict = ""
            if name in BOUNDED:
                good = p95 <= goal * base and p95 < limit_ms
                verdict = "ok" if good else "MISSED"
                ok &= good
            elif name == "heavy":
                good = p95 <= growth * results[sizes[0]]["heavy"][1]
                verdict = "ok" if good else "MISSED"
                ok &= good
            print(f"{size:>9,}  {name:<9} {p50:>8.2f} {p95:>8.2f} {p95 / base:>7.1f}  {verdict}")
    print("\nall goals met" if ok else "\nGOAL MISSED")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--goal", type=float, default=10.0, help="home/history p95 as a multiple of the baseline")
    parser.add_argument("--limit-ms", type=float, default=20.0, help="home/history p95 ceiling in ms")
    parser.add_argument("--growth", type=float, default=2.0, help="heavy readers p95, largest over smallest size")
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--plain", action="store_true", help="the log as one plain table (before partitioning)")
    args = parser.parse_args()

    with scratch_database(DB_NAME, args.server_url, keep=args.keep):
        results = run(sorted(args.sizes), args.repeat, args.plain)
    return 0 if report(results, args.goal, args.limit_ms, args.growth) else 1


if __name__ == "__main__":
    sys.exit(main())
