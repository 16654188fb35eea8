"""Demo records of social interpreting and translation: zones and travel times, the tariff,
534 partner organisations with their agreements and addresses, freelance interpreters and
translators in 33 languages with their weekly availability, the jobs of 2019 (requests,
confirmed assignments, approved performance sheets, a few cancellations and unfilled
requests), the translations delivered in 2019, and an open week of requests to dispatch.

The counts come from the seed's tables ``interpreting_users_by_sector``,
``interpreting_hours`` and ``translation_pages``; the report counts these records. No
interpreter is ever booked twice at once (the database refuses it on PostgreSQL).
"""

import math
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from haven.accounts.services import user_create
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
from haven.interpreting.workdays import BRUSSELS, add_working_days, is_working_day

# Zones: postal areas of Ghent and the towns around it, with a rough position (km) for
# the travel times.
ZONES = [
    ("9000", "Gent centrum", 0, 0),
    ("9030", "Mariakerke", -4, 3),
    ("9031", "Drongen", -7, 1),
    ("9032", "Wondelgem", -2, 5),
    ("9040", "Sint-Amandsberg", 3, 2),
    ("9041", "Oostakker", 5, 5),
    ("9042", "Desteldonk", 6, 10),
    ("9050", "Gentbrugge-Ledeberg", 3, -2),
    ("9051", "Sint-Denijs-Westrem", -4, -4),
    ("9052", "Zwijnaarde", 0, -6),
    ("9820", "Merelbeke", 4, -7),
    ("9800", "Deinze", -16, -6),
    ("9900", "Eeklo", -10, 18),
    ("9300", "Aalst", 25, -10),
    ("9200", "Dendermonde", 24, 4),
]
GHENT_ZONES = [code for code, *_rest in ZONES[:11]]
# The 33 languages, by how often they are asked (interpreters are found in the same measure).
LANGUAGES = [
    ("tur", 14),
    ("ara", 13),
    ("bul", 11),
    ("slk", 8),
    ("rus", 6),
    ("prs", 6),
    ("pus", 5),
    ("fas", 4),
    ("som", 4),
    ("tir", 4),
    ("ron", 3),
    ("pol", 3),
    ("sqi", 3),
    ("ukr", 2),
    ("kmr", 2),
    ("ckb", 2),
    ("urd", 2),
    ("amh", 1.5),
    ("spa", 1.5),
    ("por", 1.2),
    ("fra", 1.2),
    ("eng", 1),
    ("zho", 1),
    ("hin", 0.8),
    ("ben", 0.6),
    ("srp", 0.6),
    ("vie", 0.5),
    ("mkd", 0.4),
    ("lin", 0.4),
    ("hye", 0.3),
    ("kat", 0.3),
    ("tha", 0.3),
    ("ful", 0.2),
]
SECTOR_NAMES = {
    Sector.FAMILY_SOCIAL_WELFARE: ["Huis van het Kind", "Gezinsbond", "OCMW-dienst", "Kinderopvang"],
    Sector.HEALTH: ["AZ", "Wijkgezondheidscentrum", "Revalidatiecentrum", "Psychiatrisch Centrum", "CGG"],
    Sector.EDUCATION: ["Basisschool", "Secundaire school", "Atheneum", "CLB", "Instituut"],
    Sector.PUBLIC_SERVICES: ["Dienst Burgerzaken", "Politiezone", "Rechtbank", "Dienst Vreemdelingenzaken"],
    Sector.SOCIAL_HOUSING: ["Sociale Huisvestingsmaatschappij"],
    Sector.EMPLOYMENT: ["Werkwinkel", "Sociale economie", "Uitzendkantoor"],
    Sector.INTEGRATION: ["Agentschap Integratie"],
    Sector.WELFARE_FAMILY: ["CAW", "Dienstencentrum", "Jongerenwelzijn", "Vluchtelingenwerk"],
    Sector.OTHER: ["Vzw", "Sportclub", "Cultuurcentrum"],
}
# Weights of the sectors of the organisations that have an agreement but used nothing in the year.
NON_USER_WEIGHTS = {
    Sector.EDUCATION: 40,
    Sector.HEALTH: 12,
    Sector.WELFARE_FAMILY: 14,
    Sector.FAMILY_SOCIAL_WELFARE: 8,
    Sector.PUBLIC_SERVICES: 10,
    Sector.OTHER: 8,
    Sector.EMPLOYMENT: 4,
    Sector.SOCIAL_HOUSING: 2,
    Sector.INTEGRATION: 2,
}
DURATIONS = {
    RequestKind.ON_SITE: [45, 60, 60, 60, 75, 90, 90, 120],
    RequestKind.VIDEO: [30, 45, 60, 60],
    RequestKind.GROUP: [120, 150, 180],
    RequestKind.GROUP_CONVERSATION: [90, 120, 120, 150],
}
INTERPRETERS = 120
TRANSLATORS = 24
OPEN_WEEK_REQUESTS = 160
YEAR = 2019


def enterprise_number(rng: random.Random, used: set[str]) -> str:
    """A 10-digit enterprise number valid in form (0 and seven digits, then 97 minus that
    number modulo 97); python-stdnum checks it when the organisation is cleaned."""
    while True:
        body = f"0{rng.randrange(2_000_000, 9_999_999):07d}"
        number = f"{body}{97 - int(body) % 97:02d}"
        if number not in used:
            used.add(number)
            return number


def _split_minutes(rng: random.Random, total: int, choices: list[int]) -> list[int]:
    """Durations (minutes) drawn from ``choices`` that add up to exactly ``total``."""
    durations, left = [], total
    while left > 180:
        duration = rng.choice(choices)
        durations.append(duration)
        left -= duration
    if left >= 30 or not durations:
        durations.append(left)
    else:
        durations[-1] += left
    return durations


def _split_pages(rng: random.Random, total: int, low: int, high: int) -> list[int]:
    pages, left = [], total
    while left > high:
        count = rng.randint(low, high)
        pages.append(count)
        left -= count
    if left:
        pages.append(left)
    return pages


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
        self.languages = [code for code, _weight in LANGUAGES]
        self.weights = [weight for _code, weight in LANGUAGES]
        self.busy: dict[int, dict[date, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))

    # --- reference data ------------------------------------------------------------------

    def zones_create(self) -> None:
        for code, name, _x, _y in ZONES:
            self.zones[code] = Zone.objects.create(code=code, name=name)
        times = []
        for index, (code, _name, x, y) in enumerate(ZONES):
            for other, _other_name, x2, y2 in ZONES[index + 1 :]:
                distance = math.hypot(x - x2, y - y2)
                minutes = 5 * round((10 + 2.2 * distance) / 5)
                first, second = sorted([self.zones[code], self.zones[other]], key=lambda zone: zone.pk)
                times.append(TravelTime(origin=first, destination=second, minutes=minutes))
        TravelTime.objects.bulk_create(times)

    def tariff_create(self) -> None:
        Tariff.objects.create(
            name="Vlaamse regeling sociaal tolken",
            valid_from=date(2018, 1, 1),
            first_hour=Decimal("8.00"),
            per_quarter=Decimal("2.00"),
            per_km=Decimal("0.33"),
            km_cap=150,
            late_cancellation=Decimal("8.00"),
            video_per_hour=Decimal("8.00"),
            page_informative=Decimal("22.00"),
            page_official=Decimal("30.00"),
        )

    def organisations_create(self) -> dict[str, list[Organisation]]:
        """The organisations that used interpreting, translation or both, per sector, then
        the rest of the agreements: ``self.interpreting_users`` and ``self.translation_users``."""
        rows = self.users["rows"]
        used_numbers: set[str] = set()
        organisations, per_sector = [], []
        labels = {label: sector for sector, label in SECTOR_LABELS.items()}
        for label, interpreting, translation in rows:
            sector = labels[label]
            per_sector.append((sector, interpreting, translation, max(interpreting, translation)))
        total = self.users["cooperation_agreements"]
        non_users = total - sum(count for *_rest, count in per_sector)
        sectors = list(NON_USER_WEIGHTS)
        extra = defaultdict(int)
        for sector in self.rng.choices(sectors, [NON_USER_WEIGHTS[s] for s in sectors], k=non_users):
            extra[sector] += 1
        self.interpreting_users, self.translation_users = [], []
        for sector, interpreting, translation, used in per_sector:
            for index in range(used + extra[sector]):
                prefix = self.rng.choice(SECTOR_NAMES[sector])
                organisations.append(
                    Organisation(
                        name=f"{prefix} {self.faker.last_name()} {len(organisations) + 1}",
                        enterprise_number=enterprise_number(self.rng, used_numbers),
                        sector=sector,
                        email=f"contact{len(organisations) + 1}@partner.demo.haven.invalid",
                    )
                )
        Organisation.objects.bulk_create(organisations)
        position = 0
        for sector, interpreting, translation, used in per_sector:
            group = organisations[position : position + used + extra[sector]]
            self.interpreting_users.extend(group[:interpreting])
            self.translation_users.extend(group[:translation])
            position += used + extra[sector]
        sites, agreements = [], []
        for organisation in organisations:
            for index in range(1 if self.rng.random() < 0.75 else 2):
                code = self.rng.choice(GHENT_ZONES) if self.rng.random() < 0.85 else self.rng.choice(list(self.zones))
                sites.append(
                    Site(
                        organisation=organisation,
                        name="Hoofdzetel" if index == 0 else "Campus 2",
                        street=f"{self.faker.street_name()} {self.rng.randint(1, 200)}",
                        postal_code=code,
                        municipality=self.zones[code].name.split("-")[0],
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
        # Organisations whose agreement ended before the year: not counted.
        for _index in range(12):
            ended = Organisation.objects.create(
                name=f"Vzw {self.faker.last_name()} (gestopt)",
                sector=self.rng.choice(list(Sector.values)),
                enterprise_number=enterprise_number(self.rng, used_numbers),
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
        Agreement.objects.bulk_create(agreements)
        self.sites = defaultdict(list)
        for site in Site.objects.all():
            self.sites[site.organisation_id].append(site)
        return organisations

    def interpreters_create(self) -> None:
        rng = self.rng
        interpreters = []
        for index in range(INTERPRETERS + TRANSLATORS):
            sex = rng.choice(["f", "f", "m"])
            given = self.faker.first_name_female() if sex == "f" else self.faker.first_name_male()
            translator_only = index >= INTERPRETERS
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
        languages, windows = [], []
        # Every language gets interpreters in proportion to demand (at least one), then
        # each interpreter a second language now and then.
        pool = [i for i in self.interpreters if i.interprets]
        counts = {code: max(1, round(weight / sum(self.weights) * len(pool) * 1.3)) for code, weight in LANGUAGES}
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
        for interpreter in self.interpreters[INTERPRETERS:]:
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
        interpreter.user = self.staff["interpreter"]
        interpreter.save(update_fields=["user"])

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

    def _working_days(self, year: int) -> list[date]:
        day, days = date(year, 1, 1), []
        while day.year == year:
            if is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def jobs_create(self) -> None:
        """The year's interpreting jobs, per kind summing exactly to the seed's hours, spread
        over the interpreting users (each at least once) and the working days."""
        rng = self.rng
        days = self._working_days(YEAR)
        labels = {label: kind for kind, label in KIND_LABELS.items()}
        jobs = []
        for label, hours in self.hours["rows"]:
            kind = labels[label]
            jobs.extend((kind, minutes) for minutes in _split_minutes(rng, hours * 60, DURATIONS[kind]))
        rng.shuffle(jobs)
        users = list(self.interpreting_users)
        weights = [3 if o.sector in (Sector.EDUCATION, Sector.HEALTH) else 1 for o in users]
        owners = users + rng.choices(users, weights, k=len(jobs) - len(users))
        rng.shuffle(owners)
        requests, assignments, sheets = [], [], []
        requester = {o.pk: self.staff["dispatcher"] for o in users}
        contacts = dict(PartnerContact.objects.values_list("organisation_id", "user_id"))
        for (kind, minutes), organisation in zip(jobs, owners, strict=False):
            for _attempt in range(200):
                code = rng.choices(self.languages, self.weights)[0]
                speakers = [i for i in self.speakers[code] if kind != RequestKind.VIDEO or "video" in i.modalities]
                if not speakers:
                    continue
                interpreter = rng.choice(speakers)
                starts_at = self._slot(interpreter, rng.choice(days), minutes)
                if starts_at:
                    break
            else:
                raise RuntimeError("No free interpreter slot for a demo job.")
            planned = max(30, 15 * round(minutes / 15))
            site = None if kind == RequestKind.VIDEO else rng.choice(self.sites[organisation.pk])
            created = starts_at - timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 8))
            request = InterpretingRequest(
                organisation=organisation,
                requested_by_id=contacts.get(organisation.pk, requester[organisation.pk].pk),
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
            requests.append(request)
            assignments.append((request, interpreter, starts_at, planned, minutes, site))
        InterpretingRequest.objects.bulk_create(requests, batch_size=1000)
        rows = []
        for request, interpreter, starts_at, planned, minutes, site in assignments:
            rows.append(
                Assignment(
                    request=request,
                    interpreter=interpreter,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(minutes=max(planned, minutes)),
                    status=AssignmentStatus.CONFIRMED,
                    why={"code": "fewest_hours", "facts": {}},
                    confirmed_at=request.created_at + timedelta(days=1),
                    confirmed_by=self.staff["dispatcher"],
                )
            )
        Assignment.objects.bulk_create(rows, batch_size=1000)
        for assignment, (_request, _interpreter, starts_at, _planned, minutes, site) in zip(
            rows, assignments, strict=False
        ):
            end = starts_at + timedelta(minutes=minutes)
            km = Decimal(rng.randint(2, 40)) if site is not None else Decimal(0)
            sheets.append(
                Timesheet(
                    assignment=assignment,
                    actual_start=starts_at,
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
        if self.stdout:
            self.stdout.write(f"  interpreting {YEAR}: {len(requests)} jobs for {len(users)} organisations")

    def translations_create(self) -> None:
        rng = self.rng
        labels = {label: kind for kind, label in TRANSLATION_LABELS.items()}
        orders = []
        for label, pages in self.pages["rows"]:
            kind = labels[label]
            low, high = (1, 4) if kind == TranslationKind.OFFICIAL else (1, 8)
            orders.extend((kind, count) for count in _split_pages(rng, pages, low, high))
        rng.shuffle(orders)
        users = list(self.translation_users)
        owners = users + rng.choices(users, k=len(orders) - len(users))
        rng.shuffle(owners)
        translator_codes = [code for code in self.languages if self.translators[code]]
        rows = []
        for (kind, pages), organisation in zip(orders, owners, strict=False):
            code = rng.choice(translator_codes)
            delivered = date(YEAR, 1, 2) + timedelta(days=rng.randint(0, 360))
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
            self.stdout.write(f"  translations {YEAR}: {len(rows)} orders for {len(users)} organisations")

    def open_week_create(self) -> None:
        """Requests for next week's working days, not dispatched yet: the dispatcher's work
        at the booking cut-off."""
        rng = self.rng
        now = timezone.now()
        monday = now.astimezone(BRUSSELS).date() + timedelta(days=7 - now.astimezone(BRUSSELS).weekday())
        first = max(monday, add_working_days(now.astimezone(BRUSSELS).date(), 2))
        days = [
            first + timedelta(days=offset)
            for offset in range(7)
            if (first + timedelta(days=offset)).isocalendar()[1] == first.isocalendar()[1]
            and is_working_day(first + timedelta(days=offset))
        ]
        users = list(self.interpreting_users)
        weights = [3 if o.sector in (Sector.EDUCATION, Sector.HEALTH) else 1 for o in users]
        contacts = dict(PartnerContact.objects.values_list("organisation_id", "user_id"))
        requests = []
        for _index in range(OPEN_WEEK_REQUESTS):
            organisation = self.partner_school if _index < 6 else rng.choices(users, weights)[0]
            kind = rng.choices(list(RequestKind.values), [78, 10, 2, 10])[0]
            minutes = rng.choice(DURATIONS[kind])
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
        self.open_week_create()
