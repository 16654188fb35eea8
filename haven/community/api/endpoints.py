"""The community operations: groups and their matching (propose, fix/exclude/release a
pair, confirm), newcomers signed up, buddies, duos with their meetings and end, events
and the Samen naar cultuur editions."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from haven.community import access, selectors, services
from haven.community.api.schemas import (
    CommunityBuddyIn,
    CommunityBuddyOut,
    CommunityBuddyPage,
    CommunityConfirmIn,
    CommunityDuoEndIn,
    CommunityDuoIn,
    CommunityDuoOut,
    CommunityDuoPage,
    CommunityEditionPage,
    CommunityEventIn,
    CommunityEventOut,
    CommunityEventPage,
    CommunityGroupIn,
    CommunityGroupOut,
    CommunityGroupPage,
    CommunityMeetingIn,
    CommunityMeetingOut,
    CommunityPairIn,
    CommunityPairOut,
    CommunityParticipantIn,
    CommunityParticipantOut,
    CommunityParticipantPage,
    CommunityProposalOut,
    buddy_out,
    duo_out,
    edition_out,
    event_out,
    group_out,
    meeting_out,
    participant_out,
    proposal_out,
)
from haven.community.models import Buddy, CommunityEventKind, Group, Programme
from haven.core.api import Year, page_of, problems
from haven.core.models import AccessChannel, AccessPurpose, Language
from haven.people.access import people_page, people_visible

router = Router(tags=["community"])
API = AccessChannel.API


def _shown(request, person_ids) -> None:
    access.people_shown(request.auth, person_ids, channel=API)


# Groups and matching ---------------------------------------------------------------------


@router.get("/groups", response={200: CommunityGroupPage, **problems(422)}, summary="List Samen Gentenaar groups")
def group_list(request, year: Year | None = None, page: int = 1):
    access.community_for_user(request.auth)
    meta, current = page_of(selectors.groups(year=year), page)
    return CommunityGroupPage(**meta, items=[group_out(group) for group in current])


@router.post("/groups", response={201: CommunityGroupOut, **problems(body=True)}, summary="Add a Samen Gentenaar group")
def group_create(request, payload: CommunityGroupIn):
    access.community_for_user(request.auth, "community.add_group")
    return Status(201, group_out(services.group_create(values=payload.dict(), by=request.auth)))


def _proposal(request, group: Group) -> CommunityProposalOut:
    proposal = selectors.latest_proposal(group.pk)
    if proposal is None:
        raise ValidationError({"group_id": _("This group has no proposal yet: run the matching.")})
    pairs = list(proposal.pairs.all())
    _shown(request, [p.participant.person_id for p in pairs] + [p.buddy.person_id for p in pairs])
    return proposal_out(proposal, pairs)


@router.get(
    "/groups/{group_id}/proposal",
    response={200: CommunityProposalOut, **problems(404, 422)},
    summary="Read the group's latest matching proposal: duos with score and reasons, the unmatched and why",
)
def proposal_read(request, group_id: int):
    return _proposal(request, access.matching_for_user(request.auth, group_id))


@router.post(
    "/groups/{group_id}/proposals",
    response={201: CommunityProposalOut, **problems(404, 422)},
    summary="Run the matching for the group (with the coordinator's fixed and excluded pairs)",
)
def proposal_create(request, group_id: int):
    group = access.matching_for_user(request.auth, group_id, write=True)
    services.group_match_propose(group, by=request.auth)
    return Status(201, _proposal(request, group))


@router.post(
    "/groups/{group_id}/pairs",
    response={200: CommunityPairOut, **problems(404, body=True)},
    summary="Fix, exclude or release a pair of the group's matching",
)
def pair_set(request, group_id: int, payload: CommunityPairIn):
    group = access.matching_for_user(request.auth, group_id, write=True)
    services.pair_set(
        group, participant_id=payload.participant_id, buddy_id=payload.buddy_id, kind=payload.kind, by=request.auth
    )
    return CommunityPairOut(participant_id=payload.participant_id, buddy_id=payload.buddy_id, kind=payload.kind)


@router.post(
    "/proposals/{proposal_id}/confirm",
    response={201: list[CommunityDuoOut], **problems(404, body=True)},
    summary="Confirm a proposal: its duos are made",
)
def proposal_confirm(request, proposal_id: int, payload: CommunityConfirmIn):
    proposal = access.proposal_for_user(request.auth, proposal_id)
    duos = services.proposal_confirm(proposal, by=request.auth, started_on=payload.started_on, channel=API)
    duos = list(selectors.duos().filter(pk__in=[duo.pk for duo in duos]))
    _shown(request, [d.participant.person_id for d in duos] + [d.buddy.person_id for d in duos])
    return Status(201, [duo_out(duo) for duo in duos])


# Newcomers and buddies -------------------------------------------------------------------


@router.get(
    "/participants", response={200: CommunityParticipantPage, **problems(422)}, summary="List newcomers signed up"
)
def participant_list(
    request, programme: Programme | None = None, group_id: int | None = None, year: Year | None = None, page: int = 1
):
    access.community_for_user(request.auth, "community.view_participant")
    rows = selectors.participants(programme=programme or "", group_id=group_id, year=year)
    meta, current = people_page(
        request.auth, rows, page, person_field="person_id", purpose=access.community_purpose(request.auth, None)
    )
    return CommunityParticipantPage(**meta, items=[participant_out(row) for row in current])


@router.post(
    "/people/{person_id}/participations",
    response={201: CommunityParticipantOut, **problems(404, body=True)},
    summary="Sign a newcomer up for TANDEM or a Samen Gentenaar group",
)
def participant_create(request, person_id: int, payload: CommunityParticipantIn):
    person = access.person_for_programme(
        request.auth, person_id, permission="community.add_participant", write=True, channel=API
    )
    group = Group.objects.filter(pk=payload.group_id).first() if payload.group_id else None
    if payload.group_id and group is None:
        raise ValidationError({"group_id": _("There is no group with this id.")})
    language = Language.objects.filter(pk=payload.mother_tongue).first() if payload.mother_tongue else None
    if payload.mother_tongue and language is None:
        raise ValidationError({"mother_tongue": _("There is no language with this code.")})
    values = payload.dict(exclude={"programme", "group_id", "mother_tongue"})
    participant = services.participant_create(
        person=person,
        programme=payload.programme,
        group=group,
        values={**values, "mother_tongue": language},
        by=request.auth,
        channel=API,
    )
    return Status(201, participant_out(participant))


@router.get(
    "/participants/{participant_id}",
    response={200: CommunityParticipantOut, **problems(404, 422)},
    summary="Read a newcomer's sign-up (logged with the purpose)",
)
def participant_read(request, participant_id: int, purpose: AccessPurpose | None = None):
    return participant_out(access.participant_for_user(request.auth, participant_id, purpose=purpose, channel=API))


@router.get("/buddies", response={200: CommunityBuddyPage, **problems(422)}, summary="List buddies")
def buddy_list(request, programme: Programme | None = None, page: int = 1):
    access.community_for_user(request.auth, "community.view_buddy")
    meta, current = people_page(
        request.auth,
        selectors.buddies(programme=programme or ""),
        page,
        person_field="person_id",
        purpose=access.community_purpose(request.auth, None),
    )
    return CommunityBuddyPage(**meta, items=[buddy_out(row) for row in current])


@router.post(
    "/people/{person_id}/buddy",
    response={201: CommunityBuddyOut, **problems(404, body=True)},
    summary="Make a person of the registry a buddy, on their consent",
)
def buddy_create(request, person_id: int, payload: CommunityBuddyIn):
    person = access.person_for_programme(
        request.auth, person_id, permission="community.add_buddy", write=True, channel=API
    )
    buddy = services.buddy_create(person=person, values=payload.dict(), by=request.auth, channel=API)
    return Status(201, buddy_out(buddy))


# Duos ------------------------------------------------------------------------------------


@router.get("/duos", response={200: CommunityDuoPage, **problems(422)}, summary="List duos")
def duo_list(request, programme: Programme | None = None, year: Year | None = None, page: int = 1):
    access.community_for_user(request.auth, "community.view_duo")
    rows = people_visible(
        selectors.duos(programme=programme or "", year=year), request.auth, person_field="participant__person_id"
    )
    meta, current = page_of(rows, page)
    _shown(request, [d.participant.person_id for d in current] + [d.buddy.person_id for d in current])
    return CommunityDuoPage(**meta, items=[duo_out(duo) for duo in current])


@router.post("/duos", response={201: CommunityDuoOut, **problems(404, body=True)}, summary="Start a duo by hand")
def duo_create(request, payload: CommunityDuoIn):
    participant = access.participant_for_user(request.auth, payload.participant_id, write=True, channel=API)
    access.community_for_user(request.auth, "community.add_duo")
    buddy = Buddy.objects.filter(pk=payload.buddy_id).first()
    if buddy is None:
        raise ValidationError({"buddy_id": _("There is no buddy with this id.")})
    duo = services.duo_create(
        participant=participant, buddy=buddy, started_on=payload.started_on, by=request.auth, channel=API
    )
    return Status(201, duo_out(access.duo_for_user(request.auth, duo.pk, channel=API)))


@router.get(
    "/duos/{duo_id}",
    response={200: CommunityDuoOut, **problems(404, 422)},
    summary="Read a duo (logged with the purpose)",
)
def duo_read(request, duo_id: int, purpose: AccessPurpose | None = None):
    return duo_out(access.duo_for_user(request.auth, duo_id, purpose=purpose, channel=API))


@router.post(
    "/duos/{duo_id}/meetings",
    response={201: CommunityMeetingOut, **problems(404, body=True)},
    summary="Log a meeting of a duo (held or cancelled)",
)
def meeting_log(request, duo_id: int, payload: CommunityMeetingIn):
    duo = access.duo_for_user(request.auth, duo_id, write=True, channel=API)
    access.community_for_user(request.auth, "community.add_meeting")
    meeting = services.meeting_log(
        duo=duo, held_on=payload.held_on, status=payload.status, note=payload.note, by=request.auth
    )
    return Status(201, meeting_out(meeting))


@router.post(
    "/duos/{duo_id}/end",
    response={200: CommunityDuoOut, **problems(404, body=True)},
    summary="End a duo: completed, or a drop-out with its reason",
)
def duo_end(request, duo_id: int, payload: CommunityDuoEndIn):
    duo = access.duo_for_user(request.auth, duo_id, write=True, channel=API)
    services.duo_end(
        duo=duo,
        ended_on=payload.ended_on,
        reason=payload.end_reason,
        note=payload.end_note,
        by=request.auth,
        channel=API,
    )
    return duo_out(access.duo_for_user(request.auth, duo_id, channel=API))


# Events and Samen naar cultuur -----------------------------------------------------------


@router.get("/events", response={200: CommunityEventPage, **problems(422)}, summary="List community events")
def event_list(request, kind: CommunityEventKind | None = None, year: Year | None = None, page: int = 1):
    access.community_for_user(request.auth, "community.view_communityevent")
    meta, current = page_of(selectors.events(kind=kind or "", year=year), page)
    return CommunityEventPage(**meta, items=[event_out(event) for event in current])


@router.post("/events", response={201: CommunityEventOut, **problems(body=True)}, summary="Add a community event")
def event_create(request, payload: CommunityEventIn):
    access.community_for_user(request.auth, "community.add_communityevent")
    return Status(201, event_out(services.event_create(values=payload.dict(), by=request.auth)))


@router.get(
    "/culture/editions",
    response={200: CommunityEditionPage, **problems(422)},
    summary="List the Samen naar cultuur editions with their houses and info-evening attendance",
)
def edition_list(request, page: int = 1):
    access.community_for_user(request.auth, "community.view_cultureedition")
    meta, current = page_of(selectors.culture_editions(), page)
    return CommunityEditionPage(**meta, items=[edition_out(edition) for edition in current])
