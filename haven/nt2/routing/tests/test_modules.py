"""The module proposed: filters, tie-breaks, and the reason when none fits."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from haven.nt2.routing import propose

from .builders import TODAY, learner, module

CVO_LEARNER = learner()  # CVO, regular, start A1


def chosen(*modules, facts=CVO_LEARNER):
    proposal = propose(facts, modules, today=TODAY)
    return proposal.module.id if proposal.module else None


def test_a_fitting_module_is_chosen_with_its_reason():
    proposal = propose(CVO_LEARNER, [module(7, starts_on=date(2025, 9, 15), places_left=3)], today=TODAY)
    assert proposal.module.id == 7
    assert proposal.reasons[-1].code == "module_chosen"
    assert proposal.reasons[-1].facts == {
        "module_id": 7,
        "provider_id": 107,
        "provider_name": "Provider 7",
        "starts_on": date(2025, 9, 15),
        "places_left": 3,
    }


@pytest.mark.parametrize(
    "other",
    [
        {"kind": "cbe"},
        {"level": "A2"},
        {"pace": "fast"},
        {"places_left": 0},
        {"starts_on": TODAY - timedelta(days=1)},
    ],
)
def test_modules_of_another_kind_level_pace_full_or_started_are_not_chosen(other):
    assert chosen(module(1, **other)) is None


def test_a_module_starting_today_is_chosen():
    assert chosen(module(1, starts_on=TODAY)) == 1


def test_the_earliest_start_comes_first():
    assert (
        chosen(
            module(1, starts_on=date(2025, 11, 1), places_left=20),
            module(2, starts_on=date(2025, 10, 1), places_left=1),
        )
        == 2
    )


def test_then_the_most_places_left():
    assert chosen(module(1, places_left=2), module(2, places_left=9), module(3, places_left=4)) == 2


def test_then_the_lowest_id():
    assert chosen(module(5), module(3), module(4)) == 3


def test_the_module_is_at_the_start_level():
    facts = learner(levels={"listening": "A2", "speaking": "A2", "reading": "A2", "writing": "B1"})
    assert chosen(module(1, level="A2"), module(2, level="B1"), facts=facts) == 2


def test_vdab_takes_a_module_of_any_pace():
    facts = learner(work_follow_up=True)
    assert (
        chosen(
            module(1, kind="vdab", pace="fast", starts_on=date(2025, 12, 1)),
            module(2, kind="vdab", pace="slow", starts_on=date(2025, 10, 1)),
            module(3, kind="cvo"),
            facts=facts,
        )
        == 2
    )


def test_the_literacy_track_takes_an_alpha_module_only():
    facts = learner(literate=False, latin_script=False)
    assert chosen(module(1, kind="cbe", pace="slow"), module(2, kind="cbe", pace="alpha"), facts=facts) == 2


def test_no_fitting_module_gives_the_reason_no_module():
    proposal = propose(CVO_LEARNER, [module(1, kind="uct", pace="fast")], today=TODAY)
    assert proposal.module is None
    assert (proposal.provider_kind, proposal.pace) == ("cvo", "regular")
    assert proposal.reasons[-1].code == "no_module"
    assert proposal.reasons[-1].facts == {"provider_kind": "cvo", "level": "A1", "pace": "regular", "today": TODAY}


def test_no_module_for_vdab_has_no_pace():
    proposal = propose(learner(work_follow_up=True), today=TODAY)
    assert proposal.reasons[-1].facts["pace"] is None


def test_modules_may_be_any_iterable():
    assert propose(CVO_LEARNER, iter([module(4)]), today=TODAY).module.id == 4


# --- The Latin-script module of a learner literate in another script ------------------------

OTHER_SCRIPT_LEARNER = learner(literate=True, latin_script=False)  # row 13: Latin-script module, then CVO


def test_a_learner_literate_in_another_script_is_proposed_a_latin_script_module_of_any_provider():
    proposal = propose(
        OTHER_SCRIPT_LEARNER,
        [
            module(1),
            module(2, kind="cbe", pace="latin", starts_on=date(2025, 9, 20)),
            module(3, kind="cvo", pace="latin"),
        ],
        today=TODAY,
    )
    assert proposal.module.id == 2
    assert proposal.reasons[-1].facts["latin_script_module"] is True


@pytest.mark.parametrize("other", [{"places_left": 0}, {"starts_on": TODAY - timedelta(days=1)}])
def test_a_full_or_started_latin_script_module_is_not_chosen(other):
    proposal = propose(OTHER_SCRIPT_LEARNER, [module(1, kind="cbe", pace="latin", **other)], today=TODAY)
    assert proposal.module is None
    assert proposal.reasons[-1].code == "no_module"
    assert proposal.reasons[-1].facts == {"latin_script_module": True, "today": TODAY}


def test_a_latin_script_module_is_never_the_course_of_a_learner_reading_the_latin_script():
    assert chosen(module(1, pace="latin")) is None
    vdab = learner(work_follow_up=True)
    assert chosen(module(1, kind="vdab", pace="latin"), module(2, kind="vdab", pace="fast"), facts=vdab) == 2
