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

from django.core import checks
from django.core.management.base import SystemCheckError
from django.db import connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from haven.jobs.schedule import schedule_due
from haven.jobs.services import jobs_stale_fail

logger = logging.getLogger("haven.jobs.worker")
checks_logger = logging.getLogger("haven.checks")
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

    def check(
        self,
        app_configs: Any = None,
        tags: Any = None,
        display_num_errors: bool = False,
        include_deployment_checks: bool = False,
        fail_level: int = checks.ERROR,
        databases: Any = None,
    ) -> None:
        """The system checks, told through the log rather than printed: in production every line a
        worker writes is a JSON log line. A serious one still stops the worker."""
        messages = checks.run_checks(
            app_configs=app_configs,
            tags=tags,
            include_deployment_checks=include_deployment_checks,
            databases=databases,
        )
        shown = [message for message in messages if not message.is_silenced()]
        for message in shown:
            level = logging.ERROR if message.level >= checks.ERROR else logging.WARNING
            if message.level < checks.WARNING:
                level = logging.INFO
            checks_logger.log(level, "%s: %s", message.id, message.msg)
        serious = [message for message in shown if message.is_serious(fail_level)]
        if serious:
            raise SystemCheckError("; ".join(f"{message.id}: {message.msg}" for message in serious))

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
