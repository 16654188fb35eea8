"""The exports' background work, run by ``haven worker``:

- ``annual_report_export``: count the year's report in the starter's language (progress per
  section), or take a frozen edition's published document, render it in the format asked and
  keep the file for the starter to download;
- ``report_exports_prune``: the daily removal of export files older than a week.

Aggregates only: no person is read out or logged.
"""

from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from haven.jobs.services import JobOutcome, JobProgress, job_run
from haven.reports.access import editions_for_user, report_for_user
from haven.reports.exports.services import (
    EXPORT_STEP,
    document_language,
    export_document,
    export_keep,
    exports_prune,
)
from haven.reports.models import ReportEdition
from haven.reports.registry import report_sections


@task()
def annual_report_export(job_id: int, year: int, export: str, edition: int | None = None) -> dict[str, Any]:
    return job_run(job_id, partial(_export, year, export, edition))


def _export(year: int, export: str, edition: int | None, progress: JobProgress) -> JobOutcome:
    by = progress.job.started_by
    if by is None:
        raise PermissionDenied
    report_for_user(by)  # the starter may still read the report
    language = document_language(progress.job.language)
    if edition is None:
        document = export_document(year, language, progress)
    else:  # a frozen edition's published file: as frozen, small numbers hidden
        from haven.reports.editions import edition_published

        editions_for_user(by)
        document = edition_published(ReportEdition.objects.get(year=year, number=edition), language)
    counted = len(report_sections())
    progress(counted, counted + 1, EXPORT_STEP)
    result = export_keep(job=progress.job, document=document, export=export)
    message = _("The annual report %(year)s is ready: %(file)s.") % {"year": year, "file": result["filename"]}
    return JobOutcome(message, reverse("reports:annual_export_download", args=[progress.job.pk]), result)


@task()
def report_exports_prune(day: str) -> dict[str, Any]:
    return {"day": day, "removed": exports_prune()}
