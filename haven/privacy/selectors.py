"""Reads for the privacy officer: break-glass openings, heavy readers, requests and restrictions."""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncHour
from django.utils import timezone

from haven.core.models import AccessAction, AccessLogEntry
from haven.people.models import Person
from haven.privacy.models import SubjectRequest


def glass_openings(*, reviewed: bool | None = None) -> QuerySet[AccessLogEntry]:
    """Break-glass reads, newest first, with their review (a fixed number of queries):
    the partial index core_access_glass holds exactly these entries, in this order."""
    entries = (
        AccessLogEntry.objects.filter(break_glass=True, action=AccessAction.VIEW)
        .select_related("user", "glass_review", "glass_review__reviewed_by")
        .order_by("-at", "-id")
    )
    if reviewed is not None:
        entries = entries.filter(glass_review__isnull=not reviewed)
    return entries


def heavy_readers(
    *, files_limit: int, listed_limit: int, days: int = 7, now: datetime | None = None
) -> list[Mapping[str, Any]]:
    """Users who, within one clock hour of the last ``days`` days, opened more than
    ``files_limit`` distinct files or were shown more than ``listed_limit`` distinct
    people in lists: user id, username, hour, files, listed. One grouped query over the
    last ``days`` days of the log only (a range of the index on ``at``): its cost follows
    a week's entries, not the size of the log."""
    since = (now or timezone.now()) - timedelta(days=days)
    rows = (
        AccessLogEntry.objects.filter(at__gte=since, action__in=[AccessAction.VIEW, AccessAction.LIST])
        .annotate(hour=TruncHour("at"))
        .values("user_id", "user__username", "hour")
        .annotate(
            files=Count("person_id", distinct=True, filter=Q(action=AccessAction.VIEW)),
            listed=Count("person_id", distinct=True, filter=Q(action=AccessAction.LIST)),
        )
        .filter(Q(files__gt=files_limit) | Q(listed__gt=listed_limit))
        .order_by("-hour", "-files")
    )
    return list(rows)


def subject_requests(*, kind: str | None = None) -> QuerySet[SubjectRequest]:
    """Every request, newest first, with who handled it (one query a page)."""
    rows = SubjectRequest.objects.select_related("made_by").order_by("-made_at", "-id")
    return rows.filter(kind=kind) if kind else rows


def person_subject_requests(person_id: int) -> QuerySet[SubjectRequest]:
    """One person's requests, newest first, with who handled them (one query)."""
    return SubjectRequest.objects.filter(person_id=person_id).select_related("made_by").order_by("-made_at", "-id")


def restricted_files() -> QuerySet[Person]:
    """The files restricted now, most recent first, each with the reason and the handler of
    its last restriction, read in the same query (two correlated subqueries)."""
    last = SubjectRequest.objects.filter(person=OuterRef("pk"), kind=SubjectRequest.Kind.RESTRICTION).order_by(
        "-made_at", "-id"
    )
    return (
        Person.objects.filter(restricted_at__isnull=False)
        .only("id", "restricted_at", "anonymised_at")
        .annotate(
            restriction_reason=Subquery(last.values("reason")[:1]),
            restriction_received_on=Subquery(last.values("received_on")[:1]),
            restricted_by=Subquery(last.values("made_by__username")[:1]),
        )
        .order_by("-restricted_at", "-id")
    )
