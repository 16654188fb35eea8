"""How long a background job's outcome is kept (haven.core.retention). A job holds no person
but its outcome may name records and organisations; the report exports' files are removed
after a week already (``reports.exports.services.exports_prune``), and the row's message and
result go a year after the job finished."""

from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_register


def register() -> None:
    retention_register(
        Retention(
            "jobs.Job",
            start="finished_at",
            years=1,
            legal=_(
                "A year after the job finished (the agency's retention schedule): its outcome is followed up within "
                "days; the files it made are removed after a week."
            ),
            erase=("message", "result", "result_url"),
            keeps=_("What kind of job it was, who started it and when: nothing about a person."),
        ),
    )
