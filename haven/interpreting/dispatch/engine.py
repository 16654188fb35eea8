"""Interpreter dispatch with OR-Tools CP-SAT: who takes which request of a period.

Pure: dataclasses in, dataclasses out, no Django (architecture rule 7). The rules (language,
dialect, modality, hard preferences, availability windows and exceptions, no two jobs at once,
travel time between consecutive on-site jobs, the weekly cap) are those of model.py.

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
weekly minutes) without adding travel; it never changes which requests are filled. On the
benchmark weeks the day-by-day phases leave much to such moves: they cut travel by about a
quarter and bring the spread down a little.

Large periods (more than `split_above` requests) are solved day by day, in date order: days
only share the weekly cap. Each day is solved with the hours left after the days before it, less
the minutes a reference plan needs from each interpreter on the days after (greedy's week at
first, then a fresh greedy plan of the remaining days whenever it fills as many). The reference's
part for the day is then always feasible and hinted, and "filled >= its count" holds day by day,
so the week never fills fewer than greedy; loads carry over into each day's fairness phase.
A final check returns the greedy plan (method "greedy-fallback") should that ever fail.

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

from ortools.sat.python import cp_model

from .greedy import assign_greedily, dispatch_greedy, eligible, first_come_order, pick, summarise
from .improve import (
    FAIRNESS_STEP_MINUTES,
    PREFERRED_INTERPRETER_MINUTES,
    PREFERRED_SEX_MINUTES,
    improve,
)
from .model import Agenda, Dispatch, Interpreter, PhaseStats, Request, TravelTimes, minute

RANDOM_SEED = 20190101
SPLIT_ABOVE = 150
URGENT_PRIORITY = 8
EARLY_PRIORITY = 2
SCARCITY_TIERS = (2, 4, 8, 16)  # speakers at most this many: priority 4, 3, 2, 1
# Share of the time limit kept for the local search after the phases (improve.py).
IMPROVE_SHARE = 0.1
# Shares of a block's time for the fill and travel phases; fairness gets what is left.
FILL_SHARE, TRAVEL_SHARE = 0.5, 0.6
MIN_PHASE_SECONDS = 0.05
PART_OVERHEAD = 20  # requests' worth of time each independent part gets on top of its size
STATUS = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
    cp_model.UNKNOWN: "UNKNOWN",
}


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
    candidates = eligible(requests, interpreters)
    priority = priorities(requests, interpreters)
    agendas = {i.id: Agenda.of(i, travel) for i in interpreters}

    if len(requests) > split_above:
        days: dict[date, list[Request]] = defaultdict(list)
        for request in requests:
            days[request.day].append(request)
        blocks = [(day, days[day]) for day in sorted(days)]
    else:
        blocks = [(None, list(requests))]

    chosen: dict[int, int] = {}
    phases: list[PhaseStats] = []
    optimal = True
    # The reference plan for the days not solved yet: greedy's week to start with. Each day keeps
    # the minutes it gives every interpreter on later days free, so it stays feasible; it is
    # replaced by a fresh greedy plan of the remaining days whenever that fills as many.
    reference = baseline.interpreter_of()
    request_by_id = {r.id: r for r in requests}
    for index, (day, block) in enumerate(blocks):
        later = [r for _, other in blocks[index + 1 :] for r in other]
        seconds = (solve_deadline - time.perf_counter()) * len(block) / (len(block) + len(later))
        reserve: dict[int, int] = defaultdict(int)
        for request in later:
            if request.id in reference:
                reserve[reference[request.id]] += request.duration_minutes
        block_deadline = time.perf_counter() + seconds
        live = live_candidates(block, candidates, agendas, reserve)
        parts = components(block, live) if decompose else [list(block)]
        # A part's weight: its requests someone can take, plus a fixed overhead so that a small
        # part gets enough for three solver starts (what it leaves flows on to the larger parts).
        weights = [
            sum(1 for r in part if live[r.id]) + PART_OVERHEAD * any(live[r.id] for r in part)
            for part in parts
        ]
        for part_index, (part, weight) in enumerate(zip(parts, weights, strict=True)):
            # Time by size among the components not solved yet, so that what the small ones
            # (solved first, usually proved at once) leave goes to the large ones.
            left = block_deadline - time.perf_counter()
            share = max(left, 0.0) * weight / max(sum(weights[part_index:]), 1)
            own = {r.id: reference[r.id] for r in part if r.id in reference}
            solved = _Block(day, part, candidates, agendas, travel, priority, reserve)
            plan, stats, proved = solved.solve(own, share, workers, random_seed)
            phases += stats
            optimal = optimal and proved
            for request_id, interpreter_id in plan.items():
                agendas[interpreter_id].take(request_by_id[request_id])
                chosen[request_id] = interpreter_id
        if later:
            fresh = assign_greedily(later, candidates, deepcopy(agendas))
            if len(fresh) >= sum(r.id in reference for r in later):
                reference = fresh

    # After a phase that ran out of time, a request may still fit somewhere: fill it greedily.
    for request in sorted(requests, key=first_come_order):
        if request.id not in chosen:
            agenda = pick(request, (agendas[i.id] for i in candidates[request.id]))
            if agenda is not None:
                agenda.take(request)
                chosen[request.id] = agenda.interpreter.id

    # Then single-job moves and swaps that travel less or even the hours, keeping the order.
    improve(chosen, requests, candidates, agendas, deadline)

    if len(chosen) < baseline.filled:
        return replace(
            baseline,
            phases=tuple(phases),
            method="greedy-fallback",
            solver_seconds=time.perf_counter() - started,
        )
    return summarise(
        requests,
        interpreters,
        travel,
        chosen,
        candidates=candidates,
        reason="best_plan",
        method="cp-sat",
        phases=phases,
        started=started,
        optimal=optimal,
    )


def live_candidates(
    requests: Sequence[Request],
    candidates: dict[int, list[Interpreter]],
    agendas: dict[int, Agenda],
    reserve: dict[int, int],
) -> dict[int, list[Interpreter]]:
    """Per request, the static candidates that still have the hours (less the reserve) and a
    free slot, given the agendas so far: the pairs a block's model gets an x for."""
    return {
        r.id: [
            i
            for i in candidates[r.id]
            if r.duration_minutes <= agendas[i.id].minutes_left - reserve.get(i.id, 0)
            and agendas[i.id].can_take(r)
        ]
        for r in requests
    }


def components(
    requests: Sequence[Request], candidates: dict[int, list[Interpreter]]
) -> list[list[Request]]:
    """The requests split into independent parts: two requests are in one part if a chain of
    "could take" pairs links them (request - interpreter - request ...). Parts share no
    interpreter, and every term of the model (fill per request; travel, overlap, cap and fairness
    per interpreter) lies within one part, so each part can be solved on its own, phase by phase,
    with the same lexicographic optimum. Requests nobody can take form one last part. Ordered
    smallest first (then by lowest request id), each part in the input's order."""
    parent: dict[int, int] = {}

    def find(interpreter_id: int) -> int:
        root = interpreter_id
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[interpreter_id] != root:  # path compression
            parent[interpreter_id], interpreter_id = root, parent[interpreter_id]
        return root

    for request in requests:
        found = candidates[request.id]
        for other in found[1:]:
            a, b = find(found[0].id), find(other.id)
            if a != b:
                parent[max(a, b)] = min(a, b)
    parts: dict[int, list[Request]] = defaultdict(list)
    nobody = []
    for request in requests:
        found = candidates[request.id]
        if found:
            parts[find(found[0].id)].append(request)
        else:
            nobody.append(request)
    ordered = sorted(parts.values(), key=lambda part: (len(part), min(r.id for r in part)))
    return ordered + ([nobody] if nobody else [])


def priorities(requests: Sequence[Request], interpreters: Sequence[Interpreter]) -> dict[int, int]:
    """Phase-1 priority per request: urgent, scarce language, early requested (see module)."""
    speakers: dict[tuple[str, str | None], int] = {}
    for request in requests:
        key = (request.language, request.dialect)
        if key not in speakers:
            speakers[key] = sum(i.speaks(*key) for i in interpreters)
    ordered = sorted(requests, key=first_come_order)
    result = {}
    for rank, request in enumerate(ordered):
        count = speakers[(request.language, request.dialect)]
        scarcity = sum(count <= tier for tier in SCARCITY_TIERS)
        early = EARLY_PRIORITY - (rank * (EARLY_PRIORITY + 1)) // len(ordered)
        result[request.id] = URGENT_PRIORITY * request.urgent + scarcity + early
    return result


MAX_PRIORITY = URGENT_PRIORITY + len(SCARCITY_TIERS) + EARLY_PRIORITY


@dataclass
class _Node:
    """A stop on an interpreter's on-site route: a candidate job (`x` set) or a fixed stop."""

    start: int
    end: int
    zone: str
    x: cp_model.IntVar | None = None
    request_id: int | None = None
    arcs_in: list = field(default_factory=list)
    arcs_out: list = field(default_factory=list)


class _Block:
    """The model of one block of requests, given the agendas of the days solved before it."""

    def __init__(
        self,
        day: date | None,
        requests: Sequence[Request],
        candidates: dict[int, list[Interpreter]],
        agendas: dict[int, Agenda],
        travel: TravelTimes,
        priority: dict[int, int],
        reserve: dict[int, int],
    ) -> None:
        self.day = day
        self.requests = sorted(requests, key=lambda r: (r.start, r.id))
        self.agendas = agendas
        self.travel = travel
        self.model = cp_model.CpModel()
        model = self.model
        # Minutes each interpreter may work in this block: what is left after the days before,
        # less what the reference plan needs from them on the days after.
        self.minutes_left = {
            iid: agenda.minutes_left - reserve.get(iid, 0) for iid, agenda in agendas.items()
        }
        # Candidates now: the static ones that still have the hours and a free slot.
        self.candidates = {
            r.id: [
                i
                for i in candidates[r.id]
                if r.duration_minutes <= self.minutes_left[i.id] and agendas[i.id].can_take(r)
            ]
            for r in self.requests
        }
        self.reserve = reserve
        self.x = {
            (r.id, i.id): model.new_bool_var(f"x_{r.id}_{i.id}")
            for r in self.requests
            for i in self.candidates[r.id]
        }
        by_request = defaultdict(list)
        by_interpreter = defaultdict(list)
        for (rid, iid), var in self.x.items():
            by_request[rid].append(var)
            by_interpreter[iid].append((rid, var))
        request_by_id = {r.id: r for r in self.requests}
        for variables in by_request.values():
            model.add_at_most_one(variables)

        self.filled = sum(self.x.values())
        top = MAX_PRIORITY * len(self.requests) + 1
        self.fill_objective = sum(
            (top + priority[rid]) * var for (rid, _), var in self.x.items()
        )

        self.arcs: dict[tuple, cp_model.IntVar] = {}
        travel_terms = []
        self.route_nodes: dict[tuple[int, date], list[_Node]] = {}
        self.loads: dict[int, tuple[int, list]] = {}
        for iid, pairs in by_interpreter.items():
            agenda = agendas[iid]
            minutes = [(request_by_id[rid].duration_minutes, var) for rid, var in pairs]
            if sum(d for d, _ in minutes) > self.minutes_left[iid]:
                model.add(sum(d * var for d, var in minutes) <= self.minutes_left[iid])
            self.loads[iid] = (agenda.worked_minutes, minutes)
            per_day = defaultdict(list)
            for rid, var in pairs:
                per_day[request_by_id[rid].day].append((request_by_id[rid], var))
            for job_day, jobs in per_day.items():
                self._no_overlap(jobs)
                travel_terms += self._route(agenda, job_day, jobs)
        self.travel_cost = sum(travel_terms)
        self.preference_credit = sum(
            (
                PREFERRED_INTERPRETER_MINUTES
                * (iid in request_by_id[rid].preferred_interpreter_ids)
                + PREFERRED_SEX_MINUTES
                * (request_by_id[rid].preferred_sex == agendas[iid].interpreter.sex)
            )
            * var
            for (rid, iid), var in self.x.items()
        )
        self.fairness_terms: dict[int, cp_model.IntVar] = {}

    def _no_overlap(self, jobs: list[tuple[Request, cp_model.IntVar]]) -> None:
        """At each job's start, the jobs running then form a clique: at most one of them."""
        spans = sorted(
            ((minute(r.start), minute(r.end), var) for r, var in jobs), key=lambda s: s[:2]
        )
        for start, _, _ in spans:
            running = [var for s, e, var in spans if s <= start < e]
            if len(running) > 1:
                self.model.add_at_most_one(running)

    def _route(self, agenda: Agenda, job_day: date, jobs) -> list:
        """The on-site route of one interpreter on one day: home → stops → home."""
        nodes = [
            _Node(minute(r.start), minute(r.end), r.zone, var, r.id) for r, var in jobs if r.on_site
        ]
        if not nodes:
            return []
        nodes += [
            _Node(stop.start, stop.end, stop.zone)
            for stop in agenda.days.get(job_day, ())
            if stop.zone is not None
        ]
        nodes.sort(key=lambda n: (n.start, n.end))
        home = agenda.interpreter.home_zone
        iid = agenda.interpreter.id
        model, minutes = self.model, self.travel.minutes
        terms = []
        leave, back = [], []
        for index, node in enumerate(nodes):
            out_arc = model.new_bool_var(f"home_{iid}_{job_day}_{index}")
            in_arc = model.new_bool_var(f"back_{iid}_{job_day}_{index}")
            self.arcs[(iid, job_day, "home", index)] = out_arc
            self.arcs[(iid, job_day, index, "home")] = in_arc
            node.arcs_in.append(out_arc)
            node.arcs_out.append(in_arc)
            leave.append(out_arc)
            back.append(in_arc)
            terms += [minutes(home, node.zone) * out_arc, minutes(node.zone, home) * in_arc]
            for later_index in range(index + 1, len(nodes)):
                later = nodes[later_index]
                gap = minutes(node.zone, later.zone)
                if node.end + gap <= later.start:
                    arc = model.new_bool_var(f"arc_{iid}_{job_day}_{index}_{later_index}")
                    self.arcs[(iid, job_day, index, later_index)] = arc
                    node.arcs_out.append(arc)
                    later.arcs_in.append(arc)
                    terms.append(gap * arc)
        model.add(sum(leave) <= 1)
        model.add(sum(leave) == sum(back))
        for node in nodes:
            active = 1 if node.x is None else node.x
            model.add(sum(node.arcs_in) == active)
            model.add(sum(node.arcs_out) == active)
        self.route_nodes[(iid, job_day)] = nodes
        return terms

    def _fairness(self) -> None:
        """Per interpreter, cost >= each line of the convex function sum_h (load - h*step)^+."""
        step = FAIRNESS_STEP_MINUTES
        for iid, (base, minutes) in self.loads.items():
            most = base + sum(d for d, _ in minutes)
            load = base + sum(d * var for d, var in minutes)
            low, high = base // step, most // step + 1
            # On [h*step, (h+1)*step] the function is (h+1)*load - step*h*(h+1)/2 (+ constant).
            top = (high + 1) * most
            cost = self.model.new_int_var(0, top, f"fair_{iid}")
            for h in range(low, high + 1):
                self.model.add(cost >= (h + 1) * load - step * h * (h + 1) // 2)
            self.fairness_terms[iid] = cost

    def solve(
        self, reference: dict[int, int], seconds: float, workers: int, seed: int
    ) -> tuple[dict[int, int], list[PhaseStats], bool]:
        """The three phases, from the reference plan's part for this block (feasible, as the
        minutes it needs later are reserved) or a greedy plan of the block within the reserve,
        whichever fills more. Returns the plan, the phase statistics and whether fill was
        proved optimal."""
        started = time.perf_counter()
        deadline = started + seconds
        agendas = deepcopy(self.agendas)
        for iid, minutes in self.reserve.items():
            agendas[iid].worked_minutes += minutes  # the reserve counts as worked for greedy
        greedy = assign_greedily(self.requests, self.candidates, agendas)
        baseline = greedy if len(greedy) > len(reference) else reference
        plan = baseline
        stats: list[PhaseStats] = []
        if not self.x:
            return plan, stats, True

        self._hint(plan)
        self.model.add(self.filled >= len(baseline))
        self.model.maximize(self.fill_objective)
        status, solver = self._run(deadline - time.perf_counter(), FILL_SHARE, workers, seed)
        stats.append(self._stats("fill", status, solver))
        proved = status == cp_model.OPTIMAL
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return plan, stats, False
        plan = self._plan(solver)
        self.model.add(self.fill_objective >= round(solver.objective_value))

        self._fairness()  # its variables exist from phase 2 on, so that hints stay complete
        for phase, objective in (
            ("travel", self.travel_cost - self.preference_credit),
            ("fairness", sum(self.fairness_terms.values())),
        ):
            left = deadline - time.perf_counter()
            if left < MIN_PHASE_SECONDS:
                stats.append(
                    PhaseStats(phase, self.day, "SKIPPED", 0, 0, 0.0, len(self.requests))
                )
                break
            self.model.clear_hints()
            self._hint(plan)
            self.model.minimize(objective)
            share = TRAVEL_SHARE if phase == "travel" else 1.0
            status, solver = self._run(left, share, workers, seed)
            stats.append(self._stats(phase, status, solver))
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                break
            plan = self._plan(solver)
            if phase == "travel":
                self.model.add(objective <= round(solver.objective_value))
        return plan, stats, proved

    def _run(self, left: float, share: float, workers: int, seed: int):
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(left * share, MIN_PHASE_SECONDS)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        # As in course formation, presolve rewrites the model into one with a far weaker LP
        # bound: on a benchmark day (244 requests), the fill phase proved optimal in 4 s without
        # it and was still 6 % from its bound after 15 s with it.
        solver.parameters.cp_model_presolve = False
        # The route arcs' LP is what bounds travel; level 2 linearises every constraint and
        # proved the travel phase of that day about twice as fast.
        solver.parameters.linearization_level = 2
        return solver.solve(self.model), solver

    def _stats(self, phase: str, status: int, solver: cp_model.CpSolver) -> PhaseStats:
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        return PhaseStats(
            phase=phase,
            block=self.day,
            status=STATUS.get(status, str(status)),
            objective=round(solver.objective_value) if found else 0,
            bound=round(solver.best_objective_bound) if found else 0,
            seconds=solver.wall_time,
            requests=len(self.requests),
        )

    def _plan(self, solver: cp_model.CpSolver) -> dict[int, int]:
        return {rid: iid for (rid, iid), var in self.x.items() if solver.boolean_value(var)}

    def _hint(self, plan: dict[int, int]) -> None:
        """A complete hint: the plan's x, its routes' arcs and its fairness costs."""
        model = self.model
        for (rid, iid), var in self.x.items():
            model.add_hint(var, plan.get(rid) == iid)
        taken = set(plan.items())
        used_arcs = set()
        for (iid, job_day), nodes in self.route_nodes.items():
            active = [
                index
                for index, node in enumerate(nodes)
                if node.x is None or (node.request_id, iid) in taken
            ]
            if active:
                path = ["home", *active, "home"]
                used_arcs |= {(iid, job_day, a, b) for a, b in zip(path, path[1:])}
        for key, arc in self.arcs.items():
            model.add_hint(arc, key in used_arcs)
        duration = {r.id: r.duration_minutes for r in self.requests}
        for iid, cost in self.fairness_terms.items():
            base, _ = self.loads[iid]
            load = base + sum(duration[rid] for rid, k in plan.items() if k == iid)
            step = FAIRNESS_STEP_MINUTES
            h = load // step
            model.add_hint(cost, max(0, (h + 1) * load - step * h * (h + 1) // 2))
