"""A local search after the CP-SAT phases: lower the travel and spread the hours fairer without
giving up anything an earlier phase won.

On a large week the travel and fairness phases get what time the fill phase leaves, solve a day
at a time with hours held back for later days, and rarely prove anything: a plan can often be
improved by moving a single job. This pass takes the finished plan and makes moves that keep
every hard rule (checked on the agendas, as the engines do):

* relocate: one job from its interpreter to another candidate who has the hours left and a free
  slot, with the time to travel to and from it;
* swap: two jobs of two interpreters exchanged, each able to take the other's (tried only for a
  job no relocation helps, and only where it evens the hours).

The order of the phases is kept exactly: a move leaves the same requests filled (so the fill
objective, priorities included, does not change), never adds travel minutes, and must be
lexicographically better on (phase 2's objective: travel minus the soft preferences' credit,
phase 3's penalty: a convex function of each interpreter's week, the sum of squared weekly
minutes, which is the spread reported, where that penalty ties). Among the moves open to a job
the best in that order wins. Sweeps take the jobs of the most loaded interpreters first, until a
sweep makes no move or the deadline comes; every order is fixed, so the result depends only on
the plan it starts from (and on the deadline, should it be reached).

On the benchmark weeks (bench/dispatch.py) the pass converges in well under a second and cuts
the CP-SAT plan's travel by 21-29 % (to 0.72-0.79 x greedy's); the spread of hours comes down
only a little (1.20-1.25 x greedy's, from 1.22-1.33), as most moves that would even the hours
now cost travel, which comes first. Moves that only even the hours (no move for travel alone)
brought the spread to 0.86-0.95 x greedy's but travel only to 0.90-0.94 x: a plan the order
ranks below this one.
"""

import time
from collections.abc import Mapping, Sequence

from .model import Agenda, Interpreter, Request, minute

PREFERRED_INTERPRETER_MINUTES = 30
PREFERRED_SEX_MINUTES = 15
FAIRNESS_STEP_MINUTES = 30


def fairness_cost(load: int, step: int = FAIRNESS_STEP_MINUTES) -> int:
    """Phase 3's convex piecewise-linear penalty of one week's minutes: sum_h (load - h*step)^+
    up to a constant, slope h + 1 on [h*step, (h+1)*step]."""
    h = load // step
    return (h + 1) * load - step * h * (h + 1) // 2


def preference_credit(request: Request, interpreter: Interpreter) -> int:
    """Phase 2's credit, in travel minutes, for the soft preferences this interpreter meets."""
    return PREFERRED_INTERPRETER_MINUTES * (
        interpreter.id in request.preferred_interpreter_ids
    ) + PREFERRED_SEX_MINUTES * (request.preferred_sex == interpreter.sex)


def _route_change(agenda: Agenda, day, without: Request | None = None, adding: Request | None = None) -> int:
    """How the day's route changes if the job `without` leaves it and the (free-slotted) job
    `adding` joins it; either may be None, or on another day, or by video."""
    start = None
    if adding is not None and adding.on_site and adding.day == day:
        start = minute(adding.start)
    zones = []
    for stop in agenda.days.get(day, ()):
        if start is not None and stop.start >= start:
            zones.append(adding.zone)
            start = None
        if stop.zone is not None and (without is None or stop.request_id != without.id):
            zones.append(stop.zone)
    if start is not None:
        zones.append(adding.zone)
    return agenda.path_minutes(zones) - agenda.day_route_minutes(day)


def improve(
    plan: dict[int, int],
    requests: Sequence[Request],
    candidates: Mapping[int, Sequence[Interpreter]],
    agendas: Mapping[int, Agenda],
    deadline: float,
    *,
    step: int = FAIRNESS_STEP_MINUTES,
) -> int:
    """Improve `plan` (request id → interpreter id) and `agendas` (which hold it) in place, by
    the moves above, until no move helps or `deadline` (a `time.perf_counter()` value) comes.
    `candidates` are the interpreters each request may go to at all (qualified and available;
    hours and free slots are checked on the agendas). Returns the number of moves made."""
    request_by_id = {r.id: r for r in requests}
    candidate_ids = {rid: {i.id for i in found} for rid, found in candidates.items()}
    jobs: dict[int, set[int]] = {}
    for rid, iid in plan.items():
        jobs.setdefault(iid, set()).add(rid)

    def fairness(a: int, b: int, shift: int) -> tuple[int, int]:
        """The change of (phase 3's penalty, sum of squares) when `shift` minutes go from a
        week of `a` minutes to one of `b`."""
        return (
            fairness_cost(a - shift, step)
            + fairness_cost(b + shift, step)
            - fairness_cost(a, step)
            - fairness_cost(b, step),
            2 * shift * (shift + b - a),
        )

    def relocation(request: Request, source: Agenda):
        """The best move of this job to another interpreter, or None."""
        a, d = source.worked_minutes, request.duration_minutes
        saved = _route_change(source, request.day, without=request) if request.on_site else 0
        credit = preference_credit(request, source.interpreter)
        best = None
        for interpreter in candidates[request.id]:
            target = agendas[interpreter.id]
            if target is source:
                continue
            b = target.worked_minutes
            fair = fairness(a, b, d)
            gain = preference_credit(request, interpreter) - credit
            if fair >= (0, 0) and (saved >= 0 and gain <= 0):
                continue
            if d > target.minutes_left or not target.fits(request):
                continue
            travel = saved
            if request.on_site:
                travel += _route_change(target, request.day, adding=request)
            phase2 = travel - gain
            if travel > 0 or (phase2, *fair) >= (0, 0, 0):
                continue
            key = (phase2, *fair, interpreter.id)
            if best is None or key < best[0]:
                best = (key, (request, source, target))
        return best

    def swap(request: Request, source: Agenda):
        """The best exchange of this job with one of another interpreter's, or None."""
        a, d = source.worked_minutes, request.duration_minutes
        best = None
        for interpreter in candidates[request.id]:
            target = agendas[interpreter.id]
            if target is source:
                continue
            b = target.worked_minutes
            if b >= a:  # nothing moving from a to b lowers a convex penalty
                continue
            for other_id in sorted(jobs.get(interpreter.id, ())):
                other = request_by_id[other_id]
                e = other.duration_minutes
                if e >= d or source.interpreter.id not in candidate_ids[other_id]:
                    continue
                fair = fairness(a, b, d - e)
                if fair >= (0, 0):
                    continue
                if (
                    d > target.minutes_left + e
                    or e > source.minutes_left + d
                    or not target.fits(request, ignoring=other_id)
                    or not source.fits(other, ignoring=request.id)
                ):
                    continue
                travel = sum(
                    _route_change(agenda, day, without=out, adding=into)
                    for agenda, out, into in ((source, request, other), (target, other, request))
                    for day in {request.day, other.day}
                )
                credit_before = preference_credit(request, source.interpreter) + (preference_credit(other, interpreter))
                credit = preference_credit(request, interpreter) + preference_credit(other, source.interpreter)
                phase2 = travel - (credit - credit_before)
                if travel > 0 or phase2 > 0:
                    continue
                key = (phase2, *fair, interpreter.id, other_id)
                if best is None or key < best[0]:
                    best = (key, (request, source, target, other))
        return best

    moves = 0
    moved = True
    while moved:
        moved = False
        order = sorted(
            plan,
            key=lambda rid: (
                -agendas[plan[rid]].worked_minutes,
                plan[rid],
                request_by_id[rid].start,
                rid,
            ),
        )
        for rid in order:
            if time.perf_counter() >= deadline:
                return moves
            request = request_by_id[rid]
            source = agendas[plan[rid]]
            found = relocation(request, source)
            if found is not None:
                _, (request, source, target) = found
                source.drop(request)
                target.take(request)
                _reassign(plan, jobs, request.id, source, target)
            else:
                found = swap(request, source)
                if found is None:
                    continue
                _, (request, source, target, other) = found
                source.drop(request)
                target.drop(other)
                target.take(request)
                source.take(other)
                _reassign(plan, jobs, request.id, source, target)
                _reassign(plan, jobs, other.id, target, source)
            moves += 1
            moved = True
    return moves


def _reassign(plan, jobs, request_id: int, source: Agenda, target: Agenda) -> None:
    plan[request_id] = target.interpreter.id
    jobs[source.interpreter.id].discard(request_id)
    jobs.setdefault(target.interpreter.id, set()).add(request_id)
