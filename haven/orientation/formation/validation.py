"""Checks that a proposal respects every rule of course formation.

Used by the tests and by the benchmark on both engines' answers, so that a fast answer that breaks
a rule cannot pass for a good one.
"""

from collections import Counter
from collections.abc import Sequence

from .data import Learner, Limits, Proposal, Room, Teacher


def proposal_problems(
    proposal: Proposal,
    learners: Sequence[Learner],
    teachers: Sequence[Teacher],
    rooms: Sequence[Room],
    limits: Limits,
) -> list[str]:
    """Every broken rule, as a sentence; an empty list means the proposal is valid."""
    learner_by_id = {learner.id: learner for learner in learners}
    teacher_by_id = {teacher.id: teacher for teacher in teachers}
    room_by_id = {room.id: room for room in rooms}
    problems: list[str] = []
    placed: Counter[int] = Counter()
    teacher_slots: Counter[tuple[int, str]] = Counter()
    room_slots: Counter[tuple[int, str]] = Counter()
    teacher_courses: Counter[int] = Counter()

    for index, course in enumerate(proposal.courses):
        where = f"course {index} ({course.language}, {course.slot})"
        size = len(course.learner_ids)
        if not limits.min_size <= size <= limits.max_size:
            problems.append(f"{where} has {size} learners, outside [{limits.min_size}, {limits.max_size}]")
        teacher = teacher_by_id.get(course.teacher_id)
        if teacher is None:
            problems.append(f"{where} has an unknown teacher")
        elif course.language not in teacher.languages or course.slot not in teacher.slots:
            problems.append(f"{where}: the teacher cannot teach this language in this slot")
        room = room_by_id.get(course.room_id)
        if room is None:
            problems.append(f"{where} has an unknown room")
        else:
            if course.slot not in room.slots:
                problems.append(f"{where}: the room is not free in this slot")
            if size > room.capacity:
                problems.append(f"{where}: {size} learners exceed the room capacity {room.capacity}")
        teacher_slots[(course.teacher_id, course.slot)] += 1
        room_slots[(course.room_id, course.slot)] += 1
        teacher_courses[course.teacher_id] += 1
        for learner_id in course.learner_ids:
            placed[learner_id] += 1
            learner = learner_by_id.get(learner_id)
            if learner is None:
                problems.append(f"{where} has an unknown learner")
            elif course.language not in learner.languages or course.slot not in learner.slots:
                problems.append(f"{where}: a learner does not accept this language or slot")

    problems += [f"learner {key} is placed {n} times" for key, n in placed.items() if n > 1]
    problems += [f"teacher {t} has {n} courses in slot {s}" for (t, s), n in teacher_slots.items() if n > 1]
    problems += [f"room {r} hosts {n} courses in slot {s}" for (r, s), n in room_slots.items() if n > 1]
    problems += [
        f"teacher {t} has {n} courses, more than {teacher_by_id[t].max_courses}"
        for t, n in teacher_courses.items()
        if t in teacher_by_id and n > teacher_by_id[t].max_courses
    ]
    if proposal.served != sum(placed.values()):
        problems.append(f"served is {proposal.served} but {sum(placed.values())} learners are placed")
    return problems
