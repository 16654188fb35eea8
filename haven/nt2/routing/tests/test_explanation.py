"""Every reason the engine can give, and every missing fact, has a translated text.

Needs Django's settings for gettext (pytest's config sets them), not the database."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest
from django.utils import translation

from haven.nt2.explanation import missing_text, reason_text
from haven.nt2.routing import REASON_CODES, LearnerFacts, Reason, propose

from .builders import TODAY, learner, module

C2 = dict.fromkeys(("listening", "speaking", "reading", "writing"), "C2")
A2 = dict.fromkeys(("listening", "speaking", "reading", "writing"), "A2")

# Facts that together make the engine give every reason code and every variant of its text.
SCENARIOS = [
    (learner(levels=C2), []),
    (learner(literate=False, latin_script=False), []),
    (learner(work_follow_up=True), []),
    (learner(work_follow_up=True, levels=A2), [module(1, kind="vdab", level="B1", places_left=1)]),
    (learner(years_of_schooling=3, highest_diploma="none", learning_pace="slow"), []),
    (learner(years_of_schooling=3), []),
    (learner(highest_diploma="primary"), [module(2, kind="cbe", pace="slow")]),
    (learner(highest_diploma="higher", learning_pace="fast"), []),
    (learner(levels=A2), [module(3, level="B1")]),
    (LearnerFacts(), []),
]


def produced_reasons() -> list[Reason]:
    return [reason for facts, modules in SCENARIOS for reason in propose(facts, modules, today=TODAY).reasons]


def test_the_scenarios_produce_every_reason_code():
    assert {reason.code for reason in produced_reasons()} == set(REASON_CODES)


def test_every_reason_the_engine_gives_has_a_sentence():
    with translation.override("en"):
        texts = [reason_text(reason) for reason in produced_reasons()]
    assert all(text.endswith(".") and "%(" not in text for text in texts)
    assert len(set(texts)) >= len(REASON_CODES)


def test_a_sentence_shows_the_facts_by_their_labels():
    reason = Reason("fast_and_higher_education", {"highest_diploma": "upper_secondary", "learning_pace": "fast"})
    with translation.override("en"):
        assert "upper secondary" in reason_text(reason)
        assert "11 places left" in reason_text(
            Reason(
                "module_chosen",
                {
                    "module_id": 1,
                    "provider_id": 2,
                    "provider_name": "CVO Gent",
                    "starts_on": date(2025, 10, 1),
                    "places_left": 11,
                },
            )
        )
        assert "1 place left" in reason_text(
            Reason(
                "module_chosen",
                {
                    "module_id": 1,
                    "provider_id": 2,
                    "provider_name": "CVO Gent",
                    "starts_on": date(2025, 10, 1),
                    "places_left": 1,
                },
            )
        )


def test_an_unknown_reason_code_is_refused():
    with pytest.raises(KeyError):
        reason_text(Reason("no_such_reason", {}))


def test_every_fact_has_a_missing_label():
    with translation.override("en"):
        labels = {f.name: missing_text(f.name) for f in fields(LearnerFacts)}
    assert labels["latin_script"] == "literacy in the Latin script"
    assert all(labels.values()) and len(set(labels.values())) == len(labels)
