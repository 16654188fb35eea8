"""Writes of casework: a note, a note's correction (a new version; the old one is kept),
a document added to the file."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.casework import access, uploads
from haven.casework.models import KINDS_WITH_VALIDITY, Confidentiality, Document, DocumentKind, Note
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose
from haven.people.models import Person


def _logged(
    record: Note | Document,
    by: User,
    purpose: AccessPurpose | str,
    channel: AccessChannel | None,
    field: str = access.NOTES_FIELD,
) -> None:
    access_record(
        user=by,
        person_id=record.person_id,
        action=AccessAction.UPDATE,
        purpose=purpose,
        channel=channel,
        fields=[field],
    )


def _checked_day(happened_on: date) -> None:
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("A note is about something that happened: today at the latest.")})


@transaction.atomic
def note_write(
    *,
    person: Person,
    service_line: str,
    subject: str,
    text: str,
    happened_on: date,
    by: User,
    purpose: AccessPurpose | str,
    confidentiality: str = Confidentiality.LINE,
    channel: AccessChannel | None = None,
) -> Note:
    """A note on the person's file, by a staff member of its service line who may open
    the file for the purpose; logged as a change of the file."""
    access.line_write_check(by, person.pk, line=service_line, purpose=purpose)
    _checked_day(happened_on)
    note = Note(
        person=person,
        service_line=service_line,
        author=by,
        written_at=timezone.now(),
        happened_on=happened_on,
        subject=subject.strip(),
        text=text.strip(),
        confidentiality=confidentiality,
    )
    note.full_clean(exclude=["person", "author"])
    note.save()
    _logged(note, by, purpose, channel)
    return note


@transaction.atomic
def note_correct(
    *,
    note: Note,
    subject: str,
    text: str,
    by: User,
    purpose: AccessPurpose | str,
    confidentiality: str | None = None,
    channel: AccessChannel | None = None,
) -> Note:
    """A correction: a new version of the note by its author, replacing the current one,
    which is kept unchanged (readable by its author and the privacy officer)."""
    note = Note.objects.select_for_update().get(pk=note.pk)
    if note.author_id != by.pk:
        raise PermissionDenied(_("Only the author corrects a note; write a new note instead."))
    if Note.objects.filter(replaces=note).exists():
        raise ValidationError(_("This version was corrected already; correct the latest version."))
    access.line_write_check(by, note.person_id, line=note.service_line, purpose=purpose)
    correction = Note(
        person_id=note.person_id,
        service_line=note.service_line,
        author=by,
        written_at=timezone.now(),
        happened_on=note.happened_on,
        subject=subject.strip(),
        text=text.strip(),
        confidentiality=confidentiality or note.confidentiality,
        replaces=note,
    )
    correction.full_clean(exclude=["person", "author", "replaces"])
    correction.save()
    _logged(correction, by, purpose, channel)
    return correction


# A residence card or passport valid for longer than this is a typing error.
MAX_VALIDITY_YEARS = 15


def document_add(
    *,
    person: Person,
    kind: str,
    service_line: str,
    file: Any,
    by: User,
    purpose: AccessPurpose | str,
    valid_until: date | None = None,
    channel: AccessChannel | None = None,
) -> Document:
    """A document on the person's file, added by the staff of its service line: a PDF or
    an image within the size limit, scanned for viruses where a scanner is configured
    (``uploads``); a validity date for the kinds that have one. Nothing is stored when it
    is refused. Logged as a change of the file."""
    access.line_write_check(by, person.pk, line=service_line, purpose=purpose)
    errors: dict[str, str] = {}
    if kind not in DocumentKind.values:
        errors["kind"] = _("Choose the kind of document.")
    elif kind in KINDS_WITH_VALIDITY and valid_until is None:
        errors["valid_until"] = _("This kind of document is valid until a date: give it.")
    elif kind not in KINDS_WITH_VALIDITY and valid_until is not None:
        errors["valid_until"] = _("This kind of document has no validity date.")
    elif valid_until is not None and valid_until.year > timezone.localdate().year + MAX_VALIDITY_YEARS:
        errors["valid_until"] = _("A document is not valid for more than 15 years; check the date.")
    if errors:
        raise ValidationError(errors)
    content_type = uploads.upload_format(file)
    scanned = uploads.upload_scan(file)
    document = Document(
        person=person,
        kind=kind,
        service_line=service_line,
        valid_until=valid_until,
        content_type=content_type,
        size=file.size,
        scanned=scanned,
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    with transaction.atomic():
        document.file.save(f"upload.{content_type.rsplit('/', 1)[-1]}", file, save=False)
        try:
            document.full_clean(exclude=["person", "uploaded_by", "file"])
            document.save()
        except Exception:
            document.file.delete(save=False)  # nothing stored on a refusal
            raise
        _logged(document, by, purpose, channel, access.DOCUMENTS_FIELD)
    return document
