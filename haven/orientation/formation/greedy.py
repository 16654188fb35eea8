"""The greedy baseline for course formation: what a coordinator would do by hand.

Repeatedly open a course for the language with the most people still waiting, in the slot where
most of them are available and where a teacher and a room are still free, and fill it with the
longest waiters. Stop when no course can reach the minimum size. It is fast and easy to explain,
and the CP-SAT engine is measured against it (and starts from its answer).
"""

import time
from collections import Counter
from collections.abc import Sequence

from .data import Learner, Limits, Proposal, ProposedCourse, Room, Teacher
from .grouping import waiting_order


def propose_greedy(
    learners: Sequence[Learner],
    teachers: Sequence[Teacher],
    rooms: Sequence[Room],
    limits: Limits,
    *,
    time_limit_seconds: float = 30.0,
    workers: int = 2,
) -> Proposal:
    """Greedy course formation. `time_limit_seconds` and `workers` are accepted, and ignored, so
    that both engines can be called the same way."""
    started = time.perf_counter()
    waiting = sorted(learners, key=waiting_order)
    teacher_busy: dict[int, set[str]] = {teacher.id: set() for teacher in teachers}
    room_busy: set[tuple[int, str]] = set()
    courses: list[ProposedCourse] = []

    while True:
        course = _next_course(waiting, teachers, rooms, limits, teacher_busy, room_busy)
        if course is None:
            break
        courses.append(course)
        teacher_busy[course.teacher_id].add(course.slot)
        room_busy.add((course.room_id, course.slot))
        taken = set(course.learner_ids)
        waiting = [learner for learner in waiting if learner.id not in taken]

    return Proposal(
        courses=tuple(courses),
        served=sum(len(course.learner_ids) for course in courses),
        optimal=False,
        solver_seconds=time.perf_counter() - started,
        method="greedy",
    )


def _next_course(
    waiting: list[Learner],
    teachers: Sequence[Teacher],
    rooms: Sequence[Room],
    limits: Limits,
    teacher_busy: dict[int, set[str]],
    room_busy: set[tuple[int, str]],
) -> ProposedCourse | None:
    """The first course, in order of demand, that can open with at least min_size learners."""
    demand = Counter(language for learner in waiting for language in learner.languages)
    for language, _ in sorted(demand.items(), key=lambda item: (-item[1], item[0])):
        speakers = [learner for learner in waiting if language in learner.languages]
        slot_demand = Counter(slot for learner in speakers for slot in learner.slots)
        for slot, count in sorted(slot_demand.items(), key=lambda item: (-item[1], item[0])):
            if count < limits.min_size:
                break  # slots come by decreasing demand: none after this one can open either
            teacher = _free_teacher(teachers, language, slot, teacher_busy)
            if teacher is None:
                continue
            room = _free_room(rooms, slot, min(count, limits.max_size), limits, room_busy)
            if room is None:
                continue
            size = min(count, limits.max_size, room.capacity)
            # `speakers` keeps the waiting order, so these are the longest waiters.
            chosen = [learner.id for learner in speakers if slot in learner.slots][:size]
            return ProposedCourse(language, slot, teacher.id, room.id, tuple(chosen))
    return None


def _free_teacher(
    teachers: Sequence[Teacher], language: str, slot: str, teacher_busy: dict[int, set[str]]
) -> Teacher | None:
    """A free teacher for this language and slot; the one with the fewest other options, so that
    versatile teachers stay available for later courses."""
    free = [
        teacher
        for teacher in teachers
        if language in teacher.languages
        and slot in teacher.slots
        and slot not in teacher_busy[teacher.id]
        and len(teacher_busy[teacher.id]) < teacher.max_courses
    ]
    return min(
        free,
        key=lambda t: (len(t.languages) * len(t.slots - teacher_busy[t.id]), t.id),
        default=None,
    )


def _free_room(
    rooms: Sequence[Room], slot: str, wanted: int, limits: Limits, room_busy: set[tuple[int, str]]
) -> Room | None:
    """The smallest free room that holds `wanted` learners, else the largest that holds min_size."""
    free = [
        room
        for room in rooms
        if slot in room.slots and (room.id, slot) not in room_busy and room.capacity >= limits.min_size
    ]
    fitting = [room for room in free if room.capacity >= wanted]
    if fitting:
        return min(fitting, key=lambda room: (room.capacity, room.id))
    return max(free, key=lambda room: (room.capacity, -room.id), default=None)
