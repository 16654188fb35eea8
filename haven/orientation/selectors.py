"""Reads of the civic-orientation pages and API: each returns its rows in a fixed number
of queries, however many courses, participants or waiting people there are."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from haven.orientation.models import (
    ACTIVE_ENROLMENT_STATES,
    Attendance,
    Course,
    CourseState,
    Enrolment,
    OfferState,
    Presence,
    SeatOffer,
    Session,
    WaitingEntry,
    WaitingState,
)

WAITING_STATES = (WaitingState.WAITING, WaitingState.OFFERED)
INFLOW_MONTHS = 12


def _with_seats(courses: QuerySet) -> QuerySet:
    return courses.annotate(
        participants=Count("enrolments", filter=Q(enrolments__state__in=ACTIVE_ENROLMENT_STATES), distinct=True),
        open_offers=Count("offers", filter=Q(offers__state=OfferState.OPEN), distinct=True),
    ).annotate(places_left=F("capacity") - F("participants") - F("open_offers"))


def courses(*, language: str = "", slot: str = "", year: int | None = None) -> QuerySet:
    """Courses, latest first, with their participants and places left."""
    rows = Course.objects.select_related("language", "teacher")
    if language:
        rows = rows.filter(language_id=language)
    if slot:
        rows = rows.filter(slot=slot)
    if year:
        rows = rows.filter(starts_on__year=year)
    return _with_seats(rows).order_by("-starts_on", "id")


def course_with_seats(course_id: int) -> Course:
    """One course with its participants and places left (``course_for_user`` found it)."""
    return _with_seats(Course.objects.select_related("language", "teacher").filter(pk=course_id)).get()


def with_attendance_rate(enrolments: QuerySet) -> QuerySet:
    return enrolments.annotate(
        sessions_recorded=Count("attendance"),
        sessions_present=Count("attendance", filter=Q(attendance__presence=Presence.PRESENT)),
    )


def attendance_rate(enrolment: Enrolment) -> int | None:
    """Present at this percentage of the recorded sessions (None before any is recorded)."""
    recorded = getattr(enrolment, "sessions_recorded", 0)
    if not recorded:
        return None
    return round(100 * getattr(enrolment, "sessions_present", 0) / recorded)


def participants(course: Course) -> QuerySet:
    """A course's enrolments (withdrawn ones too, last) with their attendance rate."""
    return with_attendance_rate(Enrolment.objects.filter(course=course).select_related("person"))


def open_offers(course: Course) -> QuerySet:
    return SeatOffer.objects.filter(course=course, state=OfferState.OPEN).select_related("waiting__person")


def sessions(course: Course) -> QuerySet:
    """A course's sessions, cancelled ones too, with how many attendances are recorded."""
    return (
        Session.objects.filter(course=course)
        .select_related("course")
        .annotate(recorded=Count("attendance"))
        .order_by("starts_at", "id")
    )


def attendance_sheet(session: Session) -> tuple[list[Enrolment], dict[int, str]]:
    """The participants of the session's course and what is recorded for them: two queries."""
    enrolments = list(
        Enrolment.objects.filter(course_id=session.course_id, state__in=ACTIVE_ENROLMENT_STATES)
        .select_related("person")
        .order_by("person__family_name", "person__given_names", "id")
    )
    recorded = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "presence"))
    return enrolments, recorded


def waiting_matches(course: Course, *, exclude_offered: bool = False) -> list[WaitingEntry]:
    """Waiting people who accept the course's language and slot, longest waiting first
    (without those offered a seat of this course before, when asked)."""
    enrolled = Enrolment.objects.filter(course=course).values("person_id")
    entries = (
        WaitingEntry.objects.filter(state=WaitingState.WAITING, languages=course.language)
        .exclude(person_id__in=enrolled)
        .select_related("person")
        .order_by("waiting_since", "id")
    )
    if exclude_offered:
        entries = entries.exclude(pk__in=course.offers.values("waiting_id"))
    return [entry for entry in entries if course.slot in entry.slots]  # JSON containment differs per database


def waiting_list(*, language: str = "") -> QuerySet:
    entries = (
        WaitingEntry.objects.filter(state__in=WAITING_STATES)
        .select_related("person")
        .prefetch_related("languages")
        .order_by("waiting_since", "id")
    )
    if language:
        entries = entries.filter(languages=language)
    return entries


@dataclass
class Demand:
    """The demand for one language: who waits, since when, how many came in per month,
    and the places of the planned courses that have not started."""

    language: str
    waiting: int = 0
    oldest_since: date | None = None
    oldest_days: int | None = None
    inflow: list[int] = field(default_factory=list)
    places: int = 0
    places_left: int = 0


def _months_back(today: date, count: int) -> list[date]:
    months, year, month = [], today.year, today.month
    for _index in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def demand(*, today: date, language: str = "") -> tuple[list[date], list[Demand]]:
    """Per language (an entry acceptable in two languages counts for each): five queries."""
    months = _months_back(today, INFLOW_MONTHS)
    waiting = WaitingEntry.objects.filter(state__in=WAITING_STATES)
    inflow = WaitingEntry.objects.filter(waiting_since__gte=months[0], waiting_since__lte=today)
    planned = Course.objects.filter(state=CourseState.PLANNED, starts_on__gt=today)
    if language:
        waiting, inflow = waiting.filter(languages=language), inflow.filter(languages=language)
        planned = planned.filter(language_id=language)
    rows: dict[str, Demand] = {}

    def row(code: str) -> Demand:
        return rows.setdefault(code, Demand(language=code, inflow=[0] * INFLOW_MONTHS))

    for waited in waiting.values("languages").annotate(count=Count("id"), oldest=Min("waiting_since")).order_by():
        if language and waited["languages"] != language:
            continue
        entry = row(waited["languages"])
        entry.waiting, entry.oldest_since = waited["count"], waited["oldest"]
        entry.oldest_days = (today - waited["oldest"]).days
    index = {month: position for position, month in enumerate(months)}
    for came in (
        inflow.annotate(month=TruncMonth("waiting_since"))
        .values("languages", "month")
        .annotate(count=Count("id"))
        .order_by()
    ):
        if language and came["languages"] != language:
            continue
        month = came["month"].date() if hasattr(came["month"], "date") else came["month"]
        if month in index:
            row(came["languages"]).inflow[index[month]] += came["count"]
    for places in planned.values("language_id").annotate(places=Sum("capacity")).order_by():
        entry = row(places["language_id"])
        entry.places = entry.places_left = places["places"]
    taken = (
        Enrolment.objects.filter(course__in=planned, state__in=ACTIVE_ENROLMENT_STATES)
        .values("course__language_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    held = (
        SeatOffer.objects.filter(course__in=planned, state=OfferState.OPEN)
        .values("course__language_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    for seats in [*taken, *held]:
        row(seats["course__language_id"]).places_left -= seats["count"]
    return months, sorted(rows.values(), key=lambda entry: (-entry.waiting, entry.language))


@dataclass
class PersonOrientation:
    waiting: list[WaitingEntry]
    enrolments: list[Enrolment]
