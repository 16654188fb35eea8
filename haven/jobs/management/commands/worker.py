"""``haven worker``: runs the background tasks (django-tasks-db's ``db_worker``, every queue)
and, once a minute in a thread beside it, the scheduler: the daily jobs due
(``haven.jobs.schedule``) and the jobs whose worker died (``jobs_stale_fail``). Start one or
more per host; a task is claimed by one worker only (SELECT … FOR UPDATE SKIP LOCKED on
PostgreSQL) and a daily job is enqueued once a day whatever the number of workers.

Stops after the task in hand on SIGTERM or Ctrl-C (a second one stops at once).
"""

import logging
import os
import threading
from typing import Any

from django.db import connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from haven.jobs.schedule import schedule_due
from haven.jobs.services import jobs_stale_fail

logger = logging.getLogger("haven.jobs.worker")
TICK_SECONDS = 60


def _tick() -> None:
    try:
        schedule_due()
        jobs_stale_fail()
    except Exception:
        logger.exception("the scheduler's tick failed")
    finally:
        connections.close_all()  # this thread's connections


def _schedule_forever(stop: threading.Event, seconds: float) -> None:
    while True:
        _tick()
        if stop.wait(seconds):
            return


class Command(DatabaseWorkerCommand):
    help = "Run the background tasks and the daily jobs' scheduler (stop with Ctrl-C or SIGTERM)."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")
        parser.add_argument(
            "--no-schedule", action="store_false", dest="schedule", help="Run tasks only, no daily jobs' scheduler."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # With the reloader, the scheduler runs in the child that runs the tasks.
        if options.pop("schedule", True) and (
            not options.get("reload") or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        ):
            stop = threading.Event()
            threading.Thread(
                target=_schedule_forever, args=(stop, TICK_SECONDS), name="haven-scheduler", daemon=True
            ).start()
        super().handle(*args, **options)
