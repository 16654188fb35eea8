"""The community API's schemas (names prefixed ``Community``: unique across the API) and
the functions that fill them from records."""

from datetime import date
from typing import Any, Literal

from ninja import Field, Schema

from haven.community.models import (
    Buddy,
    CommunityEvent,
    CommunityEventKind,
    CultureEdition,
    Duo,
    Group,
    MatchProposal,
    Meeting,
    MeetingStatus,
    Participant,
    Programme,
    ProposedPair,
    WithdrawReason,
)
from haven.community.reasons import reasons_words
from haven.core.api import PageMeta, PersonRef, person_ref


class CommunityProfile(Schema):
    interests: list[str] = Field(default_factory=list, description="Interest codes (sport, culture, cooking, …).")
    availability: list[str] = Field(
        default_factory=list, description='Free moments ("mon_am" … "sun_ev"); empty: any moment.'
    )
    travels: bool = True
    wants_sex: Literal["", "M", "F", "X"] = ""
    wants_sex_hard: bool = False


class CommunityGroupIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    starts_on: date
    intervision_buddies_on: date | None = None
    intervision_newcomers_on: date | None = None
    activity_on: date | None = None
    closes_on: date | None = None
    note: str = ""


class CommunityGroupOut(CommunityGroupIn):
    id: int
    participant_count: int = 0
    duo_count: int = 0


class CommunityGroupPage(PageMeta):
    items: list[CommunityGroupOut]


class CommunityParticipantIn(CommunityProfile):
    programme: Programme
    group_id: int | None = None
    registered_on: date
    mother_tongue: str | None = Field(None, description="ISO 639-3 code; TANDEM needs it.")
    note: str = ""


class CommunityParticipantOut(Schema):
    id: int
    person: PersonRef
    programme: Programme
    group_id: int | None
    registered_on: date
    mother_tongue: str | None
    withdrawn_on: date | None
    withdraw_reason: WithdrawReason | Literal[""]
    interests: list[str]
    availability: list[str]
    travels: bool


class CommunityParticipantPage(PageMeta):
    items: list[CommunityParticipantOut]


class CommunityBuddyIn(CommunityProfile):
    registered_on: date
    samen_gentenaar: bool = True
    tandem: bool = False
    consent_given_on: date
    consent_text_version: str = Field(min_length=1, max_length=20)
    note: str = ""


class CommunityBuddyOut(Schema):
    id: int
    person: PersonRef
    registered_on: date
    samen_gentenaar: bool
    tandem: bool
    consent_given_on: date
    consent_withdrawn_on: date | None


class CommunityBuddyPage(PageMeta):
    items: list[CommunityBuddyOut]


class CommunityDuoIn(Schema):
    participant_id: int
    buddy_id: int
    started_on: date


class CommunityDuoOut(Schema):
    id: int
    programme: Programme
    group_id: int | None
    participant_id: int
    newcomer: PersonRef
    buddy_id: int
    buddy: PersonRef
    started_on: date
    planned_end_on: date | None
    ended_on: date | None
    end_reason: WithdrawReason | Literal[""]
    origin: str
    score: int | None
    reasons: list[str] = Field(description="The reasons of the matching, in words.")


class CommunityDuoPage(PageMeta):
    items: list[CommunityDuoOut]


class CommunityDuoEndIn(Schema):
    ended_on: date
    end_reason: WithdrawReason
    end_note: str = ""


class CommunityMeetingIn(Schema):
    held_on: date
    status: MeetingStatus = MeetingStatus.HELD
    note: str = Field("", max_length=300)


class CommunityMeetingOut(CommunityMeetingIn):
    id: int
    duo_id: int


class CommunityPairIn(Schema):
    participant_id: int
    buddy_id: int
    kind: Literal["fixed", "excluded", "release"]


class CommunityPairOut(Schema):
    participant_id: int
    buddy_id: int
    kind: str


class CommunityProposedDuo(Schema):
    participant_id: int
    newcomer: PersonRef
    buddy_id: int
    buddy: PersonRef
    score: int
    fixed: bool
    reasons: list[str]


class CommunityUnmatched(Schema):
    side: Literal["newcomer", "buddy"]
    id: int
    reasons: list[str]


class CommunityProposalOut(Schema):
    id: int
    group_id: int
    status: str
    total: int
    worst: int
    duos: list[CommunityProposedDuo]
    unmatched: list[CommunityUnmatched]


class CommunityConfirmIn(Schema):
    started_on: date | None = None


class CommunityEventIn(Schema):
    kind: CommunityEventKind
    name: str = Field(min_length=1, max_length=200)
    held_on: date
    place: str = ""
    partners: str = ""
    attendance: int | None = Field(None, ge=0)
    note: str = ""


class CommunityEventOut(CommunityEventIn):
    id: int


class CommunityEventPage(PageMeta):
    items: list[CommunityEventOut]


class CommunityEditionOut(Schema):
    id: int
    year: int
    name: str
    houses: int
    attendance: int


class CommunityEditionPage(PageMeta):
    items: list[CommunityEditionOut]


def group_out(group: Group) -> CommunityGroupOut:
    return CommunityGroupOut(
        id=group.pk,
        name=group.name,
        starts_on=group.starts_on,
        intervision_buddies_on=group.intervision_buddies_on,
        intervision_newcomers_on=group.intervision_newcomers_on,
        activity_on=group.activity_on,
        closes_on=group.closes_on,
        note=group.note,
        participant_count=getattr(group, "participant_count", 0),
        duo_count=getattr(group, "duo_count", 0),
    )


def participant_out(participant: Participant) -> CommunityParticipantOut:
    return CommunityParticipantOut(
        id=participant.pk,
        person=person_ref(participant.person),
        programme=Programme(participant.programme),
        group_id=participant.group_id,
        registered_on=participant.registered_on,
        mother_tongue=participant.mother_tongue_id,
        withdrawn_on=participant.withdrawn_on,
        withdraw_reason=WithdrawReason(participant.withdraw_reason) if participant.withdraw_reason else "",
        interests=participant.interests,
        availability=participant.availability,
        travels=participant.travels,
    )


def buddy_out(buddy: Buddy) -> CommunityBuddyOut:
    return CommunityBuddyOut(
        id=buddy.pk,
        person=person_ref(buddy.person),
        registered_on=buddy.registered_on,
        samen_gentenaar=buddy.samen_gentenaar,
        tandem=buddy.tandem,
        consent_given_on=buddy.consent_given_on,
        consent_withdrawn_on=buddy.consent_withdrawn_on,
    )


def duo_out(duo: Duo) -> CommunityDuoOut:
    return CommunityDuoOut(
        id=duo.pk,
        programme=Programme(duo.programme),
        group_id=duo.group_id,
        participant_id=duo.participant_id,
        newcomer=person_ref(duo.participant.person),
        buddy_id=duo.buddy_id,
        buddy=person_ref(duo.buddy.person),
        started_on=duo.started_on,
        planned_end_on=duo.planned_end_on,
        ended_on=duo.ended_on,
        end_reason=WithdrawReason(duo.end_reason) if duo.end_reason else "",
        origin=duo.origin,
        score=duo.score,
        reasons=reasons_words(duo.reasons),
    )


def meeting_out(meeting: Meeting) -> CommunityMeetingOut:
    return CommunityMeetingOut(
        id=meeting.pk,
        duo_id=meeting.duo_id,
        held_on=meeting.held_on,
        status=MeetingStatus(meeting.status),
        note=meeting.note,
    )


def proposed_out(pair: ProposedPair) -> CommunityProposedDuo:
    return CommunityProposedDuo(
        participant_id=pair.participant_id,
        newcomer=person_ref(pair.participant.person),
        buddy_id=pair.buddy_id,
        buddy=person_ref(pair.buddy.person),
        score=pair.score,
        fixed=pair.fixed,
        reasons=reasons_words(pair.reasons),
    )


def proposal_out(proposal: MatchProposal, pairs: list[ProposedPair]) -> CommunityProposalOut:
    unmatched: list[dict[str, Any]] = proposal.unmatched or []
    return CommunityProposalOut(
        id=proposal.pk,
        group_id=proposal.group_id,
        status=proposal.status,
        total=proposal.total,
        worst=proposal.worst,
        duos=[proposed_out(pair) for pair in pairs],
        unmatched=[
            CommunityUnmatched(side=row["side"], id=row["key"], reasons=reasons_words(row["reasons"]))
            for row in unmatched
        ],
    )


def event_out(event: CommunityEvent) -> CommunityEventOut:
    return CommunityEventOut(
        id=event.pk,
        kind=CommunityEventKind(event.kind),
        name=event.name,
        held_on=event.held_on,
        place=event.place,
        partners=event.partners,
        attendance=event.attendance,
        note=event.note,
    )


def edition_out(edition: CultureEdition) -> CommunityEditionOut:
    return CommunityEditionOut(
        id=edition.pk,
        year=edition.year,
        name=edition.name,
        houses=getattr(edition, "house_count", 0),
        attendance=getattr(edition, "attendance", None) or 0,
    )
