"""Writes of casework: a note, and a note's correction (a new version; the old one is kept)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.casework import access
from haven.casework.models import Confidentiality, Note
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose
from haven.people.models import Person


def _logged(note: Note, by: User, purpose: AccessPurpose | str, channel: AccessChannel | None) -> None:
    access_record(
        user=by,
        person_id=note.person_id,
        action=AccessAction.UPDATE,
        purpose=purpose,
        channel=channel,
        fields=[access.NOTES_FIELD],
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
    access.note_write_check(by, person.pk, line=service_line, purpose=purpose)
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
    access.note_write_check(by, note.person_id, line=note.service_line, purpose=purpose)
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
