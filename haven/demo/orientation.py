"""Demo records of the civic-orientation courses: teachers, the courses of 2018 and
2019 per language (planned from the seed's table), their sessions, enrolments of
contract holders, attendance, completions, the Parkoer youth course, and a current
waiting list. The report counts these records."""

import random
from collections import defaultdict
from datetime import date, timedelta

from haven.core.models import Language
from haven.integration.models import Contract
from haven.orientation import services
from haven.orientation.models import Enrolment, Project, Slot, Teacher
from haven.people.models import Person

LOCATIONS = [
    "IN-Gent, Kongostraat",
    "Wijkcentrum Brugse Poort",
    "Bibliotheek De Krook",
    "Wijkcentrum Rabot",
    "Ledeberg, Huis van het Kind",
]
SESSIONS, SESSION_HOURS = 20, 3  # 60 hours
PARKOER_YEAR, PARKOER_YOUTH = 2016, 80  # settled as children of 12–15, 15–19 at the course


def _code_for(iso639: str) -> str:
    """The seed names languages by ISO 639-1 where there is one; Haven keys them by 639-3."""
    import pycountry

    found = pycountry.languages.get(alpha_2=iso639) if len(iso639) == 2 else pycountry.languages.get(alpha_3=iso639)
    if found is None:
        raise ValueError(f"The seed names a language pycountry does not know: {iso639}.")
    return found.alpha_3


class OrientationBuilder:
    def __init__(self, *, rng: random.Random, seed_report: dict, staff: dict, population, integration, stdout=None):
        self.rng = rng
        self.table = seed_report["tables"]["civic_orientation_by_language"]
        self.parkoer = next(
            row[1] for row in seed_report["tables"]["civic_orientation_other"]["rows"] if row[0].startswith("Parkoer")
        )
        self.by = staff["course_coordinator"]
        self.population = population
        self.integration = integration
        self.stdout = stdout
        self.languages = {language.code: language for language in Language.objects.all()}
        self.closed: dict[date, str] | None = None
        self.drawn: dict[int, date] = {}

    def teachers_create(self) -> dict[str, list[Teacher]]:
        by_language: dict[str, list[Teacher]] = defaultdict(list)
        for row in self.table["rows"]:
            code = _code_for(row[1])
            for _index in range(2):
                teacher = Teacher.objects.create(name=self._teacher_name(), slots=self.rng.sample(list(Slot.values), 2))
                teacher.languages.set([self.languages[code], self.languages["nld"]])
                by_language[code].append(teacher)
        return by_language

    def _teacher_name(self) -> str:
        given, family = self.population._names("BE", "F" if self.rng.random() < 0.6 else "M")
        return f"{given} {family}"

    def _participants(self, year: int) -> dict[str, list]:
        """Contract holders with civic orientation, by the languages they speak."""
        contracts = (
            Contract.objects.filter(signed_on__year__in=(year - 1, year), includes_civic_orientation=True)
            .select_related("person")
            .prefetch_related("person__languages")
            .order_by("id")
        )
        by_language: dict[str, list] = defaultdict(list)
        everyone = []
        for contract in contracts:
            everyone.append(contract.person)
            for language in contract.person.languages.all():
                by_language[language.code].append(contract.person)
        by_language["*"] = everyone
        return by_language

    def rooms_create(self) -> None:
        from haven.orientation.models import Room

        for index, location in enumerate(LOCATIONS):
            Room.objects.create(
                name=location,
                capacity=14 + 2 * (index % 3),
                slots=list(Slot.values) if index % 2 == 0 else [Slot.DAY, Slot.EVENING],
            )

    def build(self) -> None:
        self.rooms_create()
        teachers = self.teachers_create()
        columns = self.table["columns"]
        years = sorted({int(column.rsplit("_", 1)[1]) for column in columns if column.startswith("courses_")})
        for year in years:
            pool = self._participants(year)
            used: set[int] = set()
            for row in self.table["rows"]:
                figures = dict(zip(columns, row, strict=False))
                courses, participants = figures[f"courses_{year}"], figures[f"participants_{year}"]
                if not courses:
                    continue
                code = _code_for(row[1])
                sizes = [
                    participants // courses + (1 if index < participants % courses else 0) for index in range(courses)
                ]
                speakers = [person for person in pool.get(code, []) if person.pk not in used]
                others = [person for person in pool["*"] if person.pk not in used]
                self.rng.shuffle(speakers)
                self.rng.shuffle(others)
                speaking = {person.pk for person in speakers}
                candidates = speakers + [person for person in others if person.pk not in speaking]
                for index, size in enumerate(sizes):
                    interpreters = ["som", "hin", "urd"] if year == max(years) and code == "nld" and index == 0 else []
                    course = self._course(year, code, size, teachers[code], interpreters)
                    chosen: list[Person] = []
                    while len(chosen) < size:
                        person = candidates.pop(0)
                        if person.pk not in used:
                            used.add(person.pk)
                            chosen.append(person)
                    self._run(course, chosen, attendance=year == max(years))
            if self.stdout:
                self.stdout.write(f"  civic orientation: courses of {year} made")
        self._parkoer(max(years))
        # Today's waiting list is the present's (haven.demo.present), dated from the build day.

    def _course(
        self, year: int, code: str, size: int, teachers: list[Teacher], interpreters: list[str], project: str = ""
    ):
        slot = self.rng.choice(list(Slot.values))
        starts_on = date(year, 1, 7) + timedelta(days=self.rng.randint(0, 260))
        course = services.course_create(
            values={
                "language": self.languages[code],
                "location": self.rng.choice(LOCATIONS),
                "slot": slot,
                "starts_on": starts_on,
                "hours": SESSIONS * SESSION_HOURS,
                "capacity": size + self.rng.randint(0, 3),
                "teacher": self.rng.choice(teachers),
                "childcare": self.rng.random() < 0.3,
                "project": project,
            },
            interpreter_languages=[self.languages[c] for c in interpreters if c in self.languages],
        )
        # The slot's weekdays and times from the drawn date, past holidays and closing days,
        # in one insert (the course then starts on its first session: a weekend course on a
        # Saturday or Sunday, never on the weekday drawn).
        services.course_sessions_create(course=course, first_day=starts_on, closed=self._closed())
        # Enrolment and completion dates count from the date drawn, as before the sessions
        # followed the slot, so that the certificates and Parkoer figures stay where they were.
        self.drawn[course.pk] = starts_on
        return course

    def _closed(self) -> dict[date, str]:
        if self.closed is None:
            self.closed = services.closed_days(date(2017, 1, 1), date(2021, 12, 31))
        return self.closed

    def _run(self, course, people: list, *, attendance: bool) -> list[Enrolment]:
        enrolments = [
            services.enrolment_create(
                course=course, person=person, by=self.by, enrolled_on=self.drawn[course.pk] - timedelta(days=14)
            )
            for person in people
        ]
        if attendance:
            for session in course.sessions.all():
                services.attendance_record(
                    session=session,
                    by=self.by,
                    presence={
                        enrolment.pk: self.rng.choices(["present", "excused", "absent"], [85, 10, 5])[0]
                        for enrolment in enrolments
                    },
                )
        end = self.drawn[course.pk] + timedelta(days=7 * SESSIONS)
        for enrolment in enrolments:
            services.enrolment_complete(
                enrolment=enrolment,
                completed_on=end,
                by=self.by,
                actions_completed=2 if self.rng.random() < 0.9 else 1,
                evaluation="Persoonlijk actieplan besproken (demo).",
            )
        return enrolments

    def _parkoer(self, year: int) -> None:
        """Parkoer: civic orientation for 15–19 year olds; the report counts its certificates."""
        from haven.demo.civic_integration import N, Target

        youth = []
        for _index in range(PARKOER_YOUTH):
            nationality = self.rng.choice(["SY", "AF", "ER", "SO", "IQ", "MA"])
            settled = date(PARKOER_YEAR, 1, 5) + timedelta(days=self.rng.randint(0, 300))
            person = self.population.person_create(nationality, settled, minor=True, ages=(12, 15))
            self.integration.on_person(person, Target(N, minor=True))
            youth.append(person)
        teachers = list(Teacher.objects.all()[:2])
        certified = 0
        for group in (youth[:40], youth[40:]):
            course = self._course(year, "nld", len(group), teachers, [], project=Project.PARKOER)
            enrolments = [
                services.enrolment_create(
                    course=course, person=person, by=self.by, enrolled_on=self.drawn[course.pk] - timedelta(days=7)
                )
                for person in group
            ]
            end = self.drawn[course.pk] + timedelta(days=7 * SESSIONS)
            for enrolment in enrolments:
                passes = certified < self.parkoer
                services.enrolment_complete(
                    enrolment=enrolment,
                    completed_on=end,
                    by=self.by,
                    actions_completed=2 if passes else 1,
                    evaluation="Parkoer (demo).",
                )
                certified += passes
