"""The routing: the row of the routing table that applies (three-valued), the start level and
the choice of a module (see the package docstring for the rules and the choices made, and
``table.py`` for the table and its source)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from .facts import (
    HOURS_PER_LEVEL,
    LEVELS,
    SKILLS,
    TEST_RESULTS,
    Diploma,
    LearnerFacts,
    ModuleOption,
    Pace,
)
from .proposal import Proposal, Reason
from .table import ROUTING_TABLE, Aptitude, Goal, Literacy, Row, Schooling

#: Fewer years of schooling than this is low schooling.
MINIMUM_YEARS_OF_SCHOOLING = 9
LOW_DIPLOMAS = frozenset({Diploma.NONE, Diploma.PRIMARY})
HIGHER_EDUCATION_DIPLOMAS = frozenset({Diploma.UPPER_SECONDARY, Diploma.HIGHER})
#: The learning goals that make a goal academic or professional.
ACADEMIC_OR_PROFESSIONAL_GOALS = frozenset({"study", "work"})

FACT_ORDER = {f.name: index for index, f in enumerate(fields(LearnerFacts))}


# --- Three-valued conditions ---------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """A condition's value (``None`` = unknown), the facts it used and, when unknown, the
    facts it still needs."""

    value: bool | None
    facts: Mapping[str, object] = field(default_factory=dict)
    missing: tuple[str, ...] = ()


def on_fact(facts: LearnerFacts, name: str, predicate: Callable[[Any], bool]) -> Condition:
    """The predicate on one fact; unknown if the fact is."""
    value = getattr(facts, name)
    if value is None:
        return Condition(None, {name: None}, (name,))
    return Condition(bool(predicate(value)), {name: value})


def any_of(*conditions: Condition) -> Condition:
    """Or (Kleene): true as soon as one is true, whatever the unknown ones."""
    true = [condition for condition in conditions if condition.value is True]
    if true:
        return Condition(True, merge_facts(true))
    if all(condition.value is False for condition in conditions):
        return Condition(False, merge_facts(conditions))
    return Condition(None, merge_facts(conditions), merge_missing(conditions))


def all_of(*conditions: Condition) -> Condition:
    """And (Kleene): false as soon as one is false, whatever the unknown ones."""
    false = [condition for condition in conditions if condition.value is False]
    if false:
        return Condition(False, merge_facts(false))
    if all(condition.value is True for condition in conditions):
        return Condition(True, merge_facts(conditions))
    return Condition(None, merge_facts(conditions), merge_missing(conditions))


def merge_facts(conditions: Iterable[Condition]) -> dict[str, object]:
    merged: dict[str, object] = {}
    for condition in conditions:
        for name, value in condition.facts.items():
            merged.setdefault(name, value)
    return merged


def merge_missing(conditions: Iterable[Condition]) -> tuple[str, ...]:
    names = {name for condition in conditions for name in condition.missing}
    return tuple(sorted(names, key=FACT_ORDER.__getitem__))


# --- The columns of the routing table -------------------------------------------------------

ALWAYS = Condition(True)


def not_literate(facts: LearnerFacts) -> Condition:
    """Reads and writes in no script. ``literate`` False settles it (even beside a
    contradictory ``latin_script`` True, e.g. from two conversations); ``latin_script`` True
    implies literate; otherwise ``literate`` is the question."""
    if facts.literate is not None:
        return Condition(facts.literate is False, {"literate": facts.literate})
    if facts.latin_script is True:
        return Condition(False, {"latin_script": True})
    return Condition(None, {"literate": None}, ("literate",))


def latin_script(facts: LearnerFacts) -> Condition:
    """Reads and writes the Latin script (``literate`` False rules it out)."""
    if facts.literate is False:
        return Condition(False, {"literate": False})
    return on_fact(facts, "latin_script", lambda value: value is True)


def other_script(facts: LearnerFacts) -> Condition:
    """Reads and writes, but not the Latin script."""
    return all_of(_negated(not_literate(facts)), _negated(latin_script(facts)))


def _negated(condition: Condition) -> Condition:
    value = None if condition.value is None else not condition.value
    return Condition(value, condition.facts, condition.missing)


def low_schooling(facts: LearnerFacts) -> Condition:
    """Fewer than 9 years of schooling, or no diploma or primary school only.

    Either fact saying "low" makes it low, whatever the other says. Otherwise one known fact
    that is not low is enough (9 years or more with the diploma unknown; a lower-secondary or
    higher diploma with the years unknown). With both unknown, both are missing: either
    answers the question, and the intake asks them together."""
    years = on_fact(facts, "years_of_schooling", lambda value: value < MINIMUM_YEARS_OF_SCHOOLING)
    diploma = on_fact(facts, "highest_diploma", lambda value: value in LOW_DIPLOMAS)
    low = [part for part in (years, diploma) if part.value is True]
    if low:
        return Condition(True, merge_facts(low))
    known = [part for part in (years, diploma) if part.value is False]
    if known:
        return Condition(False, merge_facts(known))
    return Condition(None, merge_facts((years, diploma)), merge_missing((years, diploma)))


def higher_education(facts: LearnerFacts) -> Condition:
    """Not low schooling, with an upper-secondary or higher diploma (eligible for higher
    education); the diploma is needed even when the years are known."""
    return all_of(
        _negated(low_schooling(facts)),
        on_fact(facts, "highest_diploma", lambda value: value in HIGHER_EDUCATION_DIPLOMAS),
    )


def work_via_vdab(facts: LearnerFacts) -> Condition:
    """Ticked or not at the intake: unknown counts as not ticked."""
    return Condition(facts.work_follow_up is True, {"work_follow_up": facts.work_follow_up})


def study_or_work(facts: LearnerFacts) -> Condition:
    return on_fact(facts, "learning_goal", lambda value: value in ACADEMIC_OR_PROFESSIONAL_GOALS)


def aptitude_is(pace: str) -> Callable[[LearnerFacts], Condition]:
    def condition(facts: LearnerFacts) -> Condition:
        return on_fact(facts, "learning_pace", lambda value: value == pace)

    return condition


LITERACY_CONDITIONS: Mapping[Literacy, Callable[[LearnerFacts], Condition]] = {
    Literacy.NONE: not_literate,
    Literacy.OTHER_SCRIPT: other_script,
    Literacy.LATIN: latin_script,
}
SCHOOLING_CONDITIONS: Mapping[Schooling, Callable[[LearnerFacts], Condition]] = {
    Schooling.ANY: lambda facts: ALWAYS,
    Schooling.LOW: low_schooling,
    Schooling.NOT_LOW: lambda facts: _negated(low_schooling(facts)),
    Schooling.HIGHER_EDUCATION: higher_education,
}
APTITUDE_CONDITIONS: Mapping[Aptitude, Callable[[LearnerFacts], Condition]] = {
    Aptitude.ANY: lambda facts: ALWAYS,
    Aptitude.SLOW: aptitude_is(Pace.SLOW),
    Aptitude.REGULAR: aptitude_is(Pace.REGULAR),
    Aptitude.FAST: aptitude_is(Pace.FAST),
}
GOAL_CONDITIONS: Mapping[Goal, Callable[[LearnerFacts], Condition]] = {
    Goal.ANY: lambda facts: ALWAYS,
    Goal.WORK_VIA_VDAB: work_via_vdab,
    Goal.STUDY_OR_WORK: study_or_work,
}


def row_applies(row: Row, facts: LearnerFacts) -> Condition:
    """Whether the row's profile fits the facts (Kleene and over its four columns)."""
    return all_of(
        LITERACY_CONDITIONS[row.literacy](facts),
        SCHOOLING_CONDITIONS[row.schooling](facts),
        APTITUDE_CONDITIONS[row.aptitude](facts),
        GOAL_CONDITIONS[row.goal](facts),
    )


@dataclass(frozen=True)
class Routing:
    """The outcome of the routing table: the row that applies and why, or the facts still
    missing."""

    row: Row | None
    reasons: tuple[Reason, ...] = ()
    missing: tuple[str, ...] = ()


def outcome(row: Row) -> tuple[object, ...]:
    """Where a row sends the learner (everything but its number and profile)."""
    return (row.provider_kind, row.track, row.pace, row.latin_script_module)


def route(facts: LearnerFacts) -> Routing:
    """The first row of the routing table that applies, if every row before it is known not
    to apply or, undecided, would send the learner to the same place (then the row that
    applies is quoted: a slow learner whose schooling is unknown goes to the CBE at the slow
    pace either way); else the facts of the undecided rows up to the first that applies."""
    undecided: list[tuple[Row, Condition]] = []
    for row in ROUTING_TABLE:
        applies = row_applies(row, facts)
        if applies.value is True:
            if any(outcome(earlier) != outcome(row) for earlier, _ in undecided):
                break
            return Routing(row, (Reason("routing_row", row_facts(row, applies)),))
        if applies.value is None:
            undecided.append((row, applies))
    if undecided:
        return Routing(None, missing=merge_missing(condition for _, condition in undecided))
    raise AssertionError(f"No row of the routing table applies to {facts}")  # the table is complete


def row_facts(row: Row, applies: Condition) -> dict[str, object]:
    """The reason's facts: the row (its number and columns, so that the explanation quotes
    the row as it was when the proposal was made) and the learner's facts it used."""
    return {
        "row": row.number,
        "row_literacy": row.literacy.value,
        "row_schooling": row.schooling.value,
        "row_aptitude": row.aptitude.value,
        "row_goal": row.goal.value,
        "row_provider_kind": row.provider_kind.value,
        "row_track": row.track.value,
        "row_pace": row.pace.value if row.pace else None,
        "row_latin_script_module": row.latin_script_module,
        **dict(sorted(applies.facts.items(), key=lambda item: FACT_ORDER[item[0]])),
    }


# --- Start level and module ------------------------------------------------------------------


def current_levels(facts: LearnerFacts) -> dict[str, str | None]:
    """The level of each skill, in SKILLS order; ``None`` for a skill not tested."""
    return {skill: facts.levels.get(skill) for skill in SKILLS}


def _earliest(fitting: list[ModuleOption]) -> ModuleOption | None:
    """The earliest start, then the most places left, then the lowest id."""
    return min(fitting, key=lambda m: (m.starts_on, -m.places_left, m.id), default=None)


def choose_module(
    modules: Iterable[ModuleOption], *, provider_kind: str, level: str, pace: str | None, today: date
) -> ModuleOption | None:
    """The course module of that kind, level and pace (any pace of a level when ``pace`` is
    None) with a place left that starts today or later: the earliest start, then the most
    places left, then the lowest id."""
    return _earliest(
        [
            module
            for module in modules
            if module.provider_kind == provider_kind
            and module.level == level
            and module.pace != Pace.LATIN
            and (pace is None or module.pace == pace)
            and module.places_left > 0
            and module.starts_on >= today
        ]
    )


def choose_latin_script_module(modules: Iterable[ModuleOption], *, today: date) -> ModuleOption | None:
    """A Latin-script module of any provider with a place left that starts today or later:
    the earliest start, then the most places left, then the lowest id."""
    return _earliest(
        [
            module
            for module in modules
            if module.pace == Pace.LATIN and module.places_left > 0 and module.starts_on >= today
        ]
    )


def start_level_of(levels: Mapping[str, str | None]) -> tuple[str | None, str]:
    """The lowest current level (None while a skill is not tested) and the level to start
    at: the level above the lowest, A1 above "below A1", A1 while a skill is not tested."""
    if any(level is None for level in levels.values()):
        return None, LEVELS[0]
    lowest = min((level for level in levels.values() if level is not None), key=TEST_RESULTS.index)
    return lowest, TEST_RESULTS[TEST_RESULTS.index(lowest) + 1]


def propose(facts: LearnerFacts, modules: Iterable[ModuleOption] = (), *, today: date) -> Proposal:
    """Where to send the learner: the row of the routing table, provider kind, track, pace,
    start level and a module (the Latin-script module where the row puts one first), with
    the reasons and, if the route is undetermined, the facts still missing."""
    levels = current_levels(facts)
    if all(level == LEVELS[-1] for level in levels.values()):
        return Proposal(None, None, None, None, None, (Reason("at_top_level", {"levels": levels}),), ())

    lowest, start_level = start_level_of(levels)
    start_reason = Reason("start_level", {"levels": levels, "lowest_level": lowest, "start_level": start_level})

    routing = route(facts)
    if routing.row is None:
        return Proposal(None, None, None, start_level, None, (start_reason,), routing.missing)

    row = routing.row
    kind, pace = row.provider_kind, row.pace
    modules = list(modules)
    module_reason: Reason
    if row.latin_script_module:
        module = choose_latin_script_module(modules, today=today)
        wanted: dict[str, object] = {"latin_script_module": True, "today": today}
    else:
        module = choose_module(modules, provider_kind=kind, level=start_level, pace=pace, today=today)
        wanted = {
            "provider_kind": kind.value,
            "level": start_level,
            "pace": pace.value if pace else None,
            "today": today,
        }
    if module is None:
        module_reason = Reason("no_module", wanted)
    else:
        module_reason = Reason(
            "module_chosen",
            {
                "module_id": module.id,
                "provider_id": module.provider_id,
                "provider_name": module.provider_name,
                "starts_on": module.starts_on,
                "places_left": module.places_left,
                **({"latin_script_module": True} if row.latin_script_module else {}),
            },
        )
    return Proposal(
        provider_kind=kind.value,
        pace=pace.value if pace else None,
        hours_per_level=HOURS_PER_LEVEL[pace] if pace else None,
        start_level=start_level,
        module=module,
        reasons=(*routing.reasons, start_reason, module_reason),
        missing=(),
        row=row.number,
        track=row.track.value,
        latin_script_module=row.latin_script_module,
    )
