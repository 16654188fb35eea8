"""A background job: its page shows it to the user who started it and to nobody else; the
partial polls while it runs and sends the browser to the result when it is done; a refusal
is kept in the starter's language; a job runs once; a job whose worker died fails."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from conftest import logged_in_client
from haven.jobs.models import Job, JobState
from haven.jobs.services import job_run, job_start, jobs_stale_fail
from haven.jobs.tests import worker_tasks


def start(user, count: int = 3, refuse: bool = False, language: str = "en") -> Job:
    with translation.override(language):
        return job_start(
            task=worker_tasks.counting_job, kind="test.count", title="Counting", by=user, count=count, refuse=refuse
        )


def run_worker_once() -> None:
    """A worker in this process: every task waiting, then it stops (no signal handlers;
    the test's connection stays open, as it is inside the test's transaction)."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        _worker().run()


def _worker() -> Worker:
    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def test_a_job_runs_in_process_in_the_tests_and_keeps_its_result(dispatcher):
    job = start(dispatcher, count=4)

    assert job.state == JobState.DONE and (job.done, job.total) == (4, 4)
    assert job.message == "counted to 4" and job.result == {"counted": 4} and job.result_url == "/"
    assert job.started_at and job.finished_at and job.task_id


def test_only_the_starter_sees_the_job(dispatcher, manager_client, client):
    job = start(dispatcher)
    own = logged_in_client(dispatcher).get(reverse("jobs:job", args=[job.pk]))

    assert own.status_code == 200 and "counted to 3" in own.content.decode()
    for url in (reverse("jobs:job", args=[job.pk]), reverse("jobs:progress", args=[job.pk])):
        assert manager_client.get(url).status_code == 404
        assert client.get(url).status_code == 302  # to the login
    assert logged_in_client(dispatcher).get(reverse("jobs:job", args=[job.pk + 1])).status_code == 404


def test_the_partial_polls_while_the_job_waits_and_stops_when_it_is_done(dispatcher, database_tasks):
    job = start(dispatcher)
    client = logged_in_client(dispatcher)

    waiting = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert job.state == JobState.QUEUED
    assert 'hx-trigger="every 1s"' in waiting and "<progress" in waiting

    run_worker_once()
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    done = client.get(reverse("jobs:progress", args=[job.pk]), headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == "/"  # the result, with the job's message
    page = client.get("/")
    assert "counted to 3" in [str(message) for message in page.context["messages"]]
    assert "hx-trigger" not in client.get(reverse("jobs:job", args=[job.pk])).content.decode()


def test_a_refusal_is_kept_in_the_starters_language(dispatcher):
    job = start(dispatcher, refuse=True, language="nl")

    assert job.state == JobState.FAILED and job.message == "Dit veld is verplicht."
    page = logged_in_client(dispatcher).get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "Dit veld is verplicht." in page and "hx-trigger" not in page


def test_a_bug_fails_the_job_with_a_plain_message_and_the_task(dispatcher, database_tasks, caplog):
    with translation.override("en"):
        job = job_start(task=worker_tasks.crashing_job, kind="test.crash", title="Crash", by=dispatcher)
    run_worker_once()
    job.refresh_from_db()

    assert job.state == JobState.FAILED and job.message.startswith("Something went wrong")
    assert "a bug" not in job.message
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"


def test_a_job_runs_once_even_when_its_task_runs_again(dispatcher):
    job = start(dispatcher, count=2)
    Job.objects.filter(pk=job.pk).update(message="kept")

    assert job_run(job.pk, lambda progress: pytest.fail("ran twice")) == {"job": job.pk, "state": "skipped"}
    job.refresh_from_db()
    assert job.message == "kept"


def test_a_job_whose_worker_died_fails_after_an_hour(dispatcher, database_tasks):
    job = start(dispatcher)
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, started_at=now - timedelta(minutes=59))
    assert jobs_stale_fail(now=now) == 0
    Job.objects.filter(pk=job.pk).update(started_at=now - timedelta(minutes=61))

    assert jobs_stale_fail(now=now) == 1
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.message == "The worker stopped during this job. Start it again."


def test_the_progress_partial_reads_the_job_once(dispatcher):
    job = start(dispatcher)
    client: Client = logged_in_client(dispatcher)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("jobs:progress", args=[job.pk]))
    assert sum('"jobs_job"' in query["sql"] for query in queries.captured_queries) == 1
