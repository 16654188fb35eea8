"""The agency today: newcomers of the last year, their registrations and contracts (open
caseloads), the civic-orientation waiting list, courses starting in the coming weeks with
their sessions, and seats offered from the waiting list — all dated from the day the demo is
built, so that a visitor sees waits of weeks, offers that expire before the course starts and
courses still to come. Those who signed their contract five months ago or more followed a
civic-orientation course since (sessions, attendance, the action plan), so that a caseload
holds a year of trajectories and the waiting list only the recent ones. The 2017–2019
history the report counts is left as it is: everything here falls in the last 13 months
(never in 2019). The history's contracts that were still
running end after 2019 — with the certificate where its conditions hold, else for a reason
(the term passed, moved away, stopped) — so that a caseload holds today's newcomers, not
contracts of seven years ago.

Every record goes through the services, where the rules matter: the status decision, the
contract's counsellor, the sessions around holidays, the offer's expiry.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from haven.core.models import Language
from haven.demo.civic_integration import CivicIntegrationBuilder, R, Target, V
from haven.demo.population import PopulationBuilder
from haven.integration import services as integration
from haven.integration.models import Contract, ContractEndReason, ContractState, ExemptionTest, TargetGroupStatus
from haven.orientation import services as orientation
from haven.orientation.models import Course, Presence, Slot, Teacher

NEWCOMERS = 90  # settled in the municipality in the last months: they wait for a course
SETTLED_DAYS = (25, 150)  # how long ago: from three weeks to five months
EARLIER = 60  # settled before: they followed a course in the last year
EARLIER_SETTLED_DAYS = (160, 400)  # from five months to 13 months ago
COURSE_AFTER_SIGNING_DAYS = (14, 35)  # the earlier ones' course starts this long after the last signing
COURSE_GROUP = 14  # the earlier ones per course of a language
NATIONALITIES = ["SY", "AF", "ER", "MA", "TR", "SO", "IQ", "GN", "UA", "PS", "CD", "NP"]
COURSE_LANGUAGES = ["nld", "ara", "prs", "tir", "tur", "ukr"]
COURSES = 4  # civic-orientation courses starting in the coming weeks
COURSE_STARTS_DAYS = (10, 45)
SEATS_OFFERED = 3  # per course, to the longest-waiting matching people
SESSIONS, SESSION_HOURS = 10, 6
HISTORY_ENDS = date(2020, 1, 2)  # the history's running contracts end after the report's years
HISTORY_END_DAYS = (300, 900)  # after signing
END_REASONS = {ContractEndReason.TERM_PASSED: 6, ContractEndReason.MOVED: 3, ContractEndReason.STOPPED: 1}


class PresentBuilder:
    def __init__(
        self,
        *,
        rng: random.Random,
        population: PopulationBuilder,
        integration_builder: CivicIntegrationBuilder,
        staff: dict,
        today: date | None = None,
        stdout=None,
    ):
        self.rng = rng
        self.population = population
        self.integration = integration_builder
        self.intake = staff["intake"]
        self.coordinator = staff["course_coordinator"]
        self.today = today or timezone.localdate()
        self.stdout = stdout
        self.languages = {language.code: language for language in Language.objects.all()}

    def _day_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def history_closed(self) -> tuple[int, int]:
        """The history's running contracts end: a certificate (through the service) where
        every condition holds, else an end for a reason. The ends are the same write for
        thousands of contracts, so they are one bulk update, each day after 2019 and after
        its signing. Returns (certified, ended)."""
        running = list(Contract.objects.filter(state=ContractState.OPEN, signed_on__lt=HISTORY_ENDS))
        reasons, weights = list(END_REASONS), list(END_REASONS.values())
        tests: dict[int, list[ExemptionTest]] = {}
        for test in ExemptionTest.objects.filter(person__contracts__in=running).distinct():
            tests.setdefault(test.person_id, []).append(test)
        certified, ended = 0, []
        for contract in running:
            day = max(HISTORY_ENDS, contract.signed_on + timedelta(days=self.rng.randint(*HISTORY_END_DAYS)))
            if not integration.certificate_open_conditions(
                contract=contract, exemption_tests=tests.get(contract.person_id, [])
            ):
                integration.certificate_issue(contract=contract, issued_on=day, by=contract.counsellor or self.intake)
                certified += 1
                continue
            contract.state, contract.ended_on = ContractState.ENDED, day
            contract.end_reason = self.rng.choices(reasons, weights)[0]
            ended.append(contract)
        Contract.objects.bulk_update(ended, ["state", "ended_on", "end_reason"], batch_size=1000)
        return certified, len(ended)

    def newcomers(self, count: int, days: tuple[int, int]) -> list[Contract]:
        """Newcomers settled ``days`` ago: registered at the agency, a contract signed."""
        contracts = []
        for _index in range(count):
            settled = self.today - timedelta(days=self.rng.randint(*days))
            status = V if self.rng.random() < 0.7 else R
            person = self.population.person_create(self.rng.choice(NATIONALITIES), settled, senior_allowed=False)
            self.integration.on_person(person, Target(status))
            registered = self._day_between(settled + timedelta(days=3), min(settled + timedelta(days=20), self.today))
            registration = integration.registration_create(person=person, registered_on=registered, by=self.intake)
            if registration.status not in (TargetGroupStatus.OBLIGATED, TargetGroupStatus.ENTITLED):
                continue  # today's rules decided otherwise: registered, no contract
            signed = self._day_between(registered, min(registered + timedelta(days=14), self.today))
            contracts.append(
                integration.contract_sign(
                    registration=registration,
                    signed_on=signed,
                    by=self.intake,
                    components={"childcare_needed": self.rng.random() < 0.12},
                )
            )
        return contracts

    def waiting_list(self, contracts: list[Contract]) -> dict[str, list[Contract]]:
        """Everyone whose contract includes civic orientation waits for a course, since
        signing. Returns the contracts by the first language they can follow a course in."""
        by_language: dict[str, list[Contract]] = {}
        for contract in contracts:
            if not contract.includes_civic_orientation:
                continue
            person = contract.person
            spoken = [language for language in person.languages.all() if language.code in COURSE_LANGUAGES]
            languages = spoken[:2] or [self.languages["nld"]]
            orientation.waiting_entry_create(
                person=person,
                contract=contract,
                languages=languages,
                slots=self.rng.sample(list(Slot.values), self.rng.randint(2, 3)),
                waiting_since=contract.signed_on,
                by=self.intake,
                childcare_needed=contract.childcare_needed,
            )
            by_language.setdefault(languages[0].code, []).append(contract)
        return by_language

    def _course(self, code: str, starts_on: date, teachers: list[Teacher], closed: dict[date, str]) -> Course:
        speaking = [teacher for teacher in teachers if code in {lang.code for lang in teacher.languages.all()}]
        course = orientation.course_create(
            values={
                "language": self.languages[code],
                "location": "IN-Gent, Kongostraat 42",
                "slot": self.rng.choice(list(Slot.values)),
                "starts_on": starts_on,
                "hours": SESSIONS * SESSION_HOURS,
                "capacity": 16,
                "teacher": self.rng.choice(speaking or teachers),
                "childcare": self.rng.random() < 0.3,
                "project": "",
            },
            interpreter_languages=[],
        )
        orientation.course_sessions_create(course=course, first_day=starts_on, closed=closed)
        return course

    def courses_followed(self, waiting: dict[str, list[Contract]], teachers: list[Teacher]) -> int:
        """The earlier newcomers' courses, in the language they wait for, some weeks after
        the last of them signed: enrolled from the waiting list, attendance at every session
        held, and (once the last session is past) the action plan closed, which records
        civic orientation passed on the contract. Returns the number of courses."""
        closed = orientation.closed_days(self.today - timedelta(days=420), self.today + timedelta(days=200))
        made = 0
        for code in sorted(waiting):
            contracts = sorted(waiting[code], key=lambda contract: contract.signed_on)
            for first in range(0, len(contracts), COURSE_GROUP):
                group = contracts[first : first + COURSE_GROUP]
                starts_on = group[-1].signed_on + timedelta(days=self.rng.randint(*COURSE_AFTER_SIGNING_DAYS))
                course = self._course(code, starts_on, teachers, closed)
                made += 1
                enrolments = [
                    orientation.enrolment_create(
                        course=course,
                        person=contract.person,
                        by=self.coordinator,
                        enrolled_on=course.starts_on - timedelta(days=14),
                    )
                    for contract in group
                ]
                sessions = list(course.sessions.order_by("starts_at"))
                held = [session for session in sessions if timezone.localtime(session.starts_at).date() < self.today]
                for session in held:
                    orientation.attendance_record(
                        session=session,
                        by=self.coordinator,
                        presence={
                            enrolment.pk: self.rng.choices(
                                [Presence.PRESENT, Presence.EXCUSED, Presence.ABSENT], [85, 10, 5]
                            )[0]
                            for enrolment in enrolments
                        },
                    )
                if len(held) < len(sessions):
                    continue  # the course is still running
                last_day = timezone.localtime(sessions[-1].starts_at).date()
                for enrolment in enrolments:
                    orientation.enrolment_complete(
                        enrolment=enrolment,
                        completed_on=last_day,
                        by=self.coordinator,
                        actions_completed=2 if self.rng.random() < 0.9 else 1,
                        evaluation="Persoonlijk actieplan besproken (demo).",
                    )
        return made

    def courses(self, teachers: list[Teacher]) -> None:
        """Courses starting in the coming weeks, their sessions past holidays, and seats offered."""
        closed = orientation.closed_days(self.today, self.today + timedelta(days=200))
        for index in range(COURSES):
            code = "nld" if index == 0 else self.rng.choice(COURSE_LANGUAGES[1:])
            starts_on = self.today + timedelta(days=self.rng.randint(*COURSE_STARTS_DAYS))
            course = self._course(code, starts_on, teachers, closed)
            for _seat in range(SEATS_OFFERED):
                offered_on = self.today - timedelta(days=self.rng.randint(0, 3))
                if orientation.seat_offer_next(course=course, on=offered_on) is None:
                    break

    def build(self) -> None:
        certified, ended = self.history_closed()
        teachers = list(Teacher.objects.prefetch_related("languages"))
        earlier = self.newcomers(EARLIER, EARLIER_SETTLED_DAYS)
        followed = self.courses_followed(self.waiting_list(earlier), teachers)
        recent = self.newcomers(NEWCOMERS, SETTLED_DAYS)
        self.waiting_list(recent)
        self.courses(teachers)
        if self.stdout:
            self.stdout.write(
                f"  today ({self.today:%d/%m/%Y}): {len(earlier) + len(recent)} contracts of the last year, "
                f"{followed} courses followed, a waiting list, {COURSES} courses to come; the history's "
                f"running contracts ended ({certified} with the certificate, {ended} without)"
            )
