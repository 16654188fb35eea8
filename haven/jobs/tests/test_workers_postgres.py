"""Two worker processes on one PostgreSQL database take the same queue: every task runs
exactly once (SELECT … FOR UPDATE SKIP LOCKED) and both workers take part."""

import os
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from haven.jobs.tests.worker_tasks import RUNS_TABLE, record_run

TASKS = 24
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")


def database_url() -> str:
    """The test database (pytest-django's ``test_…``), as the worker processes' DATABASE_URL."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker(number: int) -> subprocess.Popen:
    environment = {name: value for name, value in os.environ.items() if name != "DATABASE_MIGRATE_URL"}
    environment.update({"DJANGO_SETTINGS_MODULE": "haven.settings", "DATABASE_URL": database_url()})
    command = [sys.executable, "-m", "django", "worker", "--batch", "--no-startup-delay", "--no-reload"]
    command += ["--no-schedule", "--interval", "0.05", "--worker-id", f"test-worker-{number}"]
    return subprocess.Popen(
        command, env=environment, cwd=settings.BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


@pytest.mark.postgres
@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_worker_processes_run_every_task_exactly_once(database_tasks):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {RUNS_TABLE} (number integer NOT NULL, pid integer NOT NULL)")
    try:
        results = [record_run.enqueue(number) for number in range(TASKS)]
        workers = [worker(1), worker(2)]
        outputs = [process.communicate(timeout=120)[0] for process in workers]
        assert [process.returncode for process in workers] == [0, 0], outputs
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number, pid FROM {RUNS_TABLE}")
            runs = cursor.fetchall()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {RUNS_TABLE}")

    assert sorted(number for number, _pid in runs) == list(range(TASKS))  # each once, none lost
    assert len({pid for _number, pid in runs}) == 2  # both workers took part
    rows = DBTaskResult.objects.filter(id__in=[result.id for result in results])
    assert {row.status for row in rows} == {"SUCCESSFUL"}
    assert all(len(row.worker_ids) == 1 for row in rows)
    assert {row.worker_ids[0] for row in rows} == {"test-worker-1", "test-worker-2"}
