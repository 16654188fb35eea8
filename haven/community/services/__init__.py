"""Writes of the community line, by area: ``programmes`` (buddies, groups, newcomers signed
up), ``duos`` (duos and their meetings), ``matching`` (proposals and the coordinator's
pairs), ``culture`` (Samen naar cultuur and the events), ``consent`` (a buddy's consent
withdrawn), ``photos`` (event photos and the consent of the people in them)."""

from haven.community.services.consent import buddy_consent_withdraw, duos_end_for_consent, duos_running
from haven.community.services.culture import (
    culture_house_create,
    edition_create,
    edition_houses_set,
    event_create,
    event_update,
    info_evening_add,
)
from haven.community.services.duos import duo_check, duo_create, duo_end, meeting_check, meeting_log
from haven.community.services.matching import (
    buddies_swap,
    group_match_propose,
    pair_scored,
    pair_set,
    proposal_confirm,
)
from haven.community.services.photos import photo_consent_withdraw, photo_upload
from haven.community.services.programmes import (
    buddy_create,
    buddy_register,
    buddy_update,
    group_create,
    participant_create,
    participant_withdraw,
)

__all__ = [
    "buddies_swap",
    "buddy_consent_withdraw",
    "buddy_create",
    "buddy_register",
    "buddy_update",
    "culture_house_create",
    "duo_check",
    "duo_create",
    "duo_end",
    "duos_end_for_consent",
    "duos_running",
    "edition_create",
    "edition_houses_set",
    "event_create",
    "event_update",
    "group_create",
    "group_match_propose",
    "info_evening_add",
    "meeting_check",
    "meeting_log",
    "pair_scored",
    "pair_set",
    "participant_create",
    "participant_withdraw",
    "photo_consent_withdraw",
    "photo_upload",
    "proposal_confirm",
]
