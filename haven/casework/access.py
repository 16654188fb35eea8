"""Who reads and writes casework on a person's file.

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
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.casework.models import Confidentiality, Note
from haven.casework.registry import lines_of, service_line
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose
from haven.people import access as people_access
from haven.people import policy
from haven.people.glass import glass_reason

PRIVACY_OFFICER = "privacy_officer"
NOTES_FIELD = "notes"


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


def notes_for_user(
    user: User | AnonymousUser, person_id: int, *, purpose: AccessPurpose | str, channel: AccessChannel | None = None
) -> QuerySet[Note]:
    """The person's notes this user may read, after the policy's decision on the file;
    the read is traced (field ``notes``), a refusal too. Raises PermissionDenied."""
    grant = people_access.person_access(user, person_id, purpose=purpose, channel=channel, log_read=False)
    assert isinstance(user, User)  # person_access refuses an anonymous user
    reason = "" if grant.allowed else glass_reason(person_id)
    access_record(
        user=user,
        person_id=person_id,
        action=AccessAction.VIEW,
        purpose=purpose,
        channel=channel,
        fields=[NOTES_FIELD],
        break_glass=bool(reason),
        reason=reason,
    )
    return Note.objects.filter(person_id=person_id).filter(readable_notes_q(user, person_id))


def note_write_check(user: User | AnonymousUser, person_id: int, *, line: str, purpose: AccessPurpose | str) -> None:
    """May this user write a note of this service line on this person's file? The file
    for the purpose (as a write: logged by the service), then the line: an unknown one is
    a ValidationError, another line than the user's own a PermissionDenied."""
    people_access.person_access(
        user, person_id, purpose=purpose, log_read=False, permission=people_access.VIEW_PERMISSION
    )
    assert isinstance(user, User)
    if service_line(line) is None:
        raise ValidationError({"service_line": _("Choose a service line from the list.")})
    if line not in lines_of(user.role_codes):
        raise PermissionDenied(_("You write notes only for your own service line."))
