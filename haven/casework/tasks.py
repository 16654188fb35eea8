"""Casework's background work: the daily job that makes the rules' tasks."""

from datetime import date
from typing import Any

from django_tasks import task

from haven.casework.reminders import reminders_send
from haven.casework.services import tasks_from_rules


@task()
def tasks_from_rules_job(day: str) -> dict[str, Any]:
    return {"day": day, "made": tasks_from_rules(today=date.fromisoformat(day))}


@task()
def reminders_job(day: str) -> dict[str, Any]:
    return {"day": day, **reminders_send(today=date.fromisoformat(day))}
