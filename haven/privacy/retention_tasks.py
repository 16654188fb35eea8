"""The daily anonymisation: every person and record past retention on the day, once the
privacy officer has confirmed a first run on the page (before that, the job only says what
waits: nobody's data is erased by a schedule nobody has looked at)."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from haven.jobs.schedule import DailyJob, daily_job_register
from haven.privacy.anonymise import anonymisation_due, anonymise
from haven.privacy.models import AnonymisationRun

logger = logging.getLogger(__name__)


def first_run_confirmed() -> bool:
    """Whether the privacy officer has confirmed a run on the page."""
    return AnonymisationRun.objects.filter(channel=AnonymisationRun.Channel.PAGE).exists()


@task()
def anonymise_daily(day: str) -> dict[str, Any]:
    as_of = datetime.date.fromisoformat(day)
    if not first_run_confirmed():
        due = anonymisation_due(as_of)
        logger.warning(
            "anonymisation waits for the privacy officer's first run: %s people and %s records due",
            len(due.persons),
            due.total_records,
        )
        return {"day": day, "waiting": True, "persons": len(due.persons), "records": due.total_records}
    outcome = anonymise(as_of, channel=AnonymisationRun.Channel.JOB)
    assert outcome.run is not None
    return {"day": day, "run": outcome.run.pk, "persons": outcome.run.persons, "records": outcome.run.records}


def register() -> None:
    daily_job_register(
        DailyJob(
            "anonymise",
            anonymise_daily,
            at=datetime.time(3, 0),
            description=_("Anonymise every person and record whose retention period has ended."),
        )
    )


@task()
def anonymise_confirmed(job_id: int, as_of: str) -> dict[str, Any]:
    """The run the privacy officer confirmed on the page, as their background job."""
    from django.urls import reverse
    from django.utils.translation import gettext as _gettext
    from django.utils.translation import gettext_noop

    from haven.jobs.services import JobOutcome, JobProgress, job_run

    def work(progress: JobProgress) -> JobOutcome:
        progress(0, 1, gettext_noop("Anonymising"))
        outcome = anonymise(
            datetime.date.fromisoformat(as_of), by=progress.job.started_by, channel=AnonymisationRun.Channel.PAGE
        )
        assert outcome.run is not None
        progress(1, 1, gettext_noop("Anonymising"))
        return JobOutcome(
            message=_gettext("Anonymised: %(persons)s people and %(records)s records.")
            % {"persons": outcome.run.persons, "records": sum(outcome.run.records.values())},
            url=reverse("privacy:retention"),
            result={"run": outcome.run.pk},
        )

    return job_run(job_id, work)
