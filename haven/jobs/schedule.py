"""The daily jobs: a registry the apps fill from ``ready()``, and the tick that enqueues each
one once a day.

``schedule_due()`` enqueues every daily job whose hour has come (Europe/Brussels) and that
was not enqueued yet today. Its ``DailyRun`` row (unique per job and day) is written in the
same transaction as the task's row, so however many workers on however many hosts tick at
once, one of them enqueues the job and the others meet the unique constraint and roll back.
Every ``haven worker`` ticks once a minute; ``haven schedule`` ticks once, for cron. A worker
that was down for days runs each job once when it comes back, for that day.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise

from haven.jobs.models import DailyRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyJob:
    """A task run once a day, from ``at`` (local time) on; the task takes the day
    (``YYYY-MM-DD``) as its one argument."""

    name: str
    task: Any  # a django_tasks Task
    at: time = time(1, 0)
    description: "str | Promise" = ""


_DAILY: dict[str, DailyJob] = {}


def daily_job_register(job: DailyJob) -> None:
    _DAILY[job.name] = job


def daily_jobs() -> list[DailyJob]:
    return sorted(_DAILY.values(), key=lambda job: (job.at, job.name))


def schedule_due(*, now: datetime | None = None) -> list[str]:
    """Enqueue the daily jobs due and not yet enqueued today; the names enqueued.
    Queries: one per job due, plus three per job enqueued."""
    local = timezone.localtime(now or timezone.now())
    today = local.date()
    enqueued = []
    for job in daily_jobs():
        if local.time() < job.at or DailyRun.objects.filter(name=job.name, day=today).exists():
            continue
        try:
            with transaction.atomic():
                run = DailyRun.objects.create(name=job.name, day=today)
                result = job.task.enqueue(today.isoformat())
                DailyRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
        except IntegrityError:
            continue  # another worker enqueued it meanwhile
        logger.info("daily job %s enqueued for %s", job.name, today)
        enqueued.append(job.name)
    return enqueued
