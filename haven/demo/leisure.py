"""Demo records of the leisure line: the organisations people are referred to (Ghent's
public services by their own names, the associations and clubs Faker-made), referrals of
minors and adults to leisure activities and volunteering with their outcomes, Dagje
Planeet Gent with its pupils per OKAN school, and the participation markets with their
visitors per stand, for 2018 and 2019.

The 2019 figures are the seed's ``leisure`` table: 50 distinct minors and 144 distinct
adults referred (age on the referral date), 320 pupils at Dagje Planeet Gent on 26
September 2019, three participation markets of about 120 visitors each. The report prints
no 2018 figures; 2018 is made a little smaller (the line grew). The referred are the demo's
newcomers already registered on the referral date; some are referred twice in a year
(counted once). Every referral is checked by the service's rules
(``services._referral_check``) and written in bulk.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from haven.leisure import services
from haven.leisure.models import (
    ADULT_AGE,
    Event,
    EventKind,
    EventTally,
    LeisureOutcome,
    Organisation,
    OrganisationKind,
    Referral,
    ReferralKind,
)
from haven.people.models import Person

# Ghent's public services, by their own names (public institutions); the rest is Faker-made.
PUBLIC = [
    ("Sportdienst Stad Gent", OrganisationKind.SPORT, "Zwemles, Sportkampen"),
    ("Bibliotheek De Krook", OrganisationKind.CULTURE, "Voorleesuurtje, Taalcafé"),
    ("Jeugddienst Stad Gent", OrganisationKind.YOUTH, "Speelpleinwerking"),
    ("Vrijwilligerspunt Gent", OrganisationKind.VOLUNTEERING, "Vrijwilligerswerk"),
]
CLUBS = {
    OrganisationKind.SPORT: ("Voetbalclub {} vzw", ["Voetbaltraining", "Minivoetbal"]),
    OrganisationKind.CULTURE: ("Muziekschool {} vzw", ["Gitaarles", "Koor", "Theaterworkshop"]),
    OrganisationKind.YOUTH: ("Jeugdhuis {}", ["Huiswerkbegeleiding", "Jeugdbeweging"]),
    OrganisationKind.COMMUNITY: ("Buurtwerking {} vzw", ["Naaiatelier", "Moestuin", "Buurtrestaurant"]),
    OrganisationKind.VOLUNTEERING: (
        "Kringloopcentrum {} vzw",
        ["Vrijwilligerswerk winkel", "Vrijwilligerswerk atelier"],
    ),
}
CLUBS_PER_KIND = 2
# Distinct people referred per year: 2019 from the seed, 2018 a little smaller.
PEOPLE_2018 = {"minors": 41, "adults": 122}
PLANEET_2018 = 284
MARKETS = {2018: [(3, 21), (10, 17)], 2019: [(3, 20), (6, 12), (11, 14)]}  # (month, day)
PLANEET_DAY = {2018: date(2018, 9, 27), 2019: date(2019, 9, 26)}
SCHOOLS = 9
REPEATED = 0.12  # the share of people referred a second time in the year
VOLUNTEERING_SHARE = 0.35  # of the adults' referrals
OUTCOMES = [
    (LeisureOutcome.STARTED, 60),
    (LeisureOutcome.STOPPED, 14),
    (LeisureOutcome.NO_SHOW, 16),
    (LeisureOutcome.PENDING, 10),
]


class LeisureBuilder:
    def __init__(self, *, rng: random.Random, seed_report: dict, staff: dict, faker, stdout=None):
        self.rng = rng
        # The seed's rows in the report's order (report.ROW_LABELS): minors, pupils, adults, markets.
        minors, planeet, adults, markets = (value for _label, value in seed_report["tables"]["leisure"]["rows"])
        self.people_2019 = {"minors": minors, "adults": adults}
        self.planeet_2019 = planeet
        if markets != len(MARKETS[2019]):
            raise ValueError(f"The seed has {markets} participation markets, the demo plans {len(MARKETS[2019])}.")
        self.staff = staff["programme_staff"]
        self.faker = faker
        self.stdout = stdout
        self.organisations: dict[str, list[tuple[Organisation, list[str]]]] = {}

    def build(self, people: list[Person]) -> None:
        self.organisations_create()
        self.referrals_create(people, 2018, PEOPLE_2018)
        self.referrals_create(people, 2019, self.people_2019)
        for year in (2018, 2019):
            self.planeet_create(year, PLANEET_2018 if year == 2018 else self.planeet_2019)
            self.markets_create(year)
        if self.stdout:
            self.stdout.write(f"Leisure: {Referral.objects.count()} referrals, {Event.objects.count()} events.")

    # --- reference data -------------------------------------------------------------

    def organisations_create(self) -> None:
        made = [(name, kind, activities.split(", ")) for name, kind, activities in PUBLIC]
        names = set()
        for kind, (pattern, activities) in CLUBS.items():
            for _index in range(CLUBS_PER_KIND):
                name = pattern.format(self.faker.last_name())
                while name in names:
                    name = pattern.format(self.faker.last_name())
                names.add(name)
                made.append((name, kind, activities))
        for name, kind, activities in made:
            contact = self.faker.name()
            organisation = services.organisation_create(
                values={
                    "name": name,
                    "kind": kind,
                    "contact_name": contact,
                    "contact_email": f"{contact.split()[0].lower()}@{_slug(name)}.demo.haven.invalid",
                    "contact_phone": f"09 {self.rng.randint(200, 399)} {self.rng.randint(10, 99)} "
                    f"{self.rng.randint(10, 99)}",
                    "address": f"{self.faker.street_name()} {self.rng.randint(1, 180)}, 9000 Gent",
                },
                by=self.staff,
            )
            volunteering = kind == OrganisationKind.VOLUNTEERING
            self.organisations.setdefault("volunteering" if volunteering else "leisure", []).append(
                (organisation, activities)
            )

    # --- referrals ------------------------------------------------------------------

    def _day(self, year: int) -> date:
        day = date(year, 1, 7) + timedelta(days=self.rng.randrange(340))
        return day - timedelta(days=max(0, day.weekday() - 4))  # a weekday

    def _candidates(
        self, people: list[Person], year: int, minor: bool, taken: set[int], needed: int
    ) -> list[tuple[Person, date]]:
        """``needed`` people registered by the day drawn for them and in the age group on that day."""
        chosen: list[tuple[Person, date]] = []
        for person in self.rng.sample(people, len(people)):
            if len(chosen) == needed:
                break
            if person.pk in taken:
                continue
            day = self._day(year)
            registered = person.first_registration_date
            if registered is None and not minor:
                continue  # an adult who never settled here (a travelling family's head)
            if registered is not None and (registered > day or registered.year < year - 2):
                continue  # not yet settled, or settled long before: not a newcomer then
            age = services.age_on(person.birth_date, day)
            if (6 <= age < ADULT_AGE) if minor else (ADULT_AGE <= age < 70):
                chosen.append((person, day))
        return chosen

    def referrals_create(self, people: list[Person], year: int, targets: dict[str, int]) -> None:
        rows: list[Referral] = []
        taken: set[int] = set()
        for group in ("minors", "adults"):
            minor = group == "minors"
            candidates = self._candidates(people, year, minor, taken, targets[group])
            if len(candidates) < targets[group]:
                raise ValueError(f"Not enough {group} registered in {year} for the leisure referrals.")
            for person, day in candidates[: targets[group]]:
                taken.add(person.pk)
                days = [day]
                second = day + timedelta(days=self.rng.randint(30, 120))
                same_group = (services.age_on(person.birth_date, second) < ADULT_AGE) == minor
                if self.rng.random() < REPEATED and second.year == year and same_group:
                    days.append(second)
                rows.extend(self._referral(person, referred_on, minor) for referred_on in days)
        Referral.objects.bulk_create(rows, batch_size=500)

    def _referral(self, person: Person, referred_on: date, minor: bool) -> Referral:
        volunteering = not minor and self.rng.random() < VOLUNTEERING_SHARE
        organisation, activities = self.rng.choice(self.organisations["volunteering" if volunteering else "leisure"])
        outcome = self.rng.choices([value for value, _weight in OUTCOMES], [weight for _v, weight in OUTCOMES])[0]
        follow_up = referred_on + timedelta(days=self.rng.choice((14, 21, 28)))
        referral = Referral(
            person=person,
            organisation=organisation,
            kind=ReferralKind.VOLUNTEERING if volunteering else ReferralKind.LEISURE,
            activity=self.rng.choice(activities),
            referred_on=referred_on,
            follow_up_on=follow_up,
            outcome=outcome,
            outcome_on=None
            if outcome == LeisureOutcome.PENDING
            else follow_up + timedelta(days=self.rng.randint(0, 20)),
            referred_by=self.staff,
        )
        services._referral_check(referral, person, today=timezone.localdate())
        return referral

    # --- events ---------------------------------------------------------------------

    def _split(self, total: int, parts: int, least: int) -> list[int]:
        """``total`` in ``parts`` counts of at least ``least``, drawn."""
        cuts = sorted(self.rng.sample(range(1, total - parts * least + parts), parts - 1))
        sizes = [b - a for a, b in zip([0, *cuts], [*cuts, total - parts * least + parts], strict=True)]
        return [size - 1 + least for size in sizes]

    def planeet_create(self, year: int, pupils: int) -> None:
        event = services.event_create(
            values={
                "name": f"Dagje Planeet Gent {year}",
                "kind": EventKind.PLANEET,
                "held_on": PLANEET_DAY[year],
                "location": "Citadelpark, Gent",
                "note": "Workshops van Gentse verenigingen voor OKAN-leerlingen.",
            },
            by=self.staff,
        )
        schools: set[str] = set()
        while len(schools) < SCHOOLS:
            schools.add(
                self.rng.choice(("Sint-{}college", "Atheneum {}", "Sint-{}instituut")).format(self.faker.last_name())
            )
        counts = self._split(pupils, SCHOOLS, 12)
        EventTally.objects.bulk_create(
            EventTally(event=event, name=f"OKAN {name}", count=count)
            for name, count in zip(sorted(schools), counts, strict=True)
        )

    def markets_create(self, year: int) -> None:
        stands = [organisation for group in self.organisations.values() for organisation, _activities in group]
        for number, (month, day) in enumerate(MARKETS[year], start=1):
            event = services.event_create(
                values={
                    "name": f"Participatiemarkt {number}",
                    "kind": EventKind.MARKET,
                    "held_on": date(year, month, day),
                    "location": "De Centrale, Gent",
                    "visitors": self.rng.randint(112, 128),
                },
                by=self.staff,
            )
            EventTally.objects.bulk_create(
                EventTally(
                    event=event, name=organisation.name, organisation=organisation, count=self.rng.randint(14, 55)
                )
                for organisation in self.rng.sample(stands, self.rng.randint(8, 12))
            )


def _slug(name: str) -> str:
    return "".join(character for character in name.lower() if character.isalnum())[:24]
