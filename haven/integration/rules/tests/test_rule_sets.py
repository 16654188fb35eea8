"""Which rule set answers: by the date asked and the region of the municipality."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from haven.integration.rules import (
    RULE_SETS,
    Kind,
    NoRuleSet,
    Region,
    Status,
    decide,
    rule_set_for,
)

from .builders import newcomer, question


@pytest.mark.parametrize(
    ("asked_on", "name"),
    [
        (date(2014, 1, 1), "2016-2022"),
        (date(2019, 6, 15), "2016-2022"),
        (date(2022, 2, 28), "2016-2022"),
        (date(2022, 3, 1), "2022"),
        (date(2030, 1, 1), "2022"),
    ],
    ids=str,
)
def test_rule_set_by_date(asked_on, name):
    assert rule_set_for(asked_on, Region.FLANDERS).name == name


@pytest.mark.parametrize(
    ("asked_on", "region"),
    [
        (date(2013, 12, 31), Region.FLANDERS),
        (date(2019, 6, 15), Region.BRUSSELS),
        (date(2023, 6, 15), Region.BRUSSELS),
        (date(2019, 6, 15), Region.WALLONIA),
        (date(2023, 6, 15), Region.WALLONIA),
    ],
    ids=lambda value: str(value),
)
def test_no_rule_set(asked_on, region):
    with pytest.raises(NoRuleSet):
        rule_set_for(asked_on, region)


def test_decide_refuses_a_brussels_municipality():
    with pytest.raises(NoRuleSet):
        decide(question(newcomer(), region=Region.BRUSSELS))


def test_region_and_enumerations_may_be_given_as_strings():
    assert rule_set_for(date(2023, 6, 15), "flanders").name == "2022"
    assert decide(question(newcomer(), region="flanders")).status is Status.OBLIGATED


@pytest.mark.parametrize(
    ("asked_on", "name", "prefix"),
    [
        (date(2022, 2, 28), "2016-2022", "2016."),
        (date(2022, 3, 1), "2022", "2022."),
    ],
    ids=str,
)
def test_decide_uses_the_rule_set_of_the_date(asked_on, name, prefix):
    facts = newcomer(first_registration_belgium=date(2022, 1, 1), first_registration_municipality=date(2022, 1, 1))
    decision = decide(question(facts, asked_on))

    assert decision.rule_set == name
    assert decision.fired and all(rule.startswith(prefix) for rule in decision.fired)


def test_rule_sets_follow_each_other_without_gap_or_overlap():
    first, second = RULE_SETS

    assert first.valid_until + timedelta(days=1) == second.valid_from
    assert second.valid_until is None
    assert {rule_set.region for rule_set in RULE_SETS} == {Region.FLANDERS}


@pytest.mark.parametrize("rule_set", RULE_SETS, ids=lambda rule_set: rule_set.name)
def test_rule_ids_are_stable(rule_set):
    """Rule ids are stored with decisions: renaming one is a deliberate act."""
    year = rule_set.name[:4]
    asylum = "asylum_first_4_months" if year == "2016" else "asylum_seeker"
    expected = [
        "not_eligible.not_in_register",
        "not_eligible.no_legal_stay",
        "not_eligible.special_id",
        "not_eligible.temporary_purpose",
        "not_eligible.intra_corporate",
        f"not_eligible.{asylum}",
        "not_eligible.minor",
        "entitled.registered_in_municipality",
        "entitled.foreigner_legal_stay",
        "entitled.belgian_born_abroad",
        "obligated.first_residence_title",
        "obligated.belgian_recently_registered",
        "obligated.turned_18_within_12_months",
        "obligated.moved_to_flanders",
        "exempt.eu_citizen",
        "exempt.eu_family_member",
        "exempt.age_65",
        "exempt.serious_illness",
        "exempt.diploma",
        "exempt.integration_certificate",
    ]
    assert [rule.id for rule in rule_set.rules] == [f"{year}.{rule}" for rule in expected]
    assert all(rule.id.split(".")[1] == rule.kind.value for rule in rule_set.rules)
    assert all(rule.description.endswith(".") and rule.description[0].isupper() for rule in rule_set.rules)
    assert {rule.group for rule in rule_set.rules if rule.kind is Kind.REQUIREMENT} == {"registration", "person"}
