"""Who reads and writes casework on a person's file.

Documents are part of the file: whoever may open the file for the purpose lists and
downloads them (each read traced: ``documents``, ``document``); only the staff of the
service line that owns one adds it. Notes are read by confidentiality, below.

First the file: the access policy decides whether the user may open the person's file for
the purpose given (``people.access.person_access``: relationship, purpose, breaking the
glass), and the read is traced with the field ``notes``. Then each note, by its
confidentiality:

- *the service line's staff*: users with one of the line's roles (``casework.registry``);
- *the author and the person's counsellor*: the author, and whoever has the person in
  their caseload (the relationship "caseload" of the policy);
- *the privacy officer*: the privacy officer.

The author always reads their own notes, and the privacy officer every note. A corrected
(older) version is read only by its author and the privacy officer.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.casework.models import Confidentiality, Document, Note
from haven.casework.registry import lines_of, service_line
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose
from haven.people import access as people_access
from haven.people import policy
from haven.people.glass import glass_reason

PRIVACY_OFFICER = "privacy_officer"
NOTES_FIELD = "notes"
DOCUMENTS_FIELD, DOCUMENT_FIELD = "documents", "document"


def is_privacy_officer(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and PRIVACY_OFFICER in user.role_codes


def readable_notes_q(user: User, person_id: int) -> Q:
    """A filter on Note for the notes of this person this user may read (one query at
    most, to ask whether the user is the person's counsellor)."""
    if is_privacy_officer(user):
        return Q()
    readable = Q(author=user) | Q(confidentiality=Confidentiality.LINE, service_line__in=lines_of(user.role_codes))
    if policy.relationship_covers("caseload", user, person_id):
        readable |= Q(confidentiality=Confidentiality.COUNSELLOR)
    return readable & (Q(replaced_by__isnull=True) | Q(author=user))


def _file_read(
    user: User | AnonymousUser,
    person_id: int,
    *,
    purpose: AccessPurpose | str,
    channel: AccessChannel | None,
    field: str,
) -> User:
    """The policy's decision on the person's file, and the read's trace naming ``field``
    (a refusal is traced too). Raises PermissionDenied."""
    grant = people_access.person_access(user, person_id, purpose=purpose, channel=channel, log_read=False)
    assert isinstance(user, User)  # person_access refuses an anonymous user
    reason = "" if grant.allowed else glass_reason(person_id)
    access_record(
        user=user,
        person_id=person_id,
        action=AccessAction.VIEW,
        purpose=purpose,
        channel=channel,
        fields=[field],
        break_glass=bool(reason),
        reason=reason,
    )
    return user


def change_logged(
    *, person_id: int, by: User, purpose: AccessPurpose | str, channel: AccessChannel | None, field: str
) -> None:
    """The access-log entry of a change to a person's casework (``field``: notes,
    documents, tasks, appointments)."""
    access_record(
        user=by, person_id=person_id, action=AccessAction.UPDATE, purpose=purpose, channel=channel, fields=[field]
    )


def notes_for_user(
    user: User | AnonymousUser, person_id: int, *, purpose: AccessPurpose | str, channel: AccessChannel | None = None
) -> QuerySet[Note]:
    """The person's notes this user may read, after the policy's decision on the file;
    the read is traced (field ``notes``), a refusal too. Raises PermissionDenied."""
    reader = _file_read(user, person_id, purpose=purpose, channel=channel, field=NOTES_FIELD)
    return Note.objects.filter(person_id=person_id).filter(readable_notes_q(reader, person_id))


def documents_for_user(
    user: User | AnonymousUser, person_id: int, *, purpose: AccessPurpose | str, channel: AccessChannel | None = None
) -> QuerySet[Document]:
    """The person's documents: part of the file, for whoever may open it for the purpose
    (the service line owns a document: only its staff add one). Traced (``documents``)."""
    _file_read(user, person_id, purpose=purpose, channel=channel, field=DOCUMENTS_FIELD)
    return Document.objects.filter(person_id=person_id).select_related("uploaded_by")


def document_for_user(
    user: User | AnonymousUser, document_id: int, *, purpose: AccessPurpose | str, channel: AccessChannel | None = None
) -> Document:
    """One document to download, after the policy's decision on its person's file; traced
    (``document``). Http404 for an unknown document."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        raise Http404
    _file_read(user, document.person_id, purpose=purpose, channel=channel, field=DOCUMENT_FIELD)
    return document


def line_write_check(user: User | AnonymousUser, person_id: int, *, line: str, purpose: AccessPurpose | str) -> None:
    """May this user add a record of this service line (a note, a document) on this
    person's file? The file for the purpose (as a write: logged by the service), then the
    line: an unknown one is a ValidationError, another line than the user's own a
    PermissionDenied."""
    people_access.person_access(
        user, person_id, purpose=purpose, log_read=False, permission=people_access.VIEW_PERMISSION
    )
    assert isinstance(user, User)
    if service_line(line) is None:
        raise ValidationError({"service_line": _("Choose a service line from the list.")})
    if line not in lines_of(user.role_codes):
        raise PermissionDenied(_("You add notes and documents only for your own service line."))
