"""Who may see and change Dutch-practice records. Pages and API use these.

The programme staff run the line: they log the conversation moments, keep the volunteers,
the directory, the subscribers list and the Trefdag; other roles see nothing of it (the
manager sees the report only). Volunteers and participants named at a session are persons
of the registry: reading them goes through the registry's one decision
(``people.access``) and every response that shows them is traced, with the purpose given,
else "programme"; registering a volunteer starts the "programme" relationship. The public
directory and the newsletter's public pages need no login and show no person.
"""

from collections.abc import Iterable
from typing import Any

from django.http import Http404

from haven.core.access import may as may  # the pages ask it through this module
from haven.core.access import require_permission
from haven.core.models import AccessChannel, AccessPurpose
from haven.dutch_practice.models import ConversationSeries, ConversationSession, Opportunity, PracticeDay, Volunteer
from haven.people import access as people_access
from haven.people.access import person_access, purpose_or_default
from haven.people.models import Person

READ = "dutch_practice.view_conversationsession"


def practice_purpose(user: Any, purpose: str | None) -> str:
    """The purpose given, else "programme" where the user's roles may give it."""
    return purpose_or_default(user, purpose, AccessPurpose.PROGRAMME)


def practice_for_user(user: Any, permission: str = READ) -> None:
    """For lists and pages that show no single person's records."""
    require_permission(user, permission)


def people_shown(
    user: Any, person_ids: Iterable[int], *, purpose: str | None = None, channel: AccessChannel | None = None
) -> None:
    """A response that shows volunteers or participants: one trace per person, in one insert."""
    people_access.people_shown(user, person_ids, purpose=practice_purpose(user, purpose), channel=channel)


def person_for_volunteer(
    user: Any, person_id: int, *, purpose: str | None = None, write: bool = False, channel: AccessChannel | None = None
) -> Person:
    """A person to register as a volunteer: the permission, then the registry's decision;
    the volunteer role starts the programme relationship."""
    return people_access.person_for_record(
        user,
        person_id,
        purpose=practice_purpose(user, purpose),
        permission="dutch_practice.add_volunteer",
        starts="programme",
        write=write,
        channel=channel,
    )


def volunteer_for_user(
    user: Any,
    volunteer_id: int,
    *,
    write: bool = False,
    purpose: str | None = None,
    channel: AccessChannel | None = None,
) -> Volunteer:
    """A volunteer's record for reading (logged) or changing (the service logs it)."""
    permission = "dutch_practice.change_volunteer" if write else "dutch_practice.view_volunteer"
    require_permission(user, permission)
    volunteer = Volunteer.objects.select_related("person").filter(pk=volunteer_id).first()
    if volunteer is None:
        raise Http404
    person_access(
        user,
        volunteer.person_id,
        purpose=practice_purpose(user, purpose),
        channel=channel,
        log_read=not write,
        permission=permission,
    )
    return volunteer


def series_for_user(user: Any, series_id: int, *, write: bool = False) -> ConversationSeries:
    require_permission(
        user, "dutch_practice.change_conversationseries" if write else "dutch_practice.view_conversationseries"
    )
    series = ConversationSeries.objects.filter(pk=series_id).first()
    if series is None:
        raise Http404
    return series


def session_for_user(
    user: Any, session_id: int, *, purpose: str | None = None, channel: AccessChannel | None = None
) -> ConversationSession:
    """A session with its volunteers and participants named (three queries), all traced."""
    require_permission(user, READ)
    session = (
        ConversationSession.objects.select_related("series", "logged_by")
        .prefetch_related("volunteers__person", "participants")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise Http404
    shown = [volunteer.person_id for volunteer in session.volunteers.all()]
    people_shown(user, shown + [person.pk for person in session.participants.all()], purpose=purpose, channel=channel)
    return session


def opportunity_for_user(user: Any, opportunity_id: int, *, write: bool = False) -> Opportunity:
    require_permission(user, "dutch_practice.change_opportunity" if write else "dutch_practice.view_opportunity")
    opportunity = Opportunity.objects.filter(pk=opportunity_id).first()
    if opportunity is None:
        raise Http404
    return opportunity


def practice_day_for_user(user: Any, practice_day_id: int, *, write: bool = False) -> PracticeDay:
    require_permission(user, "dutch_practice.change_practiceday" if write else "dutch_practice.view_practiceday")
    day = PracticeDay.objects.filter(pk=practice_day_id).first()
    if day is None:
        raise Http404
    return day
