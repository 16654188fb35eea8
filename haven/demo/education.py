"""Demo records of the education line, for 2018 and 2019 and a few open referrals today.

- Schools: the five Ghent OKAN schools the 2019 report names (public institutions, named
  as reference data) with their OKAN places per school year, and Faker-named regular schools.
- School referrals of minors: the seed's 249 children found a school in 2019 (``placed_on``,
  the date that counts); a few were withdrawn; 2018 is a little smaller (the report prints
  no 2018 figure). The children are the demo's newcomers who were minors then; the registry
  holds too few (minors are a small share of the settled newcomers), so the others are
  registered (through the registry's service) without a settling date, which leaves the
  newcomers table as the seed has it. Each referral has its schools contacted (the last one the school found). Written in
  bulk after the service's rules (age under 18, an OKAN school for an OKAN class, dates in
  order); the open referrals of today go through the services.
- Toekomstdagen on 27, 28 and 29 May 2019: 91 pupils of the five OKAN schools (2018: four
  schools, 78 pupils), through the services.
- Study choice: 128 dossiers open in 2019 (opened that year; the 2018 ones closed in 2018),
  with their conversations, advice, partner (mostly De Stap) and outcome.
- Voortraject Hoger Onderwijs: the cohorts 2017-2018, 2018-2019 (17 graduated in June 2019)
  and 2019-2020 (21 started), with their modules.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from haven.core.dates import age_on
from haven.core.models import AccessPurpose, Language
from haven.demo.population import NumberFactory
from haven.education import services
from haven.education.models import (
    ADULT_AGE,
    ContactAnswer,
    GuardianRole,
    OkanPlaces,
    ParticipantState,
    PreTrackParticipant,
    ReferralState,
    School,
    SchoolContact,
    SchoolKind,
    SchoolReferral,
    StudyConversation,
    StudyDossier,
    StudyOutcome,
    StudyPartner,
)
from haven.people.models import Person, Sex
from haven.people.services import person_create

OKAN_SCHOOLS = ["Provinciale Middenschool", "KTA GITO", "Toren van Babel", "VISO", "HTISA"]
REGULAR_SCHOOLS = 8
# The nationality a child of each home language is given in the demo.
NATIONALITY_OF_LANGUAGE = {
    "ara": "SY",
    "prs": "AF",
    "pus": "AF",
    "tir": "ER",
    "som": "SO",
    "bul": "BG",
    "ron": "RO",
    "pol": "PL",
    "slk": "SK",
    "tur": "TR",
    "rus": "RU",
    "spa": "ES",
    "fra": "GN",
    "eng": "NG",
}
HOME_LANGUAGES = ["ara", "prs", "pus", "tir", "som", "bul", "ron", "pol", "slk", "tur", "rus", "spa", "fra", "eng"]
PLACED_2018 = 221
WITHDRAWN = {2018: 7, 2019: 9}
OPEN_TODAY = 6
FUTURE_DAYS = {
    2018: (date(2018, 5, 29), 3, [16, 22, 19, 21]),  # first day, days, pupils per school
    2019: (date(2019, 5, 27), 3, None),
}
FUTURE_DAYS_SCHOOLS_2018 = 4
DOSSIERS_2018 = 112
PRE_TRACK = {2017: (18, 14, 3)}  # academic year: started, graduated, dropped
PRE_TRACK_DROPPED = {2018: 5, 2019: 5}
PRE_TRACK_GRADUATED_2020 = 16
MODULES = [
    "Nederlands voor anderstaligen",
    "Academische taal- en studievaardigheden",
    "Studieloopbaanoriëntatie en trajectbegeleiding",
    "Academisch Engels",
    "Wiskunde",
    "Fysica/chemie",
]
QUESTIONS = [
    "Welke bacheloropleiding past bij mijn diploma?",
    "Verder studeren als werkzoekende",
    "Erkenning van mijn diploma en verder studeren",
    "Een opleiding in het volwassenenonderwijs",
    "Studiefinanciering en inschrijving aan de hogeschool",
]


def _seed_rows(seed_report: dict) -> list[int]:
    return [value for _label, value in seed_report["tables"]["education"]["rows"]]


class EducationBuilder:
    def __init__(
        self, *, rng: random.Random, seed_report: dict, staff: dict, faker, numbers: NumberFactory, stdout=None
    ):
        self.rng = rng
        self.numbers = numbers
        self.placed, self.pupils, self.schools_present, self.dossiers, self.graduated, self.started = _seed_rows(
            seed_report
        )
        if self.schools_present != len(OKAN_SCHOOLS):
            raise ValueError(f"The seed has {self.schools_present} OKAN schools, the demo names {len(OKAN_SCHOOLS)}.")
        self.by = staff["programme_staff"]
        self.faker = faker
        self.stdout = stdout
        self.okan: list[School] = []
        self.regular: list[School] = []
        languages = set(Language.objects.filter(code__in=HOME_LANGUAGES).values_list("code", flat=True))
        self.languages = [code for code in HOME_LANGUAGES if code in languages] or ["ara"]

    def build(self, people: list) -> None:
        self.schools_create()
        children = self.children(people)
        self.referrals_create(children, 2018, PLACED_2018)
        self.referrals_create(children, 2019, self.placed)
        self.future_days_create()
        adults = [person for person in people if person.birth_date <= date(2000, 1, 1)]
        self.rng.shuffle(adults)
        self.dossiers_create(adults[: DOSSIERS_2018 + self.dossiers])
        self.pre_track_create(adults[DOSSIERS_2018 + self.dossiers :])
        self.open_referrals_create(children)
        if self.stdout:
            self.stdout.write(
                f"Education: {SchoolReferral.objects.count()} school referrals, "
                f"{StudyDossier.objects.count()} study-choice dossiers."
            )

    # --- schools ----------------------------------------------------------------------

    def schools_create(self) -> None:
        streets = ["Kongostraat", "Sint-Pietersnieuwstraat", "Voskenslaan", "Wispelbergstraat", "Offerlaan"]
        self.okan = [
            School(name=name, okan=True, address=f"{streets[index]} {self.rng.randint(1, 120)}, Gent")
            for index, name in enumerate(OKAN_SCHOOLS)
        ]
        names: set[str] = set()
        while len(names) < REGULAR_SCHOOLS:
            names.add(
                f"Basisschool {self.faker.last_name()}" if len(names) % 2 else f"Sint-{self.faker.first_name()}college"
            )
        self.regular = [
            School(name=name, address=f"{self.faker.street_name()} {self.rng.randint(1, 200)}, Gent")
            for name in sorted(names)
        ]
        School.objects.bulk_create(self.okan + self.regular)
        OkanPlaces.objects.bulk_create(
            OkanPlaces(school=school, school_year=year, places=self.rng.randrange(40, 140, 5))
            for school in self.okan
            for year in (2017, 2018, 2019)
        )

    # --- children and their referrals -------------------------------------------------

    def children(self, people: list) -> list[Person]:
        """The demo's newcomers who were minors in 2018-2019, then new children up to what
        the referrals need: registered through the registry's service (traced, a BIS
        number, a home language) without a settling date, so the newcomers table stays the
        seed's."""
        found = [
            person
            for person in people
            if person.first_registration_date
            and date(2017, 12, 1) <= person.first_registration_date <= date(2019, 11, 15)
            and age_on(person.birth_date, person.first_registration_date) in range(3, 17)
        ]
        needed = PLACED_2018 + self.placed + sum(WITHDRAWN.values()) + OPEN_TODAY + 40  # some skipped: too young
        languages = {language.code: language for language in Language.objects.filter(code__in=self.languages)}
        made = []
        for index in range(max(0, needed - len(found))):
            sex = Sex.MALE if index % 2 else Sex.FEMALE
            given = self.faker.first_name_male() if sex == Sex.MALE else self.faker.first_name_female()
            year = 2018 + index % 2
            born = date(year - self.rng.randint(3, 16), self.rng.randint(1, 12), self.rng.randint(1, 28))
            code = self.rng.choice(self.languages)
            made.append(
                person_create(
                    by=self.by,
                    values={
                        "given_names": given,
                        "family_name": self.faker.last_name(),
                        "birth_date": born,
                        "sex": sex,
                        "national_number": self.numbers.make(born, sex, "bis"),
                        "nationality": NATIONALITY_OF_LANGUAGE.get(code, ""),
                        "preferred_language": languages.get(code),
                    },
                    languages=[languages[code]] if code in languages else [],
                    purpose=AccessPurpose.PROGRAMME,
                    allow_similar=True,
                )
            )
        return found + made

    def _day(self, year: int) -> date:
        return date(year, 1, 2) + timedelta(days=self.rng.randint(0, 330))

    def referrals_create(self, children: list[Person], year: int, placed: int) -> None:
        """``placed`` children found a school in ``year`` (asked and placed that year) and a
        few withdrew; checked as ``school_referral_create`` and ``school_referral_place`` check."""
        referrals, contacts = [], []
        candidates = [child for child in children if getattr(child, "_education_year", None) is None]
        pool = iter(candidates)
        for index in range(placed + WITHDRAWN[year]):
            child = next(pool)
            requested = self._day(year)
            if child.first_registration_date and child.first_registration_date > requested:
                requested = min(
                    child.first_registration_date + timedelta(days=self.rng.randint(3, 20)), date(year, 11, 30)
                )
            age = age_on(child.birth_date, requested)
            while age >= ADULT_AGE or age < 2:  # the service's rule: a minor on the permanence date
                child = next(pool)
                age = age_on(child.birth_date, requested)
            child._education_year = year  # type: ignore[attr-defined]
            kind = SchoolKind.OKAN if age >= 12 else SchoolKind.REGULAR
            schools = self.okan if kind == SchoolKind.OKAN else self.regular
            tried = self.rng.sample(schools, self.rng.randint(1, 3))
            withdrawn = index >= placed
            placed_on = requested + timedelta(days=self.rng.randint(2, 30))
            referral = SchoolReferral(
                person=child,
                requested_on=requested,
                age=age,
                guardian_name=self.faker.name(),
                guardian_role=self.rng.choices(list(GuardianRole.values), weights=[80, 8, 8, 4])[0],
                home_language_id=self.rng.choice(self.languages),
                kind=kind,
                state=ReferralState.WITHDRAWN if withdrawn else ReferralState.PLACED,
                school=None if withdrawn else tried[-1],
                placed_on=None if withdrawn else placed_on,
                closed_on=placed_on if withdrawn else None,
                created_by=self.by,
            )
            referrals.append(referral)
            for position, school in enumerate(tried):
                last = position == len(tried) - 1
                answer = (
                    ContactAnswer.NO_PLACE
                    if not last
                    else (ContactAnswer.REFUSED if withdrawn else ContactAnswer.PLACE)
                )
                contacts.append((referral, school, requested + timedelta(days=position + 1), answer))
        SchoolReferral.objects.bulk_create(referrals)
        SchoolContact.objects.bulk_create(
            SchoolContact(referral=referral, school=school, contacted_on=day, answer=answer)
            for referral, school, day, answer in contacts
        )

    def open_referrals_create(self, children: list[Person]) -> None:
        """Children waiting for a school today, through the services (the waiting list)."""
        today = timezone.localdate()
        waiting = [
            child
            for child in children
            if getattr(child, "_education_year", None) is None and 6 <= age_on(child.birth_date, today) < ADULT_AGE
        ]
        for index, child in enumerate(waiting[:OPEN_TODAY]):
            age = age_on(child.birth_date, today)
            referral = services.school_referral_create(
                person=child,
                requested_on=today - timedelta(days=3 + 9 * index),
                guardian_name=self.faker.name(),
                guardian_role=GuardianRole.PARENT,
                home_language=Language.objects.get(code=self.rng.choice(self.languages)),
                kind=SchoolKind.OKAN if age >= 12 else SchoolKind.REGULAR,
                by=self.by,
            )
            if index % 2 == 0:
                school = self.okan[index % len(self.okan)] if referral.kind == SchoolKind.OKAN else self.regular[index]
                services.school_contact_add(
                    referral=referral,
                    school=school,
                    contacted_on=referral.requested_on + timedelta(days=1),
                    answer=ContactAnswer.NO_PLACE,
                    by=self.by,
                )

    # --- Toekomstdagen ----------------------------------------------------------------

    def _split(self, total: int, parts: int) -> list[int]:
        cuts = sorted(self.rng.sample(range(1, total), parts - 1))
        return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]

    def future_days_create(self) -> None:
        for year, (first, days, pupils) in FUTURE_DAYS.items():
            event = services.future_days_create(
                title=f"Toekomstdagen {year}",
                year=year,
                session_days=[first + timedelta(days=n) for n in range(days)],
                place="IN-Gent, Kongostraat",
                by=self.by,
            )
            sessions = list(event.sessions.order_by("held_on"))
            schools = self.okan[:FUTURE_DAYS_SCHOOLS_2018] if year == 2018 else self.okan
            counts = pupils or self._split(self.pupils, len(schools))
            for index, (school, present) in enumerate(zip(schools, counts, strict=True)):
                # A big class comes on two days, split between them.
                shares = self._split(present, 2) if present >= 20 and present > 1 else [present]
                for offset, share in enumerate(shares):
                    services.future_days_register(
                        session=sessions[(index + offset) % len(sessions)],
                        school=school,
                        pupils_registered=share + self.rng.randint(0, 2),
                        pupils_present=share,
                        by=self.by,
                    )

    # --- study choice -----------------------------------------------------------------

    def dossiers_create(self, adults: list) -> None:
        """Dossiers opened in 2018 (closed that year) and in 2019 (the seed's count)."""
        dossiers, talks = [], []
        outcomes = [
            StudyOutcome.HIGHER_EDUCATION,
            StudyOutcome.PRE_TRACK,
            StudyOutcome.TRAINING,
            StudyOutcome.WORK,
            StudyOutcome.STOPPED,
        ]
        for index, person in enumerate(adults):
            year = 2018 if index < DOSSIERS_2018 else 2019
            opened = date(year, 1, 3) + timedelta(days=self.rng.randint(0, 300))
            if age_on(person.birth_date, opened) < ADULT_AGE:
                raise ValueError("A study-choice dossier is for adults.")
            closed = (
                min(opened + timedelta(days=self.rng.randint(20, 120)), date(2018, 12, 28))
                if year == 2018
                else (opened + timedelta(days=self.rng.randint(20, 200)))
            )
            dossier = StudyDossier(
                person_id=person.pk,
                opened_on=opened,
                question=self.rng.choice(QUESTIONS),
                advice="Advies besproken en meegegeven.",
                partner=StudyPartner.DE_STAP if self.rng.random() < 0.6 else self.rng.choice(list(StudyPartner.values)),
                outcome=self.rng.choice(outcomes),
                closed_on=closed,
                created_by=self.by,
            )
            dossiers.append(dossier)
            for talk in range(self.rng.randint(1, 4)):
                day = min(opened + timedelta(days=talk * 14), closed)
                talks.append((dossier, day))
        StudyDossier.objects.bulk_create(dossiers)
        StudyConversation.objects.bulk_create(
            StudyConversation(dossier=dossier, held_on=day, summary="Gesprek over de studiekeuze.", by=self.by)
            for dossier, day in talks
        )

    # --- Voortraject Hoger Onderwijs --------------------------------------------------

    def pre_track_create(self, adults: list) -> None:
        plan = {
            2017: PRE_TRACK[2017],
            2018: (self.graduated + PRE_TRACK_DROPPED[2018], self.graduated, PRE_TRACK_DROPPED[2018]),
            2019: (self.started, PRE_TRACK_GRADUATED_2020, PRE_TRACK_DROPPED[2019]),
        }
        pool = iter(adults)
        participants, chosen = [], []
        for year, (started, graduated, dropped) in plan.items():
            cohort = services.pre_track_cohort_create(
                academic_year=year,
                starts_on=date(year, 9, 23),
                ends_on=date(year + 1, 6, 26),
                modules=MODULES,
                partners="UGent, UCT, IN-Gent" + (", Arteveldehogeschool, HOGENT" if year >= 2019 else ""),
                by=self.by,
            )
            modules = list(cohort.modules.all())
            for index in range(started):
                person = next(pool)
                state = (
                    ParticipantState.GRADUATED
                    if index < graduated
                    else ParticipantState.DROPPED
                    if index < graduated + dropped
                    else ParticipantState.STARTED
                )
                ended = {
                    ParticipantState.GRADUATED: cohort.ends_on,
                    ParticipantState.DROPPED: cohort.starts_on + timedelta(days=self.rng.randint(30, 200)),
                }.get(state)
                participant = PreTrackParticipant(
                    cohort=cohort, person_id=person.pk, started_on=cohort.starts_on, state=state, ended_on=ended
                )
                participants.append(participant)
                chosen.append((participant, modules[:3] + self.rng.sample(modules[3:], self.rng.randint(1, 2))))
        PreTrackParticipant.objects.bulk_create(participants)
        through = PreTrackParticipant.modules.through
        through.objects.bulk_create(
            through(pretrackparticipant_id=participant.pk, pretrackmodule_id=module.pk)
            for participant, modules in chosen
            for module in modules
        )
