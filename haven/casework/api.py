"""The casework API: a person's notes (read with a purpose, traced; search; paginated),
a new note and a correction; a person's documents, an upload (multipart) and a download;
tasks (one's own, a new one, done); appointments (one's own, plan with an interpreter,
move, cancel, outcome); under the same policy as the pages (``casework.access``)."""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from haven.accounts.models import User
from haven.casework import access, appointments, selectors, services
from haven.casework.models import (
    Appointment,
    AppointmentPlace,
    AppointmentState,
    Confidentiality,
    DocumentKind,
    Note,
    Task,
)
from haven.casework.uploads import document_response
from haven.core.api import PageMeta, download, page_of, problems
from haven.core.models import AccessChannel, AccessPurpose
from haven.people.access import people_shown, purpose_or_default
from haven.people.models import Person

router = Router(tags=["casework"])
API = AccessChannel.API


class NoteOut(Schema):
    id: int
    person_id: int
    service_line: str
    author: str = Field(description="The author's name.")
    written_at: datetime
    happened_on: date
    subject: str
    text: str
    confidentiality: Confidentiality
    replaces_id: int | None = Field(None, description="The version this one corrects.")
    corrected: bool = Field(
        description="A later version corrects this one (kept for its author and the privacy officer)."
    )


class NotePage(PageMeta):
    items: list[NoteOut]


class NoteIn(Schema):
    service_line: str = Field(description="One of the service lines whose staff the user is.")
    happened_on: date
    subject: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=10_000)
    confidentiality: Confidentiality = Confidentiality.LINE


class NoteCorrectionIn(Schema):
    subject: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=10_000)
    confidentiality: Confidentiality | None = None


def _out(note: Note, corrected: bool) -> NoteOut:
    return NoteOut(
        id=note.pk,
        person_id=note.person_id,
        service_line=note.service_line,
        author=note.author.get_full_name() or note.author.username,
        written_at=note.written_at,
        happened_on=note.happened_on,
        subject=note.subject,
        text=note.text,
        confidentiality=Confidentiality(note.confidentiality),
        replaces_id=note.replaces_id,
        corrected=corrected,
    )


def _write_purpose(request) -> str:
    return purpose_or_default(request.auth, None, AccessPurpose.COUNSELLING)


def _may(request, permission: str) -> None:
    if not request.auth.has_perm(permission):
        raise PermissionDenied


@router.get(
    "/people/{person_id}/notes",
    response={200: NotePage, **problems(404, 422)},
    summary="A person's notes the user may read (logged with the purpose; q: words to search)",
)
def notes_list(request, person_id: int, purpose: AccessPurpose, q: str = "", page: int = 1):
    _may(request, "casework.view_note")
    notes = access.notes_for_user(request.auth, person_id, purpose=purpose, channel=API)
    rows = selectors.notes_search(notes, q[:100]).annotate(
        corrected=Exists(Note.objects.filter(replaces=OuterRef("pk")))
    )
    meta, current = page_of(rows, page)
    return NotePage(**meta, items=[_out(note, note.corrected) for note in current])


@router.post(
    "/people/{person_id}/notes",
    response={201: NoteOut, **problems(404, body=True)},
    summary="Write a note on a person's file (a staff member of the note's service line)",
)
def note_create(request, person_id: int, payload: NoteIn):
    _may(request, "casework.add_note")
    person = get_object_or_404(Person, pk=person_id)
    note = services.note_write(
        person=person, by=request.auth, purpose=_write_purpose(request), channel=API, **payload.dict()
    )
    return Status(201, _out(note, corrected=False))


@router.post(
    "/notes/{note_id}/correction",
    response={201: NoteOut, **problems(404, body=True)},
    summary="Correct one's own note: a new version; the corrected one is kept",
)
def note_correct(request, note_id: int, payload: NoteCorrectionIn):
    _may(request, "casework.add_note")
    note = get_object_or_404(Note, pk=note_id, author=request.auth)  # only the author corrects
    correction = services.note_correct(
        note=note, by=request.auth, purpose=_write_purpose(request), channel=API, **payload.dict()
    )
    return Status(201, _out(correction, corrected=False))


# Documents ------------------------------------------------------------------------------------


class DocumentOut(Schema):
    id: int
    person_id: int
    kind: DocumentKind
    service_line: str
    valid_until: date | None
    content_type: str
    size: int
    scanned: bool = Field(description="Checked by the virus scanner (false where none is configured).")
    uploaded_at: datetime


def _document_out(document) -> DocumentOut:
    return DocumentOut(
        id=document.pk,
        person_id=document.person_id,
        kind=DocumentKind(document.kind),
        service_line=document.service_line,
        valid_until=document.valid_until,
        content_type=document.content_type,
        size=document.size,
        scanned=document.scanned,
        uploaded_at=document.uploaded_at,
    )


@router.get(
    "/people/{person_id}/documents",
    response={200: list[DocumentOut], **problems(404, 422)},
    summary="A person's documents (logged with the purpose)",
)
def documents_list(request, person_id: int, purpose: AccessPurpose):
    _may(request, "casework.view_document")
    return [
        _document_out(document)
        for document in access.documents_for_user(request.auth, person_id, purpose=purpose, channel=API)
    ]


@router.post(
    "/people/{person_id}/documents",
    response={201: DocumentOut, **problems(404, body=True)},
    summary="Add a document to a person's file (multipart: file, kind, service_line, valid_until)",
)
def document_add(
    request,
    person_id: int,
    file: File[UploadedFile],
    kind: Form[DocumentKind],
    service_line: Form[str],
    valid_until: Form[date | None] = None,
):
    _may(request, "casework.add_document")
    person = get_object_or_404(Person, pk=person_id)
    document = services.document_add(
        person=person,
        kind=kind,
        service_line=service_line,
        valid_until=valid_until,
        file=file,
        by=request.auth,
        purpose=_write_purpose(request),
        channel=API,
    )
    return Status(201, _document_out(document))


@router.get(
    "/documents/{document_id}/file",
    response=problems(404, 422),
    openapi_extra=download("application/pdf"),
    summary="Download a document (logged with the purpose)",
)
def document_file(request, document_id: int, purpose: AccessPurpose):
    _may(request, "casework.view_document")
    return document_response(access.document_for_user(request.auth, document_id, purpose=purpose, channel=API))


# Tasks ----------------------------------------------------------------------------------------


class TaskOut(Schema):
    id: int
    person_id: int
    text: str = Field(description="What to do, in the language of the request.")
    due_on: date
    assignee_id: int
    source: str = Field(description="hand or rule")
    done_at: datetime | None


class TaskIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    due_on: date
    assignee_id: int | None = Field(None, description="A colleague who keeps casework; yourself when left out.")


def _task_out(task) -> TaskOut:
    return TaskOut(
        id=task.pk,
        person_id=task.person_id,
        text=task.text,
        due_on=task.due_on,
        assignee_id=task.assignee_id,
        source=task.source,
        done_at=task.done_at,
    )


@router.get(
    "/tasks",
    response={200: list[TaskOut], **problems()},
    summary="One's open tasks due in the coming week (overdue included); every person listed is traced",
)
def tasks_mine(request):
    _may(request, "casework.view_note")
    tasks = list(selectors.tasks_open(request.auth, today=timezone.localdate()))
    people_shown(request.auth, [task.person_id for task in tasks], channel=API)
    return [_task_out(task) for task in tasks]


@router.post(
    "/people/{person_id}/tasks",
    response={201: TaskOut, **problems(404, body=True)},
    summary="A to-do on a person's file",
)
def task_create(request, person_id: int, payload: TaskIn):
    _may(request, "casework.add_note")
    person = get_object_or_404(Person, pk=person_id)
    assignee = request.auth
    if payload.assignee_id is not None:
        assignee = User.objects.filter(pk=payload.assignee_id).first()
        if assignee is None:
            raise ValidationError({"assignee_id": [_("Choose a colleague who keeps casework.")]})
    task = services.task_create(
        person=person,
        title=payload.title,
        due_on=payload.due_on,
        assignee=assignee,
        by=request.auth,
        purpose=_write_purpose(request),
        channel=API,
    )
    return Status(201, _task_out(task))


@router.post(
    "/tasks/{task_id}/done",
    response={200: TaskOut, **problems(404, body=True)},
    summary="Mark one's task done",
)
def task_done(request, task_id: int):
    _may(request, "casework.view_note")
    task = get_object_or_404(Task, pk=task_id, assignee=request.auth)
    return _task_out(services.task_done(task=task, by=request.auth, purpose=_write_purpose(request), channel=API))


# Appointments ---------------------------------------------------------------------------------


class AppointmentOut(Schema):
    id: int
    person_id: int
    staff_id: int
    starts_at: datetime
    duration_minutes: int
    place: AppointmentPlace
    purpose: str
    state: AppointmentState
    interpreting_request_id: int | None
    interpreting_status: str | None = Field(None, description="The state of the interpreter's request.")


class AppointmentIn(Schema):
    service_line: str
    starts_at: datetime
    duration_minutes: int = Field(45, ge=5, le=480)
    place: AppointmentPlace = AppointmentPlace.ON_SITE
    video_link: str = ""
    purpose: str = Field(min_length=1, max_length=200)
    interpreter: str = Field("", description='"", "on_site" or "video": an interpreter in the same step.')
    urgent: bool = False


class AppointmentMoveIn(Schema):
    starts_at: datetime


class AppointmentOutcomeIn(Schema):
    state: AppointmentState = Field(description="came or no_show")


def _appointment_out(appointment) -> AppointmentOut:
    request = appointment.interpreting_request
    return AppointmentOut(
        id=appointment.pk,
        person_id=appointment.person_id,
        staff_id=appointment.staff_id,
        starts_at=appointment.starts_at,
        duration_minutes=appointment.duration_minutes,
        place=AppointmentPlace(appointment.place),
        purpose=appointment.purpose,
        state=AppointmentState(appointment.state),
        interpreting_request_id=appointment.interpreting_request_id,
        interpreting_status=request.status if request is not None else None,
    )


@router.get(
    "/appointments",
    response={200: list[AppointmentOut], **problems(422)},
    summary="One's appointments from a day, for up to 31 days; every person listed is traced",
)
def appointments_mine(request, start: date, days: int = Query(7, ge=1, le=31)):
    _may(request, "casework.add_note")
    first = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    rows = list(
        Appointment.objects.filter(staff=request.auth, starts_at__gte=first, starts_at__lt=first + timedelta(days=days))
        .select_related("interpreting_request")
        .order_by("starts_at", "id")
    )
    people_shown(request.auth, [row.person_id for row in rows], channel=API)
    return [_appointment_out(row) for row in rows]


@router.post(
    "/people/{person_id}/appointments",
    response={201: AppointmentOut, **problems(404, body=True)},
    summary="Plan an appointment with a person, with an interpreter in the same step if asked",
)
def appointment_create(request, person_id: int, payload: AppointmentIn):
    _may(request, "casework.add_note")
    person = get_object_or_404(Person, pk=person_id)
    appointment = appointments.appointment_create(
        person=person,
        staff=request.auth,
        by=request.auth,
        access_purpose=_write_purpose(request),
        channel=API,
        **payload.dict(),
    )
    return Status(201, _appointment_out(appointment))


def _appointment_out_of(pk: int) -> AppointmentOut:
    """An appointment as it is after a change, with its (possibly new) interpreting request."""
    return _appointment_out(Appointment.objects.select_related("interpreting_request").get(pk=pk))


def _own_appointment(request, appointment_id: int) -> Appointment:
    _may(request, "casework.add_note")
    return get_object_or_404(Appointment, pk=appointment_id, staff=request.auth)


@router.post(
    "/appointments/{appointment_id}/move",
    response={200: AppointmentOut, **problems(404, body=True)},
    summary="Move one's appointment (its interpreter's request moves with it)",
)
def appointment_move(request, appointment_id: int, payload: AppointmentMoveIn):
    appointment = appointments.appointment_move(
        appointment=_own_appointment(request, appointment_id),
        starts_at=payload.starts_at,
        by=request.auth,
        access_purpose=_write_purpose(request),
        channel=API,
    )
    return _appointment_out_of(appointment.pk)


@router.post(
    "/appointments/{appointment_id}/cancel",
    response={200: AppointmentOut, **problems(404, body=True)},
    summary="Cancel one's appointment (and its interpreter, under the cancellation rules)",
)
def appointment_cancel(request, appointment_id: int):
    appointment = appointments.appointment_cancel(
        appointment=_own_appointment(request, appointment_id),
        by=request.auth,
        access_purpose=_write_purpose(request),
        channel=API,
    )
    return _appointment_out_of(appointment.pk)


@router.post(
    "/appointments/{appointment_id}/outcome",
    response={200: AppointmentOut, **problems(404, body=True)},
    summary="Record whether the person came",
)
def appointment_outcome(request, appointment_id: int, payload: AppointmentOutcomeIn):
    appointment = appointments.appointment_outcome(
        appointment=_own_appointment(request, appointment_id),
        state=payload.state,
        by=request.auth,
        access_purpose=_write_purpose(request),
        channel=API,
    )
    return _appointment_out_of(appointment.pk)
