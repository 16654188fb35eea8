"""Synthetic groups for the benchmark and the tests: newcomers and Ghentian buddies.

The shape follows the demo's Samen Gentenaar groups: newcomers speak one or two of ten
languages (the first is their mother tongue), buddies speak Dutch and often English or
French; 12 districts; 21 moments in the week of which each gives up to five (or none:
flexible); a third state a preference for the buddy's sex, a third of those as a must.
"""

from __future__ import annotations

import random

from haven.community.matching.scoring import Candidate

LANGUAGES = ("ar", "tr", "fa", "ps", "ru", "es", "ti", "so", "en", "fr")
INTERESTS = ("sport", "culture", "cooking", "walking", "music", "games", "nature")
DISTRICTS = tuple(f"D{number:02}" for number in range(1, 13))
SLOTS = tuple(
    f"{day}_{part}" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") for part in ("am", "pm", "ev")
)


def _common(rng: random.Random, key: int, languages: frozenset[str], mother_tongue: str) -> Candidate:
    wants = rng.choice(("", "", "", "F", "M"))
    return Candidate(
        key=key,
        languages=languages,
        mother_tongue=mother_tongue,
        interests=frozenset(rng.sample(INTERESTS, rng.randint(0, 3))),
        district=rng.choice(DISTRICTS),
        travels=rng.random() < 0.7,
        availability=frozenset(rng.sample(SLOTS, rng.randint(0, 5))),
        age=rng.randint(18, 70),
        sex=rng.choice("MF"),
        wants_sex=wants,
        wants_sex_hard=bool(wants) and rng.random() < 0.3,
    )


def generate_group(newcomers: int, buddies: int, seed: int) -> tuple[list[Candidate], list[Candidate]]:
    """``newcomers`` newcomers (keys 1…) and ``buddies`` buddies (keys 1,000,001…)."""
    rng = random.Random(seed)
    people = []
    for key in range(1, newcomers + 1):
        spoken = rng.sample(LANGUAGES, rng.randint(1, 2))
        people.append(_common(rng, key, frozenset(spoken), spoken[0]))
    helpers = []
    for key in range(1_000_001, 1_000_001 + buddies):
        spoken = ["nl", *rng.sample(LANGUAGES, rng.choice((0, 1, 1, 2)))]
        helpers.append(_common(rng, key, frozenset(spoken), "nl"))
    return people, helpers
