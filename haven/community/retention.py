"""What the buddy programmes, their matching and the community events hold about people, and
how long (``haven.core.retention``).

The report counts duos and TANDEM sign-ups by their dates, groups by their start, and the
newcomers and buddies of those duos by the person's sex and nationality: the records stay,
their free texts, matching profiles and the matching's reasons go; the people become
pseudonyms with their registry entry. A sign-up and a buddy's role record end on events one
date field cannot give, so their declarations carry their own condition (``Retention.ended``).
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_exempt, retention_register

SCHEDULE = _(
    "Kept five years after the programme ended for the person (the agency's retention schedule for client files)."
)


def sign_up_ended(cutoff: datetime.date) -> Q:
    """A sign-up ended on or before ``cutoff``: withdrawn by then, or no duo of it running or
    ended after it and its programme over by then (the group closed; without a closing
    moment, at least one duo over)."""
    from haven.community.models import Duo

    duos = Duo.objects.filter(participant=OuterRef("pk"))
    running_or_recent = duos.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=cutoff))
    programme_over = Q(group__closes_on__lte=cutoff) | (Q(group__closes_on__isnull=True) & Q(Exists(duos)))
    return Q(withdrawn_on__lte=cutoff) | (~Q(Exists(running_or_recent)) & programme_over)


def register() -> None:
    profile = ("interests", "availability", "wants_sex")
    retention_register(
        Retention(
            "community.Buddy",
            start="consent_withdrawn_on",
            years=5,
            legal=_(
                "A buddy's role rests on their consent: kept while it stands, and five years after it is "
                "withdrawn for the figures of the years their duos ran (the agency's retention schedule)."
            ),
            persons=("person",),
            erase=("note", *profile),
            keeps=_(
                "The dates of registration and consent and the programmes: the report counts the buddies of "
                "each year's duos by the person's sex."
            ),
        ),
        Retention(
            "community.Participant",
            start="withdrawn_on",
            ended=sign_up_ended,
            years=5,
            legal=SCHEDULE,
            persons=("person",),
            erase=("note", *profile),
            keeps=_(
                "The programme, group, sign-up date, mother tongue and withdrawal: the report counts the "
                "TANDEM sign-ups of each year."
            ),
        ),
        Retention(
            "community.Duo",
            start="ended_on",
            years=5,
            legal=SCHEDULE,
            persons=("participant__person", "buddy__person"),
            erase=("end_note", "reasons"),
            keeps=_(
                "The programme, group, dates, end reason and score: the report counts the duos started in "
                "each year and their newcomers and buddies."
            ),
        ),
        Retention(
            "community.Meeting",
            start="duo__ended_on",
            years=5,
            legal=_("Kept as long as the duo it belongs to (the agency's retention schedule for client files)."),
            persons=("duo__participant__person", "duo__buddy__person"),
            erase=("note",),
            keeps=_("The date and whether it was held: nothing about the people once the duo is a pseudonym."),
        ),
        Retention(
            "community.Group",
            start="closes_on",
            years=5,
            legal=_("Kept five years after the group closed (the agency's retention schedule)."),
            erase=("note",),
            keeps=_("The name and the dates: the report counts the groups starting in each year."),
        ),
        Retention(
            "community.PairRule",
            start="group__closes_on",
            years=5,
            legal=_("The coordinator's fixed and excluded pairs go with the group's file, five years after it closed."),
            persons=("participant__person", "buddy__person"),
            delete=True,
            keeps=_("Nothing: the report counts no pair rule."),
        ),
        Retention(
            "community.MatchProposal",
            start="group__closes_on",
            years=5,
            legal=_("The matching's proposals go with the group's file, five years after it closed."),
            delete=True,
            keeps=_("Nothing: the duos made keep their own score; the report counts no proposal."),
        ),
        Retention(
            "community.ProposedPair",
            start="proposal__group__closes_on",
            years=5,
            legal=_("The matching's proposals go with the group's file, five years after it closed."),
            persons=("participant__person", "buddy__person"),
            delete=True,
            keeps=_("Nothing: the duos made keep their own score; the report counts no proposal."),
        ),
        Retention(
            "community.CommunityEvent",
            start="held_on",
            years=5,
            legal=_("Kept five years after the event (the agency's retention schedule)."),
            erase=("note",),
            keeps=_("The kind, name, date, place, partners and attendance: facts about a public event."),
        ),
        Retention(
            "community.EventPhoto",
            start="event__held_on",
            years=5,
            legal=_(
                "A photo rests on the consent of everyone in it: its file is deleted as soon as one of them "
                "withdraws, and at the latest five years after the event (the agency's retention schedule)."
            ),
            persons=("people",),
            erase=("file",),
            keeps=_("The event, the upload's date, type and size: the file itself is deleted."),
        ),
        Retention(
            "community.PhotoConsent",
            start="photo__event__held_on",
            years=5,
            legal=_(
                "The record of a photo consent given and withdrawn (GDPR art. 7(1)) is kept as long as the "
                "photo's record, five years after the event."
            ),
            persons=("person",),
            delete=True,
            keeps=_("Nothing: the report counts no consent."),
        ),
    )
    retention_exempt(
        "community.CultureHouse", _("A culture house is a public venue: its address is the building's, not a person's.")
    )
    retention_exempt(
        "community.CultureEdition",
        _("An edition's note is about the programme and its culture houses, never about a person."),
    )
