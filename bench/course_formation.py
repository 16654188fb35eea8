"""Benchmark: forming civic-orientation courses for a long waiting list.

Generates a synthetic waiting list (default 2,000 people over 16 languages with Zipf-like demand
and 3 slots; each person accepts 1–3 slots and 1–2 languages), 25 teachers (1–3 languages, 1–3
slots, at most 2 courses each), enough rooms, and course limits 8–16, all from a fixed seed. Runs
the greedy baseline and the CP-SAT engine in the same run, checks both proposals against every
rule, and prints people served, courses, seconds, whether optimality was proved, and the ratio
served CP-SAT / greedy. Exits non-zero unless CP-SAT serves at least as many people as greedy
within the time limit.

    .venv/bin/python bench/course_formation.py [--people 2000] [--seed 7] [--time-limit 30]
"""

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from haven.orientation.formation import (  # noqa: E402
    Learner,
    Limits,
    Room,
    Teacher,
    proposal_problems,
    propose,
    propose_greedy,
)

# The languages of Ghent's MO courses, most asked first (ISO 639-3).
LANGUAGES = [
    "ara",
    "tur",
    "bul",
    "prs",
    "rus",
    "fra",
    "eng",
    "pus",
    "som",
    "tir",
    "fas",
    "spa",
    "pol",
    "ron",
    "urd",
    "kmr",
]
SLOTS = ["day", "evening", "weekend"]
# Slack on the time limit for building the model and the courses around the solves.
SECONDS_MARGIN = 1.0


def waiting_list(people: int, rng: random.Random) -> list[Learner]:
    demand = [1 / (rank + 1) for rank in range(len(LANGUAGES))]  # Zipf, exponent 1
    learners = []
    for learner_id in range(1, people + 1):
        languages = {rng.choices(LANGUAGES, demand)[0]}
        if rng.random() < 0.4:  # a contact language besides the mother tongue
            languages.add(rng.choices(LANGUAGES, demand)[0])
        slots = rng.sample(SLOTS, rng.choice([1, 1, 2, 2, 3]))
        waiting_since = date(2019, 12, 31) - timedelta(days=rng.randrange(730))
        learners.append(Learner(learner_id, frozenset(languages), frozenset(slots), waiting_since))
    return learners


def staff(rng: random.Random) -> tuple[list[Teacher], list[Room]]:
    demand = [1 / (rank + 1) ** 0.7 for rank in range(len(LANGUAGES))]  # teachers follow demand, less steeply
    teachers = []
    for teacher_id in range(1, 26):
        languages = frozenset(rng.choices(LANGUAGES, demand, k=rng.randint(1, 3)))
        slots = frozenset(rng.sample(SLOTS, rng.randint(1, 3)))
        teachers.append(Teacher(teacher_id, languages, slots, max_courses=2))
    rooms = [
        Room(
            room_id,
            frozenset(rng.sample(SLOTS, rng.randint(2, 3))),
            rng.choice([10, 12, 14, 16, 20]),
        )
        for room_id in range(1, 31)
    ]
    return teachers, rooms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    learners = waiting_list(args.people, rng)
    teachers, rooms = staff(rng)
    limits = Limits(min_size=8, max_size=16)
    kinds = len({(learner.languages, learner.slots) for learner in learners})
    print(
        f"{len(learners)} people ({kinds} learner types), {len(teachers)} teachers, {len(rooms)} rooms, "
        f"limits {limits.min_size}–{limits.max_size}, seed {args.seed}, "
        f"time limit {args.time_limit:g} s, {args.workers} workers"
    )

    waiting_since = {learner.id: learner.waiting_since for learner in learners}
    results = {}
    for label, engine in (("greedy (baseline)", propose_greedy), ("cp-sat", propose)):
        proposal = engine(
            learners,
            teachers,
            rooms,
            limits,
            time_limit_seconds=args.time_limit,
            workers=args.workers,
        )
        problems = proposal_problems(proposal, learners, teachers, rooms, limits)
        if problems:
            print(f"{label}: invalid proposal: {problems[:5]}")
            return 1
        results[label] = proposal

    print(f"{'method':<18} {'served':>7} {'courses':>8} {'mean wait (d)':>14} {'seconds':>8} {'optimal':>8}")
    for label, proposal in results.items():
        placed = [learner_id for course in proposal.courses for learner_id in course.learner_ids]
        mean_wait = sum((date(2020, 1, 1) - waiting_since[i]).days for i in placed) / max(len(placed), 1)
        print(
            f"{label:<18} {proposal.served:>7} {len(proposal.courses):>8} {mean_wait:>14.1f} "
            f"{proposal.solver_seconds:>8.2f} {'yes' if proposal.optimal else 'no':>8}"
            + (f"  ({proposal.method})" if proposal.method not in ("greedy", "cp-sat") else "")
        )
    greedy, exact = results["greedy (baseline)"], results["cp-sat"]
    ratio = exact.served / greedy.served if greedy.served else float("inf")
    print(f"served cp-sat / greedy: {ratio:.3f}")

    if exact.served < greedy.served:
        print("FAIL: CP-SAT serves fewer people than greedy")
        return 1
    if exact.solver_seconds > args.time_limit + SECONDS_MARGIN:
        print(f"FAIL: CP-SAT took {exact.solver_seconds:.2f} s, over the {args.time_limit:g} s limit")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
