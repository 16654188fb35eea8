"""Who may see and change a person's file. Every HTML and JSON view goes through here.

The rules are the access policy (``haven.people.policy``): a role's purposes, whose
files it may open, breaking the glass, the fields it sees. This module applies them
and leaves the trace: a read of a file is one access-log entry with the purpose given;
a refusal is an entry too (an attempt); a list or search result is one entry per
person shown (``people_shown``).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import User
from haven.core.access import require_permission
from haven.core.api import page_of
from haven.core.audit import access_record, access_trace
from haven.core.models import AccessAction, AccessChannel, AccessPurpose
from haven.people import policy, selectors
from haven.people.glass import glass_reason
from haven.people.models import Person

VIEW_PERMISSION = "people.view_person"
ADD_PERMISSION = "people.add_person"
CHANGE_PERMISSION = "people.change_person"


class BreakGlassRequired(PermissionDenied):
    """The file is outside the user's relationships, and the user's role may open it
    only with a written reason. Pages answer with the reason form, the API with a 403
    that says how to give one."""

    def __init__(self, person_id: int):
        super().__init__(_("This file is outside your caseload or programme. Give a reason to open it."))
        self.person_id = person_id


class PurposeRefused(PermissionDenied):
    """The purpose given is not one the user's roles may give."""


class FileRestricted(PermissionDenied):
    """Processing of the file is restricted (GDPR art. 18): only the privacy officer sees
    it, read-only. The message says so; it names no one."""

    def __init__(self, person_id: int):
        super().__init__(_("Processing of this file is restricted: only the privacy officer may open it."))
        self.person_id = person_id


def _is_write(permission: str) -> bool:
    """Whether ``permission`` makes or changes a record of the person. The privacy app's own
    (a copy of the file, a decision on a request) change nothing of the file itself."""
    app, _dot, codename = permission.partition(".")
    return app != "privacy" and codename.startswith(("add_", "change_", "delete_"))


def people_for_user(user: User | AnonymousUser, *, write: bool = False) -> None:
    """Raise PermissionDenied unless the user may search (or register) people."""
    require_permission(user, ADD_PERMISSION if write else VIEW_PERMISSION)
    rules = policy.user_policy(user)
    if not write and not (rules.opens_files or rules.may_break_glass):
        raise PermissionDenied


def _refuse(user: User | AnonymousUser, person_id: int, purpose: str, channel: AccessChannel | None) -> None:
    access_record(user=user, person_id=person_id, action=AccessAction.REFUSED, purpose=purpose, channel=channel)


def person_access(
    user: User | AnonymousUser,
    person_id: int,
    *,
    purpose: AccessPurpose | str,
    channel: AccessChannel | None = None,
    log_read: bool = True,
    permission: str = VIEW_PERMISSION,
    starts: str | None = None,
    related: bool | None = None,
    restricted: bool | None = None,
    household: Iterable[int] = (),
) -> policy.Grant:
    """The one decision for any record of a person: the role's permission, then the
    policy (purpose, relationship, breaking the glass). Logs the read (``log_read``)
    or the refusal; raises PermissionDenied (BreakGlassRequired, PurposeRefused).

    ``starts`` names the relationship the record being made starts (a diploma dossier
    starts "programme"): a user who has that relationship may begin it with anyone,
    for one of their purposes, without breaking the glass.

    ``related``, ``restricted``: the relationship answer and the file's restriction read
    with the person (``policy.decide``). A restricted file is refused (FileRestricted) to
    all but the privacy officer, and changes to it to everyone.
    ``household``: people shown beside the file when the whole file is shown, traced
    as listed in the read's own insert."""
    require_permission(user, permission)
    try:
        purpose = AccessPurpose(purpose)
    except ValueError:
        raise PurposeRefused(_("Choose a purpose from the list.")) from None
    grant = policy.decide(user, person_id, purpose, related=related, restricted=restricted)
    rules = policy.user_policy(user)
    if grant.refusal == "restricted" or (restricted and _is_write(permission)):
        _refuse(user, person_id, purpose, channel)
        raise FileRestricted(person_id)
    if starts and not grant.allowed and starts in rules.relationships and purpose in rules.purposes:
        grant = policy.Grant(True, full_fields=rules.full_fields)
    reason = ""
    if not grant.allowed:
        reason = glass_reason(person_id) if grant.break_glass_needed else ""
        if len(reason) < policy.BREAK_GLASS_MIN_REASON:
            if not Person.objects.filter(pk=person_id).exists():
                raise Http404  # nothing to refuse: an unknown file is not found, for everyone
            _refuse(user, person_id, purpose, channel)
            if grant.break_glass_needed:
                raise BreakGlassRequired(person_id)
            if grant.refusal == "purpose":
                raise PurposeRefused(_("Your role may not open a file for this purpose."))
            raise PermissionDenied
    if log_read:
        access_record(
            user=user,
            person_id=person_id,
            action=AccessAction.VIEW,
            purpose=purpose,
            channel=channel,
            break_glass=bool(reason),
            reason=reason,
            listed=household if (grant.full_fields or reason) else (),
        )
    return grant


def purpose_or_default(user: User | AnonymousUser | None, given: str | None, preferred: str | None = None) -> str:
    """The purpose given when it is a known one (the policy then decides whether the user
    may give it), else ``preferred`` when the user may give it, else the user's first."""
    if given in AccessPurpose.values:
        return given
    if user is None:  # the command line
        return preferred or AccessPurpose.AUDIT
    allowed = [value for value, _label in policy.purposes_for(user)]
    if preferred in allowed:
        return preferred
    return allowed[0] if allowed else AccessPurpose.AUDIT


def person_for_user(
    user: User | AnonymousUser,
    person_id: int,
    *,
    purpose: AccessPurpose | str,
    write: bool = False,
    channel: AccessChannel | None = None,
    shows_file: bool = False,
) -> Person:
    """The person's file for this user, or PermissionDenied / Http404.

    A read is logged here, once, with the purpose the user gave (also for a write
    access that ``shows_file``, such as opening an edit form). A write is logged by
    the service that makes it, with the changed fields. The person carries
    ``full_fields``: False when the user's roles see only what a course needs.
    """
    person = selectors.person_file(person_id=person_id).first()
    grant = person_access(
        user,
        person_id,
        purpose=purpose,
        channel=channel,
        log_read=person is not None and (not write or shows_file),
        permission=CHANGE_PERMISSION if write else VIEW_PERMISSION,
        restricted=None if person is None else person.restricted_at is not None,
    )
    if person is None:
        raise Http404
    person.full_fields = grant.full_fields or not grant.allowed  # a broken glass shows the whole file
    return person


def person_for_record(
    user: User | AnonymousUser,
    person_id: int,
    *,
    purpose: AccessPurpose | str,
    permission: str,
    starts: str | None,
    write: bool = False,
    channel: AccessChannel | None = None,
) -> Person:
    """A person for a service line's form or record (a referral, a dossier, a stay): the
    line's ``permission`` decides, not the registry's change permission, and a record
    that ``starts`` a relationship may be begun with anyone by a user who has that
    relationship. Opening the form is a read, logged with the purpose; the service logs
    the write."""
    require_permission(user, permission)
    person = Person.objects.select_related("preferred_language").filter(pk=person_id).first()
    person_access(
        user,
        person_id,
        purpose=purpose,
        channel=channel,
        log_read=not write,
        permission=permission if write else VIEW_PERMISSION,
        starts=starts,
        restricted=None if person is None else person.restricted_at is not None,
    )
    if person is None:
        raise Http404
    return person


def person_file_for_user(
    user: User | AnonymousUser, person_id: int, *, purpose: AccessPurpose | str, annotations: Mapping[str, Any]
) -> Person:
    """The person file to show, or PermissionDenied / Http404: the person, their household
    and the panels' ``annotations`` read in one query with the relationship the decision
    needs; the read and the household it shows (25 parents and 25 children at most, as the
    panel shows them) traced in one insert. ``person.full_fields`` as ``person_for_user``."""
    user_policy = policy.user_policy(user)
    person = selectors.person_file_row(
        person_id=person_id,
        related=policy.related_people_q(user, user_policy),
        annotations=annotations,
        # What shapes the statement besides the person: the reader (a caseload is theirs),
        # their relationships, the panels' columns, the time zone datetimes are read in.
        key=(
            user.pk,
            user_policy.anyone,
            user_policy.relationships,
            tuple(annotations),
            timezone.get_current_timezone_name(),
        ),
    )
    shown = settings.HAVEN_PAGE_SIZE
    household = (
        [link.child_id for link in person.child_links.all()[:shown]]
        + [link.parent_id for link in person.parent_links.all()[:shown]]
        if person is not None
        else []
    )
    grant = person_access(
        user,
        person_id,
        purpose=purpose,
        log_read=person is not None,
        related=getattr(person, "related", None),
        restricted=None if person is None else person.restricted_at is not None,
        household=household,
    )
    if person is None:
        raise Http404
    person.full_fields = grant.full_fields or not grant.allowed  # a broken glass shows the whole file
    return person


def people_visible(queryset: QuerySet[Any], user: User | AnonymousUser, *, person_field: str = "pk") -> QuerySet[Any]:
    """A list of people (or of records with a person) narrowed to whom the user may open."""
    return policy.scope_people(queryset, user, person_field=person_field)


def visible_ids(user: User | AnonymousUser, person_ids: Iterable[int]) -> set[int]:
    """Which of these people the user may open (one query, none when the user may open anyone)."""
    ids = {int(person_id) for person_id in person_ids if person_id is not None}
    if not ids or (policy.related_people_q(user) is None and policy.user_policy(user).sees_restricted):
        return ids
    return set(policy.scope_people(Person.objects.filter(pk__in=ids), user).values_list("pk", flat=True))


def person_if_openable(
    user: User | AnonymousUser, person_id: int, *, purpose: AccessPurpose | str | None = None
) -> Person | None:
    """The person (id and names) when this user may open their file without breaking the
    glass: the role's view permission and the policy's relationships. The name is then
    shown, so it is traced as listed (``people_shown``). None, and nothing shown or traced,
    otherwise. Two queries at most (the relationship, the names) and the trace."""
    if not user.has_perm(VIEW_PERMISSION):
        return None
    people = Person.objects.only("id", "given_names", "family_name").filter(pk=person_id)
    if policy.related_people_q(user) is None:
        # Anyone's file: but a restricted one, read with the names (no query more).
        people = policy.scope_people(people, user)
    elif person_id not in visible_ids(user, [person_id]):
        return None
    person = people.first()
    if person is not None:
        people_shown(user, [person.pk], purpose=purpose)
    return person


def people_page(
    user: User | AnonymousUser,
    rows: QuerySet[Any],
    page: int,
    *,
    person_field: str = "pk",
    purpose: AccessPurpose | str | None = None,
    channel: AccessChannel | None = AccessChannel.API,
) -> tuple[dict[str, int], Page]:
    """Page ``page`` of ``rows`` (people, or records whose ``person_field`` is a person's id)
    narrowed to the people the user may open, with the counts for ``PageMeta``; every
    person on the page is traced (``people_shown``). The API's lists go through here."""
    meta, current = page_of(people_visible(rows, user, person_field=person_field), page)
    people_shown(user, [getattr(row, person_field) for row in current], purpose=purpose, channel=channel)
    return meta, current


def people_shown(
    user: User | AnonymousUser,
    person_ids: Iterable[int],
    *,
    purpose: AccessPurpose | str | None = None,
    channel: AccessChannel | None = None,
) -> int:
    """Trace a response that shows these people (a list, a search result, a table):
    one entry per person, in one insert. Returns the number of entries."""
    ids = sorted({int(person_id) for person_id in person_ids if person_id is not None})
    if not ids:
        return 0
    if purpose is None:
        purpose = policy.default_purpose_for(user) or AccessPurpose.AUDIT
    return access_trace(user=user, person_ids=ids, action=AccessAction.LIST, purpose=purpose, channel=channel)


def access_history_for_user(user: User | AnonymousUser) -> None:
    require_permission(user, "core.view_accesslogentry")


def change_logged(
    *,
    by: User | None,
    person_id: int,
    fields: Iterable[str],
    preferred: AccessPurpose = AccessPurpose.PROGRAMME,
    channel: AccessChannel | None = None,
) -> None:
    """The access-log entry of a service's change to a person's records (``fields``: the
    names of what changed, never values); the purpose is ``preferred`` where the user's
    roles may give it, else the user's first."""
    access_record(
        user=by,
        person_id=person_id,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, preferred),
        channel=channel,
        fields=list(fields),
    )
