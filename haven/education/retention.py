"""What education holds about people and how long (haven.core.retention).

A school referral is a search of days or weeks from the permanence date (its placement or
withdrawal follows within weeks), so its period runs from the permanence date; a study
dossier's from its closing, a pre-track participation's from the end of its cohort (in the
future while the cohort runs). The conversations and the schools contacted go with their
dossier or referral. Client files: the agency's retention schedule, five years.
"""

from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_exempt, retention_register

CLIENT_FILE_YEARS = 5

CLIENT_FILES = _("Five years after the file was closed (the agency's retention schedule for client files).")


def register() -> None:
    retention_register(
        Retention(
            "education.SchoolReferral",
            start="requested_on",
            years=CLIENT_FILE_YEARS,
            legal=_(
                "Five years after the permanence date, the placement or withdrawal following within weeks (the "
                "agency's retention schedule for client files)."
            ),
            persons=("person",),
            erase=("guardian_name", "notes"),
            keeps=_(
                "The child's age, home language, the kind of school sought, the state and the school found with its "
                "date: the report counts the minors led to a school."
            ),
        ),
        Retention(
            "education.SchoolContact",
            start="referral__requested_on",
            years=CLIENT_FILE_YEARS,
            legal=_("Kept as long as its school referral (the agency's retention schedule for client files)."),
            persons=("referral__person",),
            keeps=_("The school contacted, the day and its answer: they name no one once the file is a pseudonym."),
        ),
        Retention(
            "education.StudyDossier",
            start="closed_on",
            years=CLIENT_FILE_YEARS,
            legal=CLIENT_FILES,
            persons=("person",),
            erase=("question", "advice"),
            keeps=_(
                "The dates it was open, the partner and the outcome: the report counts the dossiers open in a year."
            ),
        ),
        Retention(
            "education.StudyConversation",
            start="dossier__closed_on",
            years=CLIENT_FILE_YEARS,
            legal=_("Kept as long as its study-choice dossier (the agency's retention schedule for client files)."),
            persons=("dossier__person",),
            erase=("summary",),
            keeps=_("The day of the conversation: it names no one once the file is a pseudonym."),
        ),
        Retention(
            "education.PreTrackParticipant",
            start="cohort__ends_on",
            years=CLIENT_FILE_YEARS,
            legal=_(
                "Five years after the end of the pre-track cohort (the agency's retention schedule for client files)."
            ),
            persons=("person",),
            keeps=_("The cohort, the dates, the state and the modules: the report counts the starters and graduates."),
        ),
    )
    retention_exempt(
        "education.School",
        _("A school's public address and phone: an institution's, not a person's."),
    )
