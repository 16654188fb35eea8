"""What the organisations line holds about people, and how long (``haven.core.retention``).

The report counts training sessions and their participants, ambassadors by the dates they
were certified and stopped, testimonies given and support contacts: those records stay, their
contact persons, notes and subjects go, and an ambassador becomes a pseudonym with their
registry entry. Two periods run from an event one date field cannot give (an ambassador's
role ends when they stop or withdraw their consent, whichever comes first; an organisation's
contact is needed while it is trained, coached or supported), so their declarations carry
their own condition (``Retention.ended``).
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_register

SCHEDULE = _("Kept five years after the event (the agency's retention schedule).")


def ambassador_ended(cutoff: datetime.date) -> Q:
    """The role ended on or before ``cutoff``: stopped, or the consent withdrawn, by then."""
    return Q(stopped_on__lte=cutoff) | Q(consent_withdrawn_on__lte=cutoff)


def partner_done(cutoff: datetime.date) -> Q:
    """No training session after ``cutoff`` and no coaching running or ended after it, and
    the organisation was once trained or coached (or is no longer active)."""
    from haven.organisations.models import CoachingTrajectory, TrainingSession

    sessions = TrainingSession.objects.filter(organisation=OuterRef("pk"))
    coaching = CoachingTrajectory.objects.filter(organisation=OuterRef("pk"))
    recent = Q(Exists(sessions.filter(held_on__gt=cutoff))) | Q(
        Exists(coaching.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=cutoff)))
    )
    return ~recent & (Q(active=False) | Q(Exists(sessions)) | Q(Exists(coaching)))


def association_done(cutoff: datetime.date) -> Q:
    """Supported or met at a network event once, and neither after ``cutoff``."""
    from haven.organisations.models import NetworkEvent, SupportContact

    contacts = SupportContact.objects.filter(association=OuterRef("pk"))
    events = NetworkEvent.objects.filter(associations=OuterRef("pk"))
    recent = Q(Exists(contacts.filter(held_on__gt=cutoff))) | Q(Exists(events.filter(held_on__gt=cutoff)))
    return ~recent & (Q(Exists(contacts)) | Q(Exists(events)))


def register() -> None:
    contact = ("contact_name", "contact_email", "contact_phone")
    retention_register(
        Retention(
            "organisations.Ambassador",
            start="stopped_on",
            ended=ambassador_ended,
            years=5,
            legal=_(
                "An ambassador's role rests on their consent: kept while they take part, and five years after "
                "they stopped or withdrew their consent (whichever came first) for the figures of those years "
                "(the agency's retention schedule)."
            ),
            persons=("person",),
            erase=("note", "themes", "weekdays"),
            keeps=_(
                "The dates of training, certification, stopping and consent: the report counts the certified "
                "and new ambassadors of each year."
            ),
        ),
        Retention(
            "organisations.TestimonyRequest",
            start="held_on",
            years=10,
            legal=_(
                "A testimony is what an ambassador's expense allowance rests on: Belgian accounting law keeps "
                "the documents a payment rests on ten years."
            ),
            persons=("ambassador__person",),
            erase=("contact_name", "contact_email", "note"),
            keeps=_(
                "The school or organisation, date, place, audience, theme, state and allowance: the report "
                "counts the testimonies given and the ambassadors who gave them."
            ),
        ),
        Retention(
            "organisations.PartnerOrganisation",
            start="sessions__held_on",
            ended=partner_done,
            years=5,
            legal=_(
                "An organisation's contact person is kept while it is trained or coached, and five years after "
                "its last session or coaching (the agency's retention schedule)."
            ),
            erase=contact,
            keeps=_("The organisation's name and address: the report counts its sessions."),
        ),
        Retention(
            "organisations.TrainingSession",
            start="held_on",
            years=5,
            legal=SCHEDULE,
            erase=("note",),
            keeps=_("The topic, title, organisation, trainer, date, hours and participants: the report counts them."),
        ),
        Retention(
            "organisations.CoachingTrajectory",
            start="ended_on",
            years=5,
            legal=_("Kept five years after the coaching ended (the agency's retention schedule)."),
            erase=("notes",),
            keeps=_("The organisation, topic and dates."),
        ),
        Retention(
            "organisations.CoachingContact",
            start="trajectory__ended_on",
            years=5,
            legal=_("Kept as long as its coaching trajectory (the agency's retention schedule)."),
            erase=("subject",),
            keeps=_("The date and the staff member."),
        ),
        Retention(
            "organisations.Association",
            start="contacts__held_on",
            ended=association_done,
            years=5,
            legal=_(
                "An association's contact person is kept while it is supported, and five years after its last "
                "support contact or network event (the agency's retention schedule)."
            ),
            erase=(*contact, "note"),
            keeps=_("The name, enterprise number and recognition: the report counts the associations supported."),
        ),
        Retention(
            "organisations.SupportContact",
            start="held_on",
            years=5,
            legal=SCHEDULE,
            erase=("subject",),
            keeps=_("The association, kind, date and staff member: the report counts the contacts of each year."),
        ),
        Retention(
            "organisations.NetworkEvent",
            start="held_on",
            years=5,
            legal=SCHEDULE,
            erase=("note",),
            keeps=_("The date, title, location, associations present and participants."),
        ),
    )
