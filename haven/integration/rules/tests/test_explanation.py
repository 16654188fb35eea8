"""The explanation: which steps a decision lists, with which facts, and how it reads."""

from __future__ import annotations

from datetime import date

import pytest

from haven.integration.rules import (
    FIRED,
    NOT_APPLICABLE,
    UNKNOWN,
    Decision,
    Facts,
    Register,
    Status,
    Step,
    decide,
)
from haven.integration.rules import ResidenceTitle as Title
from haven.integration.rules.flanders import RULE_SET_2016

from .builders import BELGIAN_ABROAD, newcomer, question

EXEMPTIONS = [
    "2016.exempt.eu_citizen",
    "2016.exempt.eu_family_member",
    "2016.exempt.age_65",
    "2016.exempt.serious_illness",
    "2016.exempt.diploma",
    "2016.exempt.integration_certificate",
]
GROUNDS = [
    "2016.obligated.first_residence_title",
    "2016.obligated.belgian_recently_registered",
    "2016.obligated.turned_18_within_12_months",
    "2016.obligated.moved_to_flanders",
]


def steps(decision: Decision) -> list[tuple[str, str]]:
    return [(step.rule, step.outcome) for step in decision.steps]


def step(decision: Decision, rule: str) -> Step:
    (found,) = [step for step in decision.steps if step.rule == rule]
    return found


def test_obligated_lists_requirements_ground_and_every_exemption_not_applying():
    decision = decide(question(newcomer()))

    assert steps(decision) == [
        ("2016.entitled.registered_in_municipality", FIRED),
        ("2016.entitled.foreigner_legal_stay", FIRED),
        ("2016.obligated.first_residence_title", FIRED),
        *[(rule, NOT_APPLICABLE) for rule in EXEMPTIONS],
    ]
    assert step(decision, "2016.obligated.first_residence_title").facts == {
        "residence_title": Title.LIMITED,
        "residence_title_months": 12,
        "first_residence_title": True,
    }
    assert step(decision, "2016.exempt.age_65").facts == {"birth_date": date(1989, 3, 10), "age": 30}
    assert step(decision, "2016.entitled.registered_in_municipality").facts == {
        "first_registration_municipality": date(2019, 4, 1),
        "asked_on": date(2019, 6, 15),
    }


def test_entitled_without_exemption_lists_every_ground_not_applying():
    decision = decide(question(newcomer(first_residence_title=False)))

    assert steps(decision) == [
        ("2016.entitled.registered_in_municipality", FIRED),
        ("2016.entitled.foreigner_legal_stay", FIRED),
        *[(rule, NOT_APPLICABLE) for rule in GROUNDS],
    ]
    assert step(decision, "2016.obligated.turned_18_within_12_months").facts == {
        "birth_date": date(1989, 3, 10),
        "first_registration_belgium": date(2019, 4, 1),
        "eighteenth_birthday": date(2007, 3, 10),
    }
    assert step(decision, "2016.obligated.moved_to_flanders").facts == {"moved_from_elsewhere_in_belgium": False}


def test_exempt_lists_the_ground_it_overrides_and_the_exemption():
    decision = decide(question(newcomer(nationality="FR")))

    assert steps(decision)[2:] == [("2016.obligated.first_residence_title", FIRED), ("2016.exempt.eu_citizen", FIRED)]
    assert step(decision, "2016.exempt.eu_citizen").facts == {"nationality": "FR", "asked_on": date(2019, 6, 15)}


def test_not_eligible_lists_only_the_exclusion_with_the_facts_it_used():
    decision = decide(question(newcomer(birth_date=date(2004, 1, 1))))

    assert steps(decision) == [("2016.not_eligible.minor", FIRED)]
    assert decision.steps[0].facts == {"birth_date": date(2004, 1, 1), "age": 15}


def test_asylum_exclusion_shows_when_the_four_months_end():
    facts = newcomer(
        register=Register.WAITING, residence_title=Title.ASYLUM_SEEKER, asylum_procedure_start=date(2019, 4, 30)
    )
    decision = decide(question(facts))

    assert step(decision, "2016.not_eligible.asylum_first_4_months").facts == {
        "residence_title": Title.ASYLUM_SEEKER,
        "asylum_procedure_start": date(2019, 4, 30),
        "asylum_exclusion_ends": date(2019, 8, 30),
        "asked_on": date(2019, 6, 15),
    }


def test_failed_requirement_lists_its_alternatives_as_not_applicable():
    decision = decide(question(newcomer(**BELGIAN_ABROAD, born_abroad=False)))

    assert decision.status is Status.NOT_ELIGIBLE
    assert steps(decision) == [
        ("2016.entitled.foreigner_legal_stay", NOT_APPLICABLE),
        ("2016.entitled.belgian_born_abroad", NOT_APPLICABLE),
    ]
    assert step(decision, "2016.entitled.belgian_born_abroad").facts == {
        "nationality": "BE",
        "born_abroad": False,
        "parent_born_abroad": True,
    }


def test_not_yet_registered_in_the_municipality_is_the_reason():
    decision = decide(question(newcomer(first_registration_municipality=date(2019, 7, 1))))

    assert steps(decision) == [("2016.entitled.registered_in_municipality", NOT_APPLICABLE)]


def test_undetermined_lists_unknown_steps_with_their_missing_facts():
    decision = decide(question(newcomer(residence_title_months=None)))

    assert decision.status is Status.UNDETERMINED
    # The exemptions, all known not to apply, show why this is not simply entitled.
    assert steps(decision) == [
        ("2016.entitled.registered_in_municipality", FIRED),
        ("2016.entitled.foreigner_legal_stay", FIRED),
        ("2016.obligated.first_residence_title", UNKNOWN),
        *[(rule, NOT_APPLICABLE) for rule in EXEMPTIONS],
    ]
    unknown = step(decision, "2016.obligated.first_residence_title")
    assert unknown.missing == ("residence_title_months",)
    assert unknown.facts == {"residence_title": Title.LIMITED, "residence_title_months": None}


def test_steps_follow_the_order_of_the_rules():
    decision = decide(question(Facts()))
    order = [rule.id for rule in RULE_SET_2016.rules]

    positions = [order.index(step.rule) for step in decision.steps]
    assert positions == sorted(positions)
    assert len(positions) == len(set(positions))


def test_explanation_reads_status_steps_and_facts():
    lines = decide(question(newcomer(birth_date=date(2004, 1, 1)))).explanation()

    assert lines == [
        "Status: niet in aanmerking (rule set 2016-2022).",
        (
            "[fired] 2016.not_eligible.minor: A person under 18 is not in the target group "
            "(minors go to education). (birth_date=2004-01-01, age=15)"
        ),
    ]


def test_explanation_of_undetermined_ends_with_the_missing_facts():
    lines = decide(question(newcomer(nationality=None, residence_title=None))).explanation()

    assert lines[0] == "Status: onbepaald (rule set 2016-2022)."
    assert "(residence_title=unknown); missing: residence_title" in lines[1]
    assert lines[-1] == "Missing facts: nationality, residence_title."


@pytest.mark.parametrize(
    ("status", "missing"),
    [
        (Status.UNDETERMINED, ()),
        (Status.OBLIGATED, ("birth_date",)),
        (Status.NOT_ELIGIBLE, ("register",)),
    ],
    ids=["undetermined_without_missing", "obligated_with_missing", "not_eligible_with_missing"],
)
def test_missing_facts_exactly_when_undetermined(status, missing):
    with pytest.raises(ValueError, match="missing facts are listed exactly when the status is undetermined"):
        Decision(status=status, rule_set="2022", steps=(), missing=missing)
