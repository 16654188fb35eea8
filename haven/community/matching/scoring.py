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
    """The pair's score (None when refused) and, when ``explain``, its reasons in order."""
    reasons: list[Reason] = []
    score, refused = rules.weights.base, False
    for part in (_languages, _interests, _district, _moments, _age, _preferences):
        points, refuses = part(n, b, rules, reasons if explain else None)
        score += points
        refused = refused or refuses
    return (None if refused else score), reasons


Part = tuple[int, bool]  # the points a part adds, and whether it refuses the pair


def _languages(n: Compiled, b: Compiled, rules: Rules, reasons: list[Reason] | None) -> Part:
    nc, bc, w = n.candidate, b.candidate, rules.weights
    points, refused = 0, False
    if rules.mother_tongue_required:
        refused = not (n.mother_tongue and n.mother_tongue & b.languages)
        points += 0 if refused else w.mother_tongue
        if reasons is not None:
            code = "mother_tongue_missing" if refused else "mother_tongue"
            reasons.append(Reason(code, (("language", nc.mother_tongue),)))
    if n.languages & b.languages:
        points += w.shared_language
        if reasons is not None:
            reasons.append(Reason("shared_languages", (("languages", tuple(sorted(nc.languages & bc.languages))),)))
    elif reasons is not None:
        reasons.append(Reason("no_shared_language"))
    return points, refused


def _interests(n: Compiled, b: Compiled, rules: Rules, reasons: list[Reason] | None) -> Part:
    shared = (n.interests & b.interests).bit_count()
    if not shared:
        return 0, False
    if reasons is not None:
        interests = tuple(sorted(n.candidate.interests & b.candidate.interests))
        reasons.append(Reason("interests", (("interests", interests),)))
    return min(rules.weights.interests_max, rules.weights.interest * shared), False


def _district(n: Compiled, b: Compiled, rules: Rules, reasons: list[Reason] | None) -> Part:
    nc, bc = n.candidate, b.candidate
    if nc.district and nc.district == bc.district:
        code, part = "same_district", (rules.weights.same_district, False)
    elif nc.travels or bc.travels:
        code, part = "travels", (rules.weights.travels, False)
    else:
        code, part = "too_far", (0, True)
    if reasons is not None:
        reasons.append(Reason(code, (("district", nc.district if code == "same_district" else bc.district),)))
    return part


def _moments(n: Compiled, b: Compiled, rules: Rules, reasons: list[Reason] | None) -> Part:
    w = rules.weights
    if not (n.availability and b.availability):  # one of them is flexible
        if reasons is not None:
            reasons.append(Reason("common_time", (("slots", ()),)))
        return w.flexible_time, False
    common = (n.availability & b.availability).bit_count()
    if reasons is not None:
        slots = tuple(sorted(n.candidate.availability & b.candidate.availability))
        reasons.append(Reason("common_time", (("slots", slots),)) if common else Reason("no_common_time"))
    if not common:
        return 0, True
    return (w.common_times if common > 1 else w.common_time), False


def _age(n: Compiled, b: Compiled, rules: Rules, reasons: list[Reason] | None) -> Part:
    difference = abs(n.candidate.age - b.candidate.age)
    if reasons is not None:
        reasons.append(Reason("age_close" if difference <= 10 else "age_far", (("difference", difference),)))
    if difference <= 10:
        return rules.weights.age_close, False
    return (rules.weights.age_near if difference <= 20 else 0), False


def _preferences(n: Compiled, b: Compiled, rules: Rules, reasons: list[Reason] | None) -> Part:
    """Each side's stated preference for the other's sex: met, unmet, or refused (a must)."""
    nc, bc = n.candidate, b.candidate
    points, refused = 0, False
    for wanting, other, side in ((nc, bc, "newcomer"), (bc, nc, "buddy")):
        if not wanting.wants_sex:
            continue
        if wanting.wants_sex == other.sex:
            points += rules.weights.sex_preference
            code = "sex_preference_met"
        elif wanting.wants_sex_hard:
            refused = True
            code = "sex_preference_refused"
        else:
            code = "sex_preference_unmet"
        if reasons is not None:
            reasons.append(Reason(code, (("sex", wanting.wants_sex), ("side", side))))
    return points, refused
