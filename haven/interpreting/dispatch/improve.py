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

With `slack` the pass is the engine's last step, the fairness phase with a tolerance on travel:
it only evens the hours (a move must lower the fairness penalty and keep every preference's
credit) and may add up to `slack` travel minutes in all, moves that add none first, then the
most evening per travel minute spent.
"""

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .agenda import Agenda
from .data import Interpreter, Request, minute

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


def improve(
    plan: dict[int, int],
    requests: Sequence[Request],
    candidates: Mapping[int, Sequence[Interpreter]],
    agendas: Mapping[int, Agenda],
    deadline: float,
    *,
    step: int = FAIRNESS_STEP_MINUTES,
    slack: int | None = None,
) -> int:
    """Improve `plan` (request id → interpreter id) and `agendas` (which hold it) in place, by
    the moves above, until no move helps or `deadline` (a `time.perf_counter()` value) comes.
    `candidates` are the interpreters each request may go to at all (qualified and available;
    hours and free slots are checked on the agendas). Returns the number of moves made.

    With `slack` (travel minutes) the pass evens the hours instead: a move must lower the
    fairness penalty, keep every preference's credit, and may add travel as long as the moves
    together add at most `slack` minutes; the most evening move wins, then the least travel."""
    search = LocalSearch(plan, requests, candidates, agendas, step=step)
    search.slack = slack
    return search.run(deadline)


@dataclass(frozen=True)
class Move:
    """One job moved from `source` to `target`, and for a swap the target's job `other` moved
    back. `rank` orders the moves open to a job: the lowest wins; `travel` is the travel
    minutes it adds (the rank's last item)."""

    rank: tuple[float, ...]
    request: Request
    source: Agenda
    target: Agenda
    other: Request | None = None
    travel: int = 0


class LocalSearch:
    """The pass over one plan: sweeps of relocations and swaps, made on the plan and its agendas."""

    def __init__(
        self,
        plan: dict[int, int],
        requests: Sequence[Request],
        candidates: Mapping[int, Sequence[Interpreter]],
        agendas: Mapping[int, Agenda],
        *,
        step: int = FAIRNESS_STEP_MINUTES,
    ) -> None:
        self.plan = plan
        self.candidates = candidates
        self.agendas = agendas
        self.step = step
        self.slack: int | None = None  # travel minutes an evening pass may still add (None: no such pass)
        self.request_by_id = {request.id: request for request in requests}
        self.candidate_ids = {request_id: {i.id for i in found} for request_id, found in candidates.items()}
        self.jobs: dict[int, set[int]] = {}  # interpreter id → the request ids the plan gives them
        for request_id, interpreter_id in plan.items():
            self.jobs.setdefault(interpreter_id, set()).add(request_id)

    def run(self, deadline: float) -> int:
        """Sweep until a sweep makes no move or the deadline comes; the number of moves made."""
        moves = 0
        moved = True
        while moved:
            moved = False
            for request_id in self.sweep_order():
                if time.perf_counter() >= deadline:
                    return moves
                move = self.best_move(request_id)
                if move is None:
                    continue
                self.make(move)
                moves += 1
                moved = True
        return moves

    def sweep_order(self) -> list[int]:
        """The planned jobs, those of the most loaded interpreters first, then by interpreter,
        start and id."""
        plan, agendas = self.plan, self.agendas
        return sorted(
            plan,
            key=lambda request_id: (
                -agendas[plan[request_id]].worked_minutes,
                plan[request_id],
                self.request_by_id[request_id].start,
                request_id,
            ),
        )

    def best_move(self, request_id: int) -> Move | None:
        """The best relocation of this job or, if none helps, the best swap (None: neither)."""
        request = self.request_by_id[request_id]
        source = self.agendas[self.plan[request_id]]
        move = self.relocation(request, source)
        if move is None:
            move = self.swap(request, source)
        return move

    def make(self, move: Move) -> None:
        """Carry the move out on the agendas and the plan."""
        request, source, target, other = move.request, move.source, move.target, move.other
        if self.slack is not None:
            self.slack -= move.travel
        source.drop(request)
        if other is None:  # a relocation
            target.take(request)
            self._reassign(request.id, source, target)
            return
        target.drop(other)  # a swap
        target.take(request)
        source.take(other)
        self._reassign(request.id, source, target)
        self._reassign(other.id, target, source)

    def fairness_change(self, source_minutes: int, target_minutes: int, shift: int) -> tuple[int, int]:
        """The change of (phase 3's penalty, sum of squares) when `shift` minutes go from a
        week of `source_minutes` to one of `target_minutes`."""
        step = self.step
        return (
            fairness_cost(source_minutes - shift, step)
            + fairness_cost(target_minutes + shift, step)
            - fairness_cost(source_minutes, step)
            - fairness_cost(target_minutes, step),
            2 * shift * (shift + target_minutes - source_minutes),
        )

    def relocation(self, request: Request, source: Agenda) -> Move | None:
        """The best move of this job to another interpreter, or None."""
        travel_out = _route_change(source, request.day, without=request) if request.on_site else 0
        best = None
        for interpreter in self.candidates[request.id]:
            target = self.agendas[interpreter.id]
            if target is source:
                continue
            rank = self.relocation_rank(request, source, target, travel_out)
            if rank is not None and (best is None or rank < best.rank):
                best = Move(rank, request, source, target, travel=int(rank[-1]))
        return best

    def relocation_rank(
        self, request: Request, source: Agenda, target: Agenda, travel_out: int
    ) -> tuple[float, ...] | None:
        """The rank of moving the job to `target`, or None if the move breaks a rule or does not
        help; `travel_out` is how the source's route changes without the job."""
        fair = self.fairness_change(source.worked_minutes, target.worked_minutes, request.duration_minutes)
        credit_gain = preference_credit(request, target.interpreter) - preference_credit(request, source.interpreter)
        if self.slack is not None and (fair >= (0, 0) or credit_gain < 0):
            return None
        if fair >= (0, 0) and (travel_out >= 0 and credit_gain <= 0):
            return None
        if request.duration_minutes > target.minutes_left or not target.fits(request):
            return None
        travel = travel_out
        if request.on_site:
            travel += _route_change(target, request.day, adding=request)
        if self.slack is not None:
            return None if travel > self.slack else (*self.spend_rank(fair, travel), target.interpreter.id, travel)
        phase2 = travel - credit_gain
        if travel > 0 or (phase2, *fair) >= (0, 0, 0):
            return None
        return (phase2, *fair, target.interpreter.id, travel)

    @staticmethod
    def spend_rank(fair: tuple[int, int], travel: int) -> tuple[float, ...]:
        """An evening move's rank (with `slack`): moves that add no travel first, the most
        evening one; then the most evening per travel minute spent."""
        if travel <= 0:
            return (0, *fair, travel)
        return (1, fair[0] / travel, fair[1] / travel, travel)

    def swap(self, request: Request, source: Agenda) -> Move | None:
        """The best exchange of this job with one of another interpreter's, or None."""
        best = None
        for interpreter in self.candidates[request.id]:
            target = self.agendas[interpreter.id]
            if target is source:
                continue
            if target.worked_minutes >= source.worked_minutes:
                continue  # minutes going to a week no lighter cannot lower a convex penalty
            for other_id in sorted(self.jobs.get(interpreter.id, ())):
                other = self.request_by_id[other_id]
                rank = self.swap_rank(request, source, target, other)
                if rank is not None and (best is None or rank < best.rank):
                    best = Move(rank, request, source, target, other, travel=int(rank[-1]))
        return best

    def swap_rank(self, request: Request, source: Agenda, target: Agenda, other: Request) -> tuple[float, ...] | None:
        """The rank of exchanging the job with the target's `other`, a shorter one, or None if the
        exchange breaks a rule or does not help."""
        minutes, other_minutes = request.duration_minutes, other.duration_minutes
        if other_minutes >= minutes or source.interpreter.id not in self.candidate_ids[other.id]:
            return None
        fair = self.fairness_change(source.worked_minutes, target.worked_minutes, minutes - other_minutes)
        if fair >= (0, 0):
            return None
        if (
            minutes > target.minutes_left + other_minutes
            or other_minutes > source.minutes_left + minutes
            or not target.fits(request, ignoring=other.id)
            or not source.fits(other, ignoring=request.id)
        ):
            return None
        travel = sum(
            _route_change(agenda, day, without=leaving, adding=joining)
            for agenda, leaving, joining in ((source, request, other), (target, other, request))
            for day in {request.day, other.day}
        )
        credit_before = preference_credit(request, source.interpreter) + preference_credit(other, target.interpreter)
        credit_after = preference_credit(request, target.interpreter) + preference_credit(other, source.interpreter)
        if self.slack is not None:
            if travel > self.slack or credit_after < credit_before:
                return None
            return (*self.spend_rank(fair, travel), target.interpreter.id, other.id, travel)
        phase2 = travel - (credit_after - credit_before)
        if travel > 0 or phase2 > 0:
            return None
        return (phase2, *fair, target.interpreter.id, other.id, travel)

    def _reassign(self, request_id: int, source: Agenda, target: Agenda) -> None:
        self.plan[request_id] = target.interpreter.id
        self.jobs[source.interpreter.id].discard(request_id)
        self.jobs.setdefault(target.interpreter.id, set()).add(request_id)


def _route_change(agenda: Agenda, day: date, without: Request | None = None, adding: Request | None = None) -> int:
    """How the day's route changes if the job `without` leaves it and the (free-slotted) job
    `adding` joins it; either may be None, or on another day, or by video."""
    joining = adding if adding is not None and adding.on_site and adding.day == day else None
    joining_start = minute(joining.start) if joining is not None else 0
    zones: list[str] = []
    for stop in agenda.days.get(day, ()):
        if joining is not None and stop.start >= joining_start:
            zones.append(joining.site_zone)
            joining = None
        if stop.zone is not None and (without is None or stop.request_id != without.id):
            zones.append(stop.zone)
    if joining is not None:
        zones.append(joining.site_zone)
    return agenda.path_minutes(zones) - agenda.day_route_minutes(day)
