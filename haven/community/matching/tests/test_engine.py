"""The matching engine: hard rules, reasons, fixed and excluded pairs, and optimality.

Optimality is checked against brute force on small groups (every assignment tried) and
against the greedy baseline on a group where taking the best pair first leaves a newcomer
without a buddy."""

from __future__ import annotations

import random

import pytest

from haven.community.matching import (
    SAMEN_GENTENAAR,
    TANDEM,
    Candidate,
    NotAllowed,
    pair_score,
    propose,
    propose_greedy,
)
from haven.community.matching.generate import generate_group


def codes(reasons) -> list[str]:
    return [reason.code for reason in reasons]


AMIRA = Candidate(1, frozenset({"ar", "fr"}), "ar", frozenset({"cooking"}), "D01", True, frozenset({"mon_ev"}), 30, "F")
SARAH = Candidate(
    101,
    frozenset({"nl", "fr"}),
    "nl",
    frozenset({"cooking", "music"}),
    "D01",
    True,
    frozenset({"mon_ev", "sat_am"}),
    34,
    "F",
)
KOEN = Candidate(102, frozenset({"nl", "en"}), "nl", frozenset(), "D07", False, frozenset({"sat_am"}), 61, "M")


def test_a_pair_is_scored_part_by_part_and_every_part_is_a_reason():
    score, reasons = pair_score(AMIRA, SARAH)

    assert codes(reasons) == ["shared_languages", "interests", "same_district", "common_time", "age_close"]
    assert reasons[0].param("languages") == ("fr",)
    assert reasons[1].param("interests") == ("cooking",)
    assert reasons[3].param("slots") == ("mon_ev",)
    # base 10, language 15, one interest 5, district 20, one common moment 10, age 15
    assert score == 75


def test_hard_rules_forbid_a_pair_and_say_which():
    score, reasons = pair_score(AMIRA, KOEN)

    assert score is None
    assert {"no_shared_language", "no_common_time", "age_far"} <= set(codes(reasons))


def test_tandem_requires_the_newcomers_mother_tongue():
    arabic_buddy = Candidate(103, frozenset({"nl", "ar"}), "ar")
    french_buddy = Candidate(104, frozenset({"nl", "fr"}), "nl")

    allowed, reasons = pair_score(AMIRA, arabic_buddy, TANDEM)
    refused, refused_reasons = pair_score(AMIRA, french_buddy, TANDEM)
    samen, _ = pair_score(AMIRA, french_buddy, SAMEN_GENTENAAR)

    assert allowed is not None and "mother_tongue" in codes(reasons)
    assert refused is None and "mother_tongue_missing" in codes(refused_reasons)
    assert samen is not None  # Samen Gentenaar does not ask for it


def test_a_preference_for_the_buddys_sex_is_scored_or_required():
    wants_a_woman = Candidate(2, wants_sex="F")
    must_have_a_woman = Candidate(3, wants_sex="F", wants_sex_hard=True)
    man, woman = Candidate(201, sex="M"), Candidate(202, sex="F")

    met, _ = pair_score(wants_a_woman, woman)
    unmet, unmet_reasons = pair_score(wants_a_woman, man)
    refused, refused_reasons = pair_score(must_have_a_woman, man)

    assert met is not None and unmet is not None and met > unmet
    assert "sex_preference_unmet" in codes(unmet_reasons)
    assert refused is None and "sex_preference_refused" in codes(refused_reasons)


def test_the_optimal_proposal_matches_the_newcomer_greedy_leaves_alone():
    # Greedy takes the best pair (A with X) and leaves B, who can only go with X, unmatched.
    a = Candidate(1, district="D01", travels=False, age=30)
    b = Candidate(2, district="D02", travels=False, age=30)
    x = Candidate(11, district="D01", travels=True, age=30)
    y = Candidate(12, district="D01", travels=False, age=30)

    greedy = propose_greedy([a, b], [x, y])
    optimal = propose([a, b], [x, y])

    assert [(duo.newcomer, duo.buddy) for duo in greedy.duos] == [(1, 11)] and greedy.unmatched_newcomers == (2,)
    assert [(duo.newcomer, duo.buddy) for duo in optimal.duos] == [(1, 12), (2, 11)]
    assert optimal.unmatched_newcomers == () and optimal.worst > greedy.worst == 0


def _every_assignment(newcomers, buddies, taken=frozenset()):
    """(duos, total) of every way to give each newcomer a free buddy they may have, or nobody."""
    if not newcomers:
        yield (0, 0)
        return
    first, rest = newcomers[0], newcomers[1:]
    yield from _every_assignment(rest, buddies, taken)
    for buddy in buddies:
        score = pair_score(first, buddy)[0]
        if buddy.key not in taken and score is not None:
            for duos, total in _every_assignment(rest, buddies, taken | {buddy.key}):
                yield (duos + 1, total + score)


@pytest.mark.parametrize("seed", range(12))
def test_the_proposal_has_the_highest_total_any_assignment_has(seed):
    newcomers, buddies = generate_group(5, 6, seed)
    best = max(_every_assignment(newcomers, buddies))

    optimal = propose(newcomers, buddies)

    assert (len(optimal.duos), optimal.total) == best


def test_fixed_pairs_are_kept_and_excluded_pairs_never_proposed():
    newcomers, buddies = generate_group(20, 24, seed=7)
    free = propose(newcomers, buddies)
    first = free.duos[0]
    other_buddy = next(
        b.key
        for b in buddies
        if b.key != first.buddy and pair_score(next(n for n in newcomers if n.key == first.newcomer), b)[0] is not None
    )

    fixed = propose(newcomers, buddies, fixed=[(first.newcomer, other_buddy)])
    excluded = propose(newcomers, buddies, excluded=[(first.newcomer, first.buddy)])

    duo = next(d for d in fixed.duos if d.newcomer == first.newcomer)
    assert duo.buddy == other_buddy and duo.fixed and duo.reasons[0].code == "fixed"
    assert (first.newcomer, first.buddy) not in {(d.newcomer, d.buddy) for d in excluded.duos}
    assert excluded.total <= free.total and fixed.total <= free.total


def test_a_fixed_pair_that_breaks_a_hard_rule_is_refused_with_its_reasons():
    with pytest.raises(NotAllowed) as refused:
        propose([AMIRA], [KOEN], fixed=[(AMIRA.key, KOEN.key)])

    assert "no_common_time" in codes(refused.value.reasons)


def test_the_proposal_is_the_same_every_time_and_never_worse_than_greedy():
    rng = random.Random(3)
    for _ in range(5):
        newcomers, buddies = generate_group(48, 60, rng.randint(0, 10_000))
        for rules in (SAMEN_GENTENAAR, TANDEM):
            optimal = propose(newcomers, buddies, rules=rules)
            greedy = propose_greedy(newcomers, buddies, rules=rules)
            assert optimal == propose(newcomers, buddies, rules=rules)
            assert optimal.total >= greedy.total and optimal.worst >= greedy.worst
            assert len(optimal.unmatched_newcomers) <= len(greedy.unmatched_newcomers)
