"""Benchmark: dispatching a week of interpreting requests.

Generates synthetic weeks (default 1,000 requests, 200 interpreters, 33 languages with a scarce
tail, 12 zones; see haven/interpreting/dispatch/generate.py), one per seed, and runs the greedy
baseline and the CP-SAT engine on each in the same run. Both answers are checked against every
hard rule. Prints requests filled, the standard deviation of weekly hours among interpreters who
could work, travel minutes and seconds, and the ratios CP-SAT / greedy. Exits non-zero if CP-SAT
fills fewer requests than greedy on any seed, or the solves take more than 60 s in all (the
budget is shared by the seeds: 60 s × 0.85 / seeds each unless --time-limit says otherwise).

    .venv/bin/python bench/dispatch.py [--seeds 3] [--requests 1000] [--interpreters 200]
        [--parts]
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from haven.interpreting.dispatch import (  # noqa: E402
    dispatch,
    dispatch_greedy,
    dispatch_problems,
    generate_week,
)

TOTAL_SECONDS = 60.0  # the acceptance line: every seed's solves within 60 s in all


def ratio(a: float, b: float) -> str:
    return f"{a / b:.3f}" if b else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--interpreters", type=int, default=200)
    parser.add_argument("--languages", type=int, default=33)
    parser.add_argument(
        "--time-limit", type=float, default=None, help="seconds per seed (default: 85 %% of 60 s shared by the seeds)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--parts",
        action="store_true",
        help="solve each day's independent parts apart (engine.components), not as one model",
    )
    args = parser.parse_args()
    if args.time_limit is None:
        args.time_limit = 0.85 * TOTAL_SECONDS / args.seeds
    print(
        f"{args.requests} requests, {args.interpreters} interpreters, {args.languages} languages, "
        f"seeds 1–{args.seeds}, time limit {args.time_limit:g} s, {args.workers} workers"
        + (", independent parts" if args.parts else ", one model per day")
    )
    header = (
        f"{'seed':>4} {'method':<8} {'filled':>7} {'hours sd':>9} {'travel min':>11} {'seconds':>8} {'fill proved':>12}"
    )
    print(header)
    failures = []
    total_seconds = 0.0
    for seed in range(1, args.seeds + 1):
        week = generate_week(
            seed,
            requests=args.requests,
            interpreters=args.interpreters,
            languages=args.languages,
        )
        started = time.perf_counter()
        greedy = dispatch_greedy(week.requests, week.interpreters, week.travel)
        exact = dispatch(
            week.requests,
            week.interpreters,
            week.travel,
            time_limit_seconds=args.time_limit,
            workers=args.workers,
            decompose=args.parts,
        )
        seed_seconds = time.perf_counter() - started
        total_seconds += seed_seconds
        for label, result in (("greedy", greedy), ("cp-sat", exact)):
            problems = dispatch_problems(result, week.requests, week.interpreters, week.travel)
            if problems:
                failures.append(f"seed {seed}: {label} breaks rules: {problems[:3]}")
            proved = "-" if label == "greedy" else ("yes" if result.optimal else "no")
            print(
                f"{seed:>4} {label:<8} {result.filled:>7} {result.hours_std_dev:>9.2f} "
                f"{result.travel_minutes:>11} {result.solver_seconds:>8.2f} {proved:>12}"
                + (f"  ({result.method})" if result.method not in ("greedy", "cp-sat") else "")
            )
        # With --parts a day is solved as independent parts (see engine.components): the marks
        # are the largest part's per day, then how many of all parts proved the phase.
        largest: dict[str, dict] = {}
        proved_count: dict[str, list[int]] = {}
        for phase in exact.phases:
            best = largest.setdefault(phase.phase, {})
            if phase.block not in best or phase.requests > best[phase.block].requests:
                best[phase.block] = phase
            counts = proved_count.setdefault(phase.phase, [0, 0])
            counts[0] += phase.status == "OPTIMAL"
            counts[1] += 1
        print(
            f"{'':>4} ratios   filled {ratio(exact.filled, greedy.filled)}, "
            f"hours sd {ratio(exact.hours_std_dev, greedy.hours_std_dev)}, "
            f"travel {ratio(exact.travel_minutes, greedy.travel_minutes)}; largest part per day "
            + ", ".join(
                f"{name} {''.join(best[day].status[0] for day in sorted(best, key=str))}"
                f" ({proved_count[name][0]}/{proved_count[name][1]} parts O)"
                for name, best in largest.items()
            )
            + " (O optimal, F feasible, U none, S skipped)"
        )
        if exact.filled < greedy.filled:
            failures.append(f"seed {seed}: CP-SAT fills {exact.filled} < greedy {greedy.filled}")
    print(f"all seeds: {total_seconds:.1f} s for greedy and CP-SAT together")
    if total_seconds > TOTAL_SECONDS:
        failures.append(f"the seeds took {total_seconds:.1f} s in all > {TOTAL_SECONDS:g} s")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
