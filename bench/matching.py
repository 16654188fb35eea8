"""Benchmark: proposing buddy duos, the optimal engine beside greedy (best available pair first).

Two synthetic groups (haven/community/matching/generate.py): 48 newcomers with 60 buddies (a
Samen Gentenaar group of the report's size) and 2,000 with 2,400. For each, and for both the
Samen Gentenaar and the TANDEM rules (TANDEM: the buddy must speak the mother tongue, so many
newcomers cannot be matched at all), both engines run on the same scores in the same run.
Printed per case: total score, the worst newcomer's score (0 when one is left unmatched), the
worst duo's score, unmatched newcomers and seconds, and the ratios optimal / greedy.

Exits non-zero when, in any case, the optimal proposal has a lower total, a lower worst
newcomer's score or more unmatched newcomers than greedy. It touches no database.

    .venv/bin/python bench/matching.py [--seed 2019] [--large 2000x2400]
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from haven.community.matching import SAMEN_GENTENAAR, TANDEM, Matching, propose, propose_greedy  # noqa: E402
from haven.community.matching.generate import generate_group  # noqa: E402


def timed(engine, newcomers, buddies, rules) -> tuple[Matching, float]:
    started = time.perf_counter()
    matching = engine(newcomers, buddies, rules=rules)
    return matching, time.perf_counter() - started


def ratio(a: float, b: float) -> str:
    return f"{a / b:.3f}" if b else "-"


def run_case(label: str, newcomers: int, buddies: int, rules, seed: int) -> bool:
    people, helpers = generate_group(newcomers, buddies, seed)
    optimal, optimal_seconds = timed(propose, people, helpers, rules)
    greedy, greedy_seconds = timed(propose_greedy, people, helpers, rules)
    print(f"\n{label}: {newcomers} newcomers × {buddies} buddies, {rules.name}")
    print(f"  {'':10} {'total':>9} {'worst':>6} {'worst duo':>10} {'unmatched':>10} {'seconds':>8}")
    for name, result, seconds in (("greedy", greedy, greedy_seconds), ("optimal", optimal, optimal_seconds)):
        print(
            f"  {name:10} {result.total:>9} {result.worst:>6} {result.worst_duo or 0:>10}"
            f" {len(result.unmatched_newcomers):>10} {seconds:>8.2f}"
        )
    print(
        f"  optimal / greedy: total {ratio(optimal.total, greedy.total)},"
        f" worst {ratio(optimal.worst, greedy.worst)}, seconds {ratio(optimal_seconds, greedy_seconds)}"
    )
    failures = []
    if optimal.total < greedy.total:
        failures.append("total below greedy")
    if optimal.worst < greedy.worst:
        failures.append("worst newcomer below greedy")
    if len(optimal.unmatched_newcomers) > len(greedy.unmatched_newcomers):
        failures.append("more unmatched than greedy")
    for failure in failures:
        print(f"  FAIL: {failure}")
    return not failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--large", default="2000x2400", help="the large group, NEWCOMERSxBUDDIES")
    arguments = parser.parse_args()
    large_newcomers, large_buddies = (int(part) for part in arguments.large.split("x"))
    cases = [
        ("group", 48, 60, SAMEN_GENTENAAR),
        ("group", 48, 60, TANDEM),
        ("large", large_newcomers, large_buddies, SAMEN_GENTENAAR),
        ("large", large_newcomers, large_buddies, TANDEM),
    ]
    passed = [run_case(label, n, b, rules, arguments.seed) for label, n, b, rules in cases]
    print("\nPASS" if all(passed) else "\nFAIL: the optimal proposal lost to greedy somewhere (above)")
    return 0 if all(passed) else 1


if __name__ == "__main__":
    sys.exit(main())
