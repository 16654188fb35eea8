"""Who may see and change community records. Pages and API use these.

The programme staff run the buddy programmes, Samen naar cultuur and the events; other
roles see nothing of it (the manager sees the report only). A participant, buddy or duo
names people: reading one goes through the registry's one decision
(``people.access.person_access``), logged with the purpose given, else "programme"; a
newcomer signed up or a person made a buddy starts the "programme" relationship. Lists
trace everyone they show (``people_shown``). Groups (without their people), culture
editions and events name nobody. An event photo shows the people in it: it is reached only
while every one of them consents (``selectors.photos_shown``), and every response that shows
it traces them; a person's photo consent is read through the registry's one decision.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from haven.community.models import (
    Buddy,
    CommunityEvent,
    CultureEdition,
    Duo,
    EventPhoto,
    Group,
    MatchProposal,
    Participant,
    PhotoConsent,
)
from haven.community.selectors import photos_shown
from haven.core.access import may as may  # the pages ask it through this module
from haven.core.access import require_permission
from haven.core.models import AccessChannel, AccessPurpose
from haven.people import access as people_access
from haven.people.access import person_access, purpose_or_default
from haven.people.models import Person

READ = "community.view_group"


def community_purpose(user: Any, purpose: str | None) -> str:
    """The purpose given, else "programme" where the user's roles may give it."""
    return purpose_or_default(user, purpose, AccessPurpose.PROGRAMME)


def community_for_user(user: Any, permission: str = READ) -> None:
    """For pages and lists that show no single person's records."""
    require_permission(user, permission)


def person_for_programme(
    user: Any,
    person_id: int,
    *,
    permission: str,
    purpose: str | None = None,
    write: bool = False,
    channel: AccessChannel | None = None,
) -> Person:
    """A person to sign up for a programme or to make a buddy: the permission, then the
    registry's decision; the record starts the programme relationship."""
    return people_access.person_for_record(
        user,
        person_id,
        purpose=community_purpose(user, purpose),
        permission=permission,
        starts="programme",
        write=write,
        channel=channel,
    )


def _person_read(
    user: Any,
    person_id: int,
    *,
    permission: str,
    purpose: str | None,
    write: bool,
    channel: AccessChannel | None,
    listed: Iterable[int] = (),
) -> None:
    person_access(
        user,
        person_id,
        purpose=community_purpose(user, purpose),
        channel=channel,
        log_read=not write,
        permission=permission,
    )
    people_shown(user, listed, purpose=purpose, channel=channel)


def participant_for_user(
    user: Any,
    participant_id: int,
    *,
    write: bool = False,
    purpose: str | None = None,
    channel: AccessChannel | None = None,
) -> Participant:
    permission = "community.change_participant" if write else "community.view_participant"
    require_permission(user, permission)
    participant = (
        Participant.objects.select_related("person", "group", "mother_tongue").filter(pk=participant_id).first()
    )
    if participant is None:
        raise Http404
    _person_read(user, participant.person_id, permission=permission, purpose=purpose, write=write, channel=channel)
    return participant


def buddy_for_user(
    user: Any, buddy_id: int, *, write: bool = False, purpose: str | None = None, channel: AccessChannel | None = None
) -> Buddy:
    permission = "community.change_buddy" if write else "community.view_buddy"
    require_permission(user, permission)
    buddy = Buddy.objects.select_related("person", "person__district").filter(pk=buddy_id).first()
    if buddy is None:
        raise Http404
    _person_read(user, buddy.person_id, permission=permission, purpose=purpose, write=write, channel=channel)
    return buddy


def duo_for_user(
    user: Any, duo_id: int, *, write: bool = False, purpose: str | None = None, channel: AccessChannel | None = None
) -> Duo:
    """A duo: the newcomer's file decides (the read logged), the buddy is traced as shown."""
    permission = "community.change_duo" if write else "community.view_duo"
    require_permission(user, permission)
    duo = Duo.objects.select_related("participant__person", "buddy__person", "group").filter(pk=duo_id).first()
    if duo is None:
        raise Http404
    _person_read(
        user,
        duo.participant.person_id,
        permission=permission,
        purpose=purpose,
        write=write,
        channel=channel,
        listed=[] if write else [duo.buddy.person_id],
    )
    return duo


def people_shown(
    user: Any, person_ids: Iterable[int], *, purpose: str | None = None, channel: AccessChannel | None = None
) -> None:
    """A response shows these people: one trace per person, in one insert."""
    people_access.people_shown(user, person_ids, purpose=community_purpose(user, purpose), channel=channel)


def group_for_user(user: Any, group_id: int, *, write: bool = False) -> Group:
    """A group; its people are traced by the page that shows them."""
    require_permission(user, "community.change_group" if write else READ)
    group = Group.objects.filter(pk=group_id).first()
    if group is None:
        raise Http404
    return group


def matching_for_user(user: Any, group_id: int, *, write: bool = False) -> Group:
    """The matching of a group: proposals are the coordinator's (``add_matchproposal``)."""
    require_permission(user, "community.add_matchproposal" if write else "community.view_matchproposal")
    return group_for_user(user, group_id)


def proposal_for_user(user: Any, proposal_id: int) -> MatchProposal:
    require_permission(user, "community.add_matchproposal")
    proposal = MatchProposal.objects.select_related("group").filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    return proposal


def edition_for_user(user: Any, edition_id: int, *, write: bool = False) -> CultureEdition:
    require_permission(user, "community.change_cultureedition" if write else "community.view_cultureedition")
    edition = CultureEdition.objects.filter(pk=edition_id).first()
    if edition is None:
        raise Http404
    return edition


def event_for_user(user: Any, event_id: int, *, write: bool = False) -> CommunityEvent:
    require_permission(user, "community.change_communityevent" if write else "community.view_communityevent")
    event = CommunityEvent.objects.filter(pk=event_id).first()
    if event is None:
        raise Http404
    return event


def photo_for_user(
    user: Any, photo_id: int, *, purpose: str | None = None, channel: AccessChannel | None = None
) -> EventPhoto:
    """A photo that may be shown today (else "not found": a photo whose consent is gone has
    left every page), with its event and its people, who are traced as shown."""
    require_permission(user, "community.view_eventphoto")
    consents = PhotoConsent.objects.select_related("person").order_by("person__family_name", "person__given_names")
    photo = (
        photos_shown(timezone.localdate())
        .select_related("event")
        .prefetch_related(Prefetch("consents", queryset=consents))
        .filter(pk=photo_id)
        .first()
    )
    if photo is None:
        raise Http404
    people_shown(user, [consent.person_id for consent in photo.consents.all()], purpose=purpose, channel=channel)
    return photo


def photo_consent_for_user(
    user: Any,
    photo_consent_id: int,
    *,
    write: bool = False,
    purpose: str | None = None,
    channel: AccessChannel | None = None,
) -> PhotoConsent:
    """One person's consent to a photo, for its confirmation page (the read logged) or its
    withdrawal (the service logs it)."""
    permission = "community.change_photoconsent" if write else "community.view_photoconsent"
    require_permission(user, permission)
    consent = PhotoConsent.objects.select_related("person", "photo__event").filter(pk=photo_consent_id).first()
    if consent is None:
        raise Http404
    _person_read(user, consent.person_id, permission=permission, purpose=purpose, write=write, channel=channel)
    return consent
