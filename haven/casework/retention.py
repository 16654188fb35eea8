"""What casework keeps on a person's file and how long (haven.core.retention).

No annual-report figure counts casework, so its records keep nothing they do not need: a
note's subject and text go (a correction points to the version it corrects), a document
(with its file), a task and an appointment go whole.
"""

from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_register


def register() -> None:
    retention_register(
        Retention(
            "casework.Note",
            start="happened_on",
            years=5,
            legal=_("Five years after the day the note is about (the agency's retention schedule for client files)."),
            persons=("person",),
            # Kept as a row: a correction points to the version it corrects (PROTECT).
            erase=("subject", "text"),
            keeps=_("The date, service line, author and who may read it: nothing about the person."),
        ),
        Retention(
            "casework.Document",
            start="uploaded_at",
            years=5,
            legal=_(
                "Five years after the copy was added to the file (the agency's retention schedule for client files)."
            ),
            persons=("person",),
            delete=True,
            keeps=_("Nothing: the document and its file go; no figure counts them."),
        ),
        Retention(
            "casework.Task",
            start="due_on",
            years=5,
            legal=_("Five years after the day it was due (the agency's retention schedule for client files)."),
            persons=("person",),
            delete=True,
            keeps=_("Nothing: the task goes; no figure counts it."),
        ),
        Retention(
            "casework.Appointment",
            start="starts_at",
            years=5,
            legal=_("Five years after the appointment (the agency's retention schedule for client files)."),
            persons=("person",),
            # A video appointment must keep a link (a constraint), and its purpose and link are
            # staff's words; the team page's no-show figures look at the last six months only.
            delete=True,
            keeps=_("Nothing: the appointment goes; no report figure counts it."),
        ),
    )
