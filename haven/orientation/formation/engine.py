"""Course formation with OR-Tools CP-SAT: which new civic-orientation courses to open.

Given the waiting list, the teachers, the rooms and the course size limits, propose the set of new
courses that serves the most waiting people; among those, prefer the people who have waited
longest. Pure: dataclasses in, dataclasses out, no Django (architecture rule 7).

The model counts, it does not choose individuals (see grouping.py):

* learner types k (same languages and slots), teacher types T (same languages, slots and course
  limit), and room groups (slot, usable capacity c);
* teach[T, l, s]  how many teachers of type T give a course in language l in slot s;
* rooms[l, s, c]  how many rooms of usable capacity c host an (l, s) course;
* assign[k, l, s] how many learners of type k join an (l, s) course.

Courses of the same language and slot are interchangeable for every learner who accepts one of
them, so only their number and total capacity matter: n courses with usable capacities c_1..c_n
can hold any total between n * min_size and c_1 + ... + c_n (each course takes min_size, the rest
is spread within capacities). Identical teachers can be given their courses round-robin, which
keeps each in at most one course per slot and within their course limit as long as the type as a
whole is. The counting model is therefore exact, and small enough to prove optimality with
thousands of people; the concrete courses are rebuilt from the counts afterwards.

The objective is lexicographic, in two solves: first the number of people served (phase 1, warm
started from the greedy answer, which it may never do worse than), then, with that number fixed,
the total waiting days of the people served, each type contributing its longest waiters first; the
number of courses opened breaks the remaining ties (fewer, larger courses).
"""

import itertools
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, cast

from ortools.sat.python import cp_model

from .data import Learner, Limits, Proposal, ProposedCourse, Room, Teacher
from .greedy import propose_greedy
from .grouping import (
    LearnerType,
    TeacherType,
    learner_types,
    room_groups,
    teacher_types,
    waiting_order,
)

RANDOM_SEED = 20190101
# Below this much time left, a second solve would only return its hint.
MIN_PHASE_SECONDS = 0.05


def propose(
    learners: Sequence[Learner],
    teachers: Sequence[Teacher],
    rooms: Sequence[Room],
    limits: Limits,
    *,
    time_limit_seconds: float = 30.0,
    workers: int = 2,
) -> Proposal:
    """Propose new courses that serve the most waiting people, longest waiting first.

    `time_limit_seconds` bounds the whole call (both solves); `optimal` is True only if the
    first solve proved that no proposal serves more people. If the solver finds nothing in time,
    the greedy proposal comes back with method "greedy-fallback".
    """
    started = time.perf_counter()
    baseline = propose_greedy(learners, teachers, rooms, limits)
    formation = _Formation(learners, teachers, rooms, limits)
    if not formation.offers:
        return Proposal((), 0, True, time.perf_counter() - started, "cp-sat")

    def remaining() -> float:
        return time_limit_seconds - (time.perf_counter() - started)

    formation.hint_from(baseline)
    formation.model.add(formation.served >= baseline.served)
    formation.model.maximize(formation.served)
    status, solver = formation.solve(max(remaining(), MIN_PHASE_SECONDS), workers)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or solver.value(formation.served) < baseline.served:
        return Proposal(
            baseline.courses,
            baseline.served,
            False,
            time.perf_counter() - started,
            "greedy-fallback",
        )
    optimal = status == cp_model.OPTIMAL
    solution = formation.values(solver)

    if remaining() >= MIN_PHASE_SECONDS:
        formation.model.add(formation.served >= solver.value(formation.served))
        formation.model.maximize(formation.waiting_days() * (formation.max_courses + 1) - formation.courses_opened())
        formation.model.clear_hints()
        formation.hint(solution)  # a complete hint: phase 2 starts from phase 1's answer
        status, solver = formation.solve(remaining(), workers)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solution = formation.values(solver)

    courses = formation.courses(solution)
    return Proposal(
        courses=courses,
        served=sum(len(course.learner_ids) for course in courses),
        optimal=optimal,
        solver_seconds=time.perf_counter() - started,
        method="cp-sat",
    )


@dataclass
class _Solution:
    teach: dict[tuple[int, str, str], int] = field(default_factory=dict)
    rooms: dict[tuple[str, str, int], int] = field(default_factory=dict)
    assign: dict[tuple[int, str, str], int] = field(default_factory=dict)


class _Formation:
    """The counting model and the way back from counts to concrete courses."""

    def __init__(
        self,
        learners: Sequence[Learner],
        teachers: Sequence[Teacher],
        rooms: Sequence[Room],
        limits: Limits,
    ) -> None:
        self.limits = limits
        self.learner_types: list[LearnerType] = learner_types(learners)
        self.teacher_types: list[TeacherType] = teacher_types(teachers)
        self.room_groups = room_groups(rooms, limits)
        self.model = cp_model.CpModel()

        room_slots = {slot for slot, _ in self.room_groups}
        taught = {
            (language, slot)
            for teacher_type in self.teacher_types
            for language in teacher_type.languages
            for slot in teacher_type.slots
            if slot in room_slots
        }
        self.demand: dict[tuple[str, str], int] = defaultdict(int)
        for k in self.learner_types:
            for offer in itertools.product(k.languages, k.slots):
                self.demand[offer] += len(k.members)
        wanted = {offer for offer, people in self.demand.items() if people >= limits.min_size}
        # (language, slot) pairs in which a course could open: a teacher, a room, enough learners.
        self.offers: list[tuple[str, str]] = sorted(taught & wanted)
        offers = set(self.offers)

        self.teach = {
            (index, language, slot): self.model.new_int_var(0, len(t.members), f"teach_{index}_{language}_{slot}")
            for index, t in enumerate(self.teacher_types)
            for language in sorted(t.languages)
            for slot in sorted(t.slots)
            if (language, slot) in offers
        }
        self.rooms = {
            (language, slot, capacity): self.model.new_int_var(0, len(group), f"rooms_{language}_{slot}_{capacity}")
            for (slot, capacity), group in self.room_groups.items()
            for language in sorted({offered for offered, offer_slot in self.offers if offer_slot == slot})
        }
        self.assign = {
            (index, language, slot): self.model.new_int_var(0, len(k.members), f"assign_{index}_{language}_{slot}")
            for index, k in enumerate(self.learner_types)
            for language in sorted(k.languages)
            for slot in sorted(k.slots)
            if (language, slot) in offers
        }
        self.served_by_type = {
            index: self.model.new_int_var(0, len(k.members), f"served_{index}")
            for index, k in enumerate(self.learner_types)
        }
        # Waiting days earned per learner type, with the type's prefix sums (phase 2 only).
        self.days: dict[int, tuple[cp_model.IntVar, list[int]]] = {}
        self._constrain()
        self.max_courses = sum(len(t.members) * t.max_courses for t in self.teacher_types)

    def _constrain(self) -> None:
        add = self.model.add
        by_teacher_slot = defaultdict(list)
        by_teacher = defaultdict(list)
        for (index, _, s), var in self.teach.items():
            by_teacher_slot[(index, s)].append(var)
            by_teacher[index].append(var)
        for (index, _), variables in by_teacher_slot.items():
            # Each teacher gives at most one course per slot.
            add(sum(variables) <= len(self.teacher_types[index].members))
        for index, variables in by_teacher.items():
            teacher_type = self.teacher_types[index]
            add(sum(variables) <= len(teacher_type.members) * teacher_type.max_courses)

        by_room_group = defaultdict(list)
        for (_, s, capacity), var in self.rooms.items():
            by_room_group[(s, capacity)].append(var)
        for key, variables in by_room_group.items():
            add(sum(variables) <= len(self.room_groups[key]))  # one course per room and slot

        teach_by_offer = defaultdict(list)
        for (_, language, slot), var in self.teach.items():
            teach_by_offer[(language, slot)].append(var)
        rooms_by_offer = defaultdict(list)
        for (language, slot, capacity), var in self.rooms.items():
            rooms_by_offer[(language, slot)].append((capacity, var))
        assign_by_offer = defaultdict(list)
        assign_by_type = defaultdict(list)
        for (index, language, slot), var in self.assign.items():
            assign_by_offer[(language, slot)].append(var)
            assign_by_type[index].append(var)
        for offer in self.offers:
            courses = sum(teach_by_offer[offer])
            add(courses == sum(var for _, var in rooms_by_offer[offer]))  # every course has a room
            joined = sum(assign_by_offer[offer])
            add(joined >= self.limits.min_size * courses)
            # Redundant for integers, tightens the LP: a first course can only hold the people
            # who accept this language and slot, however few.
            add(joined <= min(self.demand[offer], self.limits.max_size) * courses)
            add(joined <= sum(capacity * var for capacity, var in rooms_by_offer[offer]))
        for index, var in self.served_by_type.items():
            add(var == sum(assign_by_type[index]))
        self.served = sum(self.served_by_type.values())

    def courses_opened(self) -> cp_model.LinearExpr:
        # A sum of variables (0 when there is no offer: a plain int, which the model takes too).
        return cast(cp_model.LinearExpr, sum(self.teach.values()))

    def waiting_days(self) -> cp_model.LinearExpr:
        """Total waiting days of the people served, each type serving its longest waiters first.

        With d_1 >= d_2 >= ... the sorted waiting days of a type and P(j) their prefix sums,
        serving a of them earns P(a). P is concave, so when maximising, P(a) is the minimum of
        the lines through consecutive points: days <= P(j) + d_(j+1) * (a - j). Lines with the
        same slope coincide, so one per distinct waiting date suffices.
        """
        newest = max(member.waiting_since for k in self.learner_types for member in k.members)
        reference = newest + timedelta(days=1)  # so that every person served counts at least 1
        for index, k in enumerate(self.learner_types):
            waits = [(reference - member.waiting_since).days for member in k.members]
            days = self.model.new_int_var(0, sum(waits), f"days_{index}")
            prefix = [0]
            for j, wait in enumerate(waits):
                if j == 0 or wait != waits[j - 1]:
                    self.model.add(days <= prefix[j] + wait * (self.served_by_type[index] - j))
                prefix.append(prefix[j] + wait)
            self.days[index] = (days, prefix)
        return cast(cp_model.LinearExpr, sum(days for days, _ in self.days.values()))

    def solve(self, seconds: float, workers: int) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = RANDOM_SEED
        # The counting model's LP relaxation is tight, and CP-SAT's presolve rewrites it into a
        # form whose LP bound is far weaker: on the 2,000-person benchmark, proving optimality
        # took 15-30+ s with presolve and well under a second without.
        solver.parameters.cp_model_presolve = False
        return solver.solve(self.model), solver

    def values(self, solver: cp_model.CpSolver) -> _Solution:
        return _Solution(
            teach={key: solver.value(var) for key, var in self.teach.items()},
            rooms={key: solver.value(var) for key, var in self.rooms.items()},
            assign={key: solver.value(var) for key, var in self.assign.items()},
        )

    def hint(self, solution: _Solution) -> None:
        pairs: tuple[tuple[dict[Any, cp_model.IntVar], dict[Any, int]], ...] = (
            (self.teach, solution.teach),
            (self.rooms, solution.rooms),
            (self.assign, solution.assign),
        )
        for variables, values in pairs:
            for key, var in variables.items():
                self.model.add_hint(var, values.get(key, 0))
        served: defaultdict[int, int] = defaultdict(int)
        for (index, _, _), n in solution.assign.items():
            served[index] += n
        for index, var in self.served_by_type.items():
            self.model.add_hint(var, served[index])
        for index, (days, prefix) in self.days.items():
            self.model.add_hint(days, prefix[served[index]])

    def hint_from(self, proposal: Proposal) -> None:
        """Hint the counts of a concrete proposal (the greedy one)."""
        teacher_type = {t.id: index for index, tt in enumerate(self.teacher_types) for t in tt.members}
        learner_type = {m.id: index for index, k in enumerate(self.learner_types) for m in k.members}
        room_capacity = {
            (room.id, slot): capacity for (slot, capacity), group in self.room_groups.items() for room in group
        }
        solution = _Solution()
        for course in proposal.courses:
            taught = (teacher_type[course.teacher_id], course.language, course.slot)
            solution.teach[taught] = solution.teach.get(taught, 0) + 1
            hosted = (course.language, course.slot, room_capacity[(course.room_id, course.slot)])
            solution.rooms[hosted] = solution.rooms.get(hosted, 0) + 1
            for learner_id in course.learner_ids:
                joined = (learner_type[learner_id], course.language, course.slot)
                solution.assign[joined] = solution.assign.get(joined, 0) + 1
        self.hint(solution)

    def courses(self, solution: _Solution) -> tuple[ProposedCourse, ...]:
        """Concrete courses from the counts: teachers round-robin within their type, rooms in id
        order within their group, and each type's longest waiters placed first."""
        teachers_for: dict[tuple[str, str], list[int]] = defaultdict(list)
        for index, teacher_type in enumerate(self.teacher_types):
            # Grouped by slot, each slot's courses (at most one per member) go to distinct members.
            wanted = sorted(
                (slot, language)
                for (kind, language, slot), n in solution.teach.items()
                if kind == index
                for _ in range(n)
            )
            for position, (slot, language) in enumerate(wanted):
                member = teacher_type.members[position % len(teacher_type.members)]
                teachers_for[(language, slot)].append(member.id)

        rooms_for: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        for (slot, capacity), group in self.room_groups.items():
            free = iter(group)
            for (language, room_slot, room_capacity), n in sorted(solution.rooms.items()):
                if room_slot == slot and room_capacity == capacity:
                    rooms_for[(language, slot)] += [(capacity, next(free).id) for _ in range(n)]

        pool: dict[tuple[str, str], list[Learner]] = defaultdict(list)
        for index, k in enumerate(self.learner_types):
            members = iter(k.members)  # longest waiting first
            for (kind, language, slot), n in sorted(solution.assign.items()):
                if kind == index:
                    pool[(language, slot)] += [next(members) for _ in range(n)]

        courses = []
        for offer in self.offers:
            teacher_ids = sorted(teachers_for[offer])
            room_list = sorted(rooms_for[offer], key=lambda room: (-room[0], room[1]))
            learners = sorted(pool[offer], key=waiting_order)
            sizes = _spread(len(learners), [capacity for capacity, _ in room_list], self.limits.min_size)
            start = 0
            for teacher_id, (_, room_id), size in zip(teacher_ids, room_list, sizes, strict=True):
                chosen = tuple(learner.id for learner in learners[start : start + size])
                courses.append(ProposedCourse(offer[0], offer[1], teacher_id, room_id, chosen))
                start += size
        return tuple(courses)


def _spread(total: int, capacities: list[int], min_size: int) -> list[int]:
    """Course sizes as even as the capacities allow, each at least min_size, summing to total."""
    sizes = [min_size] * len(capacities)
    for _ in range(total - min_size * len(capacities)):
        open_courses = [i for i, size in enumerate(sizes) if size < capacities[i]]
        smallest = min(open_courses, key=lambda i: (sizes[i], i))
        sizes[smallest] += 1
    return sizes
