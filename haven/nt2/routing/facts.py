"""The input of the routing: the vocabulary, what is known about a learner, and the modules
on offer.

Every fact is optional: ``None`` means "not known (yet)". The routing then decides as far as
the known facts allow and names the unknown facts the proposal still depends on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

#: The CEFR levels, ascending.
LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")
#: A level test's result below A1 (no Dutch yet): a level, the lowest, but not one to teach.
BELOW_A1 = "0"
#: What a level test can find, ascending.
TEST_RESULTS: tuple[str, ...] = (BELOW_A1, *LEVELS)
#: The four skills a level test measures.
SKILLS: tuple[str, ...] = ("listening", "speaking", "reading", "writing")


class ProviderKind(StrEnum):
    """The kind of organisation that teaches Dutch as a second language."""

    CBE = "cbe"  # Centrum voor Basiseducatie: basic education, literacy and slow tracks
    CVO = "cvo"  # Centrum voor Volwassenenonderwijs: adult education centre
    UCT = "uct"  # university language centre
    VDAB = "vdab"  # public employment service: job-oriented courses
    OTHER = "other"  # e.g. KISP


class Pace(StrEnum):
    """The pace of a course, by the hours it takes per level."""

    ALPHA = "alpha"  # literacy track, 600 h per level
    SLOW = "slow"  # 240 h per level
    REGULAR = "regular"  # 120 h per level
    FAST = "fast"  # at most 90 h per level
    # Not a pace of a level: the short module in which a learner literate in another script
    # (Arabic, Tigrinya, Cyrillic, ...) learns the Latin script before the course of their pace.
    LATIN = "latin"


class Diploma(StrEnum):
    """The highest diploma obtained, in any country."""

    NONE = "none"
    PRIMARY = "primary"
    LOWER_SECONDARY = "lower_secondary"
    UPPER_SECONDARY = "upper_secondary"
    HIGHER = "higher"


#: What a learner wants Dutch for (the intake's learning goal; values of the model's LearningGoal).
LEARNING_GOALS: frozenset[str] = frozenset(
    {"work", "study", "daily_life", "children", "nationality", "integration", "other"}
)

HOURS_PER_LEVEL: Mapping[Pace, int] = {Pace.ALPHA: 600, Pace.SLOW: 240, Pace.REGULAR: 120, Pace.FAST: 90}

#: The learning paces an aptitude test can find (the literacy track is not one of them).
LEARNING_PACES: frozenset[str] = frozenset({Pace.SLOW, Pace.REGULAR, Pace.FAST})


@dataclass(frozen=True)
class LearnerFacts:
    """What the intake knows about a learner; ``None`` is unknown.

    ``levels`` maps a skill to its current CEFR level (from the latest level tests); a skill
    that is absent (or maps to ``None``) has not been tested; :data:`BELOW_A1` is a result (tested,
    no Dutch yet), not an absence. Values are checked on creation:
    a diploma, learning pace, skill or level outside the vocabulary, or a negative number of
    years, raises :class:`ValueError`.
    """

    literate: bool | None = None  # reads and writes in some script
    latin_script: bool | None = None  # reads and writes in the Latin script
    years_of_schooling: int | None = None
    highest_diploma: str | None = None  # a Diploma value
    learning_pace: str | None = None  # from the aptitude test: "slow" | "regular" | "fast"
    work_follow_up: bool | None = None  # wants a job-oriented course / followed up by VDAB
    learning_goal: str | None = None  # a LearningGoal value: "work", "study", "daily_life", ...
    levels: Mapping[str, str | None] = field(default_factory=dict)  # skill -> CEFR level or BELOW_A1

    def __post_init__(self) -> None:
        if self.years_of_schooling is not None and self.years_of_schooling < 0:
            raise ValueError(f"years_of_schooling must not be negative: {self.years_of_schooling}")
        if self.highest_diploma is not None and self.highest_diploma not in set(Diploma):
            raise ValueError(f"unknown highest_diploma: {self.highest_diploma!r}")
        if self.learning_pace is not None and self.learning_pace not in LEARNING_PACES:
            raise ValueError(f"unknown learning_pace: {self.learning_pace!r}")
        if self.learning_goal is not None and self.learning_goal not in LEARNING_GOALS:
            raise ValueError(f"unknown learning_goal: {self.learning_goal!r}")
        for skill, level in self.levels.items():
            if skill not in SKILLS:
                raise ValueError(f"unknown skill: {skill!r}")
            if level is not None and level not in TEST_RESULTS:
                raise ValueError(f"unknown level for {skill}: {level!r}")


@dataclass(frozen=True)
class ModuleOption:
    """A run of a course module that a provider offers."""

    id: int
    provider_id: int
    provider_name: str
    provider_kind: str  # a ProviderKind value
    level: str  # a CEFR level
    pace: str  # a Pace value; "latin" for a Latin-script module
    hours: int
    starts_on: date
    places_left: int
