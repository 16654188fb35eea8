"""Who may see and change leisure records. Pages and API use these.

The programme staff refer people, record outcomes, keep the organisations and count the
events; other roles see nothing of it (the manager sees the report only). A referral
names a person: reading one goes through the registry's one decision
(``people.access.person_access``) and is logged with the purpose given, else
"programme"; a first referral of someone starts the "programme" relationship.
Organisations and events name nobody.
"""

from collections.abc import Iterable
from typing import Any

from django.http import Http404

from haven.core.access import may as may  # the pages ask it through this module
from haven.core.access import require_permission
from haven.core.models import AccessChannel, AccessPurpose
from haven.leisure.models import Event, Organisation, Referral
from haven.people import access as people_access
from haven.people.access import person_access, purpose_or_default
from haven.people.models import Person

READ = "leisure.view_referral"


def leisure_purpose(user: Any, purpose: str | None) -> str:
    """The purpose given, else "programme" where the user's roles may give it."""
    return purpose_or_default(user, purpose, AccessPurpose.PROGRAMME)


def leisure_for_user(user: Any, permission: str = READ) -> None:
    """For lists and pages that show no single person's records."""
    require_permission(user, permission)


def person_for_referral(
    user: Any, person_id: int, *, purpose: str | None = None, write: bool = False, channel: AccessChannel | None = None
) -> Person:
    """A person to refer: the referral permission, then the registry's decision; a first
    referral starts the programme relationship. Opening the form is a read (logged); the
    service logs the write."""
    return people_access.person_for_record(
        user,
        person_id,
        purpose=leisure_purpose(user, purpose),
        permission="leisure.add_referral",
        starts="programme",
        write=write,
        channel=channel,
    )


def referral_for_user(
    user: Any,
    referral_id: int,
    *,
    write: bool = False,
    purpose: str | None = None,
    channel: AccessChannel | None = None,
) -> Referral:
    """A referral for reading (logged) or for recording its outcome (the service logs it)."""
    permission = "leisure.change_referral" if write else READ
    require_permission(user, permission)
    referral = Referral.objects.select_related("person", "organisation", "referred_by").filter(pk=referral_id).first()
    if referral is None:
        raise Http404
    person_access(
        user,
        referral.person_id,
        purpose=leisure_purpose(user, purpose),
        channel=channel,
        log_read=not write,
        permission=permission,
    )
    return referral


def people_shown(
    user: Any, person_ids: Iterable[int], *, purpose: str | None = None, channel: AccessChannel | None = None
) -> None:
    """A list of referrals shows people: one trace per person shown, in one insert."""
    people_access.people_shown(user, person_ids, purpose=leisure_purpose(user, purpose), channel=channel)


def organisation_for_user(user: Any, organisation_id: int, *, write: bool = False) -> Organisation:
    require_permission(user, "leisure.change_organisation" if write else "leisure.view_organisation")
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    return organisation


def event_for_user(user: Any, event_id: int, *, write: bool = False) -> Event:
    """An event; counting its schools or stands is a change of the event."""
    require_permission(user, "leisure.change_event" if write else "leisure.view_event")
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        raise Http404
    return event
