"""The person's own copy as files: a readable PDF (WeasyPrint, A4, template
``privacy/documents/subject_copy.html``), the machine-readable JSON and the person's own
uploaded files, in one zip kept for the privacy officer who asked for it.

The zip is kept in the default storage (served by no URL: only ``privacy:copy_download``
reads it, for the job's starter) under the job's number, and removed a week after
(``copies_prune``, a daily job) or at once when the person is erased or anonymised
(``copies_remove``). The job keeps its name, the person's id and the storage path in
``result``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation

from haven.jobs.models import Job, JobState
from haven.privacy.subject_copy import copy_files

COPY_KIND = "privacy.subject_copy"
COPIES_FOLDER = "privacy-copies"
COPIES_KEPT = timedelta(days=7)
TEMPLATE = "privacy/documents/subject_copy.html"
CONTENT_TYPE = "application/zip"


@dataclass(frozen=True)
class CopyFile:
    """A finished copy: where it is kept and the name it is downloaded as."""

    path: str
    filename: str
    person_id: int


def pdf_html(document: dict[str, Any]) -> str:
    """The HTML WeasyPrint lays out, in the document's language."""
    with translation.override(document["language"]):
        return render_to_string(TEMPLATE, {"document": document, "files": copy_files(document)})


def render_pdf(document: dict[str, Any]) -> bytes:
    """The copy as an A4 PDF."""
    # Imported here: WeasyPrint loads the system's Pango when imported.
    from weasyprint import HTML

    return bytes(HTML(string=pdf_html(document)).write_pdf())


def copy_basename(document: dict[str, Any]) -> str:
    return f"haven-{document['person']['reference']}-{document['produced_at'][:10]}"


def _storage_of(section_key: str, field_name: str) -> Any:
    """The storage of a listed file: its model field's (the default one unless it names another)."""
    return apps.get_model(section_key)._meta.get_field(field_name).storage


def copy_archive(document: dict[str, Any], pdf: bytes, destination: Any) -> None:
    """Write the zip: the JSON, the PDF and every listed file (streamed, not held in memory)."""
    base = copy_basename(document)
    moment = datetime.fromisoformat(document["produced_at"])
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)

    def entry(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(entry(f"{base}.json"), json.dumps(document, ensure_ascii=False, indent=2))
        archive.writestr(entry(f"{base}.pdf"), pdf)
        for listed in copy_files(document):
            storage = _storage_of(listed["section"], listed["field"])
            with (
                storage.open(listed["storage_name"], "rb") as source,
                archive.open(entry(listed["archive"]), "w") as target,
            ):
                shutil.copyfileobj(source, target)


def copy_keep(*, job: Job, document: dict[str, Any], pdf: bytes, person_id: int) -> dict[str, Any]:
    """Keep the zip for the job; what the job's result records."""
    filename = f"{copy_basename(document)}.zip"
    with tempfile.TemporaryFile() as scratch:
        copy_archive(document, pdf, scratch)
        scratch.seek(0)
        path = default_storage.save(f"{COPIES_FOLDER}/{job.pk}/{filename}", File(scratch, name=filename))
    return {"file": path, "filename": filename, "person": person_id}


def copy_file(job: Job) -> CopyFile:
    """The finished copy of ``job`` (the caller checked whose job it is); Http404 for another
    kind of job, one not done, or a file no longer kept."""
    path = job.result.get("file")
    if job.kind != COPY_KIND or job.state != JobState.DONE or not path or not default_storage.exists(path):
        raise Http404
    return CopyFile(path=path, filename=str(job.result["filename"]), person_id=int(job.result["person"]))


def _forget(jobs: Any) -> int:
    removed = 0
    for job in jobs:
        default_storage.delete(job.result["file"])
        result = {key: value for key, value in job.result.items() if key != "file"}
        Job.objects.filter(pk=job.pk).update(result=result)
        removed += 1
    return removed


def copies_prune(*, now: datetime | None = None) -> int:
    """Remove the copies finished more than ``COPIES_KEPT`` ago (their jobs stay, without
    the file); how many were removed."""
    cutoff = (now or timezone.now()) - COPIES_KEPT
    return _forget(Job.objects.filter(kind=COPY_KIND, finished_at__lt=cutoff, result__has_key="file"))


def copies_remove(person_ids: list[int]) -> int:
    """Remove at once the kept copies of these people (erased or anonymised: a copy must not
    outlive what it copies); how many were removed."""
    if not person_ids:
        return 0
    return _forget(Job.objects.filter(kind=COPY_KIND, result__has_key="file", result__person__in=list(person_ids)))
