"""The fill phase over the whole period at once: which requests get an interpreter.

Whether a set of jobs fits an interpreter's day depends on their route only through the travel
between consecutive on-site jobs. When the travel table is metric over the period's zones (no
detour through a third zone, with a job there, is ever quicker than going straight), a day's
jobs fit if and only if every *pair* of them fits: consecutive pairs are pairs, and if a → c → b
fits then a → b fits. The fill phase then needs no route at all: per interpreter and day, the
pairs of candidate jobs that cannot both be theirs (overlapping, or too little time to travel
between them) are covered by cliques, each an at-most-one. This model is a tenth of the size of
the route model (no arcs) and its LP relaxation is nearly integral, so CP-SAT proves the week's
optimum where the route model did not find it (see ARCHITECTURE.md, "Dispatch").

`metric` says whether this exact model applies; if not, the engine fills day by day with routes.
"""

import itertools
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from .agenda import Agenda
from .block import STATUS
from .data import Interpreter, PhaseStats, Request, TravelTimes, minute
from .greedy import first_come_order, pick

# Only jobs starting within this many minutes after another's end are checked for a clash.
MAX_TRAVEL_CHECK = 24 * 60


def metric(requests: Sequence[Request], interpreters: Sequence[Interpreter], travel: TravelTimes) -> bool:
    """True if going straight between two zones never takes longer than a detour through a third
    with the shortest job there: then pairwise fit is the same as a feasible route."""
    zones = sorted(
        {r.site_zone for r in requests if r.on_site}
        | {b.zone for i in interpreters for b in i.bookings if b.zone is not None}
    )
    shortest = min((r.duration_minutes for r in requests), default=0)
    minutes = travel.minutes
    return all(
        minutes(a, b) <= minutes(a, c) + shortest + minutes(c, b) for a, b, c in itertools.product(zones, repeat=3)
    )


def clash(first: Request, second: Request, travel: TravelTimes) -> bool:
    """The two jobs cannot both go to one interpreter: they overlap, or are both on site with
    too little time to travel from the earlier to the later."""
    if (minute(first.start), first.id) > (minute(second.start), second.id):
        first, second = second, first
    gap = travel.minutes(first.site_zone, second.site_zone) if first.on_site and second.on_site else 0
    return minute(first.end) + gap > minute(second.start)


def clash_cliques(jobs: Sequence[Request], travel: TravelTimes) -> list[list[Request]]:
    """Cliques of the clash graph of one interpreter's candidate jobs on one day that together
    cover every clash: each job, in start order, seeds cliques with the first of its later
    clashing jobs not covered yet, grown by every other later job that clashes with them all,
    until each such pair is covered. Deterministic."""
    ordered = sorted(jobs, key=lambda r: (minute(r.start), r.id))
    later: list[list[int]] = [[] for _ in ordered]
    for i, first in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            if minute(ordered[j].start) > minute(first.end) + MAX_TRAVEL_CHECK:
                break
            if clash(first, ordered[j], travel):
                later[i].append(j)
    linked = [set(found) for found in later]
    for i, found in enumerate(later):
        for j in found:
            linked[j].add(i)
    cliques = []
    for i, found in enumerate(later):
        open_pairs = list(found)
        while open_pairs:
            members = [i, open_pairs[0]]
            for j in found:
                if j != members[1] and all(j in linked[m] for m in members[1:]):
                    members.append(j)
            covered = set(members)
            open_pairs = [j for j in open_pairs if j not in covered]
            cliques.append([ordered[m] for m in members])
    return cliques


class WeekFill:
    """The fill model of a whole period (metric travel only): x[r, k] for the pairs that pass
    every static rule and fit k's fixed bookings; at most one interpreter per request; each
    interpreter's minutes within their hours left; the clash cliques. Objective: the engine's
    fill objective (number filled first, then the requests' priorities)."""

    def __init__(
        self,
        requests: Sequence[Request],
        candidates: Mapping[int, Sequence[Interpreter]],
        agendas: Mapping[int, Agenda],
        travel: TravelTimes,
        weight: Mapping[int, int],
    ) -> None:
        self.requests = list(requests)
        self.request_by_id = {r.id: r for r in self.requests}
        self.candidates = candidates
        self.agendas = agendas
        self.keys = [(r.id, i.id) for r in self.requests for i in candidates[r.id] if agendas[i.id].can_take(r)]
        self.weight = {key: weight[key[0]] for key in self.keys}
        by_request: dict[int, list[tuple[int, int]]] = defaultdict(list)
        by_interpreter: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for key in self.keys:
            by_request[key[0]].append(key)
            by_interpreter[key[1]].append(key)
        self.at_most_one = list(by_request.values())
        self.caps: list[tuple[list[tuple[int, int]], int]] = []
        for interpreter_id, keys in by_interpreter.items():
            left = agendas[interpreter_id].minutes_left
            if sum(self.request_by_id[r].duration_minutes for r, _ in keys) > left:
                self.caps.append((keys, left))
            per_day: dict[object, list[Request]] = defaultdict(list)
            for request_id, _ in keys:
                per_day[self.request_by_id[request_id].day].append(self.request_by_id[request_id])
            for jobs in per_day.values():
                self.at_most_one += [[(r.id, interpreter_id) for r in c] for c in clash_cliques(jobs, travel)]

    def model(self, objective: Mapping[tuple[int, int], int] | None = None) -> tuple[cp_model.CpModel, dict]:
        """The CP-SAT model, maximising the fill objective (or `objective`, per pair)."""
        model = cp_model.CpModel()
        x = {key: model.new_bool_var(f"x_{key[0]}_{key[1]}") for key in self.keys}
        for group in self.at_most_one:
            model.add_at_most_one(x[key] for key in group)
        for keys, left in self.caps:
            model.add(sum(self.request_by_id[r].duration_minutes * x[(r, k)] for r, k in keys) <= left)
        weights = objective if objective is not None else self.weight
        model.maximize(sum(weights[key] * var for key, var in x.items()))
        return model, x

    def value(self, plan: Mapping[int, int]) -> int:
        return sum(self.weight.get((r, k), 0) for r, k in plan.items())

    def lp_values(self) -> dict[tuple[int, int], float]:
        """The LP relaxation's optimum (GLOP), per pair; empty if GLOP fails."""
        solver = pywraplp.Solver.CreateSolver("GLOP")
        y = {key: solver.NumVar(0, 1, "") for key in self.keys}
        for group in self.at_most_one:
            solver.Add(sum(y[key] for key in group) <= 1)
        for keys, left in self.caps:
            solver.Add(sum(self.request_by_id[r].duration_minutes * y[(r, k)] for r, k in keys) <= left)
        solver.Maximize(sum(self.weight[key] * var for key, var in y.items()))
        if solver.Solve() != pywraplp.Solver.OPTIMAL:
            return {}
        return {key: var.solution_value() for key, var in y.items()}

    def rounded(self, values: Mapping[tuple[int, int], float]) -> dict[int, int]:
        """The LP optimum rounded: pairs at more than one half, highest first, while they fit;
        then greedy's rule for what is left. The LP is nearly integral here, so this is a good
        first plan for the solver (about 0.5 % from the optimum on the benchmark weeks)."""
        agendas = {iid: Agenda.of(agenda.interpreter, agenda.travel) for iid, agenda in self.agendas.items()}
        plan: dict[int, int] = {}
        for key in sorted((k for k in self.keys if values.get(k, 0) > 0.5), key=lambda k: (-values[k], k)):
            request = self.request_by_id[key[0]]
            if request.id not in plan and agendas[key[1]].can_take(request):
                agendas[key[1]].take(request)
                plan[request.id] = key[1]
        for request in sorted(self.requests, key=first_come_order):
            if request.id not in plan:
                agenda = pick(request, (agendas[i.id] for i in self.candidates[request.id]))
                if agenda is not None:
                    agenda.take(request)
                    plan[request.id] = agenda.interpreter.id
        return plan

    def solve(
        self,
        starts: Sequence[Mapping[int, int]],
        seconds: float,
        workers: int,
        seed: int,
        *,
        only: Collection[tuple[int, int]] | None = None,
    ) -> tuple[dict[int, int], PhaseStats, bool]:
        """CP-SAT from the best of `starts` (each a valid plan), at least as good as it; with
        `only`, every other pair is left out (a neighbourhood: the pairs the LP uses, and the
        starts'). Returns the plan, the phase's statistics and whether it was proved optimal
        (within the neighbourhood, if any)."""
        first: Mapping[int, int] = max(starts, key=self.value)
        best = dict(first)
        model, x = self.model()
        for key, var in x.items():
            model.add_hint(var, best.get(key[0]) == key[1])
            if only is not None and key not in only and best.get(key[0]) != key[1]:
                model.add(var == 0)
        model.add(sum(self.weight[key] * var for key, var in x.items()) >= self.value(best))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(seconds, 0.05)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        # Presolve rewrites the clique cover into a model with a weaker LP: off, as in block.py.
        solver.parameters.cp_model_presolve = False
        status = solver.solve(model)
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        if found:
            best = {r: k for (r, k), var in x.items() if solver.boolean_value(var)}
        stats = PhaseStats(
            phase="fill",
            block=None,
            status=STATUS.get(status, str(status)),
            objective=round(solver.objective_value) if found else self.value(best),
            bound=round(solver.best_objective_bound) if found else 0,
            seconds=solver.wall_time,
            requests=len(self.requests),
        )
        return best, stats, status == cp_model.OPTIMAL
