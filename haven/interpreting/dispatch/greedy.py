"""The greedy baseline for dispatch, and how both engines explain a plan.

Greedy is what a dispatcher does by hand: take the requests first come, first served (by
`requested_at`, then id) and give each the feasible interpreter with the fewest hours that week
so far, then the one whose route grows least, then the lowest id. It is fast and easy to explain;
the CP-SAT engine starts from its answer and is measured against it.

`summarise` turns a plan (request → interpreter) into a `Dispatch` with a reason per assignment
and per unfilled request; both engines use it, so their answers are described the same way.
"""

import statistics
import time
from collections.abc import Iterable, Mapping, Sequence

from .agenda import Agenda
from .data import (
    VIDEO,
    Assignment,
    Dispatch,
    Interpreter,
    PhaseStats,
    Request,
    TravelTimes,
    Unfilled,
    Why,
    minute,
)


def first_come_order(request: Request) -> tuple[int, int]:
    return (minute(request.requested_at), request.id)


def eligible(requests: Iterable[Request], interpreters: Sequence[Interpreter]) -> dict[int, list[Interpreter]]:
    """Per request, the interpreters who qualify, are available then and have the hours for it
    (before anything is assigned), in id order."""
    ordered = sorted(interpreters, key=lambda i: i.id)
    return {
        request.id: [
            interpreter
            for interpreter in ordered
            if interpreter.qualifies(request)
            and request.duration_minutes <= interpreter.max_minutes_per_week - interpreter.booked_minutes
            and interpreter.is_available(request.start, request.end)
        ]
        for request in requests
    }


def pick(request: Request, agendas: Iterable[Agenda]) -> Agenda | None:
    """The greedy choice among agendas: fewest minutes worked, least added travel, lowest id."""
    free = [agenda for agenda in agendas if agenda.can_take(request)]
    return min(
        free,
        key=lambda a: (a.worked_minutes, a.added_travel(request), a.interpreter.id),
        default=None,
    )


def assign_greedily(
    requests: Iterable[Request],
    candidates: Mapping[int, Sequence[Interpreter]],
    agendas: Mapping[int, Agenda],
) -> dict[int, int]:
    """Fill `requests` first come, first served into `agendas` (changed in place)."""
    chosen = {}
    for request in sorted(requests, key=first_come_order):
        agenda = pick(request, (agendas[i.id] for i in candidates[request.id]))
        if agenda is not None:
            agenda.take(request)
            chosen[request.id] = agenda.interpreter.id
    return chosen


def dispatch_greedy(
    requests: Sequence[Request],
    interpreters: Sequence[Interpreter],
    travel: TravelTimes,
    *,
    time_limit_seconds: float = 30.0,
    workers: int = 2,
) -> Dispatch:
    """Greedy dispatch. `time_limit_seconds` and `workers` are accepted, and ignored, so that
    both engines can be called the same way."""
    started = time.perf_counter()
    candidates = eligible(requests, interpreters)
    agendas = {i.id: Agenda.of(i, travel) for i in interpreters}
    chosen = assign_greedily(requests, candidates, agendas)
    return summarise(
        requests,
        interpreters,
        travel,
        chosen,
        candidates=candidates,
        reason="fewest_hours",
        method="greedy",
        phases=(),
        started=started,
    )


def summarise(
    requests: Sequence[Request],
    interpreters: Sequence[Interpreter],
    travel: TravelTimes,
    chosen: Mapping[int, int],
    *,
    candidates: Mapping[int, Sequence[Interpreter]],
    reason: str,
    method: str,
    phases: Sequence[PhaseStats],
    started: float,
    optimal: bool = False,
) -> Dispatch:
    """The plan as a `Dispatch`: agendas replayed, a why per assignment, a reason per request
    left open, and the totals."""
    request_by_id = {r.id: r for r in requests}
    agendas = {i.id: Agenda.of(i, travel) for i in interpreters}
    for request in sorted((request_by_id[rid] for rid in chosen), key=lambda r: (r.start, r.id)):
        agendas[chosen[request.id]].take(request)
    assignments = tuple(
        explained(request, agendas[chosen[request.id]], len(candidates[request.id]), reason)
        for request in sorted(request_by_id.values(), key=lambda r: (r.start, r.id))
        if request.id in chosen
    )
    unfilled = tuple(
        unfilled_reason(request, agendas.values())
        for request in sorted(request_by_id.values(), key=first_come_order)
        if request.id not in chosen
    )
    could_work = {i.id for found in candidates.values() for i in found}
    hours = [agendas[i].worked_minutes / 60 for i in sorted(could_work)]
    return Dispatch(
        assignments=assignments,
        unfilled=unfilled,
        phases=tuple(phases),
        filled=len(assignments),
        travel_minutes=sum(
            agenda.route_minutes() - agenda.route_minutes(bookings_only=True) for agenda in agendas.values()
        ),
        hours_std_dev=statistics.pstdev(hours) if hours else 0.0,
        solver_seconds=time.perf_counter() - started,
        method=method,
        optimal=optimal,
    )


def explained(request: Request, agenda: Agenda, candidates: int, reason: str) -> Assignment:
    """The request's assignment to the interpreter whose (replayed) agenda holds it, with why:
    the only candidate, the preferred interpreter, or the engine's `reason`."""
    interpreter = agenda.interpreter
    travel_minutes, travel_from = agenda.leg_to(request.id)
    if candidates == 1:
        code = "only_candidate"
    elif interpreter.id in request.preferred_interpreter_ids:
        code = "preferred_interpreter"
    else:
        code = reason
    why = Why(
        reason=code,
        language=request.language,
        dialect=request.dialect,
        modality=request.modality,
        certified=interpreter.certified,
        sworn=interpreter.sworn,
        travel_minutes=travel_minutes,
        travel_from=travel_from,
        week_minutes=agenda.worked_minutes,
        candidates=candidates,
        preferences_met=interpreter.preferences_met(request),
    )
    return Assignment(request.id, interpreter.id, why)


def unfilled_reason(request: Request, agendas: Iterable[Agenda]) -> Unfilled:
    """Why nobody took this request in the final plan, checking the rules one by one; for an
    on-site request, whether someone could do it by video instead."""
    agendas = list(agendas)
    if not any(skill.language == request.language for a in agendas for skill in a.interpreter.languages):
        return Unfilled(request.id, "no_language")
    speakers = [a for a in agendas if a.interpreter.speaks(request.language, request.dialect)]
    if not speakers:
        return Unfilled(request.id, "no_dialect")
    qualified = [a for a in speakers if a.interpreter.qualifies(request)]
    available = [a for a in qualified if a.interpreter.is_available(request.start, request.end)]
    with_hours = [a for a in available if a.minutes_left >= request.duration_minutes]
    if not qualified:
        reason = "no_qualified"
    elif not available:
        reason = "not_available"
    elif not with_hours:
        reason = "all_at_cap"
    elif not any(a.fits(request) for a in with_hours):
        reason = "all_busy"
    else:  # only after a solve that ran out of time; the engines repair this away
        reason = "not_chosen"
    if request.on_site:
        by_video = tuple(a.interpreter.id for a in speakers if a.can_take(request, VIDEO))
        if by_video:
            return Unfilled(
                request.id,
                "suggest_video",
                on_site_reason=reason,
                video_interpreter_ids=tuple(sorted(by_video)),
                speakers=len(speakers),
                qualified=len(qualified),
            )
    return Unfilled(request.id, reason, speakers=len(speakers), qualified=len(qualified))
