"""What the civic-orientation line keeps about people and how long (haven.core.retention).

A course lasts about ten weeks and records no end date, so an enrolment's period runs from
its course's start (five years dwarf the ten weeks); the waiting list from the day the wait
began, since leaving it is not dated. What the report counts (courses, languages, enrolment
states, completion dates) stays; the evaluation written about the participant goes.
"""

from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_register


def register() -> None:
    retention_register(
        Retention(
            "orientation.WaitingEntry",
            start="waiting_since",
            years=5,
            legal=_("Five years after the wait began (the agency's retention schedule for civic-integration files)."),
            persons=("person",),
            keeps=_(
                "The languages, slots and dates, all it holds: they identify no one once the person is a pseudonym."
            ),
        ),
        Retention(
            "orientation.SeatOffer",
            start="offered_on",
            years=5,
            legal=_("Five years after the offer (the agency's retention schedule for civic-integration files)."),
            persons=("waiting__person",),
            keeps=_("The course, dates and answer, all it holds: they identify no one once the person is a pseudonym."),
        ),
        Retention(
            "orientation.Enrolment",
            start="course__starts_on",
            years=5,
            legal=_(
                "Five years after the course began (the agency's retention schedule for civic-integration files, "
                "under the integration decree)."
            ),
            persons=("person",),
            erase=("evaluation",),
            keeps=_(
                "The course, state, dates and number of actions done: the report counts participants per "
                "language and the Parkoer certificates."
            ),
        ),
        Retention(
            "orientation.Attendance",
            start="enrolment__course__starts_on",
            years=5,
            legal=_(
                "Kept as long as the enrolment: five years after the course began (the agency's retention schedule "
                "for civic-integration files)."
            ),
            persons=("enrolment__person",),
            keeps=_(
                "Present, excused or absent at a session, all it holds: it identifies no one once the person "
                "is a pseudonym."
            ),
        ),
    )
