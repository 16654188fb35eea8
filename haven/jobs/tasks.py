"""The daily jobs the queue runs for the core (which knows no app) and for itself:

- ``audit_verify``: walk the hash chains of the access log and the audit trail, as ``haven
  audit verify`` does; the result (count, last id and hash of each chain) is kept with the
  task and written to the log, so the last id and hash are recorded somewhere every day; a
  broken chain is logged as an error (the entry's id, never its content);
- ``access_log_partitions``: the access log's monthly partitions up to three months ahead
  (PostgreSQL; made as the tables' owner, so the worker needs DATABASE_MIGRATE_URL where the
  application role may not create tables), as ``haven partitions`` does;
- ``task_results_prune``: the queue's finished task rows older than 30 days go (a ``Job``
  keeps what a user needs to see of its result).
"""

import logging
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from haven.core.chain import CHAINS, verify
from haven.core.partitions import ensure_access_log_partitions
from haven.jobs.schedule import DailyJob, daily_job_register

logger = logging.getLogger(__name__)
TASK_RESULTS_KEPT = timedelta(days=30)


@task()
def audit_verify(day: str) -> dict[str, Any]:
    chains = {}
    for chain in CHAINS:
        verdict = verify(chain)
        if verdict.broken is None:
            logger.info(
                "audit verify %s: %s entries, chain whole (last #%s, hash %s)",
                chain.name,
                verdict.count,
                verdict.last_id,
                verdict.last_hash,
            )
        else:
            logger.error("audit verify %s: BROKEN at entry #%s", chain.name, verdict.broken.entry_id)
        chains[chain.name] = {
            "count": verdict.count,
            "last_id": verdict.last_id,
            "last_hash": verdict.last_hash,
            "broken_at": verdict.broken.entry_id if verdict.broken else None,
        }
    return {"day": day, "chains": chains}


@task()
def access_log_partitions(day: str) -> dict[str, Any]:
    created = ensure_access_log_partitions()
    if created:
        logger.info("access log partitions created: %s", ", ".join(created))
    return {"day": day, "created": created}


@task()
def task_results_prune(day: str) -> dict[str, Any]:
    cutoff = timezone.now() - TASK_RESULTS_KEPT
    deleted, _by_model = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return {"day": day, "deleted": deleted}


def register() -> None:
    daily_job_register(
        DailyJob("audit_verify", audit_verify, description=_("Check the hash chains of the logs (audit verify)."))
    )
    daily_job_register(
        DailyJob(
            "access_log_partitions",
            access_log_partitions,
            description=_("Create the access log's monthly partitions three months ahead."),
        )
    )
    daily_job_register(
        DailyJob("task_results_prune", task_results_prune, description=_("Remove finished task rows after 30 days."))
    )
