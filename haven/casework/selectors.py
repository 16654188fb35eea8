"""Reads of casework for pages and the API."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from haven.casework.models import Appointment, AppointmentState, Document, Note, Task
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


@dataclass(frozen=True)
class MonthFigures:
    """A staff member's appointments of a month: held (the person came) and missed."""

    came: int
    no_show: int

    @property
    def no_show_rate(self) -> float | None:
        """Missed of those that were due to happen (cancelled ones left out); None without any."""
        due = self.came + self.no_show
        return self.no_show / due if due else None

    @property
    def no_show_percent(self) -> int | None:
        rate = self.no_show_rate
        return None if rate is None else round(100 * rate)


def appointment_figures(staff_ids: Iterable[int], months: list[date]) -> dict[int, list[MonthFigures]]:
    """Per staff member, per month (``months``: first days, in order): contacts held and
    no-shows, for the team page. One query."""
    if not months:
        return {}
    start = timezone.make_aware(datetime.combine(months[0], datetime.min.time()))
    last = months[-1]
    end_day = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    end = timezone.make_aware(datetime.combine(end_day, datetime.min.time()))
    rows = (
        Appointment.objects.filter(staff_id__in=list(staff_ids), starts_at__gte=start, starts_at__lt=end)
        .annotate(month=TruncMonth("starts_at"))
        .values("staff_id", "month")
        .annotate(
            came=Count("id", filter=Q(state=AppointmentState.CAME)),
            no_show=Count("id", filter=Q(state=AppointmentState.NO_SHOW)),
        )
    )
    found = {(row["staff_id"], _as_day(row["month"])): MonthFigures(row["came"], row["no_show"]) for row in rows}
    return {staff_id: [found.get((staff_id, month), MonthFigures(0, 0)) for month in months] for staff_id in staff_ids}


def _as_day(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else value


def last_months(today: date, count: int = 6) -> list[date]:
    """The first days of the last ``count`` months, the current one last."""
    months, year, month = [], today.year, today.month
    for _index in range(count):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]
