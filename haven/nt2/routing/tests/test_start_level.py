"""The start level: the level above the lowest current level over the four skills."""

from __future__ import annotations

import pytest

from haven.nt2.routing import propose

from .builders import TODAY, learner

ALL_A2 = {"listening": "A2", "speaking": "A2", "reading": "A2", "writing": "A2"}


def start_level(levels) -> str | None:
    return propose(learner(levels=levels), today=TODAY).start_level


def test_no_tests_start_at_a1():
    assert start_level({}) == "A1"


def test_one_untested_skill_starts_at_a1():
    assert start_level({"listening": "B2", "speaking": "B2", "reading": "B2"}) == "A1"


def test_a_skill_mapped_to_none_counts_as_untested():
    assert start_level(ALL_A2 | {"writing": None}) == "A1"


def test_the_level_above_the_lowest_skill():
    assert start_level({"listening": "A2", "speaking": "B1", "reading": "A2", "writing": "A2"}) == "B1"


@pytest.mark.parametrize(
    ("lowest", "start"),
    [
        ("A1", "A2"),
        ("A2", "B1"),
        ("B1", "B2"),
        ("B2", "C1"),
        ("C1", "C2"),
    ],
)
def test_each_level_leads_to_the_next(lowest, start):
    assert start_level({"listening": "C2", "speaking": "C2", "reading": "C2", "writing": lowest}) == start


def test_the_start_level_reason_names_the_lowest_level():
    proposal = propose(
        learner(levels={"listening": "B1", "speaking": "A2", "reading": "B1", "writing": "B2"}), today=TODAY
    )
    (reason,) = [reason for reason in proposal.reasons if reason.code == "start_level"]
    assert reason.facts == {
        "levels": {"listening": "B1", "speaking": "A2", "reading": "B1", "writing": "B2"},
        "lowest_level": "A2",
        "start_level": "B1",
    }


def test_untested_skill_has_no_lowest_level_in_the_reason():
    proposal = propose(learner(levels={"reading": "B1"}), today=TODAY)
    (reason,) = [reason for reason in proposal.reasons if reason.code == "start_level"]
    assert reason.facts["lowest_level"] is None
    assert reason.facts["levels"] == {"listening": None, "speaking": None, "reading": "B1", "writing": None}


def test_every_skill_at_c2_is_at_the_top_level_whatever_the_other_facts():
    c2 = dict.fromkeys(("listening", "speaking", "reading", "writing"), "C2")
    for facts in (
        learner(levels=c2),
        learner(levels=c2, literate=False, latin_script=None),
        learner(levels=c2, learning_pace=None, latin_script=None),
    ):
        proposal = propose(facts, today=TODAY)
        assert (
            proposal.provider_kind,
            proposal.pace,
            proposal.hours_per_level,
            proposal.start_level,
            proposal.module,
            proposal.missing,
        ) == (None, None, None, None, None, ())
        assert proposal.codes() == ("at_top_level",)
        assert not proposal.undetermined


def test_reasons_are_routing_then_start_level_then_module():
    proposal = propose(learner(years_of_schooling=4, learning_pace="slow"), today=TODAY)
    assert proposal.codes() == ("routing_row", "start_level", "no_module")


def test_below_a1_is_a_result_not_an_untested_skill():
    # All four skills tested, one below A1: the lowest level is known (below A1), start at A1.
    proposal = propose(learner(levels=ALL_A2 | {"writing": "0"}), today=TODAY)
    (reason,) = [reason for reason in proposal.reasons if reason.code == "start_level"]
    assert reason.facts == {
        "levels": {"listening": "A2", "speaking": "A2", "reading": "A2", "writing": "0"},
        "lowest_level": "0",
        "start_level": "A1",
    }
    assert proposal.start_level == "A1"


def test_every_skill_below_a1_starts_at_a1():
    assert start_level(dict.fromkeys(ALL_A2, "0")) == "A1"
