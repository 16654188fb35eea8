"""Learners for the tests: by default one who is fully known and goes to a CVO (row 12)."""

from __future__ import annotations

from datetime import date

from haven.nt2.routing import LearnerFacts, ModuleOption

TODAY = date(2025, 9, 1)


def learner(**overrides) -> LearnerFacts:
    """A literate learner (Latin script), 12 years of schooling, an upper-secondary diploma,
    a regular learning pace, not followed up for work, learning Dutch for daily life;
    ``overrides`` change any fact."""
    facts = {
        "literate": True,
        "latin_script": True,
        "years_of_schooling": 12,
        "highest_diploma": "upper_secondary",
        "learning_pace": "regular",
        "work_follow_up": False,
        "learning_goal": "daily_life",
    }
    return LearnerFacts(**(facts | overrides))


def module(
    number: int = 1,
    *,
    kind: str = "cvo",
    level: str = "A1",
    pace: str = "regular",
    starts_on: date = date(2025, 10, 1),
    places_left: int = 5,
) -> ModuleOption:
    return ModuleOption(
        id=number,
        provider_id=100 + number,
        provider_name=f"Provider {number}",
        provider_kind=kind,
        level=level,
        pace=pace,
        hours=120,
        starts_on=starts_on,
        places_left=places_left,
    )
