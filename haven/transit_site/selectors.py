"""Reads of the transit-site pages and API, each in a fixed number of queries whatever the
number of stays, children or days."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from haven.transit_site.models import ArrivalNotice, Attendance, Child, LessonDays, NoticeState, Site, Stay
from haven.transit_site.services import occupancy

STAY_STATES = ("on_site", "expected", "left")


def stays(*, site: Site, year: int | None = None, state: str = "", nationality: str = "", today: date) -> QuerySet:
    """Stays of the site, latest arrival first, with their head of family and number of
    children (one query per page; the paginator counts in one more)."""
    rows = Stay.objects.filter(site=site).select_related("head").annotate(children_count=Count("children"))
    if year:
        rows = rows.filter(arrival__lte=date(year, 12, 31)).filter(
            Q(departure__gt=date(year, 1, 1)) | Q(departure__isnull=True, planned_departure__gt=date(year, 1, 1))
        )
    if state == "on_site":
        rows = rows.filter(arrival__lte=today).filter(
            Q(departure__gt=today) | Q(departure__isnull=True, planned_departure__gt=today)
        )
    elif state == "expected":
        rows = rows.filter(arrival__gt=today)
    elif state == "left":
        rows = rows.filter(Q(departure__lte=today) | Q(departure__isnull=True, planned_departure__lte=today))
    if nationality:
        rows = rows.filter(nationality=nationality)
    return rows.order_by("-arrival", "-id")


def stay_children(stay: Stay) -> list[Child]:
    """The stay's children with the lesson days each attended (one query)."""
    return list(stay.children.annotate(days_present=Count("attendance")).order_by("birth_date", "id"))


@dataclass(frozen=True)
class CalendarDay:
    day: date
    caravans: int
    free: int
    lesson_day: bool


def month_calendar(site: Site, year: int, month: int) -> list[list[CalendarDay | None]]:
    """The month as weeks (Monday first; None outside the month), each day with the
    caravans on the site and the places free: two queries (the stays, the settings)."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    taken = occupancy(site, first, last)
    settings = list(LessonDays.objects.filter(site=site, valid_from__lte=last).order_by("valid_from"))
    weeks: list[list[CalendarDay | None]] = []
    for week in calendar.Calendar().monthdatescalendar(year, month):
        row: list[CalendarDay | None] = []
        for day in week:
            if day.month != month:
                row.append(None)
                continue
            in_force = [setting for setting in settings if setting.valid_from <= day]
            row.append(
                CalendarDay(
                    day=day,
                    caravans=taken[day],
                    free=site.places - taken[day],
                    lesson_day=bool(in_force) and in_force[-1].is_lesson_day(day),
                )
            )
        weeks.append(row)
    return weeks


def children_on_site(site: Site, day: date) -> list[Child]:
    """The children of the stays on the site that day, with the head of family and whether
    each is marked present (two queries)."""
    children = list(
        Child.objects.filter(stay__site=site, stay__arrival__lte=day)
        .filter(Q(stay__departure__gt=day) | Q(stay__departure__isnull=True, stay__planned_departure__gt=day))
        .select_related("stay__head")
        .order_by("stay__head__family_name", "stay_id", "birth_date", "id")
    )
    present = set(
        Attendance.objects.filter(day=day, child__in=[child.pk for child in children]).values_list(
            "child_id", flat=True
        )
    )
    for child in children:
        child.present = child.pk in present  # type: ignore[attr-defined]
    return children


def notices(site: Site, *, state: str = NoticeState.WAITING) -> QuerySet:
    """The arrivals list: families announced while the site was full, oldest first."""
    rows = ArrivalNotice.objects.filter(site=site)
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("announced_on", "id")


def lesson_days_settings(site: Site) -> QuerySet:
    return LessonDays.objects.filter(site=site).order_by("-valid_from")


def next_lesson_day(site: Site, day: date) -> date:
    """The day itself if lessons are held then, else the last lesson day before it (within
    a week; the day when no setting is in force). Two queries at most."""
    settings = list(LessonDays.objects.filter(site=site, valid_from__lte=day).order_by("valid_from"))
    for back in range(7):
        candidate = day - timedelta(days=back)
        in_force = [setting for setting in settings if setting.valid_from <= candidate]
        if in_force and in_force[-1].is_lesson_day(candidate):
            return candidate
    return day
