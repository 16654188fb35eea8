"""The exports as background jobs: a reader asks for the year's report in a format, a job
counts it in their language (progress per section), renders the file and keeps it for them;
they download it from the job's result (``reports:annual_export_download``), and only they.

The file is kept in the default storage (not served by any URL: only the download view reads
it) under the job's number, and removed by ``exports_prune`` once it is ``EXPORTS_KEPT`` old;
the job keeps its name, type and storage path in ``result``. It holds aggregates only.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop

from haven.accounts.models import User
from haven.jobs.models import Job, JobState
from haven.jobs.services import JobProgress, job_start
from haven.reports.document import report_document
from haven.reports.exports import EXPORT_FORMATS, export_filename, export_render
from haven.reports.narrative import narrative_for
from haven.reports.services import report_count

EXPORT_KIND = "reports.annual_export"
EXPORT_TITLES = {
    "pdf": gettext_noop("The annual report as PDF"),
    "xlsx": gettext_noop("The annual report as a spreadsheet"),
    "csv": gettext_noop("The annual report as CSV files"),
    "json": gettext_noop("The annual report as JSON"),
}
EXPORT_STEP = gettext_noop("Making the file.")
EXPORTS_FOLDER = "report-exports"
EXPORTS_KEPT = timedelta(days=7)
LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class ExportFile:
    """A finished export's file: where it is kept, the name it is downloaded as, its type."""

    path: str
    filename: str
    content_type: str


def document_language(language: str | None) -> str:
    """The report's language for an interface language ("en-gb" → "en"; default Dutch)."""
    code = (language or "").split("-")[0].lower()
    return code if code in LANGUAGES else settings.LANGUAGE_CODE


def export_start(*, year: int, export: str, by: User, edition: int | None = None) -> Job:
    """Start the job making the year's report in the format ``export`` (a key of
    ``EXPORT_FORMATS``) in ``by``'s active language, counted now or, with ``edition``, that
    frozen edition's published file; under the in-process backend (tests) it is done when
    this returns."""
    from haven.reports.exports import tasks  # the task imports this module

    if export not in EXPORT_FORMATS:
        raise ValueError(f"Unknown export format: {export}")
    return job_start(
        task=tasks.annual_report_export,
        kind=EXPORT_KIND,
        title=EXPORT_TITLES[export],
        by=by,
        year=year,
        export=export,
        edition=edition,
    )


class _CountProgress(JobProgress):
    """The count's progress with one more step to come: rendering the file."""

    def __call__(self, done: int, total: int, step: str = "") -> None:
        super().__call__(done, total + 1, step)


def export_document(year: int, language: str, progress: JobProgress | None = None) -> dict[str, Any]:
    """The year's report counted now as a document in ``language`` (the active language must
    be the same: the count's headings and labels are made in it), with each section's text."""
    counting = _CountProgress(progress.job) if progress is not None else None
    report = report_count(year, counting)
    return report_document(report, language=language, narrative=narrative_for(year, language))


def export_keep(*, job: Job, document: dict[str, Any], export: str) -> dict[str, Any]:
    """Render the document and keep the file for the job; what the job's result records."""
    filename = export_filename(document, export)
    path = default_storage.save(f"{EXPORTS_FOLDER}/{job.pk}/{filename}", ContentFile(export_render(document, export)))
    return {"year": document["year"], "format": export, "file": path, "filename": filename}


def export_file(job: Job) -> ExportFile:
    """The finished export of ``job`` (the caller checked whose it is); Http404 for another
    kind of job, one not done, or a file no longer kept."""
    path, export = job.result.get("file"), job.result.get("format")
    if job.kind != EXPORT_KIND or job.state != JobState.DONE or not path or export not in EXPORT_FORMATS:
        raise Http404
    if not default_storage.exists(path):
        raise Http404
    return ExportFile(path=path, filename=str(job.result["filename"]), content_type=EXPORT_FORMATS[export].content_type)


def exports_prune(*, now: datetime | None = None) -> int:
    """Remove the files of exports finished more than ``EXPORTS_KEPT`` ago (their jobs stay,
    without the file); how many were removed."""
    cutoff = (now or timezone.now()) - EXPORTS_KEPT
    old = Job.objects.filter(kind=EXPORT_KIND, state=JobState.DONE, finished_at__lt=cutoff, result__has_key="file")
    removed = 0
    for job in old:
        default_storage.delete(job.result["file"])
        result = {key: value for key, value in job.result.items() if key != "file"}
        Job.objects.filter(pk=job.pk).update(result=result)
        removed += 1
    return removed
