import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TextIO, cast

import pycountry
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from faker import Faker

from haven.core.services import languages_load_defaults
from haven.demo.casework import CaseworkBuilder
from haven.demo.civic_integration import CivicIntegrationBuilder, CivicIntegrationPlan, cohort_plan
from haven.demo.community import CommunityBuilder
from haven.demo.dutch_practice import DutchPracticeBuilder
from haven.demo.education import EducationBuilder
from haven.demo.figures import seed_report
from haven.demo.interpreting import InterpretingBuilder
from haven.demo.leisure import LeisureBuilder
from haven.demo.nt2 import Nt2Builder
from haven.demo.organisations import OrganisationsBuilder
from haven.demo.orientation import OrientationBuilder
from haven.demo.population import PopulationBuilder, plan_newcomers
from haven.demo.present import PresentBuilder
from haven.demo.scale import scale_up
from haven.demo.staff import DEMO_PASSWORD, demo_logins, demo_staff_create
from haven.demo.transit_site import TransitSiteBuilder
from haven.people.models import Person

PEOPLE_PER_TRANSACTION = 1000


@contextmanager
def _queries_unlogged() -> Iterator[None]:
    """With DEBUG on (the development default) Django keeps and logs the text of every
    query; for the demo's half a million queries that is a tenth of its time."""
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


class Command(BaseCommand):
    help = "Build the synthetic demo: staff logins per role and the 2018–2019 newcomer population."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2019, help="Same seed, same data.")
        parser.add_argument("--reset", action="store_true", help="Empty the database first.")
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="N × Ghent's volumes with the same shape (20 ≈ Flanders); 1 is the demo itself.",
        )

    def handle(self, *args, seed, reset, scale=1, **options):
        if isinstance(scale, bool) or not isinstance(scale, int) or scale < 1:
            raise CommandError(f"--scale must be a whole number of at least 1, not {scale!r}.")
        started = time.monotonic()
        if reset:
            call_command("flush", interactive=False, verbosity=0)
        elif Person.objects.exists():
            raise CommandError("The database already holds people; use --reset to start again.")
        with _queries_unlogged():
            made = self._build(seed=seed, scale=scale)
        scaled = f", scale {scale}" if scale > 1 else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {made} people in {time.monotonic() - started:.0f} s (seed {seed}{scaled})."
            )
        )
        self.stdout.write(f"Demo logins (password for each: {DEMO_PASSWORD}):")
        for username, role in demo_logins():
            self.stdout.write(f"  {username:<20} {role}")

    def _build(self, *, seed: int, scale: int) -> int:
        faker = Faker("nl_BE")
        faker.seed_instance(seed)
        with transaction.atomic():
            languages_load_defaults()  # a reset empties the reference tables too
            staff = demo_staff_create(faker)
            builder = PopulationBuilder(seed=seed, by=staff["intake"], stdout=self.stdout)
            builder.districts_create()
            report = seed_report()
            plans = plan_newcomers(builder.rng, report, sorted(c.alpha_2 for c in pycountry.countries))
            integration_plan = CivicIntegrationPlan(report)
            integration = CivicIntegrationBuilder(
                rng=builder.rng, plan=integration_plan, staff=staff, stdout=self.stdout
            )
            integration.counsellors_create(faker)
            plans = [cohort_plan(builder.rng, plans[0]), *plans]
        # The newcomers in transactions of their own: on PostgreSQL each registration holds
        # an advisory lock (per birth date) until commit, and ten thousand of them in one
        # transaction overflow the server's lock table when other databases are busy too.
        builder.build(
            plans,
            targets=lambda plan, arrivals: integration_plan.targets(plan, arrivals, builder.rng),
            on_person=integration.on_person,
            chunk=PEOPLE_PER_TRANSACTION,
        )
        with transaction.atomic():
            self._service_lines(builder, report, staff, integration, faker)
            if scale > 1:
                scale_up(scale=scale, seed=seed, stdout=cast(TextIO, self.stdout))
        if scale > 1 and connection.vendor == "postgresql":
            # Bulk-loaded tables have no planner statistics until autovacuum comes by; without
            # them PostgreSQL misjudges the file's query (JIT-compiled: 1.5 s instead of 2 ms).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return Person.objects.count()  # the history's newcomers, Parkoer's youth, today's, the copies

    def _service_lines(self, builder, report, staff, integration, faker) -> None:
        """Civic integration, orientation, NT2 and interpreting, in the order of the draws."""
        integration.build()
        OrientationBuilder(
            rng=builder.rng,
            seed_report=report,
            staff=staff,
            population=builder,
            integration=integration,
            stdout=self.stdout,
        ).build()
        people = list(
            Person.objects.only("id", "birth_date", "first_registration_date", "municipality", "postal_code").order_by(
                "id"
            )
        )
        Nt2Builder(rng=builder.rng, seed_report=report, staff=staff, faker=faker, stdout=self.stdout).build(people)
        InterpretingBuilder(rng=builder.rng, seed_report=report, staff=staff, faker=faker, stdout=self.stdout).build()
        TransitSiteBuilder(
            rng=builder.rng, seed_report=report, staff=staff, numbers=builder.numbers, stdout=self.stdout
        ).build()
        EducationBuilder(
            rng=builder.rng, seed_report=report, staff=staff, faker=faker, numbers=builder.numbers, stdout=self.stdout
        ).build(people)
        # Leisure refers minors too: the newcomers hold few, so also the children the
        # education line registered at the school permanence.
        children = list(
            Person.objects.filter(first_registration_date=None, birth_date__gt=date(2000, 1, 1))
            .only("id", "birth_date", "first_registration_date", "municipality", "postal_code")
            .order_by("id")
        )
        LeisureBuilder(rng=builder.rng, seed_report=report, staff=staff, faker=faker, stdout=self.stdout).build(
            people + children
        )
        PresentBuilder(
            rng=builder.rng, population=builder, integration_builder=integration, staff=staff, stdout=self.stdout
        ).build()
        CaseworkBuilder(rng=builder.rng, staff=staff, stdout=self.stdout).build()
        self._volunteer_lines(builder, report, staff, faker, people)
        _files_dated_by_settling()

    def _volunteer_lines(self, builder, report, staff, faker, people) -> None:
        """Organisations, community and Dutch practice: they register their volunteers (ambassadors,
        buddies, conversation volunteers) through the registry's service, without a settling date."""
        OrganisationsBuilder(
            rng=builder.rng, seed_report=report, staff=staff, faker=faker, numbers=builder.numbers, stdout=self.stdout
        ).build()
        CommunityBuilder(
            rng=builder.rng, seed_report=report, staff=staff, faker=faker, numbers=builder.numbers, stdout=self.stdout
        ).build()
        DutchPracticeBuilder(
            rng=builder.rng, seed_report=report, staff=staff, faker=faker, numbers=builder.numbers, stdout=self.stdout
        ).build(people)


def _files_dated_by_settling() -> None:
    """A newcomer's file was last changed when they settled, not on the build day: the
    registry's own retention period runs from there (haven.people.retention), so the
    privacy officer's page shows the 2018-2019 files whose every record is past its period.
    One UPDATE per settling day."""
    from django.utils import timezone

    days = Person.objects.exclude(first_registration_date=None).values_list("first_registration_date", flat=True)
    for day in sorted({day for day in days if day is not None}):
        moment = datetime(day.year, day.month, day.day, 12, tzinfo=timezone.get_current_timezone())
        Person.objects.filter(first_registration_date=day).update(updated_at=moment)
