"""The routing table, the start level and the choice of a module (see the package docstring
for the rules and the choices made)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from .facts import (
    HOURS_PER_LEVEL,
    LEVELS,
    SKILLS,
    Diploma,
    LearnerFacts,
    ModuleOption,
    Pace,
    ProviderKind,
)
from .proposal import Proposal, Reason

#: Fewer years of schooling than this is low schooling.
MINIMUM_YEARS_OF_SCHOOLING = 9
LOW_DIPLOMAS = frozenset({Diploma.NONE, Diploma.PRIMARY})
HIGHER_EDUCATION_DIPLOMAS = frozenset({Diploma.UPPER_SECONDARY, Diploma.HIGHER})

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


# --- The conditions of the routing table ----------------------------------------------------


def not_literate(facts: LearnerFacts) -> Condition:
    """Reads and writes in no script. Only a known ``False`` counts: a literate person may
    still not read the Latin script, which is the question that settles rule 1."""
    return Condition(facts.literate is False, {"literate": facts.literate})


def not_latin_script(facts: LearnerFacts) -> Condition:
    return on_fact(facts, "latin_script", lambda value: value is False)


def work_follow_up(facts: LearnerFacts) -> Condition:
    """Ticked or not at the intake: unknown counts as not ticked."""
    return Condition(facts.work_follow_up is True, {"work_follow_up": facts.work_follow_up})


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


def slow_learner(facts: LearnerFacts) -> Condition:
    return on_fact(facts, "learning_pace", lambda value: value == Pace.SLOW)


def fast_and_higher_education(facts: LearnerFacts) -> Condition:
    return all_of(
        on_fact(facts, "highest_diploma", lambda value: value in HIGHER_EDUCATION_DIPLOMAS),
        on_fact(facts, "learning_pace", lambda value: value == Pace.FAST),
    )


@dataclass(frozen=True)
class Route:
    """One line of the routing table: reason codes with their conditions (the line applies
    when any of them holds, see :func:`any_of`) and where it sends the learner."""

    conditions: tuple[tuple[str, Callable[[LearnerFacts], Condition]], ...]
    provider_kind: ProviderKind
    pace: Pace | None


#: The routing table, in the agency's order: the first line that applies decides.
ROUTES: tuple[Route, ...] = (
    Route((("not_literate", not_literate), ("not_latin_script", not_latin_script)), ProviderKind.CBE, Pace.ALPHA),
    Route((("work_follow_up", work_follow_up),), ProviderKind.VDAB, None),
    Route((("low_schooling", low_schooling), ("slow_learner", slow_learner)), ProviderKind.CBE, Pace.SLOW),
    Route((("fast_and_higher_education", fast_and_higher_education),), ProviderKind.UCT, Pace.FAST),
)
OTHERWISE = Route((), ProviderKind.CVO, Pace.REGULAR)


@dataclass(frozen=True)
class Routing:
    """The outcome of the routing table: a route and why, or the facts still missing."""

    route: Route | None
    reasons: tuple[Reason, ...] = ()
    missing: tuple[str, ...] = ()


def route(facts: LearnerFacts) -> Routing:
    """The first line of the routing table that applies, if every line before it is known not
    to apply; else the facts of the undecided lines up to the first that applies."""
    undecided: list[Condition] = []
    not_applying: list[Condition] = []
    for line in ROUTES:
        parts = [(code, condition(facts)) for code, condition in line.conditions]
        applies = any_of(*(part for _, part in parts))
        if applies.value is True:
            if undecided:
                break
            reasons = tuple(Reason(code, dict(part.facts)) for code, part in parts if part.value)
            return Routing(line, reasons)
        if applies.value is None:
            undecided.append(applies)
        else:
            not_applying.append(applies)
    if undecided:
        return Routing(None, missing=merge_missing(undecided))
    used = {name: value for name, value in merge_facts(not_applying).items() if value is not None}
    return Routing(OTHERWISE, (Reason("regular", used),))


# --- Start level and module ------------------------------------------------------------------


def current_levels(facts: LearnerFacts) -> dict[str, str | None]:
    """The level of each skill, in SKILLS order; ``None`` for a skill not tested."""
    return {skill: facts.levels.get(skill) for skill in SKILLS}


def choose_module(
    modules: Iterable[ModuleOption], *, provider_kind: str, level: str, pace: str | None, today: date
) -> ModuleOption | None:
    """The module of that kind, level and pace (any pace when ``pace`` is None) with a place
    left that starts today or later: the earliest start, then the most places left, then the
    lowest id."""
    fitting = [
        module
        for module in modules
        if module.provider_kind == provider_kind
        and module.level == level
        and (pace is None or module.pace == pace)
        and module.places_left > 0
        and module.starts_on >= today
    ]
    return min(fitting, key=lambda m: (m.starts_on, -m.places_left, m.id), default=None)


def propose(facts: LearnerFacts, modules: Iterable[ModuleOption] = (), *, today: date) -> Proposal:
    """Where to send the learner: provider kind, pace, start level and a module, with the
    reasons and, if the route is undetermined, the facts still missing."""
    levels = current_levels(facts)
    if all(level == LEVELS[-1] for level in levels.values()):
        return Proposal(None, None, None, None, None, (Reason("at_top_level", {"levels": levels}),), ())

    tested = [LEVELS.index(level) for level in levels.values() if level is not None]
    lowest = LEVELS[min(tested)] if len(tested) == len(SKILLS) else None
    start_level = LEVELS[LEVELS.index(lowest) + 1] if lowest else LEVELS[0]
    start_reason = Reason("start_level", {"levels": levels, "lowest_level": lowest, "start_level": start_level})

    routing = route(facts)
    if routing.route is None:
        return Proposal(None, None, None, start_level, None, (start_reason,), routing.missing)

    kind, pace = routing.route.provider_kind, routing.route.pace
    module = choose_module(modules, provider_kind=kind, level=start_level, pace=pace, today=today)
    if module is None:
        module_reason = Reason(
            "no_module",
            {"provider_kind": kind.value, "level": start_level, "pace": pace.value if pace else None, "today": today},
        )
    else:
        module_reason = Reason(
            "module_chosen",
            {
                "module_id": module.id,
                "provider_id": module.provider_id,
                "provider_name": module.provider_name,
                "starts_on": module.starts_on,
                "places_left": module.places_left,
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
    )
