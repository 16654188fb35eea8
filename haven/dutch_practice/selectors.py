"""Reads of the Dutch-practice pages and API, each with the number of queries it costs."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, IntegerField, Max, Q, QuerySet, Sum

from haven.dutch_practice.models import (
    ConversationSeries,
    ConversationSession,
    Opportunity,
    PracticeDay,
    PracticeLevel,
    Subscriber,
    Volunteer,
    Workshop,
)


def series_list(*, active_on: date | None = None) -> QuerySet[ConversationSeries]:
    """The weekly series by weekday and hour, with their sessions (``session_count``) and the
    last one held (``last_held_on``); only those running on ``active_on`` if given. One query."""
    rows = ConversationSeries.objects.all()
    if active_on is not None:
        rows = rows.filter(active_from__lte=active_on).exclude(active_until__lt=active_on)
    return rows.annotate(session_count=Count("sessions"), last_held_on=Max("sessions__held_on")).order_by(
        "weekday", "starts_at", "id"
    )


def sessions(
    *, series_id: int | None = None, year: int | None = None, level: str = ""
) -> QuerySet[ConversationSession]:
    """Sessions, latest first, with their series and the volunteers present
    (``volunteer_count``); no person named. One query when evaluated."""
    rows = ConversationSession.objects.select_related("series")
    if series_id:
        rows = rows.filter(series_id=series_id)
    if year:
        rows = rows.filter(held_on__year=year)
    if level:
        rows = rows.filter(series__level=level)
    return rows.annotate(volunteer_count=Count("volunteers", distinct=True)).order_by("-held_on", "-id")


def volunteers(*, query: str = "", active_on: date | None = None) -> QuerySet[Volunteer]:
    """Volunteers by name with their person and the sessions they were at
    (``session_count``); only those active with their consent on ``active_on`` if given. One query."""
    rows = Volunteer.objects.select_related("person")
    if active_on is not None:
        rows = (
            rows.filter(active_from__lte=active_on, consent_given_on__lte=active_on)
            .exclude(active_until__lt=active_on)
            .exclude(consent_withdrawn_on__lte=active_on)
        )
    for word in query.split():
        rows = rows.filter(Q(person__family_name__icontains=word) | Q(person__given_names__icontains=word))
    return rows.annotate(session_count=Count("sessions")).order_by("person__family_name", "person__given_names", "id")


def public_opportunities(
    *,
    today: date,
    district_id: int | None = None,
    weekday: int | None = None,
    level: str = "",
    free_only: bool = False,
    max_price: Decimal | None = None,
) -> QuerySet[Opportunity]:
    """The published opportunities still valid on ``today``, by title, with their district,
    filtered by district, weekday, level (an opportunity for all levels matches any) and
    price (free only, or at most ``max_price``). One query when evaluated (two for a page:
    the count and the rows)."""
    rows = (
        Opportunity.objects.filter(published=True)
        .exclude(valid_until__lt=today)
        .select_related("district")
        .order_by("title", "id")
    )
    if district_id:
        rows = rows.filter(district_id=district_id)
    if weekday is not None:
        rows = rows.filter(weekdays__contains=str(weekday))
    if level:
        rows = rows.filter(level__in=[level, PracticeLevel.ALL])
    if free_only:
        rows = rows.filter(price=0)
    elif max_price is not None:
        rows = rows.filter(price__lte=max_price)
    return rows


def opportunities(*, query: str = "", published: bool | None = None) -> QuerySet[Opportunity]:
    """Every opportunity of the directory (published or not), by title. One query."""
    rows = Opportunity.objects.select_related("district")
    if published is not None:
        rows = rows.filter(published=published)
    for word in query.split():
        rows = rows.filter(Q(title__icontains=word) | Q(organiser__icontains=word))
    return rows.order_by("title", "id")


SUBSCRIBED, PENDING, ENDED = "subscribed", "pending", "ended"


def subscribers(*, query: str = "", state: str = "", today: date) -> QuerySet[Subscriber]:
    """Subscribers, newest first, by state on ``today`` (subscribed: confirmed and not
    unsubscribed; pending: not confirmed yet; ended: unsubscribed) and by address or name.
    One query when evaluated."""
    rows = Subscriber.objects.all()
    if state == SUBSCRIBED:
        rows = rows.filter(confirmed_on__lte=today).exclude(unsubscribed_on__lte=today)
    elif state == PENDING:
        rows = rows.filter(confirmed_on__isnull=True, unsubscribed_on__isnull=True)
    elif state == ENDED:
        rows = rows.filter(unsubscribed_on__lte=today)
    for word in query.split():
        rows = rows.filter(Q(email__icontains=word) | Q(name__icontains=word))
    return rows.order_by("-subscribed_on", "-id")


def subscriber_counts(today: date) -> dict[str, int]:
    """How many are subscribed, pending and ended on ``today``. One query."""
    return Subscriber.objects.aggregate(
        subscribed=Count("pk", filter=Q(confirmed_on__lte=today) & ~Q(unsubscribed_on__lte=today)),
        pending=Count("pk", filter=Q(confirmed_on__isnull=True, unsubscribed_on__isnull=True)),
        ended=Count("pk", filter=Q(unsubscribed_on__lte=today)),
    )


def practice_days(*, year: int | None = None) -> QuerySet[PracticeDay]:
    """Trefdagen, latest first, with their workshops (``workshop_count``). One query."""
    rows = PracticeDay.objects.all()
    if year:
        rows = rows.filter(held_on__year=year)
    return rows.annotate(
        workshop_count=Count("workshops"),
        workshop_participants=Sum("workshops__participants", output_field=IntegerField()),
    ).order_by("-held_on", "-id")


def workshops(practice_day_id: int) -> QuerySet[Workshop]:
    """A Trefdag's workshops by title. One query."""
    return Workshop.objects.filter(practice_day_id=practice_day_id).order_by("title", "id")
