"""The CP-SAT model of one block of requests and its three phases: fill, travel, fairness.

See engine.py for the model and the lexicographic objective."""

import itertools
import time
from collections import defaultdict
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model

from .agenda import Agenda
from .data import Interpreter, PhaseStats, Request, TravelTimes, minute
from .greedy import assign_greedily
from .improve import FAIRNESS_STEP_MINUTES, preference_credit
from .priority import MAX_PRIORITY

# Shares of a block's time for the fill and travel phases; fairness gets what is left.
FILL_SHARE, TRAVEL_SHARE = 0.5, 0.6
MIN_PHASE_SECONDS = 0.05
STATUS = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
    cp_model.UNKNOWN: "UNKNOWN",
}


@dataclass
class _Node:
    """A stop on an interpreter's on-site route: a candidate job (`x` set) or a fixed stop."""

    start: int
    end: int
    zone: str
    x: cp_model.IntVar | None = None
    request_id: int | None = None
    arcs_in: list[cp_model.IntVar] = field(default_factory=list)
    arcs_out: list[cp_model.IntVar] = field(default_factory=list)


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
        self.request_by_id = {r.id: r for r in self.requests}
        self.agendas = agendas
        self.travel = travel
        self.reserve = reserve
        self.model = cp_model.CpModel()
        # Minutes each interpreter may work in this block: what is left after the days before,
        # less what the reference plan needs from them on the days after.
        self.minutes_left = {iid: agenda.minutes_left - reserve.get(iid, 0) for iid, agenda in agendas.items()}
        self.candidates = self._candidates_now(candidates)
        self.x = {
            (r.id, i.id): self.model.new_bool_var(f"x_{r.id}_{i.id}")
            for r in self.requests
            for i in self.candidates[r.id]
        }
        by_interpreter = self._one_interpreter_per_request()
        self.filled = sum(self.x.values())
        top = MAX_PRIORITY * len(self.requests) + 1
        self.priority = priority
        self.fill_objective = sum((top + priority[rid]) * var for (rid, _), var in self.x.items())
        self.arcs: dict[tuple, cp_model.IntVar] = {}
        self.route_nodes: dict[tuple[int, date], list[_Node]] = {}
        self.loads: dict[int, tuple[int, list[tuple[int, cp_model.IntVar]]]] = {}
        travel_terms = []
        for iid, pairs in by_interpreter.items():
            travel_terms += self._interpreter_rules(agendas[iid], pairs)
        self.travel_cost = sum(travel_terms)
        self.preference_credit = sum(
            preference_credit(self.request_by_id[rid], agendas[iid].interpreter) * var
            for (rid, iid), var in self.x.items()
        )
        self.fairness_terms: dict[int, cp_model.IntVar] = {}

    def _candidates_now(self, candidates: dict[int, list[Interpreter]]) -> dict[int, list[Interpreter]]:
        """The static candidates of each request that still have the hours and a free slot."""
        return {
            r.id: [
                i
                for i in candidates[r.id]
                if r.duration_minutes <= self.minutes_left[i.id] and self.agendas[i.id].can_take(r)
            ]
            for r in self.requests
        }

    def _one_interpreter_per_request(self) -> dict[int, list[tuple[int, cp_model.IntVar]]]:
        """At most one interpreter per request; returns each interpreter's (request id, x) pairs."""
        by_request = defaultdict(list)
        by_interpreter = defaultdict(list)
        for (rid, iid), var in self.x.items():
            by_request[rid].append(var)
            by_interpreter[iid].append((rid, var))
        for variables in by_request.values():
            self.model.add_at_most_one(variables)
        return by_interpreter

    def _interpreter_rules(self, agenda: Agenda, pairs: list[tuple[int, cp_model.IntVar]]) -> list[cp_model.LinearExpr]:
        """One interpreter's hours left, no two jobs at once and day routes; returns the
        route's travel terms."""
        iid = agenda.interpreter.id
        minutes = [(self.request_by_id[rid].duration_minutes, var) for rid, var in pairs]
        if sum(d for d, _ in minutes) > self.minutes_left[iid]:
            self.model.add(sum(d * var for d, var in minutes) <= self.minutes_left[iid])
        self.loads[iid] = (agenda.worked_minutes, minutes)
        per_day = defaultdict(list)
        for rid, var in pairs:
            per_day[self.request_by_id[rid].day].append((self.request_by_id[rid], var))
        travel_terms = []
        for job_day, jobs in per_day.items():
            self._no_overlap(jobs)
            travel_terms += self._route(agenda, job_day, jobs)
        return travel_terms

    def _no_overlap(self, jobs: list[tuple[Request, cp_model.IntVar]]) -> None:
        """At each job's start, the jobs running then form a clique: at most one of them."""
        spans = sorted(((minute(r.start), minute(r.end), var) for r, var in jobs), key=lambda s: s[:2])
        for start, _, _ in spans:
            running = [var for s, e, var in spans if s <= start < e]
            if len(running) > 1:
                self.model.add_at_most_one(running)

    def _route(
        self, agenda: Agenda, job_day: date, jobs: list[tuple[Request, cp_model.IntVar]]
    ) -> list[cp_model.LinearExpr]:
        """The on-site route of one interpreter on one day: home → stops → home."""
        nodes = [_Node(minute(r.start), minute(r.end), r.site_zone, var, r.id) for r, var in jobs if r.on_site]
        if not nodes:
            return []
        nodes += [
            _Node(stop.start, stop.end, stop.zone) for stop in agenda.days.get(job_day, ()) if stop.zone is not None
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
        self, reference: dict[int, int], seconds: float, workers: int, seed: int, *, fixed: bool = False
    ) -> tuple[dict[int, int], list[PhaseStats], bool]:
        """The three phases, from the reference plan's part for this block (feasible, as the
        minutes it needs later are reserved) or a greedy plan of the block within the reserve,
        whichever fills more. With `fixed` the fill was settled for the whole period already
        (fill.py): no fill phase, the block keeps at least the reference's fill objective.
        Returns the plan, the phase statistics and whether fill was proved optimal."""
        deadline = time.perf_counter() + seconds
        stats: list[PhaseStats] = []
        plan = dict(reference) if fixed else self._start_plan(reference)
        if not self.x:
            return plan, stats, True
        if fixed:
            self.model.add(self.fill_objective >= self._fill_value(plan))
            proved = True
        else:
            plan, proved, solved = self._fill_phase(plan, deadline, workers, seed, stats)
            if not solved:
                return plan, stats, False

        self._fairness()  # its variables exist from phase 2 on, so that hints stay complete
        for phase, objective in (
            ("travel", self.travel_cost - self.preference_credit),
            ("fairness", sum(self.fairness_terms.values())),
        ):
            left = deadline - time.perf_counter()
            if left < MIN_PHASE_SECONDS:
                stats.append(PhaseStats(phase, self.day, "SKIPPED", 0, 0, 0.0, len(self.requests)))
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

    def _start_plan(self, reference: dict[int, int]) -> dict[int, int]:
        """The reference's part or greedy's plan of the block within the reserve, whichever
        fills more."""
        agendas = deepcopy(self.agendas)
        for iid, minutes in self.reserve.items():
            agendas[iid].worked_minutes += minutes  # the reserve counts as worked for greedy
        greedy = assign_greedily(self.requests, self.candidates, agendas)
        return greedy if len(greedy) > len(reference) else reference

    def _fill_phase(
        self, plan: dict[int, int], deadline: float, workers: int, seed: int, stats: list[PhaseStats]
    ) -> tuple[dict[int, int], bool, bool]:
        """Phase 1 on this block alone, from `plan`; its statistics go to `stats`. Returns the
        plan, whether it was proved optimal and whether the solver found one at all."""
        self._hint(plan)
        self.model.add(self.filled >= len(plan))
        self.model.maximize(self.fill_objective)
        status, solver = self._run(deadline - time.perf_counter(), FILL_SHARE, workers, seed)
        stats.append(self._stats("fill", status, solver))
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return plan, False, False
        self.model.add(self.fill_objective >= round(solver.objective_value))
        return self._plan(solver), status == cp_model.OPTIMAL, True

    def _fill_value(self, plan: dict[int, int]) -> int:
        """The block's fill objective of a plan (its pairs that are in the model)."""
        top = MAX_PRIORITY * len(self.requests) + 1
        return sum(top + self.priority[rid] for rid, iid in plan.items() if (rid, iid) in self.x)

    def _run(
        self, left: float, share: float, workers: int, seed: int
    ) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
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

    def _stats(self, phase: str, status: cp_model.CpSolverStatus, solver: cp_model.CpSolver) -> PhaseStats:
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
            active = [index for index, node in enumerate(nodes) if node.x is None or (node.request_id, iid) in taken]
            if active:
                path = ["home", *active, "home"]
                used_arcs |= {(iid, job_day, a, b) for a, b in itertools.pairwise(path)}
        for key, arc in self.arcs.items():
            model.add_hint(arc, key in used_arcs)
        duration = {r.id: r.duration_minutes for r in self.requests}
        for iid, cost in self.fairness_terms.items():
            base, _ = self.loads[iid]
            load = base + sum(duration[rid] for rid, k in plan.items() if k == iid)
            step = FAIRNESS_STEP_MINUTES
            h = load // step
            model.add_hint(cost, max(0, (h + 1) * load - step * h * (h + 1) // 2))
