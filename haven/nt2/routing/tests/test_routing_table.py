"""Each line of the routing table, its boundaries and the order of the lines."""

from __future__ import annotations

import pytest

from haven.nt2.routing import HOURS_PER_LEVEL, LearnerFacts, Pace, ProviderKind, propose

from .builders import TODAY, learner


def route(facts: LearnerFacts) -> tuple[str | None, str | None, int | None]:
    proposal = propose(facts, today=TODAY)
    return proposal.provider_kind, proposal.pace, proposal.hours_per_level


def routing_reasons(facts: LearnerFacts) -> list[tuple[str, dict]]:
    """The reasons before the start level: those of the routing table."""
    reasons = propose(facts, today=TODAY).reasons
    return [
        (reason.code, dict(reason.facts))
        for reason in reasons
        if reason.code not in {"start_level", "module_chosen", "no_module"}
    ]


def test_hours_per_level_of_each_pace():
    assert HOURS_PER_LEVEL == {Pace.ALPHA: 600, Pace.SLOW: 240, Pace.REGULAR: 120, Pace.FAST: 90}


def test_not_literate_goes_to_the_literacy_track_at_a_cbe():
    facts = learner(literate=False, latin_script=None)
    assert route(facts) == ("cbe", "alpha", 600)
    assert routing_reasons(facts) == [("not_literate", {"literate": False})]


def test_literate_but_not_in_latin_script_goes_to_the_literacy_track():
    facts = learner(literate=True, latin_script=False)
    assert route(facts) == ("cbe", "alpha", 600)
    assert routing_reasons(facts) == [("not_latin_script", {"latin_script": False})]


def test_not_literate_at_all_gives_both_literacy_reasons():
    assert [code for code, _ in routing_reasons(learner(literate=False, latin_script=False))] == [
        "not_literate",
        "not_latin_script",
    ]


def test_latin_script_settles_literacy_without_literate():
    assert route(learner(literate=None, latin_script=False)) == ("cbe", "alpha", 600)
    assert route(learner(literate=None, latin_script=True)) == ("cvo", "regular", 120)


def test_contradictory_literacy_facts_take_literate_false():
    facts = learner(literate=False, latin_script=True)
    assert route(facts) == ("cbe", "alpha", 600)
    assert routing_reasons(facts) == [("not_literate", {"literate": False})]


def test_work_follow_up_goes_to_vdab_at_any_pace():
    facts = learner(work_follow_up=True)
    assert route(facts) == ("vdab", None, None)
    assert routing_reasons(facts) == [("work_follow_up", {"work_follow_up": True})]


def test_work_follow_up_comes_before_schooling_and_pace():
    facts = learner(work_follow_up=True, years_of_schooling=4, highest_diploma="none", learning_pace="slow")
    assert route(facts) == ("vdab", None, None)


def test_illiterate_job_seeker_goes_to_the_literacy_track_not_vdab():
    facts = learner(literate=False, latin_script=False, work_follow_up=True)
    assert route(facts) == ("cbe", "alpha", 600)
    assert "work_follow_up" not in [code for code, _ in routing_reasons(facts)]


def test_work_follow_up_unknown_counts_as_not_followed_up():
    proposal = propose(learner(work_follow_up=None), today=TODAY)
    assert (proposal.provider_kind, proposal.missing) == ("cvo", ())


def test_low_years_of_schooling_goes_slow_at_a_cbe():
    facts = learner(years_of_schooling=6, highest_diploma="lower_secondary")
    assert route(facts) == ("cbe", "slow", 240)
    assert routing_reasons(facts) == [("low_schooling", {"years_of_schooling": 6})]


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        (0, ("cbe", "slow", 240)),
        (8, ("cbe", "slow", 240)),
        (9, ("cvo", "regular", 120)),
        (10, ("cvo", "regular", 120)),
    ],
)
def test_fewer_than_nine_years_is_low_schooling(years, expected):
    assert route(learner(years_of_schooling=years, highest_diploma="lower_secondary")) == expected


@pytest.mark.parametrize("diploma", ["none", "primary"])
def test_no_diploma_or_primary_school_is_low_schooling(diploma):
    facts = learner(years_of_schooling=12, highest_diploma=diploma)
    assert route(facts) == ("cbe", "slow", 240)
    assert routing_reasons(facts) == [("low_schooling", {"highest_diploma": diploma})]


def test_few_years_with_a_secondary_diploma_is_still_low_schooling():
    facts = learner(years_of_schooling=8, highest_diploma="upper_secondary", learning_pace="fast")
    assert route(facts) == ("cbe", "slow", 240)
    assert routing_reasons(facts) == [("low_schooling", {"years_of_schooling": 8})]


def test_both_schooling_facts_low_are_both_in_the_reason():
    assert routing_reasons(learner(years_of_schooling=5, highest_diploma="primary")) == [
        ("low_schooling", {"years_of_schooling": 5, "highest_diploma": "primary"})
    ]


def test_slow_learner_goes_slow_at_a_cbe():
    facts = learner(learning_pace="slow", highest_diploma="higher")
    assert route(facts) == ("cbe", "slow", 240)
    assert routing_reasons(facts) == [("slow_learner", {"learning_pace": "slow"})]


def test_low_schooling_and_slow_learner_give_both_reasons_in_order():
    assert [code for code, _ in routing_reasons(learner(years_of_schooling=4, learning_pace="slow"))] == [
        "low_schooling",
        "slow_learner",
    ]


@pytest.mark.parametrize("diploma", ["upper_secondary", "higher"])
def test_fast_learner_eligible_for_higher_education_goes_to_a_university_centre(diploma):
    facts = learner(highest_diploma=diploma, learning_pace="fast")
    assert route(facts) == ("uct", "fast", 90)
    assert routing_reasons(facts) == [
        ("fast_and_higher_education", {"highest_diploma": diploma, "learning_pace": "fast"})
    ]


def test_fast_learner_with_lower_secondary_goes_regular_at_a_cvo():
    assert route(learner(highest_diploma="lower_secondary", learning_pace="fast")) == ("cvo", "regular", 120)


def test_higher_education_at_a_regular_pace_goes_to_a_cvo():
    facts = learner(highest_diploma="higher", learning_pace="regular")
    assert route(facts) == ("cvo", "regular", 120)
    assert routing_reasons(facts) == [
        (
            "regular",
            {
                "literate": True,
                "latin_script": True,
                "work_follow_up": False,
                "years_of_schooling": 12,
                "highest_diploma": "higher",
                "learning_pace": "regular",
            },
        )
    ]


def test_the_proposal_uses_the_enum_values():
    proposal = propose(learner(highest_diploma="higher", learning_pace="fast"), today=TODAY)
    assert proposal.provider_kind == ProviderKind.UCT and proposal.pace == Pace.FAST
    assert type(proposal.provider_kind) is str and type(proposal.pace) is str


@pytest.mark.parametrize(
    "field_and_value",
    [
        {"highest_diploma": "master"},
        {"learning_pace": "alpha"},
        {"years_of_schooling": -1},
        {"levels": {"grammar": "A1"}},
        {"levels": {"reading": "A3"}},
    ],
)
def test_facts_outside_the_vocabulary_are_refused(field_and_value):
    with pytest.raises(ValueError, match=r"unknown|must not be negative"):
        LearnerFacts(**field_and_value)
