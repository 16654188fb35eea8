"""Writes of background jobs: start one (its row, then its task), report its progress from
the task, finish it; and give up on jobs whose worker died.

A job's task is a module-level ``@task`` that calls ``job_run(job_id, work)``: ``work`` gets
a ``JobProgress`` to report to and returns a ``JobOutcome``. ``job_run`` claims the job once
(a second run of the same job does nothing), runs ``work`` in the starter's language, and
keeps the outcome — or the error: a service's refusal (``ValidationError``) in the user's
words, anything else as a plain "something went wrong" (the details go to the log as the
exception's type and frames, never its message).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.jobs.models import Job, JobState

logger = logging.getLogger(__name__)

# A job still running after this long lost its worker (a dispatch run stops at its time
# limit, 45 s by default; a month's invoices take seconds).
STALE_AFTER = timedelta(minutes=60)


@dataclass(frozen=True)
class JobOutcome:
    """What a finished job says (in the starter's language), where its result is, and
    the facts kept with it (ids, counts: JSON)."""

    message: str
    url: str = ""
    result: dict[str, Any] = field(default_factory=dict)


class JobProgress:
    """The running job's progress, written as the task goes (one UPDATE a call)."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def __call__(self, done: int, total: int, step: str = "") -> None:
        """``step``: an English message id marked with ``gettext_noop``, translated when shown."""
        self.job.done, self.job.total, self.job.step = done, total, step
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total, step=step)


def job_start(*, task: Any, kind: str, title: str, by: User, **arguments: Any) -> Job:
    """A job for ``by`` and its task, enqueued with ``job_id`` and ``arguments`` (JSON).
    ``title``: an English message id (``gettext_noop``). Both rows are written together;
    under the in-process backend (tests) the job has run when this returns."""
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, title=title, started_by=by, language=translation.get_language() or settings.LANGUAGE_CODE
        )
        result = task.enqueue(job_id=job.pk, **arguments)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def job_run(job_id: int, work: Callable[[JobProgress], JobOutcome]) -> dict[str, Any]:
    """Run ``work`` for the job (see the module's notes); the task's return value."""
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        logger.warning("job %s is not waiting; not run again", job_id)
        return {"job": job_id, "state": "skipped"}
    job = Job.objects.select_related("started_by").get(pk=job_id)
    with translation.override(job.language):
        try:
            outcome = work(JobProgress(job))
        except ValidationError as error:
            _finish(job, JobState.FAILED, JobOutcome(" ".join(error.messages)))
            return {"job": job_id, "state": JobState.FAILED.value}
        except PermissionDenied:
            _finish(job, JobState.FAILED, JobOutcome(_("You may not do this.")))
            return {"job": job_id, "state": JobState.FAILED.value}
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            _finish(job, JobState.FAILED, JobOutcome(_("Something went wrong; the job stopped. Try again later.")))
            raise
    _finish(job, JobState.DONE, outcome)
    return {"job": job_id, "state": JobState.DONE.value, **outcome.result}


def _finish(job: Job, state: JobState, outcome: JobOutcome) -> None:
    job.state, job.finished_at = state, timezone.now()
    job.message, job.result_url, job.result = outcome.message, outcome.url, outcome.result
    if state == JobState.DONE and job.total:
        job.done = job.total
    job.save(update_fields=["state", "finished_at", "message", "result_url", "result", "done"])


def jobs_stale_fail(*, now: datetime | None = None) -> int:
    """Jobs still running long after they started lost their worker (stopped, killed):
    they fail with a message in their starter's language, so nobody waits for ever."""
    now = now or timezone.now()
    stale = list(Job.objects.filter(state=JobState.RUNNING, started_at__lt=now - STALE_AFTER))
    for job in stale:
        with translation.override(job.language):
            message = _("The worker stopped during this job. Start it again.")
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
            state=JobState.FAILED, finished_at=now, message=message
        )
    return len(stale)
