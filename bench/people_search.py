"""Benchmark: searching the newcomer registry as it grows.

Builds registries of 1,000, 10,000 and 50,000 synthetic people in a scratch
database of its own (a fresh SQLite file in a temporary folder, or the PostgreSQL URL
given with --database-url; never the database DATABASE_URL names and never a file
inside the checkout), then times one page of each search kind against a baseline
measured in the same run: the first page of the unfiltered list. Prints milliseconds
(median of repeats) and the ratio to the baseline, and exits non-zero when a search
takes more than --goal times the baseline at any size.

    .venv/bin/python bench/people_search.py [--sizes 1000 10000 50000] [--repeat 15] [--goal 3]
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--goal",
        type=float,
        default=3.0,
        help="the most a search may take, as a multiple of the unfiltered list (default 3)",
    )
    parser.add_argument("--database-url", help="a scratch PostgreSQL database (emptied of people)")
    args = parser.parse_args()

    if args.database_url and args.database_url == os.environ.get("DATABASE_URL"):
        parser.error("--database-url must be a scratch database, not the one DATABASE_URL names")
    scratch = tempfile.mkdtemp(prefix="haven-bench-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.paginator import Paginator
    from faker import Faker

    from haven.people.models import Person, fold
    from haven.people.selectors import person_list

    call_command("migrate", verbosity=0)
    faker = Faker("nl_BE")
    faker.seed_instance(7)

    def grow_to(size: int) -> None:
        missing = size - Person.objects.count()
        batch = []
        for index in range(missing):
            given, family = faker.first_name(), faker.last_name()
            batch.append(
                Person(
                    given_names=given,
                    family_name=family,
                    search_name=fold(f"{given} {family}"),
                    birth_date=date(1950, 1, 1) + timedelta(days=(index * 7919) % 25000),
                    sex="F",
                    nationality="SY",
                    national_number=None,
                    first_registration_date=date(2019, 1, 1),
                )
            )
        Person.objects.bulk_create(batch, batch_size=2000)

    def page(query: str) -> int:
        return len(list(Paginator(person_list(query=query), 25).get_page(1)))

    def timed(query: str) -> float:
        samples = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            page(query)
            samples.append((time.perf_counter() - started) * 1000)
        return statistics.median(samples)

    Person.objects.all().delete()
    print(f"database: {django.db.connection.vendor}; one page of 25, median of {args.repeat}")
    print(f"{'people':>8} {'search':<28} {'ms':>8} {'× baseline':>11}")
    missed = []
    for size in args.sizes:
        grow_to(size)
        sample = Person.objects.order_by("pk")[size // 2]
        searches = {
            "baseline: unfiltered list": "",
            "name fragment": sample.family_name[:4].lower(),
            "two fragments (given+family)": f"{sample.given_names[:3]} {sample.family_name[:3]}",
            "birth date": sample.birth_date.strftime("%d/%m/%Y"),
        }
        baseline = timed("")
        for label, query in searches.items():
            elapsed = baseline if not query else timed(query)
            ratio = elapsed / baseline
            print(f"{size:>8} {label:<28} {elapsed:>8.2f} {ratio:>10.2f}×")
            if query and ratio > args.goal:
                missed.append(f"{label} at {size} people: {ratio:.2f}× the baseline")
    Person.objects.all().delete()
    django.db.connections.close_all()
    shutil.rmtree(scratch, ignore_errors=True)
    if missed:
        print(f"GOAL MISSED (at most {args.goal:g}× the unfiltered list): " + "; ".join(missed))
        return 1
    print(f"goal met: every search within {args.goal:g}× the unfiltered list")
    return 0


if __name__ == "__main__":
    sys.exit(main())
