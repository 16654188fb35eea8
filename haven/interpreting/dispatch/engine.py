"""Interpreter dispatch with OR-Tools CP-SAT: who takes which request of a period.

Pure: dataclasses in, dataclasses out, no Django (architecture rule 7). The rules (language,
dialect, modality, hard preferences, availability windows and exceptions, no two jobs at once,
travel time between consecutive on-site jobs, the weekly cap) are those of data.py.

The model, per block of requests (a day, or the whole period when small):

* x[r, k]  interpreter k takes request r, only for pairs that pass every static rule
  (qualified, available, enough hours left, no clash with k's fixed bookings);
* at most one interpreter per request; minutes per interpreter within their hours left;
* at most one job per interpreter at any moment (one at-most-one per start point: the jobs
  that run at that moment form a clique);
* per interpreter and day, their on-site route as a path from home through the jobs they take
  (and their fixed bookings) back home: arc a → b exists only if b starts after a ends plus the
  travel between them, so the arcs go forward in time, the graph has no cycles, and in = out =
  x at each job is enough to make it one path. Its arc costs are the travel minutes.

The objective is lexicographic, in three solves on the same model; each keeps the previous
optimum (or the best found in time) as a constraint and starts from its answer:

1. fill: maximise sum of (M + priority) over requests filled, M = (highest priority x number of
   requests) + 1, so the number filled comes first and the priority only decides which requests
   when not all can be: urgent 8, scarce language 0-4 (4 if at most 2 interpreters speak it,
   3 at most 4, 2 at most 8, 1 at most 16), early requested 0-2 (by thirds of requested_at).
   Warm started from greedy, with filled >= greedy filled as a constraint.
2. travel: minimise travel minutes minus the soft preferences, each worth a fixed number of
   travel minutes (a preferred interpreter 30, the preferred sex 15): a partner's wish weighs
   like half an hour's travel, no more.
3. fairness: minimise the sum over interpreters of a convex piecewise-linear function of their
   week's minutes (slope rising by one every half hour, i.e. about load² / 60): with the total
   nearly fixed by phase 1, this is the variance of hours, in a form whose LP bound is tight.

The phases share all but `IMPROVE_SHARE` of the time limit. In the rest, a local search
(improve.py) moves single jobs between interpreters and swaps pairs of jobs where that is
lexicographically better on (travel minus preference credit, fairness penalty, sum of squared
weekly minutes) without adding travel; the slots it frees are offered to the requests still
open (greedily), and so on while that fills more. Last, an evening pass (improve.py, `slack`)
trades a little travel for fairness: moves that lower the fairness penalty and keep every
preference's credit, adding together at most `even_slack` (10 %) of the travel found and never
more than greedy's travel. The order is thus fill, then travel within a tolerance, then
fairness: on the benchmark weeks a strict order left the spread of hours 1.2-1.3 x greedy's,
and 10 % of travel brings it to 0.95-1.1 x while travel stays at 0.85-0.93 x greedy's.

Large periods (more than `split_above` requests) are first filled as one whole-period model
when the travel table is metric (fill.py: no routes needed, exact; warm started from the better
of greedy's plan and the rounded LP relaxation, then solved in the LP's neighbourhood, then on
the whole model, in `WEEK_FILL_SHARE` of the time). Then they are routed and spread day by day,
in date order: days only share the weekly cap. Each day is solved with the hours left after the
days before it, less the minutes the reference plan (the week's fill) needs from each
interpreter on the days after, so the reference's part for the day is always feasible and
hinted; the day keeps at least its fill objective and runs only the travel and fairness
phases. With a travel table that is not metric, the days are filled too, in turn: the
reference is greedy's week at first, then a fresh greedy plan of the remaining days whenever it
fills as many, and "filled >= its count" holds day by day. Either way the week never fills
fewer than greedy; a final check returns the greedy plan (method "greedy-fallback") should that
ever fail.

With `decompose=True` each block is further split into independent parts (`components`):
requests linked through the interpreters who could take them. No constraint or objective term
spans two parts, so solving each part's three phases on its own gives the same lexicographic
optimum; greedy, the reference and "filled >= its count" decompose too. The parts are solved
smallest first, with the block's time shared by requests among the parts not solved yet. It is
off by default: on the benchmark weeks a day is one large part (83-96 % of its requests: the
common languages are linked by multilingual interpreters) and a few small ones that CP-SAT
settles at once inside the day's model anyway, so it proved nothing more that mattered and
filled no more (bench/dispatch.py --parts). It would pay where language pools are disjoint.
"""

import time
from collections import defaultdict
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass, field, replace
from datetime import date

from .agenda import Agenda
from .block import _Block
from .data import Dispatch, Interpreter, PhaseStats, Request, TravelTimes
from .decompose import components, live_candidates, part_weights
from .fill import WeekFill, metric
from .greedy import assign_greedily, dispatch_greedy, eligible, first_come_order, pick, summarise
from .improve import improve
from .priority import MAX_PRIORITY, priorities

RANDOM_SEED = 20190101
SPLIT_ABOVE = 150
# Share of the time limit kept for the local search after the phases (improve.py).
IMPROVE_SHARE = 0.15
# Share of the time limit for the whole period's fill phase, when it runs (fill.py).
WEEK_FILL_SHARE = 0.35
LP_USED = 1e-6  # an LP value above this: the pair is in the LP's neighbourhood
# A day with less time than this keeps the week's fill as it is, without a model (its build
# alone takes 0.2-0.5 s).
MIN_BLOCK_SECONDS = 0.5
LP_SECONDS = 1.0  # the least time for the LP's neighbourhood (solved in 0.1-0.7 s on the benchmark)
# Share of the travel found that the last pass may add to even the hours (improve.py, slack).
EVEN_SLACK = 0.1
# Share of the time limit kept for that last pass (out of IMPROVE_SHARE).
EVEN_SHARE = 0.04


def dispatch(
    requests: Sequence[Request],
    interpreters: Sequence[Interpreter],
    travel: TravelTimes,
    *,
    time_limit_seconds: float = 45.0,
    workers: int = 2,
    split_above: int = SPLIT_ABOVE,
    random_seed: int = RANDOM_SEED,
    decompose: bool = False,
    even_slack: float = EVEN_SLACK,
) -> Dispatch:
    """Dispatch the period's requests: most filled (scarce, urgent, early first), then least
    travel (soft preferences as a small credit), then the fairest spread of hours.

    `time_limit_seconds` bounds the whole call; a phase that runs out keeps its best answer.
    `optimal` is True only if every fill phase was proved optimal. `decompose` solves each
    block's independent parts (see `components`) apart; by default each block is one model.
    """
    started = time.perf_counter()
    deadline = started + time_limit_seconds
    # The phases stop early enough to leave the local search its share.
    solve_deadline = deadline - IMPROVE_SHARE * time_limit_seconds
    baseline = dispatch_greedy(requests, interpreters, travel)
    run = _Run(
        candidates=eligible(requests, interpreters),
        priority=priorities(requests, interpreters),
        agendas={i.id: Agenda.of(i, travel) for i in interpreters},
        travel=travel,
        request_by_id={r.id: r for r in requests},
        workers=workers,
        random_seed=random_seed,
        decompose=decompose,
    )
    blocks = day_blocks(requests, split_above)
    reference = baseline.interpreter_of()
    if len(blocks) > 1 and metric(requests, interpreters, travel):
        # Fill over the whole period first (fill.py); the days then only route and spread it.
        fill_deadline = started + WEEK_FILL_SHARE * time_limit_seconds
        reference = run.fill_week(requests, reference, fill_deadline)
    run.solve_blocks(blocks, reference, solve_deadline)
    run.polish(requests, deadline - EVEN_SHARE * time_limit_seconds, deadline)
    run.even(requests, round(even_slack * run.travel_minutes()), baseline.travel_minutes, deadline)

    if len(run.chosen) < baseline.filled:
        return replace(
            baseline,
            phases=tuple(run.phases),
            method="greedy-fallback",
            solver_seconds=time.perf_counter() - started,
        )
    return summarise(
        requests,
        interpreters,
        travel,
        run.chosen,
        candidates=run.candidates,
        reason="best_plan",
        method="cp-sat",
        phases=run.phases,
        started=started,
        optimal=run.optimal,
    )


def day_blocks(requests: Sequence[Request], split_above: int) -> list[tuple[date | None, list[Request]]]:
    """The blocks solved one after the other: the days in date order for a large period, else
    the whole period as one block (day None)."""
    if len(requests) <= split_above:
        return [(None, list(requests))]
    days: dict[date, list[Request]] = defaultdict(list)
    for request in requests:
        days[request.day].append(request)
    return [(day, days[day]) for day in sorted(days)]


@dataclass
class _Run:
    """One call's state from block to block: the agendas so far and the plan chosen."""

    candidates: dict[int, list[Interpreter]]
    priority: dict[int, int]
    agendas: dict[int, Agenda]
    travel: TravelTimes
    request_by_id: dict[int, Request]
    workers: int
    random_seed: int
    decompose: bool
    chosen: dict[int, int] = field(default_factory=dict)
    fixed: bool = False  # the fill is settled for the whole period: the blocks keep it
    phases: list[PhaseStats] = field(default_factory=list)
    optimal: bool = True

    def solve_blocks(
        self,
        blocks: list[tuple[date | None, list[Request]]],
        reference: dict[int, int],
        solve_deadline: float,
    ) -> None:
        """Each block in turn. `reference` is the plan for the days not solved yet: greedy's
        week to start with. Each day keeps the minutes it gives every interpreter on later days
        free, so it stays feasible; it is replaced by a fresh greedy plan of the remaining days
        whenever that fills as many."""
        for index, (day, block) in enumerate(blocks):
            later = [r for _, other in blocks[index + 1 :] for r in other]
            self.solve_block(day, block, later, reference, solve_deadline)
            if later and not self.fixed:
                fresh = assign_greedily(later, self.candidates, deepcopy(self.agendas))
                if len(fresh) >= sum(r.id in reference for r in later):
                    reference = fresh

    def solve_block(
        self,
        day: date | None,
        block: list[Request],
        later: list[Request],
        reference: dict[int, int],
        solve_deadline: float,
    ) -> None:
        """One block, its time by size among the blocks left, with the minutes the reference
        needs on later days reserved; its independent parts one by one when decomposing."""
        seconds = (solve_deadline - time.perf_counter()) * len(block) / (len(block) + len(later))
        if self.fixed and seconds < MIN_BLOCK_SECONDS:
            # Too little time to build and solve the day's model: the week's fill, as it is
            # (feasible, as the days before left its minutes free); the local search routes it.
            self.phases.append(PhaseStats("travel", day, "SKIPPED", 0, 0, 0.0, len(block)))
            self.take({r.id: reference[r.id] for r in block if r.id in reference})
            return
        reserve: dict[int, int] = defaultdict(int)
        for request in later:
            if request.id in reference:
                reserve[reference[request.id]] += request.duration_minutes
        block_deadline = time.perf_counter() + seconds
        live = live_candidates(block, self.candidates, self.agendas, reserve)
        parts = components(block, live) if self.decompose else [list(block)]
        weights = part_weights(parts, live)
        for part_index, (part, weight) in enumerate(zip(parts, weights, strict=True)):
            # Time by size among the components not solved yet, so that what the small ones
            # (solved first, usually proved at once) leave goes to the large ones.
            left = block_deadline - time.perf_counter()
            share = max(left, 0.0) * weight / max(sum(weights[part_index:]), 1)
            self.solve_part(day, part, reference, reserve, share)

    def solve_part(
        self,
        day: date | None,
        part: list[Request],
        reference: dict[int, int],
        reserve: dict[int, int],
        seconds: float,
    ) -> None:
        """The three phases on one part (or whole block); its plan is taken into the agendas."""
        own = {r.id: reference[r.id] for r in part if r.id in reference}
        solved = _Block(day, part, self.candidates, self.agendas, self.travel, self.priority, reserve)
        plan, stats, proved = solved.solve(own, seconds, self.workers, self.random_seed, fixed=self.fixed)
        self.phases += stats
        self.optimal = self.optimal and proved
        self.take(plan)

    def take(self, plan: dict[int, int]) -> None:
        """A block's plan into the agendas and the plan chosen."""
        for request_id, interpreter_id in plan.items():
            self.agendas[interpreter_id].take(self.request_by_id[request_id])
            self.chosen[request_id] = interpreter_id

    def fill_week(self, requests: Sequence[Request], baseline: dict[int, int], fill_deadline: float) -> dict[int, int]:
        """The fill phase over the whole period (fill.py), from the better of greedy's plan and
        the rounded LP; from here on the blocks keep its fill (`fixed`). Returns its plan."""
        top = MAX_PRIORITY * len(requests) + 1
        week = WeekFill(
            requests, self.candidates, self.agendas, self.travel, {r.id: top + self.priority[r.id] for r in requests}
        )
        values = week.lp_values()
        plan = max([baseline, week.rounded(values)], key=week.value)
        # First the neighbourhood of the LP: only the pairs it uses (and the plan's) are free.
        # It is small and solved at once; the whole model then goes on from its answer.
        used = {key for key, value in values.items() if value > LP_USED}
        left = fill_deadline - time.perf_counter()
        plan, stats, _ = week.solve([plan], max(left / 2, LP_SECONDS), self.workers, self.random_seed, only=used)
        self.phases.append(replace(stats, phase="fill-lp"))
        left = fill_deadline - time.perf_counter()
        plan, stats, proved = week.solve([plan], left, self.workers, self.random_seed)
        self.phases.append(stats)
        self.optimal = proved
        self.fixed = True
        return plan

    def polish(self, requests: Sequence[Request], travel_deadline: float, deadline: float) -> None:
        """After the phases: what is still open and fits, greedily (a phase that ran out of
        time may leave such requests); then single-job moves and swaps that travel less or
        even the hours, keeping the order; the slots they free may take a request left open,
        and so on while that fills more."""
        self.fill_leftovers(requests)
        while improve(self.chosen, requests, self.candidates, self.agendas, travel_deadline):
            if not self.fill_leftovers(requests):
                break

    def even(self, requests: Sequence[Request], slack: int, most_travel: int, deadline: float) -> None:
        """Last, the hours evened by moves that may add up to `slack` travel minutes, and never
        beyond `most_travel` (greedy's): the fairness phase with a tolerance on travel."""
        slack = min(slack, most_travel - self.travel_minutes())
        if slack > 0:
            improve(self.chosen, requests, self.candidates, self.agendas, deadline, slack=slack)

    def travel_minutes(self) -> int:
        """The travel the plan so far adds to the interpreters' days."""
        return sum(a.route_minutes() - a.route_minutes(bookings_only=True) for a in self.agendas.values())

    def fill_leftovers(self, requests: Sequence[Request]) -> int:
        """Each request still open, first come first, to the interpreter greedy would pick;
        returns how many were filled."""
        filled = 0
        for request in sorted(requests, key=first_come_order):
            if request.id not in self.chosen:
                agenda = pick(request, (self.agendas[i.id] for i in self.candidates[request.id]))
                if agenda is not None:
                    agenda.take(request)
                    self.chosen[request.id] = agenda.interpreter.id
                    filled += 1
        return filled
