"""Grouping people, teachers and rooms into interchangeable types.

The CP-SAT model never sees individuals. Learners with the same acceptable languages and slots are
interchangeable for the question "how many can be served", and so are teachers with the same
languages, slots and course limit, and rooms free in a slot with the same usable capacity. Counting
per type instead of choosing per individual removes the symmetry that keeps a solver from proving
optimality, and keeps the model size bounded by the number of types, not of people.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .data import Learner, Limits, Room, Teacher


def waiting_order(learner: Learner) -> tuple:
    """Sort key: longest waiting first (earliest date), then by id so that ties are stable."""
    return (learner.waiting_since, learner.id)


@dataclass(frozen=True)
class LearnerType:
    """Learners who accept exactly the same languages and slots, longest waiting first."""

    languages: frozenset[str]
    slots: frozenset[str]
    members: tuple[Learner, ...]


@dataclass(frozen=True)
class TeacherType:
    """Teachers with the same languages, slots and effective course limit, by id."""

    languages: frozenset[str]
    slots: frozenset[str]
    max_courses: int
    members: tuple[Teacher, ...]


def learner_types(learners: Iterable[Learner]) -> list[LearnerType]:
    groups: dict[tuple, list[Learner]] = defaultdict(list)
    for learner in learners:
        if learner.languages and learner.slots:
            groups[(learner.languages, learner.slots)].append(learner)
    return [
        LearnerType(languages, slots, tuple(sorted(members, key=waiting_order)))
        for (languages, slots), members in sorted(groups.items(), key=lambda item: _type_key(*item[0]))
    ]


def teacher_types(teachers: Iterable[Teacher]) -> list[TeacherType]:
    groups: dict[tuple, list[Teacher]] = defaultdict(list)
    for teacher in teachers:
        # One course per slot at most, so a limit above the number of slots never binds.
        limit = min(teacher.max_courses, len(teacher.slots))
        if teacher.languages and limit > 0:
            groups[(teacher.languages, teacher.slots, limit)].append(teacher)
    return [
        TeacherType(languages, slots, limit, tuple(sorted(members, key=lambda t: t.id)))
        for (languages, slots, limit), members in sorted(
            groups.items(), key=lambda item: (*_type_key(item[0][0], item[0][1]), item[0][2])
        )
    ]


def room_groups(rooms: Iterable[Room], limits: Limits) -> dict[tuple[str, int], tuple[Room, ...]]:
    """Rooms by (slot, usable capacity). A room smaller than min_size can host no course; a room
    larger than max_size is as good as one of exactly max_size."""
    groups: dict[tuple[str, int], list[Room]] = defaultdict(list)
    for room in rooms:
        if room.capacity < limits.min_size:
            continue
        for slot in room.slots:
            groups[(slot, min(room.capacity, limits.max_size))].append(room)
    return {key: tuple(sorted(members, key=lambda r: r.id)) for key, members in sorted(groups.items())}


def _type_key(languages: frozenset[str], slots: frozenset[str]) -> tuple:
    return (tuple(sorted(languages)), tuple(sorted(slots)))
