"""Which ambassador fits a testimony request: a pure engine (no Django).

An ambassador can be proposed only when, on the day of the testimony, they are
certified and have not stopped, their consent covers that day, and they give no other
testimony that day (``refusals``). Among those, the fit is scored: the theme asked among
their themes, the language wanted among their languages (none wanted: Dutch, which every
ambassador speaks), the weekday among those they are available on, and, for a place
outside Ghent, whether they travel. Ties go to whoever gave the fewest testimonies
lately (the work is spread), then to the order given (by name)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

UNCERTIFIED, STOPPED, NO_CONSENT, BOOKED = "uncertified", "stopped", "no_consent", "booked"
THEME, LANGUAGE, WEEKDAY, TRAVEL = "theme", "language", "weekday", "travel"
WEIGHTS = {THEME: 4, LANGUAGE: 4, WEEKDAY: 2, TRAVEL: 1}


@dataclass(frozen=True)
class Candidate:
    id: int
    certified_on: date | None
    stopped_on: date | None
    consent_given_on: date
    consent_withdrawn_on: date | None
    themes: frozenset[str]
    weekdays: frozenset[int]
    languages: frozenset[str]
    travels: bool
    booked_days: frozenset[date] = frozenset()
    recent: int = 0


@dataclass(frozen=True)
class Need:
    held_on: date
    theme: str
    language: str | None
    outside_ghent: bool


@dataclass(frozen=True)
class Fit:
    candidate: Candidate
    score: int
    matches: tuple[str, ...]
    misses: tuple[str, ...]


def refusals(candidate: Candidate, on: date) -> list[str]:
    """Why this ambassador cannot be proposed for a testimony on ``on`` (empty: they can)."""
    found = []
    if candidate.certified_on is None or candidate.certified_on > on:
        found.append(UNCERTIFIED)
    if candidate.stopped_on is not None and candidate.stopped_on <= on:
        found.append(STOPPED)
    if candidate.consent_given_on > on or (
        candidate.consent_withdrawn_on is not None and candidate.consent_withdrawn_on <= on
    ):
        found.append(NO_CONSENT)
    if on in candidate.booked_days:
        found.append(BOOKED)
    return found


def fit(candidate: Candidate, need: Need) -> Fit:
    checks = {
        THEME: need.theme in candidate.themes,
        LANGUAGE: need.language is None or need.language in candidate.languages,
        WEEKDAY: need.held_on.weekday() in candidate.weekdays,
        TRAVEL: not need.outside_ghent or candidate.travels,
    }
    matches = tuple(name for name, ok in checks.items() if ok)
    misses = tuple(name for name, ok in checks.items() if not ok)
    return Fit(candidate, sum(WEIGHTS[name] for name in matches), matches, misses)


def rank(need: Need, candidates: Iterable[Candidate]) -> list[Fit]:
    """The ambassadors who can be proposed, best fit first."""
    fits = [fit(candidate, need) for candidate in candidates if not refusals(candidate, need.held_on)]
    order = {fit.candidate.id: index for index, fit in enumerate(fits)}
    return sorted(fits, key=lambda item: (-item.score, item.candidate.recent, order[item.candidate.id]))
