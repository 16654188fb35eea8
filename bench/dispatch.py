"""Benchmark: dispatching a week of interpreting requests, beside greedy and beside the bounds.

Generates synthetic weeks (default 1,000 requests, 200 interpreters, 33 languages with a scarce
tail, 12 zones; see haven/interpreting/dispatch/generate.py), one per seed, and runs the greedy
baseline and the CP-SAT engine on each in the same run; both answers are checked against every
hard rule. Per seed it prints requests filled, travel minutes, the spread of weekly hours (the
standard deviation among interpreters who could work) and seconds, for greedy and the engine.

Then, in separate solves not counted in the engine's budget (their cost is printed):

* the fill bound: the week's fill (number of requests filled) solved as one model, from the
  engine's plan, for --bound-seconds: "proved" if the optimum is proved, else its upper bound.
  The model is the engine's own (fill.py: exact when the travel table is metric, as here).
* the spread bound: the least spread any plan can have that fills the same requests (travel left
  free, so it also bounds the plans that travel no more than the engine), for --spread-seconds:
  the solver's proven lower bound on the standard deviation.

Exits non-zero if, on any seed, the engine's fill is more than 0.5 % under the fill bound, it
travels more than greedy, its spread is more than 1.2 x greedy's, a plan breaks a rule, or the
seeds' greedy and engine runs take more than 60 s in all (each seed gets 60 s x 0.85 / seeds
unless --time-limit says otherwise).

    .venv/bin/python bench/dispatch.py [--seeds 3] [--bound-seconds 60] [--spread-seconds 30]
        [--requests 1000] [--interpreters 200] [--parts]
"""

import argparse
import math
import sys
import time
from collections import defaultdict
from pathlib import Path

from ortools.sat.python import cp_model

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from haven.interpreting.dispatch import (  # noqa: E402
    Agenda,
    Dispatch,
    dispatch,
    dispatch_greedy,
    dispatch_problems,
    generate_week,
)
from haven.interpreting.dispatch.fill import WeekFill, metric  # noqa: E402
from haven.interpreting.dispatch.greedy import eligible  # noqa: E402

TOTAL_SECONDS = 60.0  # the acceptance line: every seed's greedy and engine runs within 60 s in all
FILL_GAP = 0.005  # the engine's fill at most 0.5 % under the bound
SPREAD_RATIO = 1.2  # the engine's spread at most 1.2 x greedy's
RANDOM_SEED = 20190101


def ratio(a: float, b: float) -> str:
    return f"{a / b:.3f}" if b else "-"


def fill_bound(week, plan: dict[int, int], seconds: float, workers: int) -> tuple[int, bool, float]:
    """The most requests the week can fill (an upper bound, or the optimum when proved), from
    the engine's plan; with the solve's seconds."""
    candidates = eligible(week.requests, week.interpreters)
    agendas = {i.id: Agenda.of(i, week.travel) for i in week.interpreters}
    model_of = WeekFill(week.requests, candidates, agendas, week.travel, {r.id: 1 for r in week.requests})
    model, x = model_of.model()
    for key, var in x.items():
        model.add_hint(var, plan.get(key[0]) == key[1])
    solver = _solver(seconds, workers)
    status = solver.solve(model)
    return math.floor(solver.best_objective_bound + 1e-6), status == cp_model.OPTIMAL, solver.wall_time


def spread_bound(week, plan: dict[int, int], seconds: float, workers: int) -> tuple[float, bool, float]:
    """A lower bound on the spread (population standard deviation of weekly hours among those who
    could work) of any plan that fills the same requests; whether it is proved; its seconds.

    Minimises the sum over interpreters of a convex piecewise-linear function of their week's
    minutes that equals (load² + step·load) / (2·step) wherever the load is a multiple of step,
    step being the greatest common divisor of every duration and booked time: every load is such
    a multiple, the total is fixed by the requests, so the bound on the sum bounds the variance.
    """
    candidates = eligible(week.requests, week.interpreters)
    agendas = {i.id: Agenda.of(i, week.travel) for i in week.interpreters}
    requests = [r for r in week.requests if r.id in plan]
    model_of = WeekFill(requests, candidates, agendas, week.travel, {r.id: 1 for r in requests})
    model, x = model_of.model()
    by_request: dict[int, list] = defaultdict(list)
    by_interpreter: dict[int, list] = defaultdict(list)
    for (request_id, interpreter_id), var in x.items():
        by_request[request_id].append(var)
        by_interpreter[interpreter_id].append((model_of.request_by_id[request_id].duration_minutes, var))
    for variables in by_request.values():
        model.add(sum(variables) == 1)
    could = sorted({i.id for found in candidates.values() for i in found})
    step = math.gcd(*(r.duration_minutes for r in week.requests), *(agendas[i].worked_minutes for i in could))
    total = sum(agendas[i].worked_minutes for i in could) + sum(r.duration_minutes for r in requests)
    planned = defaultdict(int)
    for request in requests:
        planned[plan[request.id]] += request.duration_minutes
    costs = []
    for interpreter_id in could:
        base, jobs = agendas[interpreter_id].worked_minutes, by_interpreter.get(interpreter_id, [])
        most = base + min(sum(d for d, _ in jobs), agendas[interpreter_id].minutes_left)
        load = model.new_int_var(base, most, f"load_{interpreter_id}")
        model.add(load == base + sum(d * var for d, var in jobs))
        model.add_hint(load, base + planned[interpreter_id])
        cost = model.new_int_var(0, (most // step + 2) * most, f"cost_{interpreter_id}")
        for h in range(base // step, most // step + 1):
            model.add(cost >= (h + 1) * load - step * h * (h + 1) // 2)
        hinted = (base + planned[interpreter_id]) // step
        model.add_hint(cost, step * hinted * (hinted + 1) // 2)
        costs.append(cost)
    model.minimize(sum(costs))
    for key, var in x.items():
        model.add_hint(var, plan[key[0]] == key[1])
    solver = _solver(seconds, workers)
    status = solver.solve(model)
    squares = 2 * step * solver.best_objective_bound - step * total
    variance = squares / len(could) - (total / len(could)) ** 2
    return math.sqrt(max(variance, 0.0)) / 60, status == cp_model.OPTIMAL, solver.wall_time


def _solver(seconds: float, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = RANDOM_SEED
    solver.parameters.cp_model_presolve = False  # the clique cover's LP is what proves (fill.py)
    return solver


def row(label: str, result: Dispatch, seconds: float, extra: str = "") -> str:
    return (
        f"{'':>4} {label:<8} {result.filled:>6} {result.travel_minutes:>7} {result.hours_std_dev:>7.2f} "
        f"{seconds:>7.2f}{extra}"
    )


def phases(result: Dispatch) -> str:
    """The engine's solves in short: each phase's statuses in order (O optimal, F feasible,
    U none found, S skipped) and its seconds."""
    by_phase: dict[str, list] = defaultdict(list)
    for phase in result.phases:
        by_phase[phase.phase].append(phase)
    return ", ".join(
        f"{name} {''.join(p.status[0] for p in found)} {sum(p.seconds for p in found):.1f} s"
        for name, found in by_phase.items()
    )


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--interpreters", type=int, default=200)
    parser.add_argument("--languages", type=int, default=33)
    parser.add_argument(
        "--time-limit", type=float, default=None, help="seconds per seed (default: 85 %% of 60 s shared by the seeds)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--bound-seconds", type=float, default=60.0, help="the fill bound's solve, per seed")
    parser.add_argument("--spread-seconds", type=float, default=30.0, help="the spread bound's solve, per seed")
    parser.add_argument(
        "--parts",
        action="store_true",
        help="solve each day's independent parts apart (engine.components), not as one model",
    )
    args = parser.parse_args()
    if args.time_limit is None:
        args.time_limit = 0.85 * TOTAL_SECONDS / args.seeds
    return args


def main() -> int:
    args = parse()
    print(
        f"{args.requests} requests, {args.interpreters} interpreters, {args.languages} languages, "
        f"seeds 1–{args.seeds}, time limit {args.time_limit:g} s per seed, {args.workers} workers"
        + (", independent parts" if args.parts else "")
        + f"; bounds: fill {args.bound_seconds:g} s, spread {args.spread_seconds:g} s per seed (not counted)"
    )
    print(f"seed {'method':<8} {'filled':>6} {'travel':>7} {'spread':>7} {'seconds':>7}")
    failures: list[str] = []
    total_seconds = 0.0
    for seed in range(1, args.seeds + 1):
        week = generate_week(seed, requests=args.requests, interpreters=args.interpreters, languages=args.languages)
        started = time.perf_counter()
        greedy = dispatch_greedy(week.requests, week.interpreters, week.travel)
        greedy_seconds = time.perf_counter() - started
        engine = dispatch(
            week.requests,
            week.interpreters,
            week.travel,
            time_limit_seconds=args.time_limit,
            workers=args.workers,
            decompose=args.parts,
        )
        seed_seconds = time.perf_counter() - started
        total_seconds += seed_seconds
        print(f"{seed:>4}")
        print(row("greedy", greedy, greedy_seconds))
        print(row("engine", engine, seed_seconds - greedy_seconds, f"  ({engine.method}; {phases(engine)})"))
        for label, result in (("greedy", greedy), ("engine", engine)):
            problems = dispatch_problems(result, week.requests, week.interpreters, week.travel)
            if problems:
                failures.append(f"seed {seed}: {label} breaks rules: {problems[:3]}")
        failures += bounds(seed, week, greedy, engine, args)
    print(f"all seeds: {total_seconds:.1f} s for greedy and the engine together (budget {TOTAL_SECONDS:g} s)")
    if total_seconds > TOTAL_SECONDS:
        failures.append(f"the seeds took {total_seconds:.1f} s in all > {TOTAL_SECONDS:g} s")
    for failure in failures:
        print(f"FAIL: {failure}")
    if not failures:
        print("OK: every goal met")
    return 1 if failures else 0


def bounds(seed: int, week, greedy: Dispatch, engine: Dispatch, args: argparse.Namespace) -> list[str]:
    """The fill and spread bounds of one seed, printed beside the engine's; the goals missed."""
    failures = []
    plan = engine.interpreter_of()
    if metric(week.requests, week.interpreters, week.travel):
        bound, proved, seconds = fill_bound(week, plan, args.bound_seconds, args.workers)
        gap = (bound - engine.filled) / bound if bound else 0.0
        print(
            f"{'':>4} fill     engine {engine.filled}, optimum {'= ' if proved else '<= '}{bound} "
            f"({'proved' if proved else 'bound'}, {seconds:.1f} s): gap {100 * gap:.2f} % "
            f"(goal <= {100 * FILL_GAP:.1f} %); greedy {greedy.filled}"
        )
        if gap > FILL_GAP:
            failures.append(f"seed {seed}: fill {engine.filled} is {100 * gap:.2f} % under the bound {bound}")
    else:
        print(f"{'':>4} fill     no bound: the travel table is not metric")
    print(
        f"{'':>4} travel   engine {engine.travel_minutes}, greedy {greedy.travel_minutes}: "
        f"{ratio(engine.travel_minutes, greedy.travel_minutes)} x (goal <= 1)"
    )
    if engine.travel_minutes > greedy.travel_minutes:
        failures.append(f"seed {seed}: travel {engine.travel_minutes} > greedy's {greedy.travel_minutes}")
    low, proved, seconds = spread_bound(week, plan, args.spread_seconds, args.workers)
    print(
        f"{'':>4} spread   engine {engine.hours_std_dev:.2f} h, greedy {greedy.hours_std_dev:.2f} h: "
        f"{ratio(engine.hours_std_dev, greedy.hours_std_dev)} x (goal <= {SPREAD_RATIO:g}); lower bound for "
        f"these requests {'= ' if proved else '>= '}{low:.2f} h ({'proved' if proved else 'bound'}, {seconds:.1f} s)"
    )
    if engine.hours_std_dev > SPREAD_RATIO * greedy.hours_std_dev:
        failures.append(f"seed {seed}: spread {engine.hours_std_dev:.2f} > {SPREAD_RATIO:g} x greedy's")
    return failures


if __name__ == "__main__":
    sys.exit(main())
