"""Demo casework for today's caseloads: for each running contract (the newcomers of the last
months, ``demo.present``), the notes, appointments (held, missed, cancelled, and the coming
ones, some with an interpreter), a residence card and the tasks, from its signing to today
and the weeks ahead. All dated from the day the demo is built; nothing falls in 2019.

The coming appointments go through the services (an interpreter is requested from the
agency's own organisation under the interpreting rules); the past ones, the notes and the
documents are the same write many times and go in bulk. The tasks are made by the rules'
daily job, as in production.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from haven.casework import appointments as appointment_services
from haven.casework.models import (
    Appointment,
    AppointmentState,
    Confidentiality,
    Document,
    DocumentKind,
    Note,
    document_path,
)
from haven.casework.services import tasks_from_rules
from haven.core.models import AccessPurpose
from haven.integration.models import Contract, ContractState
from haven.interpreting.agency import agency
from haven.interpreting.models import Agreement, AgreementStatus, Organisation, Sector, Site, Zone

SUBJECTS = [
    ("Opvolggesprek", "Overlopen van het persoonlijk actieplan; afspraken voor de komende weken."),
    ("Huisvesting", "Zoekt een betaalbare woning; doorverwezen naar het Sociaal Verhuurkantoor."),
    ("Nederlands", "Wil sneller vooruit met Nederlands; bekijkt een avondcursus."),
    ("Werk", "Gesprek over de loopbaanoriëntatie en een afspraak bij de VDAB."),
    ("Kinderopvang", "Opvang tijdens de lessen nog niet geregeld; contact met het Huis van het Kind."),
    ("Administratie", "Hulp bij de brief van de mutualiteit; kopie gevraagd."),
]
CONFIDENTIAL = ("Gezondheid", "Medische situatie besproken; enkel voor de trajectbegeleider.")
PURPOSES = ["Opvolging traject", "Bespreking actieplan", "Voorbereiding loopbaanoriëntatie", "Administratie"]
PDF = b"%PDF-1.4\n% demo: a copy of a residence card\n%%EOF\n"
APPOINTMENT_EVERY_DAYS = (14, 28)


class CaseworkBuilder:
    def __init__(self, *, rng: random.Random, today: date | None = None, stdout=None):
        self.rng = rng
        self.today = today or timezone.localdate()
        self.stdout = stdout

    def agency_organisation(self) -> Organisation:
        """The agency among the interpreting service's organisations: its staff request
        interpreters for their own appointments (an agreement from last year on)."""
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
        start = max(date(2020, 1, 1), self.today - timedelta(days=365))
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

    def history(self, contracts: list[Contract]) -> tuple[int, int, int]:
        """Notes, past appointments and residence cards, in bulk."""
        rng, now = self.rng, timezone.now()
        notes, past, documents = [], [], []
        for contract in contracts:
            counsellor, person = contract.counsellor, contract.person
            assert counsellor is not None  # the contracts chosen have one
            day = contract.signed_on
            while True:
                day = self._working_day(day + timedelta(days=rng.randint(*APPOINTMENT_EVERY_DAYS)))
                if day >= self.today:
                    break
                state = rng.choices(
                    [AppointmentState.CAME, AppointmentState.NO_SHOW, AppointmentState.CANCELLED], [80, 12, 8]
                )[0]
                starts = self._at(day, rng.choice([9, 10, 11, 13, 14, 15]), rng.choice([0, 30]))
                past.append(
                    Appointment(
                        person=person,
                        staff=counsellor,
                        service_line="integration",
                        starts_at=starts,
                        duration_minutes=rng.choice([30, 45, 60]),
                        purpose=rng.choice(PURPOSES),
                        state=state,
                        created_by=counsellor,
                        created_at=starts - timedelta(days=rng.randint(3, 14)),
                    )
                )
                if state == AppointmentState.CAME:
                    subject, text = rng.choice(SUBJECTS) if rng.random() > 0.05 else CONFIDENTIAL
                    notes.append(
                        Note(
                            person=person,
                            service_line="integration",
                            author=counsellor,
                            written_at=starts + timedelta(hours=1),
                            happened_on=day,
                            subject=subject,
                            text=text,
                            confidentiality=Confidentiality.COUNSELLOR
                            if subject == CONFIDENTIAL[0]
                            else Confidentiality.LINE,
                        )
                    )
            valid_until = self.today + timedelta(days=rng.choice([rng.randint(-20, 59), rng.randint(60, 1500)]))
            document = Document(
                person=person,
                kind=DocumentKind.RESIDENCE_CARD,
                service_line="integration",
                valid_until=valid_until,
                content_type="application/pdf",
                size=len(PDF),
                scanned=False,
                uploaded_by=counsellor,
                uploaded_at=now - timedelta(days=rng.randint(1, 30)),
            )
            document.file.name = default_storage.save(document_path(document, "kaart.pdf"), ContentFile(PDF))
            documents.append(document)
        Appointment.objects.bulk_create(past, batch_size=500)
        Note.objects.bulk_create(notes, batch_size=500)
        Document.objects.bulk_create(documents, batch_size=500)
        return len(notes), len(past), len(documents)

    def coming(self, contracts: list[Contract]) -> tuple[int, int]:
        """One appointment in the coming two weeks per contract, through the service: an
        interpreter where the counsellor does not speak the person's language."""
        planned = with_interpreter = 0
        for contract in contracts:
            counsellor, person = contract.counsellor, contract.person
            assert counsellor is not None  # the contracts chosen have one
            day = self._working_day(self.today + timedelta(days=self.rng.randint(4, 16)))
            interpreter = ""
            if appointment_services.interpreter_needed(person, counsellor) and person.preferred_language_id != "nld":
                interpreter = self.rng.choice(["on_site", "on_site", "video"])
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
            except Exception:
                continue
            planned += 1
            with_interpreter += bool(interpreter)
        return planned, with_interpreter

    def build(self) -> None:
        self.agency_organisation()
        contracts = list(
            Contract.objects.filter(state=ContractState.OPEN, counsellor__isnull=False)
            .select_related("person", "counsellor")
            .order_by("id")
        )
        notes, past, documents = self.history(contracts)
        planned, with_interpreter = self.coming(contracts)
        tasks = tasks_from_rules(today=self.today)
        if self.stdout:
            self.stdout.write(
                f"  casework: {notes} notes, {past} past and {planned} coming appointments "
                f"({with_interpreter} with an interpreter), {documents} residence cards, {tasks} tasks"
            )
