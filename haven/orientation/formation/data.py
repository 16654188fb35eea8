"""The data the course-formation engines take and return.

Plain frozen dataclasses, so that the engines stay pure (architecture rule 7): the orientation
services load these from the database, call an engine and save what it proposes.
Slots are short strings such as "day", "evening", "weekend"; languages are ISO 639-3 codes.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Learner:
    """A person on the waiting list, with the languages and slots they can follow a course in."""

    id: int
    languages: frozenset[str]
    slots: frozenset[str]
    waiting_since: date


@dataclass(frozen=True)
class Teacher:
    """A teacher who can give up to `max_courses` new courses, each in a different slot."""

    id: int
    languages: frozenset[str]
    slots: frozenset[str]
    max_courses: int = 1


@dataclass(frozen=True)
class Room:
    """A room that hosts at most one course per slot it is free in."""

    id: int
    slots: frozenset[str]
    capacity: int


@dataclass(frozen=True)
class Limits:
    """The number of participants a course may open with (min_size) and hold (max_size)."""

    min_size: int
    max_size: int

    def __post_init__(self) -> None:
        if not 1 <= self.min_size <= self.max_size:
            raise ValueError("Course limits need 1 <= min_size <= max_size.")


@dataclass(frozen=True)
class ProposedCourse:
    """A new course: one language, one slot, one teacher, one room and its participants."""

    language: str
    slot: str
    teacher_id: int
    room_id: int
    learner_ids: tuple[int, ...]


@dataclass(frozen=True)
class Proposal:
    """The courses an engine proposes and how it got there.

    `served` is the number of learners placed; `optimal` is True only when the solver proved that
    no set of courses serves more; `solver_seconds` is the wall time of the whole engine call;
    `method` is "cp-sat", "greedy" or "greedy-fallback".
    """

    courses: tuple[ProposedCourse, ...]
    served: int
    optimal: bool
    solver_seconds: float
    method: str
