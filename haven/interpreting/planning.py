"""Dispatch in the database: load a period's open requests and the interpreters into the
pure engine's dataclasses, run CP-SAT (or the greedy baseline), and keep what it proposes as
a dispatch run with proposed assignments (each with its "why") and, for requests nobody can
take, the reason and whether video would work. The dispatcher reviews, edits and confirms.

A period lies within one calendar week (Monday to Sunday): the engine's weekly hour cap
counts what each interpreter already has booked that week.
"""

from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
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
    Site,
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


def week_bounds(day: date) -> tuple[datetime, datetime]:
    """Monday 00:00 and the next Monday 00:00 (Brussels) of the calendar week of `day`."""
    monday = day - timedelta(days=day.weekday())
    return _day_bounds(monday, monday + timedelta(days=6))


def _zone_code(site: Site | None) -> str | None:
    return site.zone.code if site is not None else None


def period_validate(period_start: date, period_end: date) -> None:
    if period_end < period_start:
        raise ValidationError(_("The period ends before it starts."))
    if period_start.isocalendar()[:2] != period_end.isocalendar()[:2]:
        raise ValidationError(_("Dispatch one calendar week (Monday to Sunday) at a time."))


def travel_times() -> engine.TravelTimes:
    """The zones' travel table for the engine (one query)."""
    table = {
        (row.origin.code, row.destination.code): row.minutes
        for row in TravelTime.objects.select_related("origin", "destination")
    }
    return engine.TravelTimes(table, same_zone_minutes=SAME_ZONE_MINUTES, default_minutes=UNKNOWN_PAIR_MINUTES)


def open_requests(period_start: date, period_end: date, now: datetime | None = None) -> QuerySet[InterpretingRequest]:
    """The period's requests still to dispatch (not started yet)."""
    start, end = _day_bounds(period_start, period_end)
    now = now or timezone.now()
    return (
        InterpretingRequest.objects.filter(status__in=DISPATCHABLE, starts_at__gte=max(start, now), starts_at__lt=end)
        .select_related("language", "site__zone")
        .order_by("created_at", "id")
    )


def engine_request(row: InterpretingRequest) -> engine.Request:
    """A request as the engine sees it (its site's zone loaded)."""
    return engine.Request(
        id=row.pk,
        language=row.language_id,
        start=_local(row.starts_at),
        duration_minutes=row.duration_minutes,
        requested_at=_local(row.created_at),
        modality=row.modality,
        zone=_zone_code(row.site) if row.modality == Modality.ON_SITE else None,
        dialect=row.dialect.strip().casefold() or None,
        urgent=row.urgent,
        required_sex=row.required_sex or None,
        certified_required=row.certified_required,
        preferred_sex=row.preferred_sex or None,
        preferred_interpreter_ids=frozenset([row.preferred_interpreter_id] if row.preferred_interpreter_id else []),
    )


def _interpreters(period_start: date) -> list[engine.Interpreter]:
    """Active interpreters with their languages, windows, absences this week and bookings
    (five queries: the interpreters and four prefetches)."""
    week_start, week_end = week_bounds(period_start)
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
    return [engine_interpreter(row, row.week_bookings) for row in rows]


def engine_interpreter(row: Interpreter, week_bookings: list[Assignment]) -> engine.Interpreter:
    """One prefetched interpreter as the engine sees them, with the week's confirmed jobs
    (`week_bookings`): their minutes are what is booked already."""
    bookings = tuple(
        engine.Booking(
            _local(booking.starts_at), _local(booking.ends_at), _zone_code(booking.request.site), ref=booking.pk
        )
        for booking in week_bookings
    )
    return engine.Interpreter(
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
            engine.Unavailability(_local(absence.starts_at), _local(absence.ends_at)) for absence in row.absences.all()
        ),
        booked_minutes=sum(int((b.end - b.start).total_seconds() // 60) for b in bookings),
        bookings=bookings,
    )


def dispatch_run(
    *,
    period_start: date,
    period_end: date,
    by: User,
    method: str = "cp-sat",
    time_limit_seconds: float = 45.0,
    now: datetime | None = None,
) -> DispatchRun:
    """Run dispatch over the period's open requests and keep its proposal: a `DispatchRun`
    with its statistics, a proposed assignment (with its why) per request filled, and the
    reason on each request left unfilled. A new run replaces the proposals of an earlier one
    that were not confirmed.

    The engine runs outside any transaction (it may take the whole time limit, and the
    database must stay free for bookings meanwhile); the proposal is then saved in one
    short transaction that locks the requests and leaves out any that changed meanwhile
    (booked by hand, cancelled).

    Queries, whatever the number of requests and interpreters: at most seven to load (the
    requests, the interpreters and their four prefetches, the travel times), then in the
    transaction at most five to save, plus one per unfilled request that could be done by
    video (each has its own interpreters) and one per other reason left unfilled."""
    period_validate(period_start, period_end)
    if method not in METHODS:
        raise ValueError(f"Unknown dispatch method {method!r}")
    rows = list(open_requests(period_start, period_end, now))
    requests = [engine_request(row) for row in rows]
    interpreters = _interpreters(period_start)
    result = METHODS[method](requests, interpreters, travel_times(), time_limit_seconds=time_limit_seconds)
    with transaction.atomic():
        still = _lock_still_open(rows)
        _cancel_earlier_proposals(still)
        proposals = [proposal for proposal in result.assignments if proposal.request_id in still]
        unfilled = [item for item in result.unfilled if item.request_id in still]
        statistics = {
            "requests": len(rows),
            "filled": len(proposals),
            "unfilled": len(unfilled),
            "changed_meanwhile": len(rows) - len(still),
            "travel_minutes": result.travel_minutes,
            "hours_std_dev": round(result.hours_std_dev, 2),
            "solver_seconds": round(result.solver_seconds, 2),
            "optimal": result.optimal,
            "interpreters": len(interpreters),
        }
        run = DispatchRun.objects.create(
            period_start=period_start,
            period_end=period_end,
            method=result.method,
            created_by=by,
            statistics=statistics,
        )
        _propose(run, proposals, still)
        _keep_unfilled(unfilled)
    return run


def _lock_still_open(rows: list[InterpretingRequest]) -> dict[int, InterpretingRequest]:
    """The dispatched requests still open to dispatch, by id, locked (one query)."""
    return {
        request.pk: request
        for request in InterpretingRequest.objects.select_for_update().filter(
            pk__in=[row.pk for row in rows], status__in=DISPATCHABLE
        )
    }


def _cancel_earlier_proposals(still: dict[int, InterpretingRequest]) -> None:
    """An earlier run's proposals for these requests, not confirmed, give way (one query)."""
    Assignment.objects.filter(request_id__in=still, status=AssignmentStatus.PROPOSED).update(
        status=AssignmentStatus.CANCELLED
    )


def _propose(run: DispatchRun, proposals: list[engine.Assignment], still: dict[int, InterpretingRequest]) -> None:
    """Keep the engine's assignments as proposals of the run and mark their requests proposed
    (two queries, none without proposals)."""
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


def _why(why: engine.Why) -> dict[str, Any]:
    facts = asdict(why)
    code = facts.pop("reason")
    facts["preferences_met"] = list(facts["preferences_met"])
    return {"code": code, "facts": facts}


def _keep_unfilled(unfilled: list[engine.Unfilled]) -> None:
    """Mark the requests nobody could take unfilled, with the reason: one update per request
    that could be done by video (who could do it differs), one per other reason."""
    by_reason: dict[str, list[int]] = {}
    for item in unfilled:
        if item.reason == "suggest_video":
            InterpretingRequest.objects.filter(pk=item.request_id).update(
                status=RequestStatus.UNFILLED,
                unmet_reason=item.reason,
                video_suggested=True,
                video_interpreter_ids=list(item.video_interpreter_ids),
            )
        else:
            by_reason.setdefault(item.reason, []).append(item.request_id)
    for reason, ids in by_reason.items():
        InterpretingRequest.objects.filter(pk__in=ids).update(
            status=RequestStatus.UNFILLED, unmet_reason=reason, video_suggested=False, video_interpreter_ids=[]
        )
