"""Pages under load: a day's mix of 50 staff against the production server on PostgreSQL,
beside Django's bare view on the same server in the same run.

    .venv/bin/python bench/load.py [--scale 20] [--source haven_scale_20 | --database-url URL]
                                   [--users 50] [--seconds 60] [--workers 4] [--think 1,3]

1. The database: a scratch copy of the demo at scale N (``CREATE DATABASE haven_load_run
   TEMPLATE haven_scale_<N>``, dropped at the end), or ``--database-url``, an existing
   scale database used as it is (the bench adds recovery codes and access-log entries to
   it). Never the database DATABASE_URL names. Migrated as the owner; the server runs as
   the application's restricted role (``haven db_roles --app-role haven_load_app``).
   The copy is ANALYZEd (the planner's statistics of a bulk-loaded database are stale).
2. Recovery codes for the demo logins (production asks every role for a second factor),
   and the world the users draw from: people to open, the counsellor's caseload, search
   terms (name fragments, birth dates, national numbers), the partner's bookings.
3. gunicorn as production runs it (``-c python:haven.core.gunicorn_conf``,
   DJANGO_ENV=production, static files collected into a temporary directory,
   HAVEN_SSL_REDIRECT=False as ``make prod``: the users send a TLS proxy's headers).
4. locust, headless (bench/load_locustfile.py), phase by phase with the same users and
   think time: the bare view (``/health/``: Django's middleware and one ``SELECT 1``, no
   session, no template), then the day's mix: intake searching and opening files, the
   counsellor's caseload and files, a partner's bookings, the dispatcher's lists, the
   manager's annual report. Then both again without think time: the server's capacity.
   The statistics of each phase start once every user has logged in.
5. Prints p50/p95/p99, requests/s and errors per page kind beside the bare view's, and
   exits non-zero when a page kind's p95 reaches 150 ms or any request fails.

Gunicorn: 4 worker processes of 2 threads each by default, on 2 cores: two processes per
core, as a request waits on PostgreSQL part of its time; PostgreSQL and locust share the
same cores (the bench prints the load average before and after).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scratch import server_execute

from haven.core.prodserver import Gunicorn, prepare, production_environment

ROOT = Path(__file__).resolve().parent.parent

SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
SCRATCH = "haven_load_run"
APP_ROLE = "haven_load_app"
GOAL_P95_MS = 150
ROLES = ("intake", "counsellor", "partner", "dispatcher", "manager")
KINDS = ("search", "file", "caseload", "partner bookings", "dispatcher lists", "report")
DEMO_PASSWORD = "haven-demo-2019"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=20, help="the demo's scale (source haven_scale_<N>)")
    parser.add_argument("--source", default="", help="the database to copy (default haven_scale_<scale>)")
    parser.add_argument("--database-url", default="", help="an existing scale database, used as it is")
    parser.add_argument("--server-url", default=SERVER, help="the PostgreSQL server (its maintenance database)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=60, help="the measured time of the day's mix")
    parser.add_argument("--bare-seconds", type=int, default=20, help="the measured time of the bare view")
    parser.add_argument("--capacity-seconds", type=int, default=15, help="each capacity phase; 0 leaves them out")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (2 threads each)")
    parser.add_argument("--think", default="1,3", help="think time between a user's clicks, in s (min,max)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy")
    return parser.parse_args()


# The database -------------------------------------------------------------------------------


def database_copy(server_url: str, source: str) -> str:
    """A scratch copy of ``source`` (no one may be connected to it while it is copied)."""
    if os.environ.get("DATABASE_URL", "").rstrip("/").endswith("/" + SCRATCH):
        raise SystemExit(f"load: DATABASE_URL names {SCRATCH}; the bench drops its own database, never the caller's")
    server_execute(server_url, f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)")
    for attempt in range(30):
        try:
            server_execute(server_url, f"CREATE DATABASE {SCRATCH} TEMPLATE {source}")
            break
        except Exception as error:
            if attempt == 29 or "does not exist" in str(error):
                raise SystemExit(f"load: cannot copy {source}: {error}") from None
            time.sleep(2)
    return server_url.rsplit("/", 1)[0] + "/" + SCRATCH


def database_analyze(owner_url: str) -> None:
    """Fresh planner statistics: a demo loaded in bulk (and its copy) has none until
    autovacuum comes by, and a plan on empty statistics can cost seconds (and JIT)."""
    import psycopg

    with psycopg.connect(owner_url, autocommit=True) as connection:
        connection.execute("ANALYZE")


def world_create(owner_url: str, codes_per_role: int) -> dict[str, object]:
    """Recovery codes for the demo logins, and what the users draw from (one process)."""
    os.environ.update({"DATABASE_URL": owner_url, "DJANGO_SETTINGS_MODULE": "haven.settings"})
    os.environ.pop("DATABASE_MIGRATE_URL", None)
    import django

    django.setup()
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from haven.accounts.models import User

    codes: dict[str, list[str]] = {}
    for username in ROLES:
        user = User.objects.get(username=username)
        device, _created = StaticDevice.objects.get_or_create(user=user, name="load", defaults={"confirmed": True})
        tokens = [StaticToken.random_token() for _ in range(codes_per_role)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=token) for token in tokens])
        codes[username] = tokens
    return {"password": DEMO_PASSWORD, "unused_codes": codes, **world_records()}


def world_records() -> dict[str, object]:
    """People (a random thousand), the counsellor's caseload, search terms, the partner's bookings."""
    from django.db.models.functions import Substr

    from haven.integration.models import Contract, ContractState
    from haven.interpreting.models import InterpretingRequest, PartnerContact
    from haven.people.identifiers import national_number_format
    from haven.people.models import Person

    people = list(Person.objects.order_by("?").values_list("pk", flat=True)[:1000])
    caseload = list(
        Contract.objects.filter(counsellor__username="counsellor", state=ContractState.OPEN)
        .values_list("person_id", flat=True)
        .distinct()[:1000]
    )
    sample = Person.objects.filter(pk__in=people[:300])
    fragments = {
        name.lower() for name in sample.annotate(part=Substr("family_name", 1, 4)).values_list("part", flat=True)
    }
    dates = {day.strftime("%d/%m/%Y") for day in sample.values_list("birth_date", flat=True)[:100]}
    numbers = {
        national_number_format(number or "")
        for number in sample.exclude(national_number=None).values_list("national_number", flat=True)[:100]
    }
    organisation = PartnerContact.objects.get(user__username="partner").organisation_id
    bookings = list(
        InterpretingRequest.objects.filter(organisation_id=organisation)
        .order_by("-starts_at")
        .values_list("pk", flat=True)[:200]
    )
    if not (people and caseload and bookings):
        raise SystemExit("load: the database holds no demo (people, a caseload, bookings); build it with haven demo")
    terms = sorted(fragments)[:200] + sorted(dates) + sorted(numbers)
    return {"people": people, "caseload": caseload, "search_terms": terms, "bookings": bookings, "year": 2019}


# The server ---------------------------------------------------------------------------------


# locust -------------------------------------------------------------------------------------


def phase_world(name: str, world: Path, users: int, out: Path) -> Path:
    """The world of one phase, with recovery codes of its own (each is used once)."""
    data = json.loads(world.read_text(encoding="utf-8"))
    codes = data.pop("unused_codes")
    data["codes"] = {role: [codes[role].pop() for _ in range(users + 5)] for role in codes}
    world.write_text(json.dumps({**data, "unused_codes": codes}), encoding="utf-8")
    path = out / f"{name}-world.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def locust_phase(name: str, *, base: str, world: Path, users: int, rate: float, seconds: int, think: str, out: Path):
    """One headless locust run; its statistics (after the logins) per request name."""
    ramp = int(users / rate) + 15  # spawning and logging in, before the statistics restart
    env = {
        **os.environ,
        "LOAD_WORLD": str(phase_world(name, world, users, out)),
        "LOAD_PHASE": name.split("-")[0],
        "LOAD_WAIT": think,
        "LOAD_LOGINS": str(out / f"{name}-logins.json"),
    }
    command = [str(ROOT / ".venv" / "bin" / "locust"), "-f", str(ROOT / "bench" / "load_locustfile.py")]
    command += ["--headless", "--users", str(users), "--spawn-rate", str(rate), "--run-time", f"{seconds + ramp}s"]
    command += ["--host", base, "--csv", str(out / name), "--only-summary", "--loglevel", "WARNING"]
    command += ["--stop-timeout", "10"]
    with open(out / f"{name}.log", "w", encoding="utf-8") as log:
        subprocess.run(command, env=env, cwd=out, check=False, stdout=log, stderr=subprocess.STDOUT)
    return phase_rows(name, out)


def phase_rows(name: str, out: Path) -> dict[str, dict]:
    """A phase's figures per request name, its failed logins as a row of errors."""
    rows = {}
    with open(out / f"{name}_stats.csv", encoding="utf-8") as stats:
        for row in csv.DictReader(stats):
            rows[row["Name"]] = {
                "count": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "p50": _number(row["50%"]),
                "p95": _number(row["95%"]),
                "p99": _number(row["99%"]),
                "rps": _number(row["Requests/s"]),
            }
    failed = json.loads((out / f"{name}-logins.json").read_text(encoding="utf-8"))["failed"]
    if failed:
        print(f"  failed {failed}×: login (the second step)")
        rows["login failures"] = {"count": failed, "errors": failed, "p50": 0, "p95": 0, "p99": 0, "rps": 0}
    with open(out / f"{name}_failures.csv", encoding="utf-8") as failures:
        for row in csv.DictReader(failures):
            print(f"  failed {row['Occurrences']}×: {row['Name']}: {row['Error']}")
    return rows


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:  # "N/A": no request
        return 0.0


def table(title: str, rows: dict[str, dict], names: tuple[str, ...]) -> None:
    print(f"\n{title}")
    print(f"  {'page kind':<18} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>7}")
    for name in names:
        if name in rows:
            row = rows[name]
            print(
                f"  {name:<18} {row['count']:>8} {row['errors']:>6} {row['p50']:>7.0f} {row['p95']:>7.0f}"
                f" {row['p99']:>7.0f} {row['rps']:>7.1f}"
            )


def report(phases: dict[str, dict[str, dict]], server_errors: list[str]) -> bool:
    """Print the figures beside the bare view's; True when the goal holds."""
    mix, bare = phases["mix"], phases["bare"]
    table("The day's mix (with think time)", mix, (*KINDS, "Aggregated"))
    table("The bare view, same users and think time", bare, ("bare view",))
    total, baseline = mix.get("Aggregated", {}), bare.get("bare view", {})
    if total and baseline:
        print(
            f"\n  throughput: mix {total['rps']:.1f} req/s, bare view {baseline['rps']:.1f} req/s"
            f" (ratio {total['rps'] / max(baseline['rps'], 0.001):.2f}); p95: mix {total['p95']:.0f} ms,"
            f" bare view {baseline['p95']:.0f} ms"
        )
    if "mix-capacity" in phases and "bare-capacity" in phases:
        most, ceiling = phases["mix-capacity"].get("Aggregated", {}), phases["bare-capacity"].get("bare view", {})
        table("Capacity (no think time): the mix", phases["mix-capacity"], (*KINDS, "Aggregated"))
        table("Capacity (no think time): the bare view", phases["bare-capacity"], ("bare view",))
        if most and ceiling:
            print(
                f"\n  capacity: mix {most['rps']:.1f} req/s, bare view {ceiling['rps']:.1f} req/s"
                f" (ratio {most['rps'] / max(ceiling['rps'], 0.001):.2f})"
            )
    missed = [kind for kind in KINDS if kind in mix and mix[kind]["p95"] >= GOAL_P95_MS]
    missing = [kind for kind in KINDS if kind not in mix or mix[kind]["count"] == 0]
    errors = sum(
        row["errors"] for phase in ("mix", "bare") for name, row in phases[phase].items() if name != "Aggregated"
    )
    print(f"\n  goal: every page kind's p95 < {GOAL_P95_MS} ms and no error in the mix or the bare view")
    for line in server_errors[:5]:
        print(f"  server error: {line[:300]}")
    ok = not missed and not missing and errors == 0 and not server_errors
    print(
        "  "
        + ("met" if ok else "MISSED")
        + (f"; p95 ≥ {GOAL_P95_MS} ms: {', '.join(missed)}" if missed else "")
        + (f"; never measured: {', '.join(missing)}" if missing else "")
        + (f"; {errors} failed requests" if errors else "")
        + (f"; {len(server_errors)} server error lines" if server_errors else "")
    )
    return ok


def run(args: argparse.Namespace, owner_url: str, scratch: Path) -> bool:
    env = production_environment(owner_url, scratch, app_role=APP_ROLE, workers=args.workers, ssl_redirect=False)
    prepare(env, app_role=APP_ROLE)  # migrated as the owner (DATABASE_MIGRATE_URL), as .ci/smoke.py
    database_analyze(owner_url)
    logins = (args.users + 5) * 4 + 30  # per role: a code for each user of each phase, and the warm-up
    world = world_create(owner_url, logins)
    world_file = scratch / "world.json"
    world_file.write_text(json.dumps(world), encoding="utf-8")
    people = len(world["people"])  # type: ignore[arg-type]
    print(f"load: world ready ({people} people drawn, {len(world['caseload'])} in the caseload)", flush=True)  # type: ignore[arg-type]
    server = Gunicorn(env)
    print(f"load: gunicorn at {server.base}, {args.workers} workers × 2 threads; load average {os.getloadavg()}")
    phases: dict[str, dict[str, dict]] = {}
    try:
        # Warm-up, not counted: each worker's first requests import the views and fill the caches.
        print("load: warming up the workers (10 users, 10 s, not counted)", flush=True)
        locust_phase(
            "mix-warmup", base=server.base, world=world_file, users=10, rate=10, seconds=10, think="0", out=scratch
        )
        plan = [("bare", args.bare_seconds, args.think), ("mix", args.seconds, args.think)]
        if args.capacity_seconds:
            plan += [("bare-capacity", args.capacity_seconds, "0"), ("mix-capacity", args.capacity_seconds, "0")]
        for name, seconds, think in plan:
            print(f"load: phase {name}, {args.users} users, {seconds} s measured, think time {think} s", flush=True)
            phases[name] = locust_phase(
                name,
                base=server.base,
                world=world_file,
                users=args.users,
                rate=args.spawn_rate,
                seconds=seconds,
                think=think,
                out=scratch,
            )
    finally:
        server.stop()
    print(f"load: load average after {os.getloadavg()}")
    return report(phases, server.errors())


def main() -> int:
    args = arguments()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="haven-load-") as directory:
        scratch = Path(directory)
        if args.database_url:
            if args.database_url.rstrip("/") == os.environ.get("DATABASE_URL", "").rstrip("/"):
                raise SystemExit("load: --database-url is the database DATABASE_URL names; give a scale database")
            ok = run(args, args.database_url, scratch)
        else:
            source = args.source or f"haven_scale_{args.scale}"
            owner_url = database_copy(args.server_url, source)
            print(f"load: copied {source} into {SCRATCH}", flush=True)
            try:
                ok = run(args, owner_url, scratch)
            finally:
                if not args.keep:
                    server_execute(args.server_url, f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)")
    print(f"load: {time.monotonic() - started:.0f} s in all")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
