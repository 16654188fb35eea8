"""The reports' background work, run by ``haven worker``:

- ``annual_report_render``: count the annual report of a year (every registered section,
  with progress per section) in the starter's language and keep it as the year's render,
  which the report page shows. Aggregates only: no person is read out or logged.
"""

from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from haven.jobs.services import JobOutcome, JobProgress, job_run
from haven.reports.access import editions_for_user, report_for_user
from haven.reports.services import render_keep, report_charts, report_count


@task()
def annual_report_render(job_id: int, year: int) -> dict[str, Any]:
    return job_run(job_id, partial(_render, year))


def _render(year: int, progress: JobProgress) -> JobOutcome:
    by = progress.job.started_by
    if by is None:
        raise PermissionDenied
    report_for_user(by)  # the starter may still read the report
    report = report_count(year, progress)
    report["charts"] = report_charts(report, progress.job.language)
    render_keep(year=year, language=progress.job.language, report=report, by=by)
    message = _("The annual report %(year)s is counted again.") % {"year": year}
    return JobOutcome(message, reverse("reports:annual", args=[year]), {"year": year})


@task()
def annual_report_freeze(job_id: int, year: int) -> dict[str, Any]:
    return job_run(job_id, partial(_freeze, year))


def _freeze(year: int, progress: JobProgress) -> JobOutcome:
    from haven.reports.editions import edition_freeze  # the editions read the exports, loaded on demand

    by = progress.job.started_by
    if by is None:
        raise PermissionDenied
    editions_for_user(by, freeze=True)  # the starter may still freeze
    edition = edition_freeze(year=year, by=by, progress=progress)
    message = _("Edition %(number)s of the annual report %(year)s is frozen.") % {
        "number": edition.number,
        "year": year,
    }
    return JobOutcome(
        message, reverse("reports:edition", args=[year, edition.number]), {"year": year, "edition": edition.number}
    )
