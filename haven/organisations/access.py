"""Who may see and change the organisations line's records. Pages and API use these.

The programme staff run the line; other roles see nothing of it (the manager sees the
report only). Trainings, coaching, testimony requests' details and associations name
nobody of the registry. An ambassador is a person: reading one goes through the
registry's one decision (``people.access.person_access``) with the purpose given, else
"programme"; making someone an ambassador starts the "programme" relationship. A page
that shows ambassadors (a list, a testimony with its proposals) traces them.
"""

from collections.abc import Iterable
from typing import Any

from django.http import Http404

from haven.core.access import may as may  # the pages ask it through this module
from haven.core.access import require_permission
from haven.core.models import AccessChannel, AccessPurpose
from haven.organisations.models import (
    Ambassador,
    Association,
    CoachingTrajectory,
    NetworkEvent,
    PartnerOrganisation,
    TestimonyRequest,
    TrainingSession,
)
from haven.people import access as people_access
from haven.people.access import person_access, purpose_or_default
from haven.people.models import Person

APP = "organisations"


def perm(action: str, model: str) -> str:
    return f"{APP}.{action}_{model}"


def programme_purpose(user: Any, purpose: str | None) -> str:
    """The purpose given, else "programme" where the user's roles may give it."""
    return purpose_or_default(user, purpose, AccessPurpose.PROGRAMME)


def line_for_user(user: Any, permission: str) -> None:
    """For lists and pages that show no single person's records."""
    require_permission(user, permission)


def people_shown(
    user: Any, person_ids: Iterable[int], *, purpose: str | None = None, channel: AccessChannel | None = None
) -> None:
    """A page that shows ambassadors: one trace per person shown, in one insert."""
    people_access.people_shown(user, person_ids, purpose=programme_purpose(user, purpose), channel=channel)


def person_for_ambassador(
    user: Any, person_id: int, *, purpose: str | None = None, write: bool = False, channel: AccessChannel | None = None
) -> Person:
    """A person to make an ambassador: the permission, then the registry's decision; it
    starts the programme relationship. Opening the form is a read (logged)."""
    return people_access.person_for_record(
        user,
        person_id,
        purpose=programme_purpose(user, purpose),
        permission=perm("add", "ambassador"),
        starts="programme",
        write=write,
        channel=channel,
    )


def ambassador_for_user(
    user: Any,
    ambassador_id: int,
    *,
    write: bool = False,
    purpose: str | None = None,
    channel: AccessChannel | None = None,
) -> Ambassador:
    """An ambassador for reading (logged) or changing (the service logs it)."""
    permission = perm("change" if write else "view", "ambassador")
    require_permission(user, permission)
    ambassador = Ambassador.objects.select_related("person").filter(pk=ambassador_id).first()
    if ambassador is None:
        raise Http404
    person_access(
        user,
        ambassador.person_id,
        purpose=programme_purpose(user, purpose),
        channel=channel,
        log_read=not write,
        permission=permission,
    )
    return ambassador


def _one(model: Any, record_id: int, permission: str, user: Any, related: tuple[str, ...] = ()) -> Any:
    require_permission(user, permission)
    record = model.objects.select_related(*related).filter(pk=record_id).first()
    if record is None:
        raise Http404
    return record


def request_for_user(user: Any, testimony_id: int, *, write: bool = False) -> TestimonyRequest:
    """A testimony request; its ambassador, when shown, is traced by the page."""
    permission = perm("change" if write else "view", "testimonyrequest")
    return _one(TestimonyRequest, testimony_id, permission, user, ("ambassador__person", "language"))


def partner_for_user(user: Any, partner_id: int, *, write: bool = False) -> PartnerOrganisation:
    return _one(PartnerOrganisation, partner_id, perm("change" if write else "view", "partnerorganisation"), user)


def training_for_user(user: Any, training_id: int, *, write: bool = False) -> TrainingSession:
    permission = perm("change" if write else "view", "trainingsession")
    return _one(TrainingSession, training_id, permission, user, ("organisation", "trainer"))


def coaching_for_user(user: Any, coaching_id: int, *, write: bool = False) -> CoachingTrajectory:
    """A coaching trajectory; adding a contact is a change of it."""
    permission = perm("change" if write else "view", "coachingtrajectory")
    return _one(CoachingTrajectory, coaching_id, permission, user, ("organisation",))


def association_for_user(user: Any, association_id: int, *, write: bool = False) -> Association:
    return _one(Association, association_id, perm("change" if write else "view", "association"), user)


def network_event_for_user(user: Any, event_id: int, *, write: bool = False) -> NetworkEvent:
    return _one(NetworkEvent, event_id, perm("change" if write else "view", "networkevent"), user)
