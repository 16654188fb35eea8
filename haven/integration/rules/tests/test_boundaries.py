"""The edges of every period and age in the rules, on both sides, under both rule sets.

The rule set is picked by the date (``decide``), so every row also checks which set applies.
"""

from __future__ import annotations

from datetime import date

import pytest

from haven.integration.rules import Register, Status, decide
from haven.integration.rules import ResidenceTitle as Title
from haven.integration.rules.flanders import RULE_SET_2016

from .builders import BELGIAN_ABROAD, newcomer, question, shifted

OBLIGATED, ENTITLED = Status.OBLIGATED, Status.ENTITLED
NOT_ELIGIBLE = Status.NOT_ELIGIBLE


def asylum_seeker(start: date):
    return newcomer(
        register=Register.WAITING,
        residence_title=Title.ASYLUM_SEEKER,
        residence_title_months=None,
        first_residence_title=None,
        asylum_procedure_start=start,
        first_registration_belgium=start,
        first_registration_municipality=start,
    )


def belgian(registered: date):
    return newcomer(**BELGIAN_ABROAD, first_registration_belgium=registered, first_registration_municipality=registered)


def turned_18(born: date):
    return newcomer(
        birth_date=born,
        first_residence_title=False,
        first_registration_belgium=date(2018, 3, 1),
        first_registration_municipality=date(2018, 3, 1),
    )


def moved(first_registered: date):
    return newcomer(
        first_residence_title=False, moved_from_elsewhere_in_belgium=True, first_registration_belgium=first_registered
    )


# (id, facts, asked on, status, a rule that must fire or None, a rule that must not fire)
EDGES_2016 = [
    (
        "age_17_years_364_days",
        newcomer(birth_date=date(2001, 6, 16)),
        date(2019, 6, 15),
        NOT_ELIGIBLE,
        "not_eligible.minor",
        None,
    ),
    (
        "age_18_exactly",
        newcomer(birth_date=date(2001, 6, 15)),
        date(2019, 6, 15),
        OBLIGATED,
        None,
        "not_eligible.minor",
    ),
    (
        "born_29_february_still_17_on_28_february",
        newcomer(
            birth_date=date(2000, 2, 29),
            first_registration_belgium=date(2017, 6, 1),
            first_registration_municipality=date(2017, 6, 1),
        ),
        date(2018, 2, 28),
        NOT_ELIGIBLE,
        "not_eligible.minor",
        None,
    ),
    (
        "born_29_february_18_on_1_march",
        newcomer(
            birth_date=date(2000, 2, 29),
            first_registration_belgium=date(2017, 6, 1),
            first_registration_municipality=date(2017, 6, 1),
        ),
        date(2018, 3, 1),
        OBLIGATED,
        None,
        "not_eligible.minor",
    ),
    (
        "age_64_years_364_days",
        newcomer(birth_date=date(1954, 6, 16)),
        date(2019, 6, 15),
        OBLIGATED,
        None,
        "exempt.age_65",
    ),
    ("age_65_exactly", newcomer(birth_date=date(1954, 6, 15)), date(2019, 6, 15), ENTITLED, "exempt.age_65", None),
    (
        "first_title_of_3_months",
        newcomer(residence_title_months=3),
        date(2019, 6, 15),
        ENTITLED,
        None,
        "obligated.first_residence_title",
    ),
    (
        "first_title_of_4_months_is_more_than_3",
        newcomer(residence_title_months=4),
        date(2019, 6, 15),
        OBLIGATED,
        "obligated.first_residence_title",
        None,
    ),
    (
        "belgian_registered_12_months_ago_exactly",
        belgian(date(2018, 6, 15)),
        date(2019, 6, 15),
        OBLIGATED,
        "obligated.belgian_recently_registered",
        None,
    ),
    (
        "belgian_registered_12_months_and_1_day_ago",
        belgian(date(2018, 6, 15)),
        date(2019, 6, 16),
        ENTITLED,
        None,
        "obligated.belgian_recently_registered",
    ),
    (
        "belgian_registered_29_february_12_months_end_28_february",
        belgian(date(2020, 2, 29)),
        date(2021, 2, 28),
        OBLIGATED,
        "obligated.belgian_recently_registered",
        None,
    ),
    (
        "belgian_registered_29_february_1_march_is_past_12_months",
        belgian(date(2020, 2, 29)),
        date(2021, 3, 1),
        ENTITLED,
        None,
        "obligated.belgian_recently_registered",
    ),
    (
        "turned_18_exactly_12_months_after_registration",
        turned_18(date(2001, 3, 1)),
        date(2019, 6, 15),
        OBLIGATED,
        "obligated.turned_18_within_12_months",
        None,
    ),
    (
        "turned_18_12_months_and_1_day_after_registration",
        turned_18(date(2001, 3, 2)),
        date(2019, 6, 15),
        ENTITLED,
        None,
        "obligated.turned_18_within_12_months",
    ),
    (
        "registered_on_18th_birthday_was_no_minor",
        turned_18(date(2000, 3, 1)),
        date(2019, 6, 15),
        ENTITLED,
        None,
        "obligated.turned_18_within_12_months",
    ),
    (
        "moved_first_registered_5_years_ago_exactly",
        moved(date(2014, 6, 15)),
        date(2019, 6, 15),
        OBLIGATED,
        "obligated.moved_to_flanders",
        None,
    ),
    (
        "moved_first_registered_5_years_and_1_day_ago",
        moved(date(2014, 6, 14)),
        date(2019, 6, 15),
        ENTITLED,
        None,
        "obligated.moved_to_flanders",
    ),
    (
        "asylum_3_months_30_days",
        asylum_seeker(date(2018, 10, 1)),
        date(2019, 1, 31),
        NOT_ELIGIBLE,
        "not_eligible.asylum_first_4_months",
        None,
    ),
    (
        "asylum_4_months",
        asylum_seeker(date(2018, 10, 1)),
        date(2019, 2, 1),
        ENTITLED,
        None,
        "not_eligible.asylum_first_4_months",
    ),
    (
        "asylum_started_31_october_day_before_28_february",
        asylum_seeker(date(2018, 10, 31)),
        date(2019, 2, 27),
        NOT_ELIGIBLE,
        "not_eligible.asylum_first_4_months",
        None,
    ),
    (
        "asylum_started_31_october_4_months_on_28_february",
        asylum_seeker(date(2018, 10, 31)),
        date(2019, 2, 28),
        ENTITLED,
        None,
        "not_eligible.asylum_first_4_months",
    ),
]

# The same edges eight years on (all after 1 March 2022; leap years stay leap years), under
# rule set "2022": the same outcome, except asylum seekers, who are not in the target group
# at any point of their procedure.
YEARS_ON = 8
ASYLUM_2022 = {
    "asylum_3_months_30_days": (NOT_ELIGIBLE, "not_eligible.asylum_seeker", None),
    "asylum_4_months": (NOT_ELIGIBLE, "not_eligible.asylum_seeker", None),
    "asylum_started_31_october_day_before_28_february": (NOT_ELIGIBLE, "not_eligible.asylum_seeker", None),
    "asylum_started_31_october_4_months_on_28_february": (NOT_ELIGIBLE, "not_eligible.asylum_seeker", None),
}


def edges():
    for name, facts, asked_on, status, fires, silent in EDGES_2016:
        yield pytest.param("2016-2022", facts, asked_on, status, fires, silent, id=f"2016-2022/{name}")
        status, fires, silent = ASYLUM_2022.get(name, (status, fires, silent))
        yield pytest.param(
            "2022",
            shifted(facts, YEARS_ON),
            asked_on.replace(year=asked_on.year + YEARS_ON),
            status,
            fires,
            silent,
            id=f"2022/{name}",
        )


@pytest.mark.parametrize(("rule_set", "facts", "asked_on", "status", "fires", "silent"), list(edges()))
def test_edge(rule_set, facts, asked_on, status, fires, silent):
    decision = decide(question(facts, asked_on))

    prefix = rule_set[:4]
    assert decision.rule_set == rule_set
    assert decision.status is status
    if fires:
        assert f"{prefix}.{fires}" in decision.fired
    if silent:
        assert f"{prefix}.{silent}" not in decision.fired


@pytest.mark.parametrize(
    ("asked_on", "rule_set", "status", "fired"),
    [
        pytest.param(
            date(2022, 2, 28),
            "2016-2022",
            NOT_ELIGIBLE,
            "2016.not_eligible.asylum_first_4_months",
            id="3_months_27_days_on_28_feb_2022",
        ),
        pytest.param(
            date(2022, 3, 1), "2022", NOT_ELIGIBLE, "2022.not_eligible.asylum_seeker", id="4_months_on_1_march_2022"
        ),
    ],
)
def test_asylum_seeker_across_the_switch_to_the_2022_rules(asked_on, rule_set, status, fired):
    decision = decide(question(asylum_seeker(date(2021, 11, 1)), asked_on))

    assert (decision.rule_set, decision.status, decision.fired) == (rule_set, status, (fired,))


def test_the_2016_rules_would_have_made_the_same_asylum_seeker_entitled_on_1_march_2022():
    decision = RULE_SET_2016.decide(question(asylum_seeker(date(2021, 11, 1)), date(2022, 3, 1)))

    assert decision.status is ENTITLED
    assert "2016.entitled.foreigner_legal_stay" in decision.fired
