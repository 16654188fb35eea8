"""The casework API: a person's notes (read with a purpose, traced; search; paginated),
a new note and a correction; a person's documents, an upload (multipart) and a download;
under the same policy as the pages (``casework.access``)."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from haven.casework import access, selectors, services
from haven.casework.models import Confidentiality, DocumentKind, Note
from haven.casework.uploads import document_response
from haven.core.api import PageMeta, download, page_of, problems
from haven.core.models import AccessChannel, AccessPurpose
from haven.people.access import purpose_or_default
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
