"""Demo records of the community line (samenleven): Samen Gentenaar groups matched by the
matching engine, TANDEM with buddies who speak the newcomer's mother tongue, meetings
every two weeks, drop-outs, Samen naar cultuur and the events of 2018 and 2019, and a
present-day group waiting to be matched.

The 2019 figures are the seed's ``community`` table: 3 Samen Gentenaar groups and 48 duos
whose newcomers are 34 men and 14 women from exactly the 16 countries the report names,
their buddies 17 men and 31 women; 26 TANDEM sign-ups and 18 TANDEM duos started; 11
culture houses and 87 people at the info evening. The newcomers are the demo registry's
(settled in 2018-2019, of those nationalities and sex); the buddies are Ghentians
registered through the people service without a settling date. Every group is matched
through ``services.group_match_propose`` and confirmed through ``proposal_confirm`` (the
duo rules), the meetings are checked by ``services.meeting_check`` and written in bulk.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from haven.community import services
from haven.community.models import (
    Buddy,
    CommunityEventKind,
    Duo,
    Group,
    Interest,
    Meeting,
    MeetingStatus,
    Participant,
    Programme,
    WithdrawReason,
)
from haven.core.models import AccessPurpose, District, Language
from haven.demo.population import LANGUAGES_BY_COUNTRY, STREETS
from haven.people.models import Person, Sex
from haven.people.services import person_create

# The newcomers' countries as the report names them (Syria … Ukraine).
COUNTRIES = ("SY", "TR", "IQ", "AF", "IR", "BR", "AR", "ER", "KE", "TH", "MA", "PS", "PL", "TW", "EG", "UA")
# (name, start moment, newcomers men, women, buddies men, women): the seed's totals split in three.
GROUPS_2019 = [
    ("Samen Gentenaar voorjaar 2019", date(2019, 2, 18), (11, 5), (6, 10)),
    ("Samen Gentenaar zomer 2019", date(2019, 5, 13), (12, 4), (6, 10)),
    ("Samen Gentenaar najaar 2019", date(2019, 10, 7), (11, 5), (5, 11)),
]
GROUPS_2018 = [
    ("Samen Gentenaar voorjaar 2018", date(2018, 3, 5), (9, 5), (5, 9)),
    ("Samen Gentenaar najaar 2018", date(2018, 10, 1), (8, 5), (4, 9)),
]
GROUP_WEEKS = 30  # from the start moment to the closing moment
DROPPED = {2018: 3, 2019: 4}
TANDEM_2018 = (21, 14)  # registered, started
HOUSES = [
    "NTGent",
    "Vooruit",
    "Handelsbeurs Concertzaal",
    "De Bijloke",
    "Kopergietery",
    "CAMPO",
    "Opera Ballet Vlaanderen",
    "MSK Gent",
    "S.M.A.K.",
    "STAM",
    "Design Museum Gent",
    "Museum Dr. Guislain",
    "Theater Tinnenpot",
]
CULTURE_2018 = (8, 64, date(2018, 10, 4))  # houses, info-evening attendance, its day
CULTURE_2019_EVENING = date(2019, 9, 19)
EVENTS = [
    (CommunityEventKind.HIDIRELLEZ, "Hidirellez 2018", date(2018, 5, 6), "JAGO-terrein, Sint-Amandsberg", 520, ""),
    (CommunityEventKind.REFUGEE_DAY, "Wereldvluchtelingendag 2018", date(2018, 6, 20), "Stadshal, Gent", 240, ""),
    (
        CommunityEventKind.POVERTY_DAY,
        "Werelddag van Verzet tegen Armoede 2018",
        date(2018, 10, 17),
        "Stadshal, Gent",
        350,
        "",
    ),
    (
        CommunityEventKind.HIDIRELLEZ,
        "Hidirellez 2019",
        date(2019, 6, 23),
        "Macharius, Gent",
        310,
        "Het lentefestival van 28 april op het JAGO-terrein werd afgelast wegens het slechte weer; een aantal "
        "concerten werd verplaatst naar De Centrale, de picknick ging door op 23 juni.",
    ),
    (
        CommunityEventKind.REFUGEE_DAY,
        "Wereldvluchtelingendag 2019",
        date(2019, 6, 21),
        "Stedelijk Opvanginitiatief, Gent",
        180,
        "Thema: de zoektocht naar een woning. Ontmoetingsfeest met bewoners, buurt en partners.",
    ),
    (
        CommunityEventKind.POVERTY_DAY,
        "Werelddag van Verzet tegen Armoede 2019",
        date(2019, 10, 17),
        "Stadshal en Sint-Pietersplein, Gent",
        420,
        "‘Trek aan de bel tegen armoede’; jaarthema onderwijs. Infomarkt met een stand van IN-Gent.",
    ),
]
PARTNERS = {
    CommunityEventKind.HIDIRELLEZ: "De Centrale, Dienst Welzijn en Gelijke Kansen Stad Gent, standhouders",
    CommunityEventKind.REFUGEE_DAY: "Dienst Welzijn en Gelijke Kansen, Dienst Asiel- en Vluchtelingenbeleid, Dienst Wonen",
    CommunityEventKind.POVERTY_DAY: "Stad en OCMW Gent, sociale organisaties",
    CommunityEventKind.OPEN_BAR: "",
}
OPEN_BAR_PLACES = ["De Centrale", "Bibliotheek De Krook", "Wijkcentrum Brugse Poort", "STAM", "Buurtcentrum Ledeberg"]
COMMON_SLOTS = ["tue_ev", "wed_ev", "thu_ev", "sat_am", "sat_pm", "sun_pm"]
MATCHED_LANGUAGES = {"nld", "eng", "fra"}


def _settled(person: Person) -> date:
    """A newcomer's settling date (the pools hold only people who have one)."""
    assert person.first_registration_date is not None
    return person.first_registration_date


class CommunityBuilder:
    def __init__(self, *, rng: random.Random, seed_report: dict, staff: dict, faker, numbers, stdout=None):
        rows = [value for _label, value in seed_report["tables"]["community"]["rows"]]
        (self.tandem_registered, self.tandem_started, self.houses, self.evening, duos, groups) = rows[:6]
        men, women, countries, buddy_men, buddy_women = rows[6:]
        if groups != len(GROUPS_2019) or countries != len(COUNTRIES):
            raise ValueError(f"The seed has {groups} groups from {countries} countries; the demo plans otherwise.")
        planned = [sum(group[2][i] for group in GROUPS_2019) for i in (0, 1)]
        planned_buddies = [sum(group[3][i] for group in GROUPS_2019) for i in (0, 1)]
        if planned != [men, women] or planned_buddies != [buddy_men, buddy_women] or sum(planned) != duos:
            raise ValueError("The seed's Samen Gentenaar figures differ from the demo's plan (GROUPS_2019).")
        self.rng, self.faker, self.numbers, self.stdout = rng, faker, numbers, stdout
        self.by = staff["programme_staff"]
        self.today = timezone.localdate()
        self.used: set[int] = set()
        self.districts = list(District.objects.order_by("id"))
        self.languages = {language.code: language for language in Language.objects.all()}

    def build(self) -> None:
        self.culture_create()
        self.events_create()
        running: list[Duo] = []
        for name, start, newcomers, buddies in GROUPS_2018:
            running += self.group_build(name, start, self._any_newcomers(start, newcomers), buddies)
        for (name, start, _newcomers, buddies), chosen in zip(GROUPS_2019, self._newcomers_2019(), strict=True):
            running += self.group_build(name, start, chosen, buddies)
        self.duos_close(running)
        self.tandem_build(2018, *TANDEM_2018)
        self.tandem_build(2019, self.tandem_registered, self.tandem_started)
        self.present_build()
        self.meetings_create()
        if self.stdout:
            self.stdout.write(
                f"Community: {Group.objects.count()} groups, {Duo.objects.count()} duos, "
                f"{Meeting.objects.count()} meetings, {Buddy.objects.count()} buddies."
            )

    # --- people ---------------------------------------------------------------------

    def _profile(self, *, woman: bool, newcomer: bool) -> dict:
        rng = self.rng
        wants = "F" if woman and newcomer and rng.random() < 0.2 else ""
        return {
            "interests": sorted(rng.sample(Interest.values, rng.randint(1, 3))),
            "availability": [] if rng.random() < 0.35 else sorted(rng.sample(COMMON_SLOTS, 3)),
            "travels": rng.random() < (0.85 if newcomer else 0.9),
            "wants_sex": wants,
            "wants_sex_hard": bool(wants) and rng.random() < 0.5,
        }

    def _person(self, sex: str, *, ages: tuple[int, int], nationality: str = "BE", registered: date | None = None):
        """A person registered through the people service: a Ghentian buddy (no settling date)
        or a newcomer the registry lacked."""
        rng = self.rng
        born = date(self.today.year - rng.randint(*ages), rng.randint(1, 12), rng.randint(1, 28))
        district = rng.choice(self.districts)
        codes = ["nld", *rng.sample(["eng", "fra", "deu"], rng.randint(0, 2))]
        if nationality != "BE":
            codes = [*LANGUAGES_BY_COUNTRY.get(nationality, ["eng"]), "eng"]
        given = self.faker.first_name_male() if sex == Sex.MALE else self.faker.first_name_female()
        return person_create(
            by=self.by,
            values={
                "given_names": given,
                "family_name": self.faker.last_name(),
                "birth_date": born,
                "sex": sex,
                "nationality": nationality,
                "national_number": self.numbers.make(born, sex, "nn" if nationality == "BE" else "bis"),
                "first_registration_date": registered,
                "street": rng.choice(STREETS),
                "house_number": str(rng.randint(1, 200)),
                "postal_code": district.postal_codes.split(",")[0],
                "municipality": "Gent",
                "district": district,
            },
            languages=[self.languages[code] for code in dict.fromkeys(codes) if code in self.languages],
            purpose=AccessPurpose.PROGRAMME,
            allow_similar=True,
        )

    def _buddy(self, sex: str, registered_on: date, *, tandem_language: str = "") -> Buddy:
        person = self._person(sex, ages=(28, 72))
        if tandem_language:
            person.languages.add(self.languages[tandem_language])
        values = {
            **self._profile(woman=sex == Sex.FEMALE, newcomer=False),
            "registered_on": registered_on,
            "consent_given_on": registered_on,
            "consent_text_version": "2018-1",
            "samen_gentenaar": not tandem_language,
            "tandem": bool(tandem_language),
        }
        return services.buddy_create(person=person, values=values, by=self.by)

    def _pool(self, countries, settled_from: date, settled_to: date) -> list[Person]:
        born_before = date(settled_to.year - 18, 1, 1)
        rows = Person.objects.filter(
            first_registration_date__range=(settled_from, settled_to), birth_date__lt=born_before
        ).exclude(pk__in=self.used)
        if countries:
            rows = rows.filter(nationality__in=countries)
        pool = list(rows.only("id", "sex", "nationality", "first_registration_date", "birth_date").order_by("id"))
        self.rng.shuffle(pool)
        return pool

    def _newcomers_2019(self) -> list[list[Person]]:
        """The 48 newcomers of 2019 split over the three groups by sex: first one of each
        country, then the rest; each settled at least three weeks before their group starts."""
        men = sum(group[2][0] for group in GROUPS_2019)
        women = sum(group[2][1] for group in GROUPS_2019)
        pool = self._pool(COUNTRIES, date(2018, 1, 1), date(2018, 12, 31))
        chosen: list[Person] = []
        for index, country in enumerate(COUNTRIES):
            first = Sex.FEMALE if index % 2 and sum(p.sex == Sex.FEMALE for p in chosen) < women // 2 else Sex.MALE
            for sex in (first, Sex.MALE if first == Sex.FEMALE else Sex.FEMALE):
                found = next((p for p in pool if p.nationality == country and p.sex == sex), None)
                if found is not None:
                    break
            chosen.append(found or self._person(first, ages=(27, 55), nationality=country))
            pool = [p for p in pool if p != found]
        for sex, wanted in ((Sex.MALE, men), (Sex.FEMALE, women)):
            missing = wanted - sum(p.sex == sex for p in chosen)
            chosen += [p for p in pool if p.sex == sex][:missing]
        self.used.update(p.pk for p in chosen)
        groups = []
        for _name, _start, (group_men, group_women), _buddies in GROUPS_2019:
            group = [p for p in chosen if p.sex == Sex.MALE][:group_men]
            group += [p for p in chosen if p.sex == Sex.FEMALE][:group_women]
            chosen = [p for p in chosen if p not in group]
            groups.append(group)
        return groups

    def _any_newcomers(self, start: date, sexes: tuple[int, int]) -> list[Person]:
        """Newcomers settled in the 18 months before the group (the registry's, else registered)."""
        pool = self._pool((), start - timedelta(days=540), start - timedelta(days=21))
        chosen = []
        for sex, count in zip((Sex.MALE, Sex.FEMALE), sexes, strict=True):
            found = [p for p in pool if p.sex == sex][:count]
            while len(found) < count:
                country = self.rng.choice(COUNTRIES)
                found.append(self._person(sex, ages=(27, 55), nationality=country))
            chosen += found
        self.used.update(p.pk for p in chosen)
        return chosen

    # --- Samen Gentenaar ------------------------------------------------------------

    def group_build(self, name: str, start: date, newcomers: list[Person], buddies: tuple[int, int]) -> list[Duo]:
        """A group, its newcomers and buddies, matched by the engine and confirmed."""
        group = services.group_create(
            values={
                "name": name,
                "starts_on": start,
                "intervision_buddies_on": start + timedelta(weeks=6),
                "intervision_newcomers_on": start + timedelta(weeks=7),
                "activity_on": start + timedelta(weeks=12),
                "closes_on": start + timedelta(weeks=GROUP_WEEKS),
            },
            by=self.by,
        )
        for person in newcomers:
            self._sign_up(group, person)
        for sex, count in zip((Sex.MALE, Sex.FEMALE), buddies, strict=True):
            for _index in range(count):
                self._buddy(sex, start - timedelta(days=self.rng.randint(20, 70)))
        proposal = services.group_match_propose(group, by=self.by)
        if proposal.unmatched:
            raise ValueError(f"{name}: the matching left {len(proposal.unmatched)} unmatched.")
        return services.proposal_confirm(proposal, by=self.by)

    def _sign_up(self, group: Group, person: Person, *, registered_on: date | None = None) -> Participant:
        settled = person.first_registration_date or group.starts_on - timedelta(days=90)
        if registered_on is None:
            first = max(settled + timedelta(days=7), group.starts_on - timedelta(days=80))
            registered_on = first + timedelta(days=self.rng.randint(0, max(0, (group.starts_on - first).days - 7)))
        return services.participant_create(
            person=person,
            programme=Programme.SAMEN_GENTENAAR,
            group=group,
            values={**self._profile(woman=person.sex == Sex.FEMALE, newcomer=True), "registered_on": registered_on},
            by=self.by,
        )

    def duos_close(self, duos: list[Duo]) -> None:
        """Each group's duos end at its closing moment (completed), a few earlier (drop-outs)."""
        dropped = {
            duo.pk
            for year, count in DROPPED.items()
            for duo in self.rng.sample([d for d in duos if d.started_on.year == year], count)
        }
        reasons = [WithdrawReason.NO_TIME, WithdrawReason.MOVED, WithdrawReason.WORK, WithdrawReason.NO_CLICK]
        for duo in duos:
            closes = duo.group.closes_on if duo.group else None
            if duo.pk in dropped:
                ended, reason = duo.started_on + timedelta(days=self.rng.randint(35, 110)), self.rng.choice(reasons)
            elif closes and closes <= self.today:
                ended, reason = closes, WithdrawReason.COMPLETED
            else:
                continue
            services.duo_end(duo=duo, ended_on=ended, reason=reason, by=self.by)

    # --- TANDEM ---------------------------------------------------------------------

    def tandem_build(self, year: int, registered: int, started: int) -> None:
        """``registered`` newcomers signed up in the year; the first ``started`` get a buddy
        who speaks their mother tongue; the others withdraw or start the next year."""
        pool = [
            p
            for p in self._pool((), date(year - 1, 10, 1), date(year, 10, 31))
            if self._mother_tongue(p) and _settled(p) < date(year, 11, 30)
        ][:registered]
        if len(pool) < registered:
            raise ValueError(f"Not enough newcomers for TANDEM {year}.")
        self.used.update(p.pk for p in pool)
        signed = []
        for person in pool:
            first = max(_settled(person) + timedelta(days=7), date(year, 1, 7))
            day = first + timedelta(days=self.rng.randint(0, max(0, (date(year, 12, 15) - first).days) // 3))
            signed.append((day, person))
        signed.sort(key=lambda row: (row[0], row[1].pk))
        for index, (day, person) in enumerate(signed):
            participant = services.participant_create(
                person=person,
                programme=Programme.TANDEM,
                values={
                    **self._profile(woman=person.sex == Sex.FEMALE, newcomer=True),
                    "registered_on": day,
                    "mother_tongue": self.languages[self._mother_tongue(person)],
                },
                by=self.by,
            )
            if index < started:
                self._tandem_duo(participant, min(day + timedelta(days=self.rng.randint(10, 30)), date(year, 12, 31)))
            else:
                services.participant_withdraw(
                    participant=participant,
                    withdrawn_on=day + timedelta(days=20),
                    reason=self.rng.choice([WithdrawReason.NO_CONTACT, WithdrawReason.WORK, WithdrawReason.MOVED]),
                    by=self.by,
                )

    def _mother_tongue(self, person: Person) -> str:
        codes = LANGUAGES_BY_COUNTRY.get(person.nationality, [])
        return next((code for code in codes if code not in MATCHED_LANGUAGES and code in self.languages), "")

    def _tandem_duo(self, participant: Participant, start: date) -> None:
        sex = Sex.FEMALE if self.rng.random() < 0.6 else Sex.MALE
        registered = min(start - timedelta(days=10), self.today)
        buddy = self._buddy(sex, registered, tandem_language=participant.mother_tongue_id or "")
        duo = services.duo_create(participant=participant, buddy=buddy, started_on=start, by=self.by)
        end = duo.planned_end_on
        if self.rng.random() < 0.12 and start + timedelta(days=60) <= self.today:
            services.duo_end(duo=duo, ended_on=start + timedelta(days=60), reason=WithdrawReason.NO_TIME, by=self.by)
        elif end and end <= self.today:
            services.duo_end(duo=duo, ended_on=end, reason=WithdrawReason.COMPLETED, by=self.by)

    # --- meetings, culture, events, today --------------------------------------------

    def meetings_create(self) -> None:
        """Every duo meets every two weeks from its start to its end (or today); one in eight
        is cancelled. Checked by the service's rule, written in bulk."""
        rows = []
        for duo in Duo.objects.order_by("id"):
            last = min(duo.ended_on or self.today, self.today)
            day = duo.started_on + timedelta(days=self.rng.randint(3, 10))
            while day <= last:
                cancelled = self.rng.random() < 0.12
                status = MeetingStatus.CANCELLED if cancelled else MeetingStatus.HELD
                services.meeting_check(duo, day, status, today=self.today)
                rows.append(Meeting(duo=duo, held_on=day, status=status, note="Ziek" if cancelled else ""))
                day += timedelta(days=14)
        Meeting.objects.bulk_create(rows, batch_size=1000)

    def culture_create(self) -> None:
        houses = [services.culture_house_create(name=name, by=self.by) for name in HOUSES]
        count_2018, attendance_2018, evening_2018 = CULTURE_2018
        for year, count, attendance, evening in (
            (2018, count_2018, attendance_2018, evening_2018),
            (2019, self.houses, self.evening, CULTURE_2019_EVENING),
        ):
            edition = services.edition_create(
                year=year, name=f"Samen naar cultuur {year}", houses=self.rng.sample(houses, count), by=self.by
            )
            services.info_evening_add(
                edition=edition, held_on=evening, place="Bibliotheek De Krook", attendance=attendance, by=self.by
            )

    def events_create(self) -> None:
        for kind, name, day, place, attendance, note in EVENTS:
            values = {"kind": kind, "name": name, "held_on": day, "place": place, "partners": PARTNERS[kind]}
            services.event_create(values={**values, "attendance": attendance, "note": note}, by=self.by)
        months = [(2019, month) for month in (2, 3, 4, 5, 6, 9, 10, 11, 12)]
        months += [(self.today.year, month) for month in range(1, 13)]
        for year, month in months:
            day = date(year, month, 1) + timedelta(days=(3 - date(year, month, 1).weekday()) % 7 + 7)  # 2nd Thursday
            if day > self.today + timedelta(days=60):
                continue
            values = {
                "kind": CommunityEventKind.OPEN_BAR,
                "name": f"OPEN-BAR {day:%m/%Y}",
                "held_on": day,
                "place": self.rng.choice(OPEN_BAR_PLACES),
                "attendance": self.rng.randint(14, 42) if day <= self.today else None,
            }
            services.event_create(values=values, by=self.by)

    def present_build(self) -> None:
        """A group starting soon with its newcomers and buddies, its proposal open (the
        matching page is alive); TANDEM newcomers waiting and duos running."""
        start = self.today + timedelta(days=18)
        group = services.group_create(
            values={
                "name": f"Samen Gentenaar {start:%m/%Y}",
                "starts_on": start,
                "closes_on": start + timedelta(weeks=30),
            },
            by=self.by,
        )
        newcomers = self._pool(COUNTRIES, self.today - timedelta(days=3 * 365), self.today)[:10]
        newcomers = newcomers or self._pool(COUNTRIES, date(2019, 1, 1), self.today)[:10]
        self.used.update(p.pk for p in newcomers)
        for person in newcomers:
            registered = max(self.today - timedelta(days=self.rng.randint(5, 40)), _settled(person))
            self._sign_up(group, person, registered_on=min(registered, self.today))
        for index in range(12):
            self._buddy(Sex.FEMALE if index % 3 else Sex.MALE, self.today - timedelta(days=self.rng.randint(3, 60)))
        services.group_match_propose(group, by=self.by)
        recent = [p for p in self._pool((), self.today - timedelta(days=3 * 365), self.today) if self._mother_tongue(p)]
        for index, person in enumerate(recent[:5]):
            participant = services.participant_create(
                person=person,
                programme=Programme.TANDEM,
                values={
                    "registered_on": max(self.today - timedelta(days=30 + 10 * index), _settled(person)),
                    "mother_tongue": self.languages[self._mother_tongue(person)],
                },
                by=self.by,
            )
            if index < 2:
                self._tandem_duo(participant, participant.registered_on + timedelta(days=5))
        self.used.update(p.pk for p in recent[:5])
