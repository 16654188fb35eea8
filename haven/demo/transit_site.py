"""Demo records of the transit site (doortrekkersterrein) for 2018 and 2019, and a few
families on the site today.

The 2019 figures come from the seed's ``transit_site`` table: the places (25 caravans),
the families who stayed (211: each head of family a new person, registered through the
people service), the lesson days per week (3 until March 2019, then 4: a dated setting),
the children per lesson day (11) and their age (8), which the report averages from the
attendance. 2018 is smaller (fewer families, the report says the number rose), with
three lesson days a week. Mostly French "gens du voyage".

The families' stays are planned against a day-by-day count of the caravans, so they fit
the places; the 2019 stays go through ``stay_create`` (which checks the places, the
family's other stays and the dates again), 2018's through ``bulk_create``. The children
are records of the stays (not registry persons) and the attendance is written in bulk.
The builder checks its own 2019 figures against the seed.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from faker import Faker

from haven.accounts.models import User
from haven.core.dates import age_on
from haven.demo.population import NumberFactory
from haven.people.models import Person, Sex
from haven.people.services import person_create
from haven.transit_site import services
from haven.transit_site.models import (
    ArrivalNotice,
    Attendance,
    Child,
    LanguageGroup,
    LessonDays,
    NoticeState,
    Site,
    Stay,
)
from haven.transit_site.report import ROW_LABELS, transit_site
from haven.transit_site.services import ChildValues

YEAR = 2019
FAMILIES_2018 = 178  # returning families of 2019's; the report: "een stijging tegenover vorig jaar"
CHILDREN_PER_DAY_2018 = 9
SEASON = ((3, 1), (10, 31))  # the site is open from March to October
LESSON_WEEKDAYS = "0124" + "3"  # Monday, Tuesday, Wednesday, Friday (a fifth day if ever five)
FOUR_DAYS_FROM = date(2019, 3, 4)
NATIONALITIES = [("FR", 86), ("BE", 7), ("NL", 3), ("DE", 2), ("CH", 2)]
MIN_AGE, MAX_AGE = 3, 13  # the children at the lessons: pre-school and primary school


@dataclass
class Family:
    head: Person | None
    nationality: str
    caravans: int
    household: int
    children: list[tuple[str, date, LanguageGroup]]  # first name, birth date, language group
    stays: dict[int, tuple[date, date]] = field(default_factory=dict)


class TransitSiteBuilder:
    def __init__(
        self, *, rng: random.Random, seed_report: dict, staff: dict, numbers: NumberFactory | None = None, stdout=None
    ):
        self.rng = rng
        # The population's numbers (unique across the demo); a BIS number each, as for
        # foreigners who are not in the national register.
        self.numbers = numbers or NumberFactory(rng)
        self.seed_rows = [list(row) for row in seed_report["tables"]["transit_site"]["rows"]]
        # The seed's rows in the report's order (ROW_LABELS), read by position.
        self.figures = {key: int(row[1]) for key, row in zip(ROW_LABELS, self.seed_rows, strict=True)}
        self.by: User = staff["programme_staff"]
        self.stdout = stdout
        self.faker = Faker("fr_FR")
        self.faker.seed_instance(rng.randint(0, 2**31))

    def _figure(self, key: str) -> int:
        return self.figures[key]

    # --- the site -------------------------------------------------------------------------

    def site_create(self) -> Site:
        site = Site.objects.create(
            name="Doortrekkersterrein Drongensesteenweg",
            address="Drongensesteenweg, Gent",
            places=self._figure("capacity"),
        )
        days = self._figure("lesson_days")
        services.lesson_days_set(site=site, valid_from=date(2018, 1, 1), weekdays=[0, 2, 4], by=self.by)
        services.lesson_days_set(
            site=site, valid_from=FOUR_DAYS_FROM, weekdays=[int(day) for day in LESSON_WEEKDAYS[:days]], by=self.by
        )
        return site

    # --- the families ---------------------------------------------------------------------

    def families_plan(self, count: int) -> list[Family]:
        """Families with their children; the children's ages at the 2019 season are
        drawn in pairs around the seed's average, so the children reached average to it."""
        rng, average = self.rng, self._figure("age")
        sizes = [rng.choices([0, 1, 2, 3, 4, 5], weights=[10, 18, 26, 24, 14, 8])[0] for _ in range(count)]
        spread = min(average - MIN_AGE, MAX_AGE - average)
        ages: list[int] = []
        while len(ages) < sum(sizes):
            offset = rng.randint(0, spread)
            ages += [average + offset, average - offset]
        rng.shuffle(ages)
        families, next_age = [], iter(ages)
        codes, weights = zip(*NATIONALITIES, strict=True)
        for size in sizes:
            nationality = rng.choices(codes, weights=weights)[0]
            children = []
            for _ in range(size):
                age = next(next_age)
                born = date(YEAR - age - 1, 7, 1) + timedelta(days=rng.randint(0, 240))
                language = LanguageGroup.FRENCH if nationality in ("FR", "BE", "CH") else LanguageGroup.ENGLISH
                children.append((self.faker.first_name(), born, language))
            adults = rng.choice([1, 2, 2, 2, 3])
            caravans = rng.choices([1, 2, 3], weights=[45, 40, 15])[0]
            families.append(Family(None, nationality, caravans, adults + size, children))
        return families

    def heads_create(self, families: list[Family]) -> None:
        """Each head of family a new person of the registry (one per family)."""
        for family in families:
            sex = self.rng.choice([Sex.MALE, Sex.MALE, Sex.FEMALE])
            given = self.faker.first_name_male() if sex == Sex.MALE else self.faker.first_name_female()
            born = date(self.rng.randint(1960, 1996), self.rng.randint(1, 12), self.rng.randint(1, 28))
            family.head = person_create(
                by=self.by,
                values={
                    "given_names": given,
                    "family_name": self.faker.last_name(),
                    "birth_date": born,
                    "sex": sex,
                    "national_number": self.numbers.make(born, sex, "bis"),
                    "nationality": family.nationality,
                },
                purpose="programme",
                allow_similar=True,
            )

    # --- the stays --------------------------------------------------------------------------

    def stays_plan(self, families: list[Family], year: int, places: int) -> None:
        """One stay per family in the season, placed where its caravans fit every day."""
        first, last = date(year, *SEASON[0]), date(year, *SEASON[1])
        taken = {first + timedelta(days=n): 0 for n in range((last - first).days + 1)}
        span = (last - first).days
        for family in families:
            for _attempt in range(400):
                length = self.rng.choice([4, 5, 7, 7, 10, 12, 14, 14, 21])
                arrival = first + timedelta(days=self.rng.randint(0, span - length))
                days = [arrival + timedelta(days=n) for n in range(length)]
                if all(taken[day] + family.caravans <= places for day in days):
                    for day in days:
                        taken[day] += family.caravans
                    family.stays[year] = (arrival, arrival + timedelta(days=length))
                    break
            else:
                raise RuntimeError("The transit site's demo stays do not fit the places.")

    def _values(self, family: Family, arrival: date, departure: date) -> dict:
        early = self.rng.random() < 0.15 and (departure - arrival).days > 4
        return {
            "household_size": family.household,
            "nationality": family.nationality,
            "caravans": family.caravans,
            "arrival": arrival,
            "planned_departure": departure,
            "departure": departure - timedelta(days=1) if early else departure,
            "deposit_paid": Decimal(100 * family.caravans),
            "fees_paid": Decimal(5 * family.caravans * (departure - arrival).days),
            "rules_signed": True,
        }

    def stays_create(self, site: Site, families: list[Family], year: int) -> list[tuple[Stay, list[Child]]]:
        made = []
        for family in families:
            arrival, departure = family.stays[year]
            children = [ChildValues(name, born, language) for name, born, language in family.children]
            assert family.head is not None
            stay = services.stay_create(
                site=site,
                head=family.head,
                values=self._values(family, arrival, departure),
                children=children,
                by=self.by,
            )
            made.append((stay, list(stay.children.all())))
        return made

    def stays_bulk(self, site: Site, families: list[Family], year: int) -> list[tuple[Stay, list[Child]]]:
        stays = []
        for family in families:
            arrival, departure = family.stays[year]
            stays.append(
                Stay(site=site, head=family.head, created_by=self.by, **self._values(family, arrival, departure))
            )
        Stay.objects.bulk_create(stays)
        children = [
            [
                Child(stay=stay, first_name=name, birth_date=born, language_group=language)
                for name, born, language in family.children
            ]
            for stay, family in zip(stays, families, strict=True)
        ]
        Child.objects.bulk_create([child for group in children for child in group])
        return list(zip(stays, children, strict=True))

    # --- the lessons ------------------------------------------------------------------------

    def attendance_create(self, site: Site, made: list[tuple[Stay, list[Child]]], year: int, per_day: int) -> int:
        """On each lesson day with enough children of lesson age on the site, about
        ``per_day`` of them present (one fewer, as many or one more, evenly drawn)."""
        first, last = date(year, *SEASON[0]), date(year, *SEASON[1])
        settings = list(LessonDays.objects.filter(site=site).order_by("valid_from"))
        rows, day = [], first
        while day <= last:
            in_force = [setting for setting in settings if setting.valid_from <= day]
            if in_force and in_force[-1].is_lesson_day(day):
                pool = [
                    child
                    for stay, children in made
                    if stay.on_site(day)
                    for child in children
                    if MIN_AGE <= age_on(child.birth_date, day) <= MAX_AGE
                ]
                if len(pool) > per_day:
                    present = self.rng.sample(pool, per_day + self.rng.choice([-1, 0, 1]))
                    rows += [Attendance(child=child, day=day) for child in present]
            day += timedelta(days=1)
        Attendance.objects.bulk_create(rows)
        return len(rows)

    # --- the arrivals list and today --------------------------------------------------------

    def notices_create(self, site: Site, families: list[Family]) -> None:
        """Families announced while the site was full in 2019, most of whom came later; off
        the list now, so their names and phones are erased (see ArrivalNotice)."""
        notices = []
        for index in range(12):
            announced = date(YEAR, 7, 1) + timedelta(days=3 * index)
            notices.append(
                ArrivalNotice(
                    site=site,
                    caravans=self.rng.choice([1, 2, 3]),
                    announced_on=announced,
                    expected_arrival=announced + timedelta(days=self.rng.randint(2, 10)),
                    state=NoticeState.CANCELLED if index % 4 == 3 else NoticeState.ARRIVED,
                    created_by=self.by,
                )
            )
        ArrivalNotice.objects.bulk_create(notices)

    def today_create(self, site: Site, families: list[Family]) -> None:
        """A few families on the site this month (through the services), one announced."""
        today = timezone.localdate()
        for index, family in enumerate(families[:8]):
            assert family.head is not None
            arrival = today - timedelta(days=index * 2)
            values = self._values(family, arrival, arrival + timedelta(days=14 + index))
            values["departure"] = None
            services.stay_create(
                site=site,
                head=family.head,
                values=values,
                children=[ChildValues(name, born, language) for name, born, language in family.children],
                by=self.by,
            )
        services.notice_create(
            site=site,
            values={
                "family_name": self.faker.last_name(),
                "caravans": 2,
                "announced_on": today,
                "expected_arrival": today + timedelta(days=5),
            },
            by=self.by,
        )

    def build(self) -> Site:
        site = self.site_create()
        families = self.families_plan(self._figure("families"))
        self.heads_create(families)
        self.stays_plan(families, YEAR, site.places)
        returning = sorted(self.rng.sample(range(len(families)), FAMILIES_2018))
        earlier = [families[index] for index in returning]
        self.stays_plan(earlier, YEAR - 1, site.places)
        made_2018 = self.stays_bulk(site, earlier, YEAR - 1)
        made_2019 = self.stays_create(site, families, YEAR)
        self.attendance_create(site, made_2018, YEAR - 1, CHILDREN_PER_DAY_2018)
        attendance = self.attendance_create(site, made_2019, YEAR, self._figure("children_per_day"))
        self.notices_create(site, families)
        self.today_create(site, families)
        rows = transit_site(YEAR).rows
        if [row[1] for row in rows] != [row[1] for row in self.seed_rows]:
            raise RuntimeError(f"The transit site's demo counts {rows}, the seed {self.seed_rows}.")
        if self.stdout:
            self.stdout.write(f"  transit site {YEAR}: {len(families)} families, {attendance} attendances")
        return site
