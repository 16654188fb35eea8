"""Community (samenleven): the buddy programmes Samen Gentenaar and TANDEM, their matching,
Samen naar cultuur and the community events."""

from .buddies import (
    BUDDY_CONSENT_TEXT_VERSION,
    BUDDY_SETTLED_YEARS,
    MEETING_EVERY_DAYS,
    TANDEM_MONTHS,
    Buddy,
    Duo,
    DuoOrigin,
    Group,
    Meeting,
    MeetingStatus,
    Participant,
    Programme,
    WithdrawReason,
)
from .culture import CommunityEvent, CommunityEventKind, CultureEdition, CultureHouse, InfoEvening
from .matching import MatchProposal, PairRule, PairRuleKind, ProposalStatus, ProposedPair
from .photos import PHOTO_CONSENT_TEXT_VERSION, EventPhoto, PhotoConsent
from .profile import SLOTS, Interest, MatchingProfile, slot_choices, slot_label

__all__ = [
    "BUDDY_CONSENT_TEXT_VERSION",
    "BUDDY_SETTLED_YEARS",
    "MEETING_EVERY_DAYS",
    "PHOTO_CONSENT_TEXT_VERSION",
    "SLOTS",
    "TANDEM_MONTHS",
    "Buddy",
    "CommunityEvent",
    "CommunityEventKind",
    "CultureEdition",
    "CultureHouse",
    "Duo",
    "DuoOrigin",
    "EventPhoto",
    "Group",
    "InfoEvening",
    "Interest",
    "MatchProposal",
    "MatchingProfile",
    "Meeting",
    "MeetingStatus",
    "PairRule",
    "PairRuleKind",
    "Participant",
    "PhotoConsent",
    "Programme",
    "ProposalStatus",
    "ProposedPair",
    "WithdrawReason",
    "slot_choices",
    "slot_label",
]
