"""Writes of casework: a note, a note's correction (a new version; the old one is kept),
a document added to the file, a task (by hand, done, or made by the rules)."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.casework import access, uploads
from haven.casework.models import (
    KINDS_WITH_VALIDITY,
    Confidentiality,
    Document,
    DocumentKind,
    Note,
    Task,
    TaskSource,
)
from haven.casework.task_rules import task_rules
from haven.core.models import AccessChannel, AccessPurpose
from haven.people.models import Person


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
    access.change_logged(person_id=note.person_id, by=by, purpose=purpose, channel=channel, field=access.NOTES_FIELD)
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
    access.change_logged(
        person_id=correction.person_id, by=by, purpose=purpose, channel=channel, field=access.NOTES_FIELD
    )
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
        access.change_logged(
            person_id=document.person_id, by=by, purpose=purpose, channel=channel, field=access.DOCUMENTS_FIELD
        )
    return document


# Tasks ----------------------------------------------------------------------------------------

TASKS_FIELD = "tasks"


@transaction.atomic
def task_create(
    *,
    person: Person,
    title: str,
    due_on: date,
    assignee: User,
    by: User,
    purpose: AccessPurpose | str,
    channel: AccessChannel | None = None,
) -> Task:
    """A to-do on the person's file by someone who may open it, for a colleague who keeps
    casework (or oneself); logged as a change of the file."""
    from haven.people import access as people_access

    people_access.person_access(by, person.pk, purpose=purpose, channel=channel, log_read=False)
    if not (assignee.is_active and assignee.has_perm("casework.view_note")):
        raise ValidationError({"assignee": _("Choose a colleague who keeps casework.")})
    task = Task(
        person=person,
        title=title.strip(),
        due_on=due_on,
        assignee=assignee,
        created_by=by,
        created_at=timezone.now(),
        source=TaskSource.HAND,
    )
    task.full_clean(exclude=["person", "assignee", "created_by", "done_by"])
    task.save()
    access.change_logged(person_id=person.pk, by=by, purpose=purpose, channel=channel, field=TASKS_FIELD)
    return task


@transaction.atomic
def task_done(*, task: Task, by: User, purpose: AccessPurpose | str, channel: AccessChannel | None = None) -> Task:
    """The assignee (or who wrote it) marks the task done; done once."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if by.pk not in (task.assignee_id, task.created_by_id):
        raise PermissionDenied(_("Only the assignee or who wrote the task marks it done."))
    if task.done_at is not None:
        raise ValidationError(_("This task is done already."))
    task.done_at, task.done_by = timezone.now(), by
    task.save(update_fields=["done_at", "done_by"])
    access.change_logged(person_id=task.person_id, by=by, purpose=purpose, channel=channel, field=TASKS_FIELD)
    return task


def tasks_from_rules(*, today: date) -> int:
    """Save every rule's proposals not made before (each ``key`` once): the daily job.
    Returns the number of tasks made. One insert per rule."""
    made = 0
    now = timezone.now()
    for rule in task_rules():
        proposals = list(rule.propose(today))
        if not proposals:
            continue
        known = set(Task.objects.filter(key__in=[proposal.key for proposal in proposals]).values_list("key", flat=True))
        fresh = [
            Task(
                person_id=proposal.person_id,
                assignee_id=proposal.assignee_id,
                due_on=proposal.due_on,
                source=TaskSource.RULE,
                rule=rule.name,
                facts=proposal.facts,
                key=proposal.key,
                created_at=now,
            )
            for proposal in proposals
            if proposal.key not in known
        ]
        Task.objects.bulk_create(fresh, batch_size=500, ignore_conflicts=True)
        made += len(fresh)
    return made
