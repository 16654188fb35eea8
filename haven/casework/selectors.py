"""Reads of casework for pages and the API."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from haven.casework.models import Document, Note, Task
from haven.people import policy
from haven.people.models import Person


def notes_search(notes: QuerySet[Note], words: str) -> QuerySet[Note]:
    """The notes (already narrowed to what the reader may read) whose subject or text
    holds every word typed (case aside). One query when evaluated, authors included."""
    for word in words.split():
        notes = notes.filter(Q(subject__icontains=word) | Q(text__icontains=word))
    return notes.select_related("author")


EXPIRY_HORIZON_DAYS = 60


def documents_expiring(user: Any, *, today: date, days: int = EXPIRY_HORIZON_DAYS) -> QuerySet[Document]:
    """The documents with a validity date from today to ``days`` ahead (and those expired
    in the last ``days``, still to renew) of the people the user follows (the policy's
    relationships: a counsellor's caseload, a coordinator's team), soonest first. One
    query when evaluated, the person included."""
    rows = Document.objects.filter(
        valid_until__gte=today - timedelta(days=days), valid_until__lte=today + timedelta(days=days)
    )
    related = policy.related_people_q(user)
    if related is not None:
        rows = rows.filter(person__in=Person.objects.filter(related).values("pk"))
    return rows.select_related("person").order_by("valid_until", "id")


DAY_AHEAD_DAYS = 7


def tasks_open(user: Any, *, today: date, ahead: int = DAY_AHEAD_DAYS) -> QuerySet[Task]:
    """The user's open tasks due by ``ahead`` days from today (overdue ones first by their
    date). One query when evaluated, the person included."""
    return (
        Task.objects.filter(assignee=user, done_at__isnull=True, due_on__lte=today + timedelta(days=ahead))
        .select_related("person")
        .order_by("due_on", "id")
    )


def person_tasks(person_id: int) -> QuerySet[Task]:
    """A person's open tasks, with their assignees. One query when evaluated."""
    return Task.objects.filter(person_id=person_id, done_at__isnull=True).select_related("assignee")
