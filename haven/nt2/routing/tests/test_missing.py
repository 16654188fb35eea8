"""Unknown facts: which are reported, and that known facts settle the rules."""

from __future__ import annotations

import pytest

from haven.nt2.routing import LearnerFacts, propose

from .builders import TODAY, learner


def outcome(facts: LearnerFacts) -> tuple[str | None, tuple[str, ...]]:
    proposal = propose(facts, today=TODAY)
    return proposal.provider_kind, proposal.missing


def test_nothing_known_asks_everything_the_table_needs_in_field_order():
    assert outcome(LearnerFacts()) == (
        None,
        ("literate", "latin_script", "years_of_schooling", "highest_diploma", "learning_pace", "learning_goal"),
    )


def test_literacy_unknown_asks_both_literacy_questions():
    assert outcome(learner(literate=None, latin_script=None)) == (None, ("literate", "latin_script"))


def test_literate_with_latin_script_unknown_asks_the_latin_script():
    # The regular course either way, but with or without a Latin-script module first.
    assert outcome(learner(literate=True, latin_script=None)) == (None, ("latin_script",))


def test_not_reading_the_latin_script_asks_whether_another_script_is_read():
    # The literacy track, or a Latin-script module and the regular course.
    assert outcome(learner(literate=None, latin_script=False)) == (None, ("literate",))


def test_not_literate_settles_row_one_with_latin_script_unknown():
    assert outcome(LearnerFacts(literate=False)) == ("cbe", ())


def test_literacy_unknown_is_missing_even_for_a_job_seeker():
    proposal = propose(learner(latin_script=None, literate=None, work_follow_up=True), today=TODAY)
    assert (proposal.provider_kind, proposal.pace, proposal.hours_per_level) == (None, None, None)
    assert proposal.missing == ("literate", "latin_script")


def test_low_schooling_with_literacy_unknown_stays_undecided():
    # CBE either way, but the literacy track or the slow pace.
    proposal = propose(learner(latin_script=None, literate=None, years_of_schooling=5), today=TODAY)
    assert (proposal.provider_kind, proposal.pace, proposal.missing) == (None, None, ("literate", "latin_script"))


def test_a_fast_learner_with_diploma_and_goal_unknown_asks_both():
    # The university language centre or a CVO at the fast pace.
    facts = learner(years_of_schooling=12, highest_diploma=None, learning_pace="fast", learning_goal=None)
    assert outcome(facts) == (None, ("highest_diploma", "learning_goal"))


def test_a_fast_learner_eligible_for_higher_education_with_the_goal_unknown_asks_the_goal():
    assert outcome(learner(learning_pace="fast", learning_goal=None)) == (None, ("learning_goal",))


def test_the_goal_is_not_asked_of_an_average_learner():
    assert outcome(learner(learning_goal=None)) == ("cvo", ())


def test_an_undecided_row_with_the_same_outcome_does_not_hold_up_the_route():
    # Schooling unknown: row 4 (low schooling) is undecided, row 6 (slow learner) applies; both
    # send the learner to the CBE at the slow pace, and row 6 is quoted.
    proposal = propose(learner(years_of_schooling=None, highest_diploma=None, learning_pace="slow"), today=TODAY)
    assert (proposal.row, proposal.provider_kind, proposal.pace, proposal.missing) == (6, "cbe", "slow", ())


def test_an_undecided_proposal_has_a_start_level_and_no_module():
    proposal = propose(
        LearnerFacts(levels={"listening": "A2", "speaking": "A2", "reading": "A2", "writing": "A2"}), today=TODAY
    )
    assert (proposal.start_level, proposal.module) == ("B1", None)
    assert proposal.codes() == ("start_level",)
    assert proposal.undetermined


def test_schooling_unknown_asks_both_years_and_diploma():
    assert outcome(learner(years_of_schooling=None, highest_diploma=None)) == (
        None,
        ("years_of_schooling", "highest_diploma"),
    )


def test_nine_years_with_the_diploma_unknown_is_not_low():
    assert outcome(learner(years_of_schooling=9, highest_diploma=None, learning_pace="regular")) == ("cvo", ())


def test_few_years_settle_low_schooling_with_the_diploma_unknown():
    assert outcome(learner(years_of_schooling=8, highest_diploma=None, learning_pace=None)) == ("cbe", ())


def test_secondary_diploma_with_the_years_unknown_is_not_low():
    assert outcome(learner(years_of_schooling=None, highest_diploma="lower_secondary")) == ("cvo", ())


def test_primary_diploma_settles_low_schooling_with_the_years_unknown():
    assert outcome(learner(years_of_schooling=None, highest_diploma="primary")) == ("cbe", ())


def test_slow_learner_settles_the_route_with_schooling_unknown():
    assert outcome(learner(years_of_schooling=None, highest_diploma=None, learning_pace="slow")) == ("cbe", ())


def test_learning_pace_unknown_is_missing_when_schooling_is_not_low():
    assert outcome(learner(learning_pace=None)) == (None, ("learning_pace",))


def test_learning_pace_unknown_is_not_missing_when_schooling_is_low():
    assert outcome(learner(years_of_schooling=3, learning_pace=None)) == ("cbe", ())


def test_fast_learner_with_years_known_and_diploma_unknown_asks_the_diploma():
    assert outcome(
        learner(years_of_schooling=12, highest_diploma=None, learning_pace="fast", learning_goal="study")
    ) == (
        None,
        ("highest_diploma",),
    )


def test_regular_learner_with_the_diploma_unknown_needs_no_diploma():
    assert outcome(learner(years_of_schooling=12, highest_diploma=None, learning_pace="regular")) == ("cvo", ())


@pytest.mark.parametrize("work_follow_up", [None, False])
def test_work_follow_up_is_never_missing(work_follow_up):
    assert "work_follow_up" not in outcome(LearnerFacts(work_follow_up=work_follow_up))[1]


def test_a_decided_proposal_has_nothing_missing_and_undecided_has_no_route_reasons():
    decided = propose(learner(), today=TODAY)
    undecided = propose(learner(learning_pace=None), today=TODAY)
    assert decided.missing == () and not decided.undetermined
    assert undecided.codes() == ("start_level",)


# --- The three-valued logic against brute force over every combination of facts ------------

VALUES = {
    "literate": (True, False),
    "latin_script": (True, False),
    "years_of_schooling": (8, 9),
    "highest_diploma": ("none", "primary", "lower_secondary", "upper_secondary", "higher"),
    "learning_pace": ("slow", "regular", "fast"),
    "work_follow_up": (True, False),
    "learning_goal": ("study", "daily_life"),
}


def consistent(facts: dict) -> bool:
    """``latin_script`` True implies literate."""
    return not (facts["latin_script"] is True and facts["literate"] is False)


def completions(facts: dict, names) -> list[dict]:
    """Every consistent way of filling in the unknown facts among ``names``.

    By the schooling choice, one known schooling fact that is not low stands for both: the
    other, unknown, is filled in with values that are not low either."""
    values = dict(VALUES)
    if facts["years_of_schooling"] == 9 and facts["highest_diploma"] is None:
        values["highest_diploma"] = ("lower_secondary", "upper_secondary", "higher")
    if facts["highest_diploma"] not in (None, "none", "primary") and facts["years_of_schooling"] is None:
        values["years_of_schooling"] = (9,)
    results = [dict(facts)]
    for name in names:
        if facts[name] is None:
            results = [result | {name: value} for result in results for value in values[name]]
    return [result for result in results if consistent(result)]


def route_of(facts: dict) -> tuple:
    """Where the learner goes (the row may differ between rows with the same outcome)."""
    proposal = propose(LearnerFacts(**facts), today=TODAY)
    return (proposal.provider_kind, proposal.track, proposal.pace, proposal.latin_script_module), proposal.missing


def every_partial_fact_set():
    combinations = [{}]
    for name, values in VALUES.items():
        combinations = [combination | {name: value} for combination in combinations for value in (None, *values)]
    return [combination for combination in combinations if consistent(combination)]


def test_a_decided_route_holds_whatever_the_unknown_facts_turn_out_to_be():
    # work_follow_up None counts as False, so it is not filled in.
    others = [name for name in VALUES if name != "work_follow_up"]
    for facts in every_partial_fact_set():
        where, missing = route_of(facts)
        if missing:
            continue
        for completed in completions(facts, others):
            assert route_of(completed) == (where, ()), (facts, completed)


def test_an_undecided_route_is_decided_by_its_missing_facts_and_depends_on_them():
    for facts in every_partial_fact_set():
        _, missing = route_of(facts)
        if not missing:
            continue
        outcomes = set()
        for completed in completions(facts, missing):
            where, still_missing = route_of(completed)
            assert still_missing == (), (facts, completed)
            outcomes.add(where)
        assert len(outcomes) > 1, facts
