"""The daily jobs: each is enqueued once a day from its hour on, however often (and by however
many workers) the scheduler ticks; the daily jobs themselves do their work."""

from datetime import datetime

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from haven.interpreting.workdays import BRUSSELS
from haven.jobs import schedule
from haven.jobs.models import DailyRun
from haven.jobs.schedule import daily_jobs, schedule_due
from haven.jobs.tasks import access_log_partitions, audit_verify
from haven.orientation.tasks import expire_offers

NAMES = {"access_log_partitions", "audit_verify", "expire_offers", "task_results_prune"}


def at(day: int, hour: int) -> datetime:
    return datetime(2024, 3, day, hour, 30, tzinfo=BRUSSELS)


def test_the_apps_register_their_daily_jobs():
    assert {job.name for job in daily_jobs()} >= NAMES


def test_a_daily_job_is_enqueued_once_a_day_even_when_asked_twice(db, database_tasks):
    assert schedule_due(now=at(4, 0)) == []  # before 01:00
    first = schedule_due(now=at(4, 1))

    assert set(first) >= NAMES
    assert schedule_due(now=at(4, 1)) == []
    # Later in the day, the jobs due later (the appointment reminders at 09:00), once.
    later = schedule_due(now=at(4, 23))
    assert set(later) == {job.name for job in daily_jobs() if job.at.hour > 1}
    assert schedule_due(now=at(4, 23)) == []
    assert DailyRun.objects.filter(day="2024-03-04").count() == len(first) + len(later)
    enqueued = DBTaskResult.objects.filter(task_path="haven.orientation.tasks.expire_offers")
    assert [row.args_kwargs["args"] for row in enqueued] == [["2024-03-04"]]
    assert set(schedule_due(now=at(5, 2))) == set(first)  # the next day, again once by 02:00


def test_a_worker_that_loses_the_race_enqueues_nothing(db, database_tasks, monkeypatch):
    schedule_due(now=at(4, 1))
    tasks_before = DBTaskResult.objects.count()
    # Another worker wrote the day's rows between this one's check and its insert.
    monkeypatch.setattr(schedule.DailyRun.objects, "filter", lambda **kwargs: DailyRun.objects.none())

    assert schedule_due(now=at(4, 2)) == []
    assert DBTaskResult.objects.count() == tasks_before


def test_the_schedule_command_enqueues_what_is_due(db, database_tasks, capsys):
    call_command("schedule", "--list")
    assert "expire_offers" in capsys.readouterr().out
    call_command("schedule")
    call_command("schedule")
    names = DailyRun.objects.values_list("name", flat=True)
    assert len(names) == len(set(names))


def test_the_daily_jobs_do_their_work(db):
    assert expire_offers.call("2024-03-04") == {"day": "2024-03-04", "expired": 0}
    verdict = audit_verify.call("2024-03-04")
    assert verdict["day"] == "2024-03-04"
    assert {chain["broken_at"] for chain in verdict["chains"].values()} == {None}
    # the partitions exist from the migration already (PostgreSQL); SQLite has none to make
    assert access_log_partitions.call("2024-03-04") == {"day": "2024-03-04", "created": []}


@pytest.mark.parametrize("hour", [0, 12])
def test_scheduling_in_process_runs_the_jobs_at_once(db, hour):
    enqueued = schedule_due(now=at(6, hour))
    assert (set(enqueued) >= NAMES) == (hour >= 1)
