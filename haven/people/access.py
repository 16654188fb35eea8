"""Who may see and change a person's file. Every HTML and JSON view goes through here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose
from haven.people import selectors
from haven.people.models import Person

VIEW_PERMISSION = "people.view_person"
ADD_PERMISSION = "people.add_person"
CHANGE_PERMISSION = "people.change_person"


def people_for_user(user, *, write: bool = False) -> None:
    """Raise PermissionDenied unless the user may search (or register) people."""
    permission = ADD_PERMISSION if write else VIEW_PERMISSION
    if not (user.is_authenticated and user.is_active and user.has_perm(permission)):
        raise PermissionDenied


def person_for_user(
    user, person_id: int, *, purpose: AccessPurpose | str, write: bool = False,
    channel: AccessChannel = AccessChannel.WEB, shows_file: bool = False,
) -> Person:
    """The person's file for this user, or PermissionDenied / Http404.

    A read is logged here, once, with the purpose the user gave (also for a write
    access that ``shows_file``, such as opening an edit form). A write is logged by
    the service that makes it, with the changed fields.
    """
    permission = CHANGE_PERMISSION if write else VIEW_PERMISSION
    if not (user.is_authenticated and user.is_active and user.has_perm(permission)):
        raise PermissionDenied
    purpose = AccessPurpose(purpose)  # ValueError for an unknown purpose
    person = selectors.person_file(person_id=person_id).first()
    if person is None:
        raise Http404
    if not write or shows_file:  # an edit form shows the whole file too: that is a read
        access_record(user=user, person_id=person.pk, action=AccessAction.VIEW, purpose=purpose, channel=channel)
    return person


def access_history_for_user(user) -> None:
    if not (user.is_authenticated and user.has_perm("core.view_accesslogentry")):
        raise PermissionDenied
