"""The person's own copy as a background job, run by ``haven worker``:

- ``subject_copy_start``: the privacy officer's act: the request recorded
  (``SubjectRequest`` of kind copy, with its reason, date received and language) and the job
  started for them;
- ``subject_copy_make``: collect everything held about the person (``subject_copy``), render
  the PDF in the language asked, keep the zip for the starter and log the export in the
  access log (action export, purpose: a request of the person);
- ``subject_copies_prune``: the daily removal of copies older than a week.
"""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django_tasks import task

from haven.accounts.models import User
from haven.core.access import require_permission
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose
from haven.jobs.schedule import DailyJob, daily_job_register
from haven.jobs.services import JobOutcome, JobProgress, job_run, job_start
from haven.people.models import Person
from haven.privacy.models import SubjectRequest
from haven.privacy.subject_copy import subject_copy_document
from haven.privacy.subject_copy_files import COPY_KIND, copies_prune, copy_keep, render_pdf

COPY_PERMISSION = "privacy.add_subjectrequest"
COPY_TITLE = gettext_noop("A person's own copy of their data")
STEP_COLLECT = gettext_noop("Collecting the records.")
STEP_RENDER = gettext_noop("Making the PDF.")
STEP_KEEP = gettext_noop("Packing the files.")
COPY_LANGUAGES = ("nl", "en")


def subject_copy_start(
    *, person: Person, by: User, reason: str, received_on: datetime.date, language: str
) -> SubjectRequest:
    """Record the person's request for their copy and start the job making it (the caller
    decided ``by`` may); under the in-process backend (tests) the copy is made when this
    returns. The request's ``job`` is the copy's job."""
    if language not in COPY_LANGUAGES:
        raise ValueError(f"Unknown language: {language}")
    with transaction.atomic():
        request = SubjectRequest(
            person=person,
            kind=SubjectRequest.Kind.COPY,
            reason=reason,
            received_on=received_on,
            language=language,
            made_by=by,
        )
        request.full_clean()
        request.save()
        job = job_start(task=subject_copy_make, kind=COPY_KIND, title=COPY_TITLE, by=by, request_id=request.pk)
        SubjectRequest.objects.filter(pk=request.pk).update(job=job)
        request.job = job
    return request


@task()
def subject_copy_make(job_id: int, request_id: int) -> dict[str, Any]:
    return job_run(job_id, partial(_make, request_id))


def _make(request_id: int, progress: JobProgress) -> JobOutcome:
    by = progress.job.started_by
    if by is None:
        raise PermissionDenied
    require_permission(by, COPY_PERMISSION)  # the starter may still make copies
    request = SubjectRequest.objects.select_related("person").get(pk=request_id, kind=SubjectRequest.Kind.COPY)
    person = request.person
    progress(0, 3, STEP_COLLECT)
    document = subject_copy_document(person, language=request.language)
    progress(1, 3, STEP_RENDER)
    pdf = render_pdf(document)
    progress(2, 3, STEP_KEEP)
    result = copy_keep(job=progress.job, document=document, pdf=pdf, person_id=person.pk)
    access_record(
        user=by,
        person_id=person.pk,
        action=AccessAction.EXPORT,
        purpose=AccessPurpose.SUBJECT_REQUEST,
        channel=AccessChannel.WEB,
        page=reverse("privacy:copy_start", args=[person.pk]),
        fields=["copy"],
    )
    message = _("The copy of file %(reference)s is ready: %(file)s.") % {
        "reference": person.reference,
        "file": result["filename"],
    }
    return JobOutcome(message, reverse("privacy:copy_download", args=[progress.job.pk]), result)


@task()
def subject_copies_prune(day: str) -> dict[str, Any]:
    return {"day": day, "removed": copies_prune()}


def register() -> None:
    daily_job_register(
        DailyJob(
            "privacy_copies_prune",
            subject_copies_prune,
            description=gettext_lazy("Remove people's own copies a week after they were made."),
        )
    )
