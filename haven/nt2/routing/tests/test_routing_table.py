"""The routing table: every row reached by a profile that hits it, the order of the rows,
the boundaries of the columns, and the learner literate in Arabic script."""

from __future__ import annotations

import itertools

import pytest

from haven.nt2.routing import (
    HOURS_PER_LEVEL,
    ROUTING_TABLE,
    LearnerFacts,
    Pace,
    ProviderKind,
    propose,
    row_numbered,
)

from .builders import TODAY, learner, module

OTHER_SCRIPT = {"literate": True, "latin_script": False}

# A profile that reaches each row of the table, by row number.
ROW_PROFILES: dict[int, LearnerFacts] = {
    1: learner(literate=False, latin_script=False),
    2: learner(work_follow_up=True),
    3: learner(work_follow_up=True, **OTHER_SCRIPT),
    4: learner(years_of_schooling=6, highest_diploma="primary"),
    5: learner(years_of_schooling=6, highest_diploma="primary", **OTHER_SCRIPT),
    6: learner(learning_pace="slow"),
    7: learner(learning_pace="slow", **OTHER_SCRIPT),
    8: learner(highest_diploma="higher", learning_pace="fast", learning_goal="study"),
    9: learner(highest_diploma="higher", learning_pace="fast", learning_goal="work", **OTHER_SCRIPT),
    10: learner(highest_diploma="lower_secondary", learning_pace="fast"),
    11: learner(highest_diploma="lower_secondary", learning_pace="fast", **OTHER_SCRIPT),
    12: learner(),
    13: learner(**OTHER_SCRIPT),
}


def routing_reason(facts: LearnerFacts) -> dict:
    (reason,) = [reason for reason in propose(facts, today=TODAY).reasons if reason.code == "routing_row"]
    return dict(reason.facts)


def test_the_rows_are_numbered_one_by_one_in_order():
    assert [row.number for row in ROUTING_TABLE] == list(range(1, len(ROUTING_TABLE) + 1))


def test_every_row_has_a_profile_that_reaches_it():
    assert set(ROW_PROFILES) == {row.number for row in ROUTING_TABLE}


@pytest.mark.parametrize("row", ROUTING_TABLE, ids=lambda row: f"row{row.number}")
def test_each_row_sends_its_profile_where_the_row_says(row):
    proposal = propose(ROW_PROFILES[row.number], today=TODAY)
    assert proposal.row == row.number
    assert (proposal.provider_kind, proposal.track, proposal.pace, proposal.latin_script_module) == (
        row.provider_kind,
        row.track,
        row.pace,
        row.latin_script_module,
    )
    assert proposal.hours_per_level == (HOURS_PER_LEVEL[row.pace] if row.pace else None)
    reason = routing_reason(ROW_PROFILES[row.number])
    assert reason["row"] == row.number
    assert (reason["row_literacy"], reason["row_schooling"], reason["row_aptitude"], reason["row_goal"]) == (
        row.literacy,
        row.schooling,
        row.aptitude,
        row.goal,
    )


def test_every_fully_known_learner_reaches_a_row():
    values = {
        "literacy": [(False, False), (True, False), (True, True)],
        "years_of_schooling": (0, 8, 9, 16),
        "highest_diploma": ("none", "primary", "lower_secondary", "upper_secondary", "higher"),
        "learning_pace": ("slow", "regular", "fast"),
        "work_follow_up": (True, False),
        "learning_goal": ("work", "study", "daily_life", "children", "nationality", "integration", "other"),
    }
    for (literate, latin), *rest in itertools.product(*values.values()):
        facts = LearnerFacts(literate=literate, latin_script=latin, **dict(zip(list(values)[1:], rest, strict=True)))
        proposal = propose(facts, today=TODAY)
        assert proposal.row is not None and proposal.missing == (), facts


# --- The learner of the acceptance: literate in Arabic script ---------------------------------


ARABIC_SCRIPT_LEARNER = LearnerFacts(
    literate=True,
    latin_script=False,
    years_of_schooling=12,
    highest_diploma="upper_secondary",
    learning_pace="regular",
    work_follow_up=False,
    learning_goal="daily_life",
)


def test_a_learner_literate_in_arabic_script_gets_a_latin_script_module_then_the_regular_course():
    proposal = propose(ARABIC_SCRIPT_LEARNER, today=TODAY)
    assert proposal.row == 13
    assert (proposal.provider_kind, proposal.track, proposal.pace, proposal.hours_per_level) == (
        "cvo",
        "course",
        "regular",
        120,
    )
    assert proposal.latin_script_module
    assert proposal.pace != Pace.ALPHA and proposal.hours_per_level != 600


def test_the_arabic_script_learner_is_proposed_the_latin_script_module_not_the_literacy_track():
    modules = [
        module(1, kind="cbe", pace="alpha"),
        module(2, kind="cvo", pace="regular"),
        module(3, kind="cbe", pace="latin", places_left=2),
    ]
    proposal = propose(ARABIC_SCRIPT_LEARNER, modules, today=TODAY)
    assert proposal.module.id == 3
    assert proposal.reasons[-1].code == "module_chosen" and proposal.reasons[-1].facts["latin_script_module"]


def test_literacy_tracks_are_for_learners_literate_in_no_script_only():
    for facts in ROW_PROFILES.values():
        proposal = propose(facts, today=TODAY)
        assert (proposal.pace == Pace.ALPHA) == (facts.literate is False)


# --- Order and boundaries ----------------------------------------------------------------------


def test_contradictory_literacy_facts_take_literate_false():
    assert propose(learner(literate=False, latin_script=True), today=TODAY).row == 1


def test_latin_script_settles_literacy_without_literate():
    assert propose(learner(literate=None, latin_script=True), today=TODAY).row == 12


def test_a_learner_literate_in_no_script_goes_to_the_literacy_track_even_as_a_job_seeker():
    proposal = propose(learner(literate=False, latin_script=False, work_follow_up=True), today=TODAY)
    assert (proposal.row, proposal.provider_kind, proposal.pace, proposal.hours_per_level) == (1, "cbe", "alpha", 600)


def test_work_follow_up_comes_before_schooling_and_pace():
    facts = learner(work_follow_up=True, years_of_schooling=4, highest_diploma="none", learning_pace="slow")
    assert propose(facts, today=TODAY).row == 2


def test_work_follow_up_unknown_counts_as_not_followed_up():
    proposal = propose(learner(work_follow_up=None), today=TODAY)
    assert (proposal.row, proposal.missing) == (12, ())


@pytest.mark.parametrize(("years", "row"), [(0, 4), (8, 4), (9, 12), (10, 12)])
def test_fewer_than_nine_years_is_low_schooling(years, row):
    assert propose(learner(years_of_schooling=years, highest_diploma="lower_secondary"), today=TODAY).row == row


@pytest.mark.parametrize("diploma", ["none", "primary"])
def test_no_diploma_or_primary_school_is_low_schooling(diploma):
    facts = learner(years_of_schooling=12, highest_diploma=diploma)
    assert propose(facts, today=TODAY).row == 4
    assert routing_reason(facts)["highest_diploma"] == diploma


def test_few_years_with_a_secondary_diploma_is_still_low_schooling():
    facts = learner(
        years_of_schooling=8, highest_diploma="upper_secondary", learning_pace="fast", learning_goal="study"
    )
    assert propose(facts, today=TODAY).row == 4
    assert routing_reason(facts)["years_of_schooling"] == 8


def test_both_schooling_facts_low_are_both_in_the_reason():
    reason = routing_reason(learner(years_of_schooling=5, highest_diploma="primary"))
    assert (reason["years_of_schooling"], reason["highest_diploma"]) == (5, "primary")


def test_a_slow_learner_with_a_higher_diploma_goes_slow_at_a_cbe():
    proposal = propose(learner(learning_pace="slow", highest_diploma="higher"), today=TODAY)
    assert (proposal.row, proposal.provider_kind, proposal.pace, proposal.hours_per_level) == (6, "cbe", "slow", 240)


@pytest.mark.parametrize("goal", ["study", "work"])
@pytest.mark.parametrize("diploma", ["upper_secondary", "higher"])
def test_a_fast_learner_eligible_for_higher_education_wanting_to_study_or_work_goes_to_the_uct(diploma, goal):
    proposal = propose(learner(highest_diploma=diploma, learning_pace="fast", learning_goal=goal), today=TODAY)
    assert (proposal.row, proposal.provider_kind, proposal.pace, proposal.hours_per_level) == (8, "uct", "fast", 90)


@pytest.mark.parametrize("goal", ["daily_life", "children", "nationality", "integration", "other"])
def test_a_fast_learner_with_another_goal_goes_fast_at_a_cvo(goal):
    proposal = propose(learner(highest_diploma="higher", learning_pace="fast", learning_goal=goal), today=TODAY)
    assert (proposal.row, proposal.provider_kind, proposal.pace) == (10, "cvo", "fast")


def test_an_average_learner_with_a_higher_diploma_goes_to_a_cvo():
    facts = learner(highest_diploma="higher", learning_pace="regular", learning_goal="study")
    assert (propose(facts, today=TODAY).row, routing_reason(facts)["learning_pace"]) == (12, "regular")


def test_the_reason_carries_the_facts_the_row_used():
    assert routing_reason(ROW_PROFILES[13]) == {
        "row": 13,
        "row_literacy": "other_script",
        "row_schooling": "not_low",
        "row_aptitude": "regular",
        "row_goal": "any",
        "row_provider_kind": "cvo",
        "row_track": "course",
        "row_pace": "regular",
        "row_latin_script_module": True,
        "literate": True,
        "latin_script": False,
        "years_of_schooling": 12,
        "highest_diploma": "upper_secondary",
        "learning_pace": "regular",
    }


def test_row_numbered_finds_a_row_or_none():
    assert row_numbered(13) is ROUTING_TABLE[12]
    assert row_numbered(99) is None


def test_hours_per_level_of_each_pace():
    assert HOURS_PER_LEVEL == {Pace.ALPHA: 600, Pace.SLOW: 240, Pace.REGULAR: 120, Pace.FAST: 90}


def test_the_proposal_uses_the_enum_values():
    proposal = propose(ROW_PROFILES[8], today=TODAY)
    assert proposal.provider_kind == ProviderKind.UCT and proposal.pace == Pace.FAST
    assert type(proposal.provider_kind) is str and type(proposal.pace) is str


@pytest.mark.parametrize(
    "field_and_value",
    [
        {"highest_diploma": "master"},
        {"learning_pace": "alpha"},
        {"learning_pace": "latin"},
        {"learning_goal": "fun"},
        {"years_of_schooling": -1},
        {"levels": {"grammar": "A1"}},
        {"levels": {"reading": "A3"}},
    ],
)
def test_facts_outside_the_vocabulary_are_refused(field_and_value):
    with pytest.raises(ValueError, match=r"unknown|must not be negative"):
        LearnerFacts(**field_and_value)
