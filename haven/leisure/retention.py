"""What the leisure line holds about people and how long (haven.core.retention).

A referral's period runs from the referral date, the date the report counts it in: its
follow-up and outcome come within weeks, and a referral still awaiting its outcome years
later is no longer in use. An event's note goes with the event's period.
"""

from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_exempt, retention_register

CLIENT_FILE_YEARS = 5


def register() -> None:
    retention_register(
        Retention(
            "leisure.Referral",
            start="referred_on",
            years=CLIENT_FILE_YEARS,
            legal=_(
                "Five years after the referral, its outcome following within weeks (the agency's retention schedule "
                "for client files)."
            ),
            persons=("person",),
            erase=("note",),
            keeps=_(
                "The organisation, kind, activity, dates and outcome: the report counts the minors and adults "
                "referred in a year (their age on the referral date, from the birth date that stays)."
            ),
        ),
        Retention(
            "leisure.Event",
            start="held_on",
            years=CLIENT_FILE_YEARS,
            legal=_("A note on an event may name someone: it goes five years after the event."),
            erase=("note",),
            keeps=_("The name, kind, date, place, visitors and tallies: the report counts the pupils and the markets."),
        ),
    )
    retention_exempt(
        "leisure.Organisation",
        _(
            "The contact point an organisation gives the agency (professional contact data, no client's): kept "
            "while the organisation works with the agency and replaced when it changes."
        ),
    )
