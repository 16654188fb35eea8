"""Dispatch in the database: load a period's open requests and the interpreters into the
pure engine's dataclasses, run CP-SAT (or the greedy baseline), and keep what it proposes as
a dispatch run with proposed assignments (each with its "why") and, for requests nobody can
take, the reason and whether video would work. The dispatcher reviews, edits and confirms.

A period lies within one calendar week (Monday to Sunday): the engine's weekly hour cap
counts what each interpreter already has booked that week.
"""

from dataclasses import asdict
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.interpreting import dispatch as engine
from haven.interpreting.models import (
    Absence,
    Assignment,
    AssignmentStatus,
    Availability,
    DispatchRun,
    Interpreter,
    InterpreterLanguage,
    InterpretingRequest,
    Modality,
    RequestStatus,
    TravelTime,
)
from haven.interpreting.workdays import BRUSSELS

SAME_ZONE_MINUTES = 10
UNKNOWN_PAIR_MINUTES = 45  # a pair of zones the admin has not given a time for
METHODS = {"cp-sat": engine.dispatch, "greedy": engine.dispatch_greedy}
DISPATCHABLE = (RequestStatus.OPEN, RequestStatus.UNFILLED, RequestStatus.PROPOSED)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(BRUSSELS)


def _day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(first, time(0), tzinfo=BRUSSELS),
        datetime.combine(last + timedelta(days=1), time(0), tzinfo=BRUSSELS),
    )


def period_validate(period_start: date, period_end: date) -> None:
    if period_end < period_start:
        raise ValidationError(_("The period ends before it starts."))
    if period_start.isocalendar()[:2] != period_end.isocalendar()[:2]:
        raise ValidationError(_("Dispatch one calendar week (Monday to Sunday) at a time."))


def travel_times() -> engine.TravelTimes:
    table = {
        (row.origin.code, row.destination.code): row.minutes
        for row in TravelTime.objects.select_related("origin", "destination")
    }
    return engine.TravelTimes(table, same_zone_minutes=SAME_ZONE_MINUTES, default_minutes=UNKNOWN_PAIR_MINUTES)


def open_requests(period_start: date, period_end: date, now: datetime | None = None):
    """The period's requests still to dispatch (not started yet)."""
    start, end = _day_bounds(period_start, period_end)
    now = now or timezone.now()
    return (
        InterpretingRequest.objects.filter(status__in=DISPATCHABLE, starts_at__gte=max(start, now), starts_at__lt=end)
        .select_related("language", "site__zone")
        .order_by("created_at", "id")
    )


def _request(row: InterpretingRequest) -> engine.Request:
    return engine.Request(
        id=row.pk,
        language=row.language_id,
        start=_local(row.starts_at),
        duration_minutes=row.duration_minutes,
        requested_at=_local(row.created_at),
        modality=row.modality,
        zone=row.site.zone.code if row.modality == Modality.ON_SITE else None,
        dialect=row.dialect.strip().casefold() or None,
        urgent=row.urgent,
        required_sex=row.required_sex or None,
        certified_required=row.certified_required,
        preferred_sex=row.preferred_sex or None,
        preferred_interpreter_ids=frozenset([row.preferred_interpreter_id] if row.preferred_interpreter_id else []),
    )


def _interpreters(period_start: date) -> list[engine.Interpreter]:
    """Active interpreters with their languages, windows, absences this week and bookings."""
    monday = period_start - timedelta(days=period_start.weekday())
    week_start, week_end = _day_bounds(monday, monday + timedelta(days=6))
    booked = Assignment.objects.filter(
        status=AssignmentStatus.CONFIRMED, starts_at__lt=week_end, ends_at__gt=week_start
    ).select_related("request__site__zone")
    rows = (
        Interpreter.objects.filter(active=True, interprets=True)
        .select_related("home_zone")
        .prefetch_related(
            Prefetch("languages", queryset=InterpreterLanguage.objects.all()),
            Prefetch("availability", queryset=Availability.objects.all()),
            Prefetch("absences", queryset=Absence.objects.filter(starts_at__lt=week_end, ends_at__gt=week_start)),
            Prefetch("assignments", queryset=booked, to_attr="week_bookings"),
        )
    )
    interpreters = []
    for row in rows:
        bookings = tuple(
            engine.Booking(
                _local(booking.starts_at),
                _local(booking.ends_at),
                booking.request.site.zone.code if booking.request.site_id else None,
            )
            for booking in row.week_bookings
        )
        interpreters.append(
            engine.Interpreter(
                id=row.pk,
                sex=row.sex,
                home_zone=row.home_zone.code,
                languages=frozenset(
                    engine.LanguageSkill(
                        language.language_id,
                        frozenset(dialect.strip().casefold() for dialect in language.dialects or ()),
                    )
                    for language in row.languages.all()
                ),
                availability=tuple(
                    engine.AvailabilityWindow(window.weekday, window.starts_at, window.ends_at)
                    for window in row.availability.all()
                ),
                max_minutes_per_week=row.max_hours_per_week * 60,
                modalities=frozenset(row.modalities),
                certified=row.certified,
                sworn=row.sworn,
                exceptions=tuple(
                    engine.Unavailability(_local(absence.starts_at), _local(absence.ends_at))
                    for absence in row.absences.all()
                ),
                booked_minutes=sum(int((b.end - b.start).total_seconds() // 60) for b in bookings),
                bookings=bookings,
            )
        )
    return interpreters


def _why(why: engine.Why) -> dict:
    facts = asdict(why)
    code = facts.pop("reason")
    facts["preferences_met"] = list(facts["preferences_met"])
    return {"code": code, "facts": facts}


def dispatch_run(
    *,
    period_start: date,
    period_end: date,
    by,
    method: str = "cp-sat",
    time_limit_seconds: float = 45.0,
    now: datetime | None = None,
) -> DispatchRun:
    """Run dispatch over the period's open requests and keep its proposal. A new run
    replaces the proposals of an earlier one that were not confirmed.

    The engine runs outside any transaction (it may take the whole time limit, and the
    database must stay free for bookings meanwhile); the proposal is then saved in one
    short transaction that locks the requests and leaves out any that changed meanwhile
    (booked by hand, cancelled)."""
    period_validate(period_start, period_end)
    if method not in METHODS:
        raise ValueError(f"Unknown dispatch method {method!r}")
    rows = list(open_requests(period_start, period_end, now))
    requests = [_request(row) for row in rows]
    interpreters = _interpreters(period_start)
    result = METHODS[method](requests, interpreters, travel_times(), time_limit_seconds=time_limit_seconds)
    with transaction.atomic():
        still = {
            request.pk: request
            for request in InterpretingRequest.objects.select_for_update().filter(
                pk__in=[row.pk for row in rows], status__in=DISPATCHABLE
            )
        }
        Assignment.objects.filter(request_id__in=still, status=AssignmentStatus.PROPOSED).update(
            status=AssignmentStatus.CANCELLED
        )
        proposals = [proposal for proposal in result.assignments if proposal.request_id in still]
        unfilled = [item for item in result.unfilled if item.request_id in still]
        run = DispatchRun.objects.create(
            period_start=period_start,
            period_end=period_end,
            method=result.method,
            created_by=by,
            statistics={
                "requests": len(rows),
                "filled": len(proposals),
                "unfilled": len(unfilled),
                "changed_meanwhile": len(rows) - len(still),
                "travel_minutes": result.travel_minutes,
                "hours_std_dev": round(result.hours_std_dev, 2),
                "solver_seconds": round(result.solver_seconds, 2),
                "optimal": result.optimal,
                "interpreters": len(interpreters),
            },
        )
        Assignment.objects.bulk_create(
            [
                Assignment(
                    request_id=proposal.request_id,
                    interpreter_id=proposal.interpreter_id,
                    starts_at=still[proposal.request_id].starts_at,
                    ends_at=still[proposal.request_id].ends_at,
                    why=_why(proposal.why),
                    run=run,
                )
                for proposal in proposals
            ]
        )
        InterpretingRequest.objects.filter(pk__in=[p.request_id for p in proposals]).update(
            status=RequestStatus.PROPOSED, unmet_reason="", video_suggested=False, video_interpreter_ids=[]
        )
        by_reason: dict[str, list[int]] = {}
        for item in unfilled:
            if item.reason == "suggest_video":  # who could do it by video: one update each
                InterpretingRequest.objects.filter(pk=item.request_id).update(
                    status=RequestStatus.UNFILLED,
                    unmet_reason=item.reason,
                    video_suggested=True,
                    video_interpreter_ids=list(item.video_interpreter_ids),
                )
            else:
                by_reason.setdefault(item.reason, []).append(item.request_id)
        for reason, ids in by_reason.items():  # one update per reason
            InterpretingRequest.objects.filter(pk__in=ids).update(
                status=RequestStatus.UNFILLED, unmet_reason=reason, video_suggested=False, video_interpreter_ids=[]
            )
    return run
