"""Tasks for the queue's own tests (importable by a worker process, which runs them by path)."""

import os
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from haven.jobs.services import JobOutcome, JobProgress, job_run

RUNS_TABLE = "jobs_test_worker_runs"


@task()
def record_run(number: int) -> int:
    """Write (number, this process) into the test's table; the first tasks wait (at most
    30 s) until two worker processes have each written one, so both take part."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {RUNS_TABLE} (number, pid) VALUES (%s, %s)", [number, os.getpid()])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            cursor.execute(f"SELECT COUNT(DISTINCT pid) FROM {RUNS_TABLE}")
            if cursor.fetchone()[0] >= 2:
                break
            time.sleep(0.05)
    return number


@task()
def counting_job(job_id: int, count: int, refuse: bool = False) -> dict[str, Any]:
    return job_run(job_id, lambda progress: _count(progress, count, refuse))


def _count(progress: JobProgress, count: int, refuse: bool) -> JobOutcome:
    for done in range(count):
        progress(done, count, gettext_noop("Running"))
    if refuse:
        raise ValidationError(_("This field is required."))
    return JobOutcome(f"counted to {count}", "/", {"counted": count})


@task()
def crashing_job(job_id: int) -> dict[str, Any]:
    return job_run(job_id, _crash)


def _crash(progress: JobProgress) -> JobOutcome:
    raise RuntimeError("a bug")
