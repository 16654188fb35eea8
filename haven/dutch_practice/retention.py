"""What Dutch practice holds about people, and how long (``haven.core.retention``).

The report counts the volunteers present at general sessions, the sessions' series, the
newsletter's subscribers at the end of a year (from their dates) and the Trefdag: the
volunteer and session records stay without their notes, a volunteer becomes a pseudonym with
their registry entry, and a subscriber's address and name go while the dates of subscribing,
confirming and unsubscribing stay. A volunteer's role ends when it ends or the consent is
withdrawn, whichever comes first, and a subscription that was never confirmed ends too, so
those declarations carry their own condition (``Retention.ended``).
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_exempt, retention_register


def volunteer_ended(cutoff: datetime.date) -> Q:
    """The role ended on or before ``cutoff``: its period over, or the consent withdrawn, by then."""
    return Q(active_until__lte=cutoff) | Q(consent_withdrawn_on__lte=cutoff)


def subscription_ended(cutoff: datetime.date) -> Q:
    """Unsubscribed on or before ``cutoff``, or subscribed by then and never confirmed (the
    confirmation link expires after two weeks)."""
    return Q(unsubscribed_on__lte=cutoff) | Q(confirmed_on__isnull=True, subscribed_on__lte=cutoff)


def register() -> None:
    retention_register(
        Retention(
            "dutch_practice.Volunteer",
            start="active_until",
            ended=volunteer_ended,
            years=5,
            legal=_(
                "A volunteer's role rests on their consent: kept while they take part, and five years after "
                "their period ended or they withdrew their consent (whichever came first) for the figures of "
                "those years (the agency's retention schedule)."
            ),
            persons=("person",),
            erase=("note",),
            keeps=_(
                "The period and the consent's dates: the report counts the volunteers present at the general "
                "sessions of each year."
            ),
        ),
        Retention(
            "dutch_practice.ConversationSession",
            start="held_on",
            years=5,
            legal=_("Kept five years after the session (the agency's retention schedule)."),
            persons=("participants", "volunteers__person"),
            erase=("note",),
            keeps=_(
                "The series, date, head count and the volunteers present: the report counts the volunteers of "
                "each year's general sessions."
            ),
        ),
        Retention(
            "dutch_practice.Subscriber",
            start="unsubscribed_on",
            ended=subscription_ended,
            years=1,
            legal=_(
                "Kept while subscribed; after unsubscribing (or a subscription never confirmed), one year to "
                "answer a question about the consent, then the address goes (storage limitation, GDPR "
                "art. 5(1)(e))."
            ),
            erase=("email", "name"),
            pseudonym="email",
            keeps=_(
                "The language, the consent text's version and the dates of subscribing, confirming and "
                "unsubscribing: the report counts the subscribers at the end of each year."
            ),
        ),
    )
    retention_exempt(
        "dutch_practice.Opportunity",
        _("A practice opportunity names an organisation: its address and contact are the organisation's."),
    )
