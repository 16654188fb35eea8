"""Civic orientation's daily job, run by the worker's scheduler (``haven.jobs.schedule``):
close the seat offers past their date and offer those seats to the next in line, as
``haven expire_offers`` does."""

from datetime import date
from typing import Any

from django_tasks import task

from haven.orientation.services import seat_offers_expire


@task()
def expire_offers(day: str) -> dict[str, Any]:
    return {"day": day, "expired": seat_offers_expire(today=date.fromisoformat(day))}
