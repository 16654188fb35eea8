"""Demo records of social interpreting and translation: zones and travel times, the tariff,
534 partner organisations with their agreements and addresses, freelance interpreters and
translators in 33 languages with their weekly availability, the jobs of 2019 (requests,
confirmed assignments, approved performance sheets, a few cancellations and unfilled
requests), the translations delivered in 2019, the invoices of 2019's twelve months (made
by the month's run of the invoicing service, issued on the next month's first working day),
and an open week of requests to dispatch.

The counts come from the seed's tables ``interpreting_users_by_sector``,
``interpreting_hours`` and ``translation_pages``; the report counts these records. No
interpreter is ever booked twice at once (the database refuses it on PostgreSQL).
"""

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from haven.accounts.services import user_create
from haven.demo import interpreting_plan as plan
from haven.interpreting.models import (
    Agreement,
    AgreementStatus,
    Assignment,
    AssignmentStatus,
    Availability,
    Interpreter,
    InterpreterLanguage,
    InterpretingRequest,
    Organisation,
    PartnerContact,
    RequestKind,
    RequestStatus,
    Sector,
    Site,
    Tariff,
    Timesheet,
    TimesheetStatus,
    TranslationKind,
    TranslationOrder,
    TranslationStatus,
    TravelTime,
    Zone,
)
from haven.interpreting.report import KIND_LABELS, SECTOR_LABELS, TRANSLATION_LABELS
from haven.interpreting.services.invoices import invoices_create_month
from haven.interpreting.workdays import BRUSSELS
from haven.reports.registry import report_words


class InterpretingBuilder:
    def __init__(self, *, rng: random.Random, seed_report: dict, staff: dict, faker, stdout=None):
        self.rng = rng
        tables = seed_report["tables"]
        self.users = tables["interpreting_users_by_sector"]
        self.hours = tables["interpreting_hours"]
        self.pages = tables["translation_pages"]
        self.staff = staff
        self.faker = faker
        self.stdout = stdout
        self.zones: dict[str, Zone] = {}
        self.languages = [code for code, _weight in plan.LANGUAGES]
        self.weights = [weight for _code, weight in plan.LANGUAGES]
        self.busy: dict[int, dict[date, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))

    # --- reference data ------------------------------------------------------------------

    def zones_create(self) -> None:
        for code, name, _x, _y in plan.ZONES:
            self.zones[code] = Zone.objects.create(code=code, name=name)
        times = []
        for code, other, minutes in plan.travel_minutes():
            first, second = sorted([self.zones[code], self.zones[other]], key=lambda zone: zone.pk)
            times.append(TravelTime(origin=first, destination=second, minutes=minutes))
        TravelTime.objects.bulk_create(times)

    def tariff_create(self) -> None:
        Tariff.objects.create(**plan.TARIFF)

    def organisations_create(self) -> list[Organisation]:
        """The organisations that used interpreting, translation or both, per sector, then
        the rest of the agreements: ``self.interpreting_users`` and ``self.translation_users``."""
        used_numbers: set[str] = set()
        per_sector, extra = self._sector_counts()
        organisations: list[Organisation] = []
        for sector, _interpreting, _translation, used in per_sector:
            for _index in range(used + extra[sector]):
                prefix = self.rng.choice(plan.SECTOR_NAMES[sector])
                organisations.append(
                    Organisation(
                        name=f"{prefix} {self.faker.last_name()} {len(organisations) + 1}",
                        enterprise_number=plan.enterprise_number(self.rng, used_numbers),
                        sector=sector,
                        email=f"contact{len(organisations) + 1}@partner.demo.haven.invalid",
                    )
                )
        Organisation.objects.bulk_create(organisations)
        self._users_assign(organisations, per_sector, extra)
        agreements = self._sites_and_agreements(organisations)
        agreements += self._ended_agreements(used_numbers)
        Agreement.objects.bulk_create(agreements)
        self.sites = defaultdict(list)
        for site in Site.objects.all():
            self.sites[site.organisation_id].append(site)
        return organisations

    def _sector_counts(self) -> tuple[list[tuple[str, int, int, int]], dict[str, int]]:
        """Per sector of the seed: (sector, interpreting users, translation users, users),
        and the organisations with an agreement that used neither, drawn over the sectors."""
        labels = {report_words(label): sector for sector, label in SECTOR_LABELS.items()}
        per_sector: list[tuple[str, int, int, int]] = [
            (labels[label], interpreting, translation, max(interpreting, translation))
            for label, interpreting, translation in self.users["rows"]
        ]
        non_users = self.users["cooperation_agreements"] - sum(count for *_rest, count in per_sector)
        sectors = list(plan.NON_USER_WEIGHTS)
        extra: dict[str, int] = defaultdict(int)
        for sector in self.rng.choices(sectors, [plan.NON_USER_WEIGHTS[s] for s in sectors], k=non_users):
            extra[sector] += 1
        return per_sector, extra

    def _users_assign(
        self,
        organisations: list[Organisation],
        per_sector: list[tuple[str, int, int, int]],
        extra: dict[str, int],
    ) -> None:
        """The first organisations of each sector's group used interpreting, translation or both."""
        self.interpreting_users, self.translation_users = [], []
        position = 0
        for sector, interpreting, translation, used in per_sector:
            group = organisations[position : position + used + extra[sector]]
            self.interpreting_users.extend(group[:interpreting])
            self.translation_users.extend(group[:translation])
            position += used + extra[sector]

    def _sites_and_agreements(self, organisations: list[Organisation]) -> list[Agreement]:
        """One or two sites per organisation (written) and its running agreement (returned)."""
        sites, agreements = [], []
        for organisation in organisations:
            for index in range(1 if self.rng.random() < 0.75 else 2):
                code = (
                    self.rng.choice(plan.GHENT_ZONES) if self.rng.random() < 0.85 else self.rng.choice(list(self.zones))
                )
                sites.append(
                    Site(
                        organisation=organisation,
                        name="Hoofdzetel" if index == 0 else "Campus 2",
                        street=f"{self.faker.street_name()} {self.rng.randint(1, 200)}",
                        postal_code=code,
                        municipality=plan.POSTAL_PLACES[code],
                        zone=self.zones[code],
                    )
                )
            starts_on = date(self.rng.randint(2010, 2018), self.rng.randint(1, 12), 1)
            agreements.append(
                Agreement(
                    organisation=organisation, starts_on=starts_on, signed_on=starts_on, status=AgreementStatus.ACTIVE
                )
            )
        Site.objects.bulk_create(sites)
        # The invoicing address (on the invoice and the e-invoice) is the head office's.
        for site in sites:
            if site.name == "Hoofdzetel":
                organisation = site.organisation
                organisation.street, organisation.postal_code = site.street, site.postal_code
                organisation.municipality = site.municipality
        Organisation.objects.bulk_update(organisations, ["street", "postal_code", "municipality"], batch_size=500)
        return agreements

    def _ended_agreements(self, used_numbers: set[str]) -> list[Agreement]:
        """Organisations whose agreement ended before the year: not counted."""
        agreements = []
        for _index in range(12):
            ended = Organisation.objects.create(
                name=f"Vzw {self.faker.last_name()} (gestopt)",
                sector=self.rng.choice(list(Sector.values)),
                enterprise_number=plan.enterprise_number(self.rng, used_numbers),
            )
            agreements.append(
                Agreement(
                    organisation=ended,
                    starts_on=date(2012, 1, 1),
                    ends_on=date(2017, 12, 31),
                    signed_on=date(2012, 1, 1),
                    status=AgreementStatus.ENDED,
                )
            )
        return agreements

    def interpreters_create(self) -> None:
        rng = self.rng
        interpreters = []
        for index in range(plan.INTERPRETERS + plan.TRANSLATORS):
            sex = rng.choice(["f", "f", "m"])
            given = self.faker.first_name_female() if sex == "f" else self.faker.first_name_male()
            translator_only = index >= plan.INTERPRETERS
            interpreters.append(
                Interpreter(
                    given_names=given,
                    family_name=self.faker.last_name(),
                    sex=sex,
                    email=f"tolk{index + 1}@freelance.demo.haven.invalid",
                    phone=f"04{rng.randint(70, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                    home_zone=self.zones[rng.choice(list(self.zones))],
                    certified=rng.random() < 0.6,
                    sworn=translator_only or rng.random() < 0.15,
                    modalities=["on_site", "video"] if rng.random() < 0.7 else ["on_site"],
                    interprets=not translator_only,
                    translates=translator_only or rng.random() < 0.1,
                    max_hours_per_week=rng.choice([12, 16, 20, 24, 32]),
                )
            )
        Interpreter.objects.bulk_create(interpreters)
        self.interpreters = list(Interpreter.objects.order_by("id"))
        self.speakers: dict[str, list[Interpreter]] = defaultdict(list)
        self.translators: dict[str, list[Interpreter]] = defaultdict(list)
        languages: list[InterpreterLanguage] = []
        windows: list[Availability] = []
        # Every language gets interpreters in proportion to demand (at least one), then
        # each interpreter a second language now and then.
        pool = [i for i in self.interpreters if i.interprets]
        counts = {code: max(1, round(weight / sum(self.weights) * len(pool) * 1.3)) for code, weight in plan.LANGUAGES}
        order = list(pool)
        rng.shuffle(order)
        cursor = 0
        for code, count in counts.items():
            for _n in range(count):
                interpreter = order[cursor % len(order)]
                cursor += 1
                if code not in {row.language_id for row in languages if row.interpreter_id == interpreter.pk}:
                    dialects = ["Marokkaans", "Syrisch"] if code == "ara" and rng.random() < 0.5 else []
                    languages.append(InterpreterLanguage(interpreter=interpreter, language_id=code, dialects=dialects))
                    self.speakers[code].append(interpreter)
        for interpreter in self.interpreters[plan.INTERPRETERS :]:
            code = rng.choices(self.languages, self.weights)[0]
            languages.append(InterpreterLanguage(interpreter=interpreter, language_id=code))
            languages.append(InterpreterLanguage(interpreter=interpreter, language_id="nld"))
            self.translators[code].append(interpreter)
        InterpreterLanguage.objects.bulk_create(languages)
        for interpreter in pool:
            days = sorted(rng.sample(range(5), rng.randint(3, 5)))
            for weekday in days:
                start, end = rng.choice(
                    [(time(8), time(17)), (time(9), time(13)), (time(12), time(18)), (time(8, 30), time(16, 30))]
                )
                windows.append(Availability(interpreter=interpreter, weekday=weekday, starts_at=start, ends_at=end))
        Availability.objects.bulk_create(windows)

    def logins_link(self, organisations) -> None:
        """The demo's partner login books for a school that used the service; the
        interpreter login is an interpreter with jobs."""
        school = next(o for o in self.interpreting_users if o.sector == Sector.EDUCATION)
        PartnerContact.objects.create(user=self.staff["partner"], organisation=school)
        self.partner_school = school
        for index in range(1, 3):
            contact = user_create(
                username=f"partner-{index}",
                password=None,
                first_name=self.faker.first_name(),
                last_name=self.faker.last_name(),
                roles=["partner"],
                email=f"partner-{index}@partner.demo.haven.invalid",
            )
            PartnerContact.objects.create(user=contact, organisation=self.interpreting_users[index * 7])
        interpreter = self.speakers["ara"][0]
        login = self.staff["interpreter"]
        # One person: the login and the interpreter carry the same name, so the interpreter
        # sees their own name in the page header and on their jobs.
        interpreter.user = login
        interpreter.given_names, interpreter.family_name = login.first_name, login.last_name
        interpreter.save(update_fields=["user", "given_names", "family_name"])

    # --- jobs ------------------------------------------------------------------------------

    def _slot(self, interpreter: Interpreter, day: date, minutes: int) -> datetime | None:
        """A start time on ``day`` between 8:00 and 18:00 where the interpreter is free,
        with half an hour between jobs for travel."""
        busy = self.busy[interpreter.pk][day]
        for _attempt in range(12):
            start = self.rng.randrange(8 * 60, 18 * 60 - minutes + 1, 15) if minutes <= 600 else 8 * 60
            end = start + minutes
            if all(end + 30 <= other_start or start >= other_end + 30 for other_start, other_end in busy):
                busy.append((start, end))
                return datetime.combine(day, time(start // 60, start % 60), tzinfo=BRUSSELS)
        return None

    def jobs_create(self) -> None:
        """The year's interpreting jobs, per kind summing exactly to the seed's hours, spread
        over the interpreting users (each at least once) and the working days."""
        days = plan.working_days(plan.YEAR)
        users = list(self.interpreting_users)
        kinds_and_minutes, owners = self._jobs_draw(users)
        requester = {o.pk: self.staff["dispatcher"] for o in users}
        contacts = dict(PartnerContact.objects.values_list("organisation_id", "user_id"))
        jobs = []
        for (kind, minutes), organisation in zip(kinds_and_minutes, owners, strict=False):
            code, interpreter, starts_at = self._interpreter_slot(kind, days, minutes)
            jobs.append(
                self._job(
                    kind=kind,
                    minutes=minutes,
                    organisation=organisation,
                    code=code,
                    interpreter=interpreter,
                    starts_at=starts_at,
                    requested_by_id=contacts.get(organisation.pk, requester[organisation.pk].pk),
                )
            )
        InterpretingRequest.objects.bulk_create([job.request for job in jobs], batch_size=1000)
        self._jobs_done(jobs)
        if self.stdout:
            self.stdout.write(f"  interpreting {plan.YEAR}: {len(jobs)} jobs for {len(users)} organisations")

    def _jobs_draw(self, users: list[Organisation]) -> tuple[list[tuple[str, int]], list[Organisation]]:
        """The jobs as (kind, minutes), summing to the seed's hours per kind, and who asked
        for each (every user once, the education and health sectors three times as often)."""
        rng = self.rng
        labels = {report_words(label): kind for kind, label in KIND_LABELS.items()}
        jobs: list[tuple[str, int]] = []
        for label, hours in self.hours["rows"]:
            kind = labels[label]
            jobs.extend((kind, minutes) for minutes in plan.split_minutes(rng, hours * 60, plan.DURATIONS[kind]))
        rng.shuffle(jobs)
        weights = plan.request_weights(users)
        owners = users + rng.choices(users, weights, k=len(jobs) - len(users))
        rng.shuffle(owners)
        return jobs, owners

    def _interpreter_slot(self, kind: str, days: list[date], minutes: int) -> tuple[str, Interpreter, datetime]:
        """A language, an interpreter who speaks it (and works by video for a video job) and
        a free start on one of the days."""
        rng = self.rng
        for _attempt in range(200):
            code = rng.choices(self.languages, self.weights)[0]
            speakers = [i for i in self.speakers[code] if kind != RequestKind.VIDEO or "video" in i.modalities]
            if not speakers:
                continue
            interpreter = rng.choice(speakers)
            starts_at = self._slot(interpreter, rng.choice(days), minutes)
            if starts_at:
                return code, interpreter, starts_at
        raise RuntimeError("No free interpreter slot for a demo job.")

    def _job(
        self,
        *,
        kind: str,
        minutes: int,
        organisation: Organisation,
        code: str,
        interpreter: Interpreter,
        starts_at: datetime,
        requested_by_id: int,
    ) -> plan.Job:
        """A done request at the organisation's site (none for video), made days before."""
        rng = self.rng
        planned = max(30, 15 * round(minutes / 15))
        site = None if kind == RequestKind.VIDEO else rng.choice(self.sites[organisation.pk])
        created = starts_at - timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 8))
        request = InterpretingRequest(
            organisation=organisation,
            requested_by_id=requested_by_id,
            kind=kind,
            language_id=code,
            starts_at=starts_at,
            duration_minutes=planned,
            site=site,
            video_link="https://meet.demo.haven.invalid/" + str(rng.randrange(10**6)) if site is None else "",
            subject_sector=organisation.sector,
            status=RequestStatus.DONE,
            created_at=created,
        )
        return plan.Job(request, interpreter, starts_at, planned, minutes, site)

    def _jobs_done(self, jobs: list[plan.Job]) -> None:
        """Each job's confirmed assignment and its approved timesheet (kilometres when on site)."""
        rng = self.rng
        rows = [
            Assignment(
                request=job.request,
                interpreter=job.interpreter,
                starts_at=job.starts_at,
                ends_at=job.starts_at + timedelta(minutes=max(job.planned, job.minutes)),
                status=AssignmentStatus.CONFIRMED,
                why={"code": "fewest_hours", "facts": {}},
                confirmed_at=job.request.created_at + timedelta(days=1),
                confirmed_by=self.staff["dispatcher"],
            )
            for job in jobs
        ]
        Assignment.objects.bulk_create(rows, batch_size=1000)
        sheets = []
        for assignment, job in zip(rows, jobs, strict=False):
            end = job.starts_at + timedelta(minutes=job.minutes)
            km = Decimal(rng.randint(2, 40)) if job.site is not None else Decimal(0)
            sheets.append(
                Timesheet(
                    assignment=assignment,
                    actual_start=job.starts_at,
                    actual_end=end,
                    waiting_minutes=rng.choice([0, 0, 0, 5, 10]),
                    travel_km=km,
                    status=TimesheetStatus.APPROVED,
                    submitted_at=end + timedelta(hours=2),
                    confirmed_at=end + timedelta(days=1),
                    approved_at=end + timedelta(days=3),
                    approved_by=self.staff["dispatcher"],
                )
            )
        Timesheet.objects.bulk_create(sheets, batch_size=1000)

    def translations_create(self) -> None:
        rng = self.rng
        labels: dict[str, str] = {report_words(label): kind for kind, label in TRANSLATION_LABELS.items()}
        orders: list[tuple[str, int]] = []
        for label, pages in self.pages["rows"]:
            kind = labels[label]
            low, high = (1, 4) if kind == TranslationKind.OFFICIAL else (1, 8)
            orders.extend((kind, count) for count in plan.split_pages(rng, pages, low, high))
        rng.shuffle(orders)
        users = list(self.translation_users)
        owners = users + rng.choices(users, k=len(orders) - len(users))
        rng.shuffle(owners)
        translator_codes = [code for code in self.languages if self.translators[code]]
        rows = []
        for (kind, pages), organisation in zip(orders, owners, strict=False):
            code = rng.choice(translator_codes)
            delivered = date(plan.YEAR, 1, 2) + timedelta(days=rng.randint(0, 360))
            created = datetime.combine(delivered - timedelta(days=rng.randint(3, 15)), time(10), tzinfo=BRUSSELS)
            official = kind == TranslationKind.OFFICIAL
            rows.append(
                TranslationOrder(
                    organisation=organisation,
                    requested_by=self.staff["dispatcher"],
                    title=rng.choice(["Geboorteakte", "Diploma", "Huwelijksakte", "Rijbewijs"])
                    if official
                    else rng.choice(["Brief aan ouders", "Schoolreglement", "Uitnodiging oudercontact", "Folder"]),
                    kind=kind,
                    source_language_id=code if official else "nld",
                    target_language_id="nld" if official else code,
                    pages=pages,
                    deadline=delivered + timedelta(days=2),
                    translator=rng.choice(self.translators[code]),
                    status=TranslationStatus.DELIVERED,
                    created_at=created,
                    delivered_on=delivered,
                )
            )
        TranslationOrder.objects.bulk_create(rows, batch_size=1000)
        if self.stdout:
            self.stdout.write(f"  translations {plan.YEAR}: {len(rows)} orders for {len(users)} organisations")

    def invoices_create(self) -> None:
        """The invoices of every month of the year, each month's run issued on the first
        working day of the next month, as the dispatcher would have made them."""
        count = 0
        for month in range(1, 13):
            issued_on = next(day for day in plan.working_days(plan.YEAR + month // 12) if day.month == month % 12 + 1)
            count += len(
                invoices_create_month(month=date(plan.YEAR, month, 1), by=self.staff["dispatcher"], issued_on=issued_on)
            )
        if self.stdout:
            self.stdout.write(f"  invoices {plan.YEAR}: {count} invoices of 12 months")

    def open_week_create(self) -> None:
        """Requests for next week's working days, not dispatched yet: the dispatcher's work
        at the booking cut-off."""
        rng = self.rng
        now = timezone.now()
        first, days = plan.open_week(now)
        users = list(self.interpreting_users)
        weights = plan.request_weights(users)
        contacts = dict(PartnerContact.objects.values_list("organisation_id", "user_id"))
        requests = []
        for _index in range(plan.OPEN_WEEK_REQUESTS):
            organisation = self.partner_school if _index < 6 else rng.choices(users, weights)[0]
            kind = rng.choices(list(RequestKind.values), [78, 10, 2, 10])[0]
            minutes = rng.choice(plan.DURATIONS[kind])
            start = rng.randrange(8 * 60, 17 * 60 - minutes + 1, 15)
            starts_at = datetime.combine(rng.choice(days), time(start // 60, start % 60), tzinfo=BRUSSELS)
            site = None if kind == RequestKind.VIDEO else rng.choice(self.sites[organisation.pk])
            requests.append(
                InterpretingRequest(
                    organisation=organisation,
                    requested_by_id=contacts.get(organisation.pk, self.staff["dispatcher"].pk),
                    kind=kind,
                    language_id=rng.choices(self.languages, self.weights)[0],
                    starts_at=starts_at,
                    duration_minutes=minutes,
                    site=site,
                    video_link="https://meet.demo.haven.invalid/" + str(rng.randrange(10**6)) if site is None else "",
                    subject_sector=organisation.sector,
                    urgent=rng.random() < 0.08,
                    certified_required=rng.random() < 0.1,
                    preferred_sex=rng.choice(["", "", "", "f", "m"]),
                    created_at=now - timedelta(days=rng.randint(1, 12), minutes=rng.randint(0, 600)),
                )
            )
        InterpretingRequest.objects.bulk_create(requests)
        if self.stdout:
            self.stdout.write(f"  interpreting: {len(requests)} open requests for the week of {first:%d/%m/%Y}")

    def build(self) -> None:
        self.zones_create()
        self.tariff_create()
        organisations = self.organisations_create()
        self.interpreters_create()
        self.logins_link(organisations)
        self.jobs_create()
        self.translations_create()
        self.invoices_create()
        self.open_week_create()
