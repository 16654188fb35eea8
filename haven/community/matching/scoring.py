"""How well a newcomer and a buddy fit: hard rules that forbid a pair, soft parts that score it.

One function (``_score``) decides both the score the solver uses and the reasons a
coordinator reads, so the two can never disagree. For speed on large groups the candidates
are first compiled into bit masks over the group's own vocabulary (``Compiled``); the
reasons are only written out for the duos that are shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

ReasonParams = tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class Candidate:
    """A newcomer or a buddy as the engine sees them: plain facts, no names."""

    key: int
    languages: frozenset[str] = frozenset()
    mother_tongue: str = ""
    interests: frozenset[str] = frozenset()
    district: str = ""
    travels: bool = True
    availability: frozenset[str] = frozenset()  # "mon_am", "mon_pm", "mon_ev", …; empty: flexible
    age: int = 0
    sex: str = ""
    wants_sex: str = ""
    wants_sex_hard: bool = False


@dataclass(frozen=True)
class Reason:
    """One part of a pair's score, or the rule that forbids it: a code and its facts."""

    code: str
    params: ReasonParams = ()

    def param(self, name: str) -> object:
        return dict(self.params).get(name)


@dataclass(frozen=True)
class Weights:
    base: int = 10
    mother_tongue: int = 25
    shared_language: int = 15
    interest: int = 5  # per shared interest
    interests_max: int = 20
    same_district: int = 20
    travels: int = 5
    common_time: int = 10
    common_times: int = 15  # two or more shared moments
    flexible_time: int = 10
    age_close: int = 15  # at most 10 years apart
    age_near: int = 8  # at most 20 years apart
    sex_preference: int = 10


@dataclass(frozen=True)
class Rules:
    """A programme's rules: TANDEM requires the newcomer's mother tongue, Samen Gentenaar does not."""

    name: str
    mother_tongue_required: bool = False
    weights: Weights = field(default_factory=Weights)


SAMEN_GENTENAAR = Rules("samen_gentenaar")
TANDEM = Rules("tandem", mother_tongue_required=True)


@dataclass(frozen=True)
class Compiled:
    """A candidate with its sets as bit masks over one vocabulary (fast to compare)."""

    candidate: Candidate
    languages: int
    mother_tongue: int
    interests: int
    availability: int


class Vocabulary:
    """Gives each language, interest and moment of a group one bit."""

    def __init__(self) -> None:
        self._bits: dict[str, int] = {}

    def mask(self, values: Iterable[str]) -> int:
        mask = 0
        for value in values:
            if value:
                mask |= self._bits.setdefault(value, 1 << len(self._bits))
        return mask

    def compile(self, candidate: Candidate) -> Compiled:
        return Compiled(
            candidate,
            self.mask(candidate.languages),
            self.mask((candidate.mother_tongue,)),
            self.mask(f"i:{interest}" for interest in candidate.interests),
            self.mask(f"t:{slot}" for slot in candidate.availability),
        )


def pair_score(
    newcomer: Candidate, buddy: Candidate, rules: Rules = SAMEN_GENTENAAR
) -> tuple[int | None, tuple[Reason, ...]]:
    """The pair's score (None when a hard rule forbids it) and every reason, in words' order."""
    vocabulary = Vocabulary()
    score, reasons = score_pair(vocabulary.compile(newcomer), vocabulary.compile(buddy), rules, explain=True)
    return score, tuple(reasons)


def fast_score(newcomer: Compiled, buddy: Compiled, rules: Rules) -> int | None:
    return score_pair(newcomer, buddy, rules, explain=False)[0]


def score_pair(n: Compiled, b: Compiled, rules: Rules, *, explain: bool) -> tuple[int | None, list[Reason]]:
    w = rules.weights
    nc, bc = n.candidate, b.candidate
    reasons: list[Reason] = []
    refused = False
    score = w.base
    # Languages.
    if rules.mother_tongue_required:
        if n.mother_tongue and n.mother_tongue & b.languages:
            score += w.mother_tongue
            if explain:
                reasons.append(Reason("mother_tongue", (("language", nc.mother_tongue),)))
        else:
            refused = True
            if explain:
                reasons.append(Reason("mother_tongue_missing", (("language", nc.mother_tongue),)))
    if n.languages & b.languages:
        score += w.shared_language
        if explain:
            reasons.append(Reason("shared_languages", (("languages", tuple(sorted(nc.languages & bc.languages))),)))
    elif explain:
        reasons.append(Reason("no_shared_language"))
    # Interests.
    shared_interests = (n.interests & b.interests).bit_count()
    if shared_interests:
        score += min(w.interests_max, w.interest * shared_interests)
        if explain:
            reasons.append(Reason("interests", (("interests", tuple(sorted(nc.interests & bc.interests))),)))
    # Where they live.
    if nc.district and nc.district == bc.district:
        score += w.same_district
        if explain:
            reasons.append(Reason("same_district", (("district", nc.district),)))
    elif nc.travels or bc.travels:
        score += w.travels
        if explain:
            reasons.append(Reason("travels", (("district", bc.district),)))
    else:
        refused = True
        if explain:
            reasons.append(Reason("too_far", (("district", bc.district),)))
    # When they are free.
    if n.availability and b.availability:
        common = (n.availability & b.availability).bit_count()
        if common:
            score += w.common_times if common > 1 else w.common_time
            if explain:
                slots = tuple(sorted(nc.availability & bc.availability))
                reasons.append(Reason("common_time", (("slots", slots),)))
        else:
            refused = True
            if explain:
                reasons.append(Reason("no_common_time"))
    else:
        score += w.flexible_time
        if explain:
            reasons.append(Reason("common_time", (("slots", ()),)))
    # Age.
    difference = abs(nc.age - bc.age)
    if difference <= 10:
        score += w.age_close
        if explain:
            reasons.append(Reason("age_close", (("difference", difference),)))
    else:
        score += w.age_near if difference <= 20 else 0
        if explain:
            reasons.append(Reason("age_far", (("difference", difference),)))
    # Stated preferences for the other's sex, each side's.
    for wanting, other in ((nc, bc), (bc, nc)):
        if not wanting.wants_sex:
            continue
        if wanting.wants_sex == other.sex:
            score += w.sex_preference
            code = "sex_preference_met"
        elif wanting.wants_sex_hard:
            refused = True
            code = "sex_preference_refused"
        else:
            code = "sex_preference_unmet"
        if explain:
            reasons.append(
                Reason(code, (("sex", wanting.wants_sex), ("side", "newcomer" if wanting is nc else "buddy")))
            )
    return (None if refused else score), reasons
