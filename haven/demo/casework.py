"""Demo casework for today's caseloads: for each running contract (the newcomers of the last
year, ``demo.present``), a year of notes, appointments (held, missed, cancelled, and the coming
ones, those in a language the counsellor does not speak with an interpreter), reminders sent,
tasks written by hand and done (or not yet), a residence card and some diplomas, from its
signing to today and the weeks ahead. All dated from the day the demo is built; nothing
falls in 2019.

The coming appointments go through the services (an interpreter is requested from the
agency's own organisation under the interpreting rules); the past ones, with their
interpreting requests, the interpreter's assignment and timesheet, the notes, the tasks and
the documents are the same write many times and go in bulk. The tasks of the rules are made
by the rules' daily job, as in production.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from haven.casework import appointments as appointment_services
from haven.casework.models import (
    Appointment,
    AppointmentPlace,
    AppointmentState,
    Confidentiality,
    Document,
    DocumentKind,
    Note,
    Task,
    TaskSource,
    document_path,
)
from haven.casework.services import tasks_from_rules
from haven.core.models import AccessPurpose
from haven.integration.models import Contract, ContractState
from haven.interpreting.agency import agency
from haven.interpreting.models import (
    Agreement,
    AgreementStatus,
    Assignment,
    AssignmentStatus,
    InterpreterLanguage,
    InterpretingRequest,
    Modality,
    Organisation,
    RequestKind,
    RequestStatus,
    Sector,
    Site,
    Timesheet,
    TimesheetStatus,
    Zone,
)

SUBJECTS = [
    ("Opvolggesprek", "Overlopen van het persoonlijk actieplan; afspraken voor de komende weken."),
    ("Huisvesting", "Zoekt een betaalbare woning; doorverwezen naar het Sociaal Verhuurkantoor."),
    ("Nederlands", "Wil sneller vooruit met Nederlands; bekijkt een avondcursus."),
    ("Werk", "Gesprek over de loopbaanoriëntatie en een afspraak bij de VDAB."),
    ("Kinderopvang", "Opvang tijdens de lessen nog niet geregeld; contact met het Huis van het Kind."),
    ("Administratie", "Hulp bij de brief van de mutualiteit; kopie gevraagd."),
]
CONFIDENTIAL = ("Gezondheid", "Medische situatie besproken; enkel voor de trajectbegeleider.")
MISSED = ("Niet opgedaagd", "Niet gekomen op de afspraak; opnieuw uitgenodigd.")
PURPOSES = ["Opvolging traject", "Bespreking actieplan", "Voorbereiding loopbaanoriëntatie", "Administratie"]
TASKS = [
    "Kopie van het diploma opvragen",
    "Inschrijving Huis van het Nederlands nakijken",
    "Brief van het OCMW bespreken",
    "Afspraak bij de VDAB bevestigen",
    "Attest kinderopvang bezorgen",
]
PDF = b"%PDF-1.4\n% demo: a copy of a document\n%%EOF\n"
APPOINTMENT_EVERY_DAYS = (14, 28)
TASK_AFTER_MEETING = 0.3  # the share of meetings after which the counsellor writes a to-do
TASK_DONE = 0.92  # the share of past-due hand tasks done
DIPLOMA = 0.3  # the share of files with a copy of a diploma
REMINDED = 0.9  # the share of past appointments reminded the day before (the others had no contact)


class CaseworkBuilder:
    def __init__(self, *, rng: random.Random, staff: dict, today: date | None = None, stdout=None):
        self.rng = rng
        self.dispatcher = staff["dispatcher"]
        self.today = today or timezone.localdate()
        self.stdout = stdout
        self.busy: dict[tuple[int, date], list[tuple[datetime, datetime]]] = defaultdict(list)

    def agency_organisation(self) -> Organisation:
        """The agency among the interpreting service's organisations: its staff request
        interpreters for their own appointments (an agreement from two years ago on)."""
        number = agency().enterprise_number
        organisation = Organisation.objects.filter(enterprise_number=number).first()
        if organisation is not None:
            return organisation
        organisation = Organisation.objects.create(
            name="IN-Gent vzw",
            enterprise_number=number,
            sector=Sector.INTEGRATION,
            street="Kongostraat 42",
            postal_code="9000",
            municipality="Gent",
            email="tolken@ingent.demo.haven.invalid",
        )
        Site.objects.create(
            organisation=organisation,
            name="Kongostraat",
            street="Kongostraat 42",
            postal_code="9000",
            municipality="Gent",
            zone=Zone.objects.filter(code="9000").first() or Zone.objects.order_by("code")[0],
        )
        start = max(date(2020, 1, 1), self.today - timedelta(days=730))
        Agreement.objects.create(
            organisation=organisation, starts_on=start, signed_on=start, status=AgreementStatus.ACTIVE
        )
        return organisation

    def _at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def _working_day(self, day: date) -> date:
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    def _interpreter(self, code: str, kind: str, starts: datetime, minutes: int) -> int | None:
        """An interpreter of the language (working by video for a video job) who is free
        then, with half an hour around for travel; None when every one of them is busy."""
        ends = starts + timedelta(minutes=minutes)
        speakers = self.speakers.get(code, [])
        for interpreter_id, modalities in self.rng.sample(speakers, len(speakers)):
            if kind == RequestKind.VIDEO and Modality.VIDEO not in modalities:
                continue
            busy = self.busy[(interpreter_id, starts.date())]
            margin = timedelta(minutes=30)
            if all(ends + margin <= other_start or starts >= other_end + margin for other_start, other_end in busy):
                busy.append((starts, ends))
                return interpreter_id
        return None

    def _interpreting(self, appointment: Appointment, kind: str) -> tuple | None:
        """The interpreting request of a past appointment, and for one that took place (the
        interpreter came, also when the newcomer did not) the confirmed assignment and the
        approved timesheet; a cancelled one was cancelled in time (not billed)."""
        person, counsellor = appointment.person, appointment.staff
        code = person.preferred_language_id
        assert code is not None  # only a person with a preferred language needs an interpreter
        request = InterpretingRequest(
            organisation=self.organisation,
            requested_by=counsellor,
            kind=kind,
            language_id=code,
            starts_at=appointment.starts_at,
            duration_minutes=appointment.duration_minutes,
            site=self.site if kind == RequestKind.ON_SITE else None,
            video_link=appointment.video_link,
            subject_sector=Sector.INTEGRATION,
            notes=appointment.purpose,
            status=RequestStatus.DONE,
            created_at=appointment.created_at,
        )
        if appointment.state == AppointmentState.CANCELLED:
            request.status = RequestStatus.CANCELLED
            request.cancelled_at = appointment.starts_at - timedelta(days=self.rng.randint(3, 10))
            request.cancelled_by = counsellor
            return request, None, None
        interpreter_id = self._interpreter(code, kind, appointment.starts_at, appointment.duration_minutes)
        if interpreter_id is None:
            return None
        ends = appointment.starts_at + timedelta(minutes=appointment.duration_minutes)
        assignment = Assignment(
            request=request,
            interpreter_id=interpreter_id,
            starts_at=appointment.starts_at,
            ends_at=ends,
            status=AssignmentStatus.CONFIRMED,
            why={"code": "fewest_hours", "facts": {}},
            confirmed_at=request.created_at + timedelta(days=1),
            confirmed_by=self.dispatcher,
        )
        sheet = Timesheet(
            assignment=assignment,
            actual_start=appointment.starts_at,
            actual_end=ends,
            waiting_minutes=self.rng.choice([0, 0, 5, 10]),
            travel_km=Decimal(self.rng.randint(2, 25)) if kind == RequestKind.ON_SITE else Decimal(0),
            status=TimesheetStatus.APPROVED,
            submitted_at=ends + timedelta(hours=2),
            confirmed_at=ends + timedelta(days=1),
            approved_at=ends + timedelta(days=3),
            approved_by=self.dispatcher,
        )
        return request, assignment, sheet

    def _needs_interpreter(self, contract: Contract) -> bool:
        person = contract.person
        return appointment_services.interpreter_needed(person, contract.counsellor) and (
            person.preferred_language_id != "nld"
        )

    def history(self, contracts: list[Contract]) -> dict[str, int]:
        """A year of notes, past appointments (with their interpreters), hand tasks and
        documents, in bulk."""
        rng, now = self.rng, timezone.now()
        notes, past, tasks, documents, interpreting = [], [], [], [], []
        for contract in contracts:
            counsellor, person = contract.counsellor, contract.person
            assert counsellor is not None  # the contracts chosen have one
            interpreted = self._needs_interpreter(contract)
            day = contract.signed_on
            while True:
                day = self._working_day(day + timedelta(days=rng.randint(*APPOINTMENT_EVERY_DAYS)))
                if day >= self.today:
                    break
                state = rng.choices(
                    [AppointmentState.CAME, AppointmentState.NO_SHOW, AppointmentState.CANCELLED], [80, 12, 8]
                )[0]
                starts = self._at(day, rng.choice([9, 10, 11, 13, 14, 15]), rng.choice([0, 30]))
                kind = rng.choice([RequestKind.ON_SITE, RequestKind.ON_SITE, RequestKind.VIDEO]) if interpreted else ""
                appointment = Appointment(
                    person=person,
                    staff=counsellor,
                    service_line="integration",
                    starts_at=starts,
                    duration_minutes=60 if interpreted else rng.choice([30, 45, 60]),
                    place=AppointmentPlace.VIDEO if kind == RequestKind.VIDEO else AppointmentPlace.ON_SITE,
                    video_link="https://meet.demo.haven.invalid/afspraak" if kind == RequestKind.VIDEO else "",
                    purpose=rng.choice(PURPOSES),
                    state=state,
                    reminded_at=starts - timedelta(days=1) if rng.random() < REMINDED else None,
                    created_by=counsellor,
                    created_at=starts - timedelta(days=rng.randint(3, 14)),
                )
                if kind:
                    job = self._interpreting(appointment, kind)
                    if job is not None:
                        interpreting.append((appointment, *job))
                past.append(appointment)
                written = starts + timedelta(hours=1)
                if state == AppointmentState.NO_SHOW:
                    notes.append(self._note(contract, written, day, *MISSED))
                if state != AppointmentState.CAME:
                    continue
                subject, text = rng.choice(SUBJECTS) if rng.random() > 0.05 else CONFIDENTIAL
                notes.append(self._note(contract, written, day, subject, text))
                if rng.random() < TASK_AFTER_MEETING:
                    due = self._working_day(day + timedelta(days=rng.randint(7, 21)))
                    done = due < self.today - timedelta(days=2) and rng.random() < TASK_DONE
                    tasks.append(
                        Task(
                            person=person,
                            assignee=counsellor,
                            due_on=due,
                            source=TaskSource.HAND,
                            title=rng.choice(TASKS),
                            created_by=counsellor,
                            created_at=written,
                            done_at=self._at(due - timedelta(days=rng.randint(0, 5)), 16) if done else None,
                            done_by=counsellor if done else None,
                        )
                    )
            documents.append(
                self._document(
                    contract,
                    DocumentKind.RESIDENCE_CARD,
                    self.today + timedelta(days=rng.choice([rng.randint(-20, 59), rng.randint(60, 1500)])),
                    now,
                )
            )
            if rng.random() < DIPLOMA:
                documents.append(self._document(contract, DocumentKind.DIPLOMA, None, now))
        # Parents first: each child's link to its parent is filled in from the saved parent.
        requests = [request for _appointment, request, _assignment, _sheet in interpreting]
        InterpretingRequest.objects.bulk_create(requests, batch_size=500)
        for appointment, request, _assignment, _sheet in interpreting:
            appointment.interpreting_request = request
        Assignment.objects.bulk_create([job[2] for job in interpreting if job[2] is not None], batch_size=500)
        Timesheet.objects.bulk_create([job[3] for job in interpreting if job[3] is not None], batch_size=500)
        Appointment.objects.bulk_create(past, batch_size=500)
        Note.objects.bulk_create(notes, batch_size=500)
        Task.objects.bulk_create(tasks, batch_size=500)
        Document.objects.bulk_create(documents, batch_size=500)
        return {
            "notes": len(notes),
            "past": len(past),
            "interpreted": len(requests),
            "tasks": len(tasks),
            "documents": len(documents),
        }

    def _note(self, contract: Contract, written: datetime, day: date, subject: str, text: str) -> Note:
        return Note(
            person=contract.person,
            service_line="integration",
            author=contract.counsellor,
            written_at=written,
            happened_on=day,
            subject=subject,
            text=text,
            confidentiality=Confidentiality.COUNSELLOR if subject == CONFIDENTIAL[0] else Confidentiality.LINE,
        )

    def _document(self, contract: Contract, kind: str, valid_until: date | None, now: datetime) -> Document:
        uploaded = now - timedelta(days=self.rng.randint(1, max(1, (self.today - contract.signed_on).days)))
        document = Document(
            person=contract.person,
            kind=kind,
            service_line="integration",
            valid_until=valid_until,
            content_type="application/pdf",
            size=len(PDF),
            scanned=False,
            uploaded_by=contract.counsellor,
            uploaded_at=uploaded,
        )
        document.file.name = default_storage.save(document_path(document, f"{kind}.pdf"), ContentFile(PDF))
        return document

    def coming(self, contracts: list[Contract]) -> tuple[int, int]:
        """One appointment in the coming two weeks per contract, through the service: an
        interpreter where the counsellor does not speak the person's language."""
        planned = with_interpreter = 0
        for contract in contracts:
            counsellor, person = contract.counsellor, contract.person
            assert counsellor is not None  # the contracts chosen have one
            day = self._working_day(self.today + timedelta(days=self.rng.randint(4, 16)))
            interpreter = self.rng.choice(["on_site", "on_site", "video"]) if self._needs_interpreter(contract) else ""
            try:
                appointment_services.appointment_create(
                    person=person,
                    staff=counsellor,
                    service_line="integration",
                    starts_at=self._at(day, self.rng.choice([9, 10, 11, 14, 15])),
                    duration_minutes=60 if interpreter else 45,
                    purpose=self.rng.choice(PURPOSES),
                    by=counsellor,
                    access_purpose=AccessPurpose.COUNSELLING,
                    interpreter=interpreter,
                    video_link="https://meet.demo.haven.invalid/afspraak" if interpreter == "video" else "",
                    place="video" if interpreter == "video" else "on_site",
                )
            except ValidationError:
                continue  # the counsellor has another appointment then: the rules said no
            planned += 1
            with_interpreter += bool(interpreter)
        return planned, with_interpreter

    def build(self) -> None:
        self.organisation = self.agency_organisation()
        self.site = Site.objects.filter(organisation=self.organisation).order_by("id").first()
        self.speakers: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
        for code, interpreter_id, modalities in (
            InterpreterLanguage.objects.filter(interpreter__active=True)
            .values_list("language_id", "interpreter_id", "interpreter__modalities")
            .order_by("interpreter_id")
        ):
            self.speakers[code].append((interpreter_id, modalities))
        contracts = list(
            Contract.objects.filter(state=ContractState.OPEN, counsellor__isnull=False)
            .select_related("person", "counsellor")
            .order_by("id")
        )
        made = self.history(contracts)
        planned, with_interpreter = self.coming(contracts)
        rule_tasks = tasks_from_rules(today=self.today)
        if self.stdout:
            self.stdout.write(
                f"  casework: {made['notes']} notes, {made['past']} past appointments "
                f"({made['interpreted']} with an interpreter) and {planned} coming "
                f"({with_interpreter} with an interpreter), {made['documents']} documents, "
                f"{made['tasks']} tasks by hand and {rule_tasks} by the rules"
            )
