"""Fuzz the JSON API with schemathesis, once per role, on a fresh PostgreSQL database.

    .venv/bin/python .ci/api_fuzz.py [--database-url postgres://postgres@127.0.0.1:5432/haven_fuzz]
                                     [--roles intake,counsellor] [--max-examples 8] [--seed 2019]
                                     [--coverage-roles intake|all] [--parallel 2]

1. drops and creates the database the URL names (never the test suite's: its own name,
   ``haven_fuzz`` by default) and migrates it;
2. builds a small world: the demo's staff (one login per role), Ghent's districts, a few
   people registered through the services and a civic-integration registration;
3. issues one API token per role (``accounts.services.api_token_create``);
4. serves Haven (WSGI, DEBUG off, four threads) on a free port of 127.0.0.1;
5. runs ``schemathesis run`` over the whole schema (``/api/openapi.json``) for each role
   (two at a time), with that role's bearer token and the checks ``not_a_server_error``,
   ``status_code_conformance``, ``response_schema_conformance`` and
   ``content_type_conformance`` (an HTML error page where the schema promises the JSON
   problem is a violation too): the fuzzing phase with ``--max-examples`` cases per
   operation for every role, the coverage phase (boundary values) for ``--coverage-roles``,
   and a fixed seed, so a run repeats the last one.

Exits non-zero when any run finds a failure; prints per role the cases generated,
failures and time. Reports (JUnit) go to ``test-artifacts/api-fuzz/``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from scratch_db import database_recreate

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "api-fuzz"
CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance"


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.pop("DATABASE_MIGRATE_URL", None)  # one owner role for this throw-away database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    os.environ["DJANGO_DEBUG"] = "False"  # errors as in production: a 500 is a 500, not a debug page
    # The limits stay on (429 is documented) but high enough for the run to reach the operations.
    for name in ("HAVEN_API_RATE", "HAVEN_API_USER_RATE", "HAVEN_API_PERSON_RATE"):
        os.environ[name] = "1000000/h"
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"]["CONN_MAX_AGE"] = None  # one connection per server thread (4), kept


def world_create() -> dict[str, object]:
    """A small, deterministic world; returns the staff by role code."""
    from django.core.management import call_command
    from django.db import transaction
    from faker import Faker

    from haven.core.models import AccessChannel, District
    from haven.core.services import languages_load_defaults
    from haven.demo.population import GHENT_DISTRICTS
    from haven.demo.staff import demo_staff_create
    from haven.integration import services as integration_services
    from haven.people import services as people_services
    from haven.people.models import Sex

    call_command("migrate", verbosity=0)
    faker = Faker("nl_BE")
    faker.seed_instance(2019)
    with transaction.atomic():
        languages_load_defaults()
        for name, postal_code in GHENT_DISTRICTS:
            District.objects.get_or_create(name=name, defaults={"postal_codes": postal_code})
        staff = demo_staff_create(faker)
        people = []
        for number, (given, family, born, sex) in enumerate(
            [
                ("Amina", "Haddad", datetime.date(1990, 2, 14), Sex.FEMALE),
                ("Yusuf", "Demir", datetime.date(1985, 7, 1), Sex.MALE),
                ("Sara", "Tesfaye", datetime.date(2001, 11, 23), Sex.FEMALE),
                ("Omar", "Nasser", datetime.date(1978, 3, 9), Sex.MALE),
                ("Lina", "Popescu", datetime.date(1995, 5, 30), Sex.OTHER),
            ]
        ):
            people.append(
                people_services.person_create(
                    by=staff["intake"],
                    channel=AccessChannel.API,
                    allow_similar=True,
                    values={
                        "given_names": given,
                        "family_name": family,
                        "birth_date": born,
                        "sex": sex,
                        "nationality": ["SY", "TR", "ER", "SY", "RO"][number],
                        "municipality": "Gent",
                        "postal_code": "9000",
                        "first_registration_date": datetime.date(2019, 1, 10),
                    },
                )
            )
        integration_services.registration_create(
            person=people[0], registered_on=datetime.date(2019, 2, 1), by=staff["intake"], channel=AccessChannel.API
        )
    return staff


def tokens_issue(staff: dict[str, object], roles: list[str]) -> dict[str, str]:
    from haven.accounts.services import api_token_create

    return {role: api_token_create(user=staff[role], name="api fuzz")[1] for role in roles}


class _PoolServer(WSGIServer):
    """Requests on a fixed pool of threads, each with its own database connection, kept
    (a thread per request would open a connection per request and leave it behind)."""

    pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="haven-fuzz")

    def process_request(self, request, client_address):
        self.pool.submit(self._handle, request, client_address)

    def _handle(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def serve() -> tuple[WSGIServer, str]:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()  # sets up logging again: quiet it afterwards
    logging.getLogger("django.request").setLevel(logging.ERROR)  # 4xx are the run's daily bread; 5xx still show
    server = make_server("127.0.0.1", 0, application, server_class=_PoolServer, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def fuzz(base: str, role: str, key: str, *, phases: str, max_examples: int, seed: int) -> tuple[int, dict]:
    junit = ARTIFACTS / f"{role}.xml"
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{base}/api/openapi.json",
        "--header",
        f"Authorization: Bearer {key}",
        "--checks",
        CHECKS,
        # A fixed seed: the same cases every run (another --seed explores further).
        "--max-examples",
        str(max_examples),
        "--seed",
        str(seed),
        "--workers",
        "1",
        "--no-color",
        "--phases",
        phases,
        "--suppress-health-check",
        "all",
        "--report",
        "junit",
        "--report-junit-path",
        str(junit),
    ]
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    (ARTIFACTS / f"{role}.txt").write_text(output.replace(key, "<token>"))
    return result.returncode, {"role": role, "phases": phases, "seconds": round(elapsed, 1), **_summary(output)}


def _summary(output: str) -> dict:
    """The figures of schemathesis's closing summary."""
    import re

    figures: dict[str, object] = {}
    match = re.search(r"Test cases:\s*\n?\s*([\d,]+) generated", output)
    if match:
        figures["cases"] = int(match.group(1).replace(",", ""))
    match = re.search(r"([\d,]+) generated, ([\d,]+) found ([\d,]+) unique failures", output)
    if match:
        figures["failing_cases"] = int(match.group(2).replace(",", ""))
        figures["unique_failures"] = int(match.group(3).replace(",", ""))
    else:
        figures.setdefault("unique_failures", 0)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("HAVEN_FUZZ_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/haven_fuzz"),
    )
    parser.add_argument("--roles", default="", help="Comma-separated role codes (default: every role).")
    parser.add_argument(
        "--max-examples",
        type=int,
        default=8,
        help="Cases per operation in the fuzzing phase (positive and negative each).",
    )
    parser.add_argument(
        "--coverage-roles",
        default="intake",
        help="Roles that also run the coverage phase (schemathesis's boundary values of every "
        "parameter, ~2,400 cases: mostly refused by validation before any permission "
        "check, so once is enough) — by default intake, whose permissions reach the most "
        "operations; 'all' for every role.",
    )
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--parallel", type=int, default=2, help="Roles fuzzed at the same time (about one a core).")
    args = parser.parse_args()

    started = time.monotonic()
    database_recreate(args.database_url, "api_fuzz")
    django_setup(args.database_url)
    from haven.accounts.roles import ROLES

    roles = [role for role in args.roles.split(",") if role] or list(ROLES)
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise SystemExit(f"api_fuzz: unknown roles {', '.join(unknown)}")
    staff = world_create()
    keys = tokens_issue(staff, roles)
    server, base = serve()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    print(f"api_fuzz: world ready in {time.monotonic() - started:.0f} s; Haven on {base}", flush=True)

    failed = []
    results = []
    coverage = set(roles) if args.coverage_roles == "all" else set(args.coverage_roles.split(","))

    def run(role: str) -> tuple[int, dict]:
        phases = "coverage,fuzzing" if role in coverage else "fuzzing"
        return fuzz(base, role, keys[role], phases=phases, max_examples=args.max_examples, seed=args.seed)

    # The coverage runs are the long ones: start them first.
    order = sorted(roles, key=lambda role: role not in coverage)
    with ThreadPoolExecutor(max_workers=max(1, args.parallel)) as pool:
        outcomes = list(zip(order, pool.map(run, order), strict=False))
    for role, (code, figures) in outcomes:
        results.append(figures)
        print(
            f"  {role:<20} {figures['phases']:<16} {figures.get('cases', '?'):>5} cases  "
            f"{figures.get('unique_failures', '?'):>3} failures  {figures['seconds']:>6.1f} s"
            + ("" if code == 0 else f"  (exit {code})"),
            flush=True,
        )
        if code != 0:
            failed.append(role)
    server.shutdown()
    (ARTIFACTS / "summary.json").write_text(json.dumps(results, indent=2) + "\n")
    total = sum(int(figures.get("cases", 0)) for figures in results)
    print(
        f"api_fuzz: {total} cases over {len(roles)} roles in {time.monotonic() - started:.0f} s; "
        f"details in {ARTIFACTS.relative_to(ROOT)}/"
    )
    if failed:
        for role in failed:
            print(f"\n---- {role} ----\n{(ARTIFACTS / f'{role}.txt').read_text()}")
        print(f"api_fuzz: failures for {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
