"""What the transit site holds about people and how long (haven.core.retention).

A stay's period runs from the departure (empty while the family is on the site); its
children go with it. The report counts the children's ages on lesson days: their birth
date stays, their first name goes. An announced arrival loses its name and phone when it
leaves the list (the services erase them); one left waiting goes a year after the arrival
it announced.
"""

from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_exempt, retention_register

CLIENT_FILE_YEARS = 5


def register() -> None:
    retention_register(
        Retention(
            "transit_site.Stay",
            start="departure",
            years=CLIENT_FILE_YEARS,
            legal=_("Five years after the departure (the agency's retention schedule for client files)."),
            persons=("head",),
            erase=("notes",),
            keeps=_(
                "The dates, household size, nationality, caravans and payments: the report counts the families "
                "who stayed in a year."
            ),
        ),
        Retention(
            "transit_site.Child",
            start="stay__departure",
            years=CLIENT_FILE_YEARS,
            legal=_("Kept as long as the family's stay (the agency's retention schedule for client files)."),
            persons=("stay__head",),
            erase=("first_name",),
            keeps=_(
                "The birth date, language group and attendance: the report counts the children per lesson day "
                "and their age on their first lesson day."
            ),
        ),
        Retention(
            "transit_site.ArrivalNotice",
            start="expected_arrival",
            years=1,
            legal=_(
                "Data minimisation: the name and phone are needed only to call the family back; they go when the "
                "notice leaves the list, and a year after the expected arrival at the latest."
            ),
            erase=("family_name", "phone"),
            keeps=_("The dates, caravans and state, which name no one."),
        ),
    )
    retention_exempt(
        "transit_site.Site",
        _("The address of the transit site itself, not a person's."),
    )
