"""Every reason the engine can give, and every missing fact, has a translated text; the
routing reason quotes its row; a start level never calls a tested skill untested.

Needs Django's settings for gettext (pytest's config sets them), not the database."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest
from django.utils import translation

from haven.nt2.explanation import missing_text, reason_text, reason_words
from haven.nt2.routing import REASON_CODES, ROUTING_TABLE, LearnerFacts, Reason, propose

from .builders import TODAY, learner, module
from .test_routing_table import ARABIC_SCRIPT_LEARNER, ROW_PROFILES

C2 = dict.fromkeys(("listening", "speaking", "reading", "writing"), "C2")
A2 = dict.fromkeys(("listening", "speaking", "reading", "writing"), "A2")

# Facts that together make the engine give every reason code and every variant of its text.
SCENARIOS = [
    (learner(levels=C2), []),
    *((facts, []) for facts in ROW_PROFILES.values()),
    (learner(work_follow_up=True, levels=A2), [module(1, kind="vdab", level="B1", places_left=1)]),
    (learner(highest_diploma="primary"), [module(2, kind="cbe", pace="slow")]),
    (learner(levels=A2), [module(3, level="B1")]),
    (learner(levels=A2 | {"writing": "0"}), []),
    (ARABIC_SCRIPT_LEARNER, [module(4, kind="cbe", pace="latin", places_left=7)]),
    (LearnerFacts(), []),
]


def produced_reasons() -> list[Reason]:
    return [reason for facts, modules in SCENARIOS for reason in propose(facts, modules, today=TODAY).reasons]


def english(reason: Reason) -> str:
    with translation.override("en"):
        return reason_text(reason)


def row_sentence(facts: LearnerFacts) -> str:
    (reason,) = [reason for reason in propose(facts, today=TODAY).reasons if reason.code == "routing_row"]
    return english(reason)


def start_sentence(levels: dict) -> str:
    (reason,) = [
        reason for reason in propose(learner(levels=levels), today=TODAY).reasons if reason.code == "start_level"
    ]
    return english(reason)


def test_the_scenarios_produce_every_reason_code():
    assert {reason.code for reason in produced_reasons()} == set(REASON_CODES)


def test_every_reason_the_engine_gives_has_a_sentence():
    texts = [english(reason) for reason in produced_reasons()]
    assert all(text.endswith(".") and "%(" not in text for text in texts)
    assert len(set(texts)) >= len(REASON_CODES)


@pytest.mark.parametrize("row", ROUTING_TABLE, ids=lambda row: f"row{row.number}")
def test_the_explanation_quotes_the_row(row):
    sentence = row_sentence(ROW_PROFILES[row.number])
    assert sentence.startswith(f"Row {row.number} of the routing table: ")
    assert ("after a Latin-script module" in sentence) == row.latin_script_module


def test_the_arabic_script_learner_reads_row_13():
    assert row_sentence(ARABIC_SCRIPT_LEARNER) == (
        "Row 13 of the routing table: literate in another script (not the Latin script); 9 or more years of "
        "schooling (beyond primary school); average aptitude; any goal → an adult education centre (CVO), "
        "regular course, standard pace (120 hours per level), after a Latin-script module. "
        "Recorded at the intake: reads and writes; does not read and write the Latin script; 12 years of "
        "schooling; highest diploma: upper secondary; aptitude: average learner."
    )


def test_the_row_is_put_into_words_in_the_readers_language():
    # The reason is kept as codes and facts; the sentence is made when read, in the language
    # active then (the diploma's label is already in the Dutch catalogue).
    (reason,) = [
        reason for reason in propose(ARABIC_SCRIPT_LEARNER, today=TODAY).reasons if reason.code == "routing_row"
    ]
    assert all(isinstance(value, (str, int, bool)) for value in reason.facts.values())
    with translation.override("nl"):
        assert "hoger secundair onderwijs" in reason_text(reason)
    assert "upper secondary" in english(reason)


def test_the_quote_is_of_the_row_stored_not_of_todays_table():
    stored = {
        "row": 99,
        "row_literacy": "latin",
        "row_schooling": "any",
        "row_aptitude": "any",
        "row_goal": "any",
        "row_provider_kind": "other",
        "row_track": "course",
        "row_pace": "regular",
        "row_latin_script_module": False,
    }
    assert english(Reason("routing_row", stored)).startswith(
        "Row 99 of the routing table: literate in the Latin script"
    )


# --- The start level: a tested skill is never called untested ---------------------------------


def test_all_four_skills_tested_with_one_below_a1_is_not_called_untested():
    sentence = start_sentence(A2 | {"writing": "0"})
    assert sentence == "Starts at level A1: all four skills are tested, and the lowest is below A1."
    assert "not tested" not in sentence and "no level test" not in sentence


def test_all_four_skills_tested_names_the_lowest_level():
    assert start_sentence(A2 | {"writing": "B1"}) == (
        "Starts at level B1, the level above A2, the lowest current level over the four skills."
    )


def test_an_untested_skill_is_named():
    assert start_sentence({"listening": "A2", "speaking": "0", "reading": "B1"}) == (
        "Starts at level A1: no level test yet for writing."
    )


def test_no_skill_tested_names_all_four():
    assert start_sentence({}) == "Starts at level A1: no level test yet for listening, speaking, reading, writing."


# --- Other sentences -------------------------------------------------------------------------


def test_a_sentence_shows_the_facts_by_their_labels():
    module_facts = {"module_id": 1, "provider_id": 2, "provider_name": "CVO Gent", "starts_on": date(2025, 10, 1)}
    assert "11 places left" in english(Reason("module_chosen", module_facts | {"places_left": 11}))
    assert "1 place left" in english(Reason("module_chosen", module_facts | {"places_left": 1}))
    assert english(Reason("module_chosen", module_facts | {"places_left": 3, "latin_script_module": True})).startswith(
        "Proposed Latin-script module: CVO Gent"
    )
    assert english(Reason("no_module", {"latin_script_module": True, "today": "2025-09-01"})) == (
        "No Latin-script module found with a place left and starting on 01/09/2025 or later."
    )


def test_reasons_stored_by_the_engine_before_the_table_still_read():
    with translation.override("en"):
        assert reason_words("not_latin_script", {"latin_script": False}).startswith("Does not read and write the Latin")
        assert reason_words("no_such_reason", {}) == "no_such_reason"


def test_an_unknown_reason_code_is_refused():
    with pytest.raises(KeyError):
        reason_text(Reason("no_such_reason", {}))


def test_every_fact_has_a_missing_label():
    with translation.override("en"):
        labels = {f.name: missing_text(f.name) for f in fields(LearnerFacts)}
    assert labels["latin_script"] == "literacy in the Latin script"
    assert labels["learning_goal"] == "learning goal"
    assert all(labels.values()) and len(set(labels.values())) == len(labels)
