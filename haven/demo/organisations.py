"""Demo records of the organisations line, for 2018, 2019 and today.

- Trainings: the organisations trained and coached (the public services the 2019 report
  names, by their own names; the others Faker-made), 51 training sessions with 730
  participants in 2019 (the seed's ``organisations`` table), 2018 a little smaller, a few
  this season (held and planned); coaching trajectories with their contacts.
- Ambassadors: persons registered through the registry's service (a BIS or national
  number, their languages) without a settling date, so the newcomer tables stay the
  seed's; 37 certified at the end of 2019 of whom 2 in 2019, a few who stopped before,
  a few still in training, and some certified since. Their role record goes through the
  service (consent, dates in order).
- Testimonies: 100 given in 2019 by 27 ambassadors (each certified, not stopped, with
  consent on the day and one testimony a day), 2018 alike but fewer, cancelled requests;
  today's requests in every state, moved on through the services.
- Associations: 76 associations supported by 347 contacts in 2019 (others in the
  register without contact that year), 2018's contacts, a few recent ones; the network
  event of 16 March 2019 and one in 2018.

2019's figures come from the seed (``haven.demo.figures``); every rule is checked by the
services or the same checks before the bulk inserts.
"""

import random
import unicodedata
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from stdnum.be import vat

from haven.core.models import AccessPurpose, Language
from haven.demo.population import NumberFactory
from haven.organisations import matching, services
from haven.organisations.models import (
    Ambassador,
    AmbassadorTheme,
    Association,
    Audience,
    CoachingContact,
    PartnerOrganisation,
    RecognitionStatus,
    SupportContact,
    SupportKind,
    TestimonyRequest,
    TestimonyState,
    TrainingSession,
    TrainingTopic,
)
from haven.people.models import Person, Sex
from haven.people.services import person_create

PUBLIC_PARTNERS = [
    "Algemeen Ziekenhuis Sint-Lucas",
    "Stedelijke Seniorenraad Gent",
    "OCMW Gent, ouderenzorg",
    "Stad Gent, Dienst Welzijn en Gelijke Kansen",
    "Stad Gent, Dienst Burgerzaken",
]
FAKER_PARTNERS = 14
TITLES = [
    "Toegankelijk taalgebruik (schriftelijk)",
    "Communiceren met anderstaligen",
    "Werken met tolken",
    "Verbinden in diversiteit",
    "Effectief reageren op discriminerende uitspraken",
    "Duidelijke taal aan het loket",
]
SESSIONS_2018 = (46, 655)  # sessions, participants
LANGUAGES = ["ara", "tur", "fra", "eng", "prs", "rus", "spa", "som", "tir", "pol", "bul", "ber"]
STOPPED_BEFORE_2019 = 3
IN_TRAINING = 4
CERTIFIED_SINCE = 5
TESTIFIED_2018 = (24, 88)  # ambassadors, testimonies
CANCELLED = {2018: 6, 2019: 8}
REQUESTERS = [
    "Sint-{}college",
    "Atheneum {}",
    "Basisschool {}",
    "Hogeschool Gent, lerarenopleiding",
    "Arteveldehogeschool, lerarenopleiding",
    "CVO {}",
    "Vzw {}",
]
ASSOCIATIONS_EXTRA = 19
CONTACTS_2018 = (70, 301)
NETWORK_DAY = date(2019, 3, 16)
ALLOWANCE = Decimal("35.00")


def _rows(seed_report: dict) -> list[int]:
    return [value for _label, value in seed_report["tables"]["organisations"]["rows"]]


def _split(rng: random.Random, total: int, parts: int, least: int) -> list[int]:
    """``total`` in ``parts`` counts of at least ``least``, drawn."""
    sizes = [least] * parts
    for _index in range(total - least * parts):
        sizes[rng.randrange(parts)] += 1
    return sizes


def _ascii(text: str) -> str:
    """Lower-case letters and digits of ``text`` without accents (an e-mail address's part)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(character for character in plain.lower() if character.isalnum())


def _school_day(rng: random.Random, year: int, *, start: date | None = None) -> date:
    """A weekday of the school year (not in July or August) in ``year``, after ``start``."""
    first = max(start or date(year, 1, 7), date(year, 1, 7))
    while True:
        day = first + timedelta(days=rng.randrange(max(1, (date(year, 12, 20) - first).days)))
        if day.weekday() < 5 and day.month not in (7, 8):
            return day


class OrganisationsBuilder:
    def __init__(
        self, *, rng: random.Random, seed_report: dict, staff: dict, faker, numbers: NumberFactory, stdout=None
    ):
        self.rng, self.faker, self.numbers, self.stdout = rng, faker, numbers, stdout
        (
            self.sessions,
            self.participants,
            self.certified,
            self.new,
            self.testified,
            self.testimonies,
            self.contacts,
            self.supported,
        ) = _rows(seed_report)
        self.by = staff["programme_staff"]
        self.today = timezone.localdate()
        self.languages = {language.code: language for language in Language.objects.filter(code__in=LANGUAGES)}
        self.ambassadors: list[Ambassador] = []
        self.booked: dict[int, set[date]] = {}

    def build(self) -> None:
        partners = self.partners_create()
        for year, (count, people) in ((2018, SESSIONS_2018), (2019, (self.sessions, self.participants))):
            self.sessions_create(partners, year, count, people)
        self.sessions_today(partners)
        self.coaching_create(partners)
        self.ambassadors_create()
        self.testimonies_create(2018, *TESTIFIED_2018)
        self.testimonies_create(2019, self.testified, self.testimonies)
        self.testimonies_today()
        associations = self.associations_create()
        self.contacts_create(associations, 2018, *CONTACTS_2018)
        self.contacts_create(associations, 2019, self.supported, self.contacts)
        self.contacts_today(associations)
        self.network_events_create(associations)
        if self.stdout:
            self.stdout.write(
                f"Organisations: {TrainingSession.objects.count()} training sessions, {len(self.ambassadors)} "
                f"ambassadors, {TestimonyRequest.objects.count()} testimony requests, "
                f"{SupportContact.objects.count()} support contacts."
            )

    # --- trainings and coaching ---------------------------------------------------------

    def _contact(self, name: str) -> dict:
        contact = self.faker.name()
        slug = _ascii(name)[:20] or "organisatie"
        return {
            "contact_name": contact,
            "contact_email": f"{_ascii(contact.split()[0]) or 'contact'}@{slug}.demo.haven.invalid",
            "contact_phone": f"09 {self.rng.randint(200, 399)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}",
        }

    def partners_create(self) -> list[PartnerOrganisation]:
        names = list(PUBLIC_PARTNERS)
        while len(names) < len(PUBLIC_PARTNERS) + FAKER_PARTNERS:
            name = self.rng.choice(["Woonzorgcentrum {}", "Buurtwerk {} vzw", "CAW {}", "Bibliotheek {}"]).format(
                self.faker.last_name()
            )
            if name not in names:
                names.append(name)
        return [services.partner_create(values={"name": name, **self._contact(name)}, by=self.by) for name in names]

    def sessions_create(self, partners: list[PartnerOrganisation], year: int, count: int, participants: int) -> None:
        counts = _split(self.rng, participants, count, 5)
        rows = []
        for people in counts:
            topic = TrainingTopic.LANGUAGE_POLICY if self.rng.random() < 0.45 else TrainingTopic.INTERCULTURAL
            rows.append(
                TrainingSession(
                    topic=topic,
                    title=self.rng.choice(TITLES),
                    organisation=self.rng.choice(partners),
                    trainer=self.by,
                    held_on=_school_day(self.rng, year),
                    hours=Decimal(self.rng.choice(["2.0", "3.0", "3.5", "6.0"])),
                    participants=people,
                )
            )
        TrainingSession.objects.bulk_create(rows)

    def sessions_today(self, partners: list[PartnerOrganisation]) -> None:
        """This season: three sessions held in the last weeks, two planned."""
        for offset in (-40, -21, -9, 12, 30):
            day = self.today + timedelta(days=offset)
            services.training_create(
                values={
                    "topic": TrainingTopic.LANGUAGE_POLICY if offset % 2 else TrainingTopic.INTERCULTURAL,
                    "title": self.rng.choice(TITLES),
                    "organisation": self.rng.choice(partners),
                    "trainer": self.by,
                    "held_on": day,
                    "hours": Decimal("3.0"),
                    "participants": self.rng.randint(8, 22) if offset < 0 else 0,
                },
                by=self.by,
            )

    def coaching_create(self, partners: list[PartnerOrganisation]) -> None:
        starts = [date(2018, 3, 5), date(2018, 10, 1), date(2019, 1, 14), date(2019, 4, 1), date(2019, 9, 16)]
        starts += [self.today - timedelta(days=days) for days in (120, 45)]
        contacts = []
        for index, started in enumerate(starts):
            ended = started + timedelta(days=300) if started.year <= 2019 and index % 2 == 0 else None
            trajectory = services.coaching_create(
                values={
                    "organisation": partners[index % len(PUBLIC_PARTNERS)],
                    "topic": TrainingTopic.LANGUAGE_POLICY if index % 2 else TrainingTopic.INTERCULTURAL,
                    "started_on": started,
                    "ended_on": ended,
                    "notes": "Procesbegeleiding op maat." if index % 2 else "Actieplan taalbeleid.",
                },
                by=self.by,
            )
            last = min(ended or self.today, self.today)
            for number in range(self.rng.randint(3, 7)):
                day = started + timedelta(days=number * 35 + self.rng.randint(0, 10))
                if day <= last:
                    contacts.append(
                        CoachingContact(trajectory=trajectory, held_on=day, staff=self.by, subject="Overleg stuurgroep")
                    )
        CoachingContact.objects.bulk_create(contacts)

    # --- ambassadors ----------------------------------------------------------------------

    def _person(self, index: int) -> Person:
        sex = Sex.MALE if index % 2 else Sex.FEMALE
        given = self.faker.first_name_male() if sex == Sex.MALE else self.faker.first_name_female()
        # Adults when trained (the earliest training is in 2011): born by 1990.
        born = date(self.rng.randint(1968, 1990), self.rng.randint(1, 12), self.rng.randint(1, 28))
        codes = self.rng.sample(sorted(self.languages), self.rng.choice((1, 1, 2)))
        return person_create(
            by=self.by,
            values={
                "given_names": given,
                "family_name": self.faker.last_name(),
                "birth_date": born,
                "sex": sex,
                "national_number": self.numbers.make(born, sex, "nn"),
                "nationality": self.rng.choice(["BE", "BE", "MA", "TR", "SY", "AF", "CD", "BG"]),
            },
            languages=[self.languages[code] for code in codes],
            purpose=AccessPurpose.PROGRAMME,
            allow_similar=True,
        )

    def _plans(self) -> list[tuple[date | None, date | None, date | None]]:
        """(trained, certified, stopped) of every ambassador: certified before 2019 and on
        the roll all 2019 (some stopping years later), the new ones of 2019, those who
        stopped before, those certified since, those still in training."""
        certified: list[tuple[date, date | None]] = []
        for index in range(self.certified - self.new):
            day = date(2012 + index % 7, self.rng.randint(1, 11), self.rng.randint(1, 28))
            stopped = date(self.rng.randint(2021, 2023), self.rng.randint(1, 12), 15) if index % 9 == 4 else None
            certified.append((day, stopped))
        certified += [(date(2019, 4, 10), None), (date(2019, 10, 2), None)][: self.new]
        certified += [(date(2013 + index, 5, 20), date(2017 + index % 2, 9, 1)) for index in range(STOPPED_BEFORE_2019)]
        certified += [
            (min(date(2020 + index, 3, 12), self.today - timedelta(days=60)), None) for index in range(CERTIFIED_SINCE)
        ]
        plans: list[tuple[date | None, date | None, date | None]] = [
            (day - timedelta(days=self.rng.randint(60, 120)), day, stopped) for day, stopped in certified
        ]
        plans += [(self.today - timedelta(days=20 + 15 * index), None, None) for index in range(IN_TRAINING)]
        return plans

    def ambassadors_create(self) -> None:
        themes = list(AmbassadorTheme.values)
        for index, (trained, certified, stopped) in enumerate(self._plans()):
            consent = trained or self.today - timedelta(days=30)
            picked = self.rng.sample(themes, self.rng.randint(2, 4))
            if index % 3 == 0 and AmbassadorTheme.SCHOOL_CAREER not in picked:
                picked.append(AmbassadorTheme.SCHOOL_CAREER)
            ambassador = services.ambassador_create(
                person=self._person(index),
                values={
                    "themes": picked,
                    "weekdays": sorted(self.rng.sample(range(5), self.rng.randint(2, 5))),
                    "travels_outside_ghent": self.rng.random() < 0.4,
                    "trained_on": trained,
                    "certified_on": certified,
                    "stopped_on": stopped,
                    "consent_given_on": consent,
                    "consent_text_version": "2016-1" if consent.year < 2020 else "2020-1",
                    "consent_withdrawn_on": stopped,
                },
                by=self.by,
            )
            self.ambassadors.append(ambassador)
            self.booked[ambassador.pk] = set()

    # --- testimonies ----------------------------------------------------------------------

    def _candidate(self, ambassador: Ambassador) -> matching.Candidate:
        return matching.Candidate(
            id=ambassador.pk,
            certified_on=ambassador.certified_on,
            stopped_on=ambassador.stopped_on,
            consent_given_on=ambassador.consent_given_on,
            consent_withdrawn_on=ambassador.consent_withdrawn_on,
            themes=frozenset(ambassador.themes),
            weekdays=frozenset(ambassador.weekdays),
            languages=frozenset(),
            travels=ambassador.travels_outside_ghent,
            booked_days=frozenset(self.booked[ambassador.pk]),
        )

    def _requester(self) -> str:
        return self.rng.choice(REQUESTERS).format(self.faker.last_name())

    def _request(self, ambassador: Ambassador | None, day: date, state: str) -> TestimonyRequest:
        audience = self.rng.choices(list(Audience.values), weights=[70, 12, 10, 5, 3])[0]
        theme = self.rng.choice(ambassador.themes) if ambassador else self.rng.choice(AmbassadorTheme.values)
        place = "Gent" if self.rng.random() < 0.85 else self.rng.choice(["Eeklo", "Lokeren", "Deinze"])
        return TestimonyRequest(
            requester=self._requester(),
            contact_name=self.faker.name(),
            received_on=day - timedelta(days=self.rng.randint(14, 40)),
            held_on=day,
            place=place,
            outside_ghent=place != "Gent",
            audience=audience,
            theme=theme,
            listeners=self.rng.randint(12, 60),
            state=state,
            ambassador=ambassador,
            created_by=self.by,
        )

    def testimonies_create(self, year: int, ambassadors: int, testimonies: int) -> None:
        """``testimonies`` given in ``year`` by ``ambassadors`` distinct ambassadors, each on
        the roll the whole year; the allowance paid; some requests cancelled."""
        start, end = date(year, 1, 1), date(year, 12, 31)
        roll = [
            ambassador
            for ambassador in self.ambassadors
            if ambassador.certified_on
            and ambassador.certified_on < start
            and (ambassador.stopped_on is None or ambassador.stopped_on > end)
        ]
        chosen = self.rng.sample(roll, ambassadors)
        rows = []
        for ambassador, count in zip(chosen, _split(self.rng, testimonies, ambassadors, 1), strict=True):
            for _number in range(count):
                day = _school_day(self.rng, year)
                while matching.refusals(self._candidate(ambassador), day):
                    day = _school_day(self.rng, year)
                self.booked[ambassador.pk].add(day)
                row = self._request(ambassador, day, TestimonyState.GIVEN)
                row.allowance, row.allowance_paid_on = ALLOWANCE, day + timedelta(days=self.rng.randint(7, 30))
                rows.append(row)
        rows += [
            self._request(None, _school_day(self.rng, year), TestimonyState.CANCELLED) for _n in range(CANCELLED[year])
        ]
        TestimonyRequest.objects.bulk_create(rows)

    def testimonies_today(self) -> None:
        """Today's requests in every state, moved on through the services."""
        active = [
            ambassador
            for ambassador in self.ambassadors
            if ambassador.certified(self.today) and ambassador.consent_active(self.today)
        ]
        plan = [(-25, "paid"), (-12, "given"), (-5, "given"), (9, "confirmed"), (16, "confirmed")]
        plan += [(20, "proposed"), (27, "proposed"), (34, "requested"), (41, "requested"), (48, "requested")]
        plan += [(13, "cancelled")]
        for offset, state in plan:
            day = self.today + timedelta(days=offset)
            day += timedelta(days=(7 - day.weekday()) % 7 if day.weekday() > 4 else 0)
            row = self._request(None, day, TestimonyState.REQUESTED)
            row.received_on = min(self.today, row.received_on)
            values = {name: getattr(row, name) for name in services.testimonies.TESTIMONY_FIELDS}
            testimony = services.request_create(values=values, by=self.by)
            if state in ("paid", "given", "confirmed", "proposed"):
                ambassador = next(a for a in self.rng.sample(active, len(active)) if day not in self.booked[a.pk])
                self.booked[ambassador.pk].add(day)
                services.request_propose(testimony=testimony, ambassador=ambassador, by=self.by)
            if state in ("paid", "given", "confirmed"):
                services.request_confirm(testimony=testimony, by=self.by)
            if state in ("paid", "given"):
                services.request_give(testimony=testimony, allowance=ALLOWANCE, by=self.by)
            if state == "paid":
                services.request_pay(testimony=testimony, allowance=ALLOWANCE, paid_on=self.today, by=self.by)
            if state == "cancelled":
                services.request_cancel(testimony=testimony, note="De klas gaat op uitstap.", by=self.by)

    # --- associations ---------------------------------------------------------------------

    def _enterprise_number(self, used: set[str]) -> str:
        while True:
            body = self.rng.randint(4_000_000, 8_999_999) * 10 + self.rng.randint(0, 9)
            number = f"0{body:08d}"[:8]
            number = f"{number}{97 - int(number) % 97:02d}"
            if vat.is_valid(number) and number not in used:
                used.add(number)
                return number

    def associations_create(self) -> list[Association]:
        kinds = ["Vereniging {}", "{} vzw", "Vrouwenvereniging {}", "Cultureel centrum {}", "Jongerenwerking {}"]
        names: list[str] = []
        while len(names) < self.supported + ASSOCIATIONS_EXTRA:
            name = self.rng.choice(kinds).format(self.faker.last_name())
            if name not in names:
                names.append(name)
        used: set[str] = set()
        rows = []
        for index, name in enumerate(names):
            women = name.startswith("Vrouwen") or index % 11 == 0
            rows.append(
                Association(
                    name=name,
                    enterprise_number=self._enterprise_number(used) if index % 3 else "",
                    recognition=self.rng.choices(list(RecognitionStatus.values), weights=[50, 40, 10])[0],
                    women_focus=women,
                    **self._contact(name),
                )
            )
        services.associations.association_create(
            values={"name": "Univers'elle", "recognition": RecognitionStatus.RECOGNISED, "women_focus": True},
            by=self.by,
        )
        return list(Association.objects.bulk_create(rows))

    def contacts_create(self, associations: list[Association], year: int, supported: int, contacts: int) -> None:
        chosen = self.rng.sample(associations, supported)
        subjects = {
            SupportKind.INFORMATIVE: ["Vraag over subsidies", "Zaalhuur en locaties", "Werking van de stad"],
            SupportKind.ADMINISTRATIVE: ["Statuten vzw", "Erkenningsdossier", "Jaarrekening"],
            SupportKind.CONTENT: ["Activiteit rond gendergelijkheid", "Project jongeren en werk", "Vormingsavond"],
        }
        rows = []
        for association, count in zip(chosen, _split(self.rng, contacts, supported, 1), strict=True):
            for _number in range(count):
                kind = self.rng.choices(list(SupportKind.values), weights=[45, 30, 25])[0]
                day = date(year, 1, 2) + timedelta(days=self.rng.randrange(360))
                rows.append(
                    SupportContact(
                        association=association,
                        kind=kind,
                        held_on=day,
                        staff=self.by,
                        subject=self.rng.choice(subjects[SupportKind(kind)]),
                    )
                )
        SupportContact.objects.bulk_create(rows)

    def contacts_today(self, associations: list[Association]) -> None:
        for offset in (2, 6, 13, 20, 34):
            services.support_contact_add(
                association=self.rng.choice(associations),
                kind=self.rng.choice(list(SupportKind.values)),
                held_on=self.today - timedelta(days=offset),
                staff=self.by,
                subject="Vraag over een subsidieaanvraag",
                by=self.by,
            )

    def network_events_create(self, associations: list[Association]) -> None:
        for day, present, participants in ((date(2018, 3, 24), 31, 52), (NETWORK_DAY, 38, 67)):
            services.network_event_create(
                values={
                    "held_on": day,
                    "title": "Netwerkmoment verenigingen van etnisch-culturele minderheden",
                    "location": "IN-Gent, Gent",
                    "participants": participants,
                    "note": "Met de Dienst Welzijn en Gelijke Kansen van Stad Gent.",
                },
                associations=self.rng.sample(associations, present),
                by=self.by,
            )
