"""The decision table: every line of the rules, under both rule sets.

Each row is a variation on a typical obligated newcomer (``builders.NEWCOMER``), asked on
15 June 2019 (rule set "2016-2022") and, with every date four years on, on 15 June 2023
(rule set "2022"). A row gives the status and the rules that fire, per rule set where they
differ (only the asylum rows do).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from haven.integration.rules import Facts, Register, Status, decide
from haven.integration.rules import ResidenceTitle as Title

from .builders import (
    ASKED_2016,
    ASKED_2022,
    BELGIAN_ABROAD,
    newcomer,
    question,
    shifted,
)

OBLIGATED, ENTITLED = Status.OBLIGATED, Status.ENTITLED
NOT_ELIGIBLE = Status.NOT_ELIGIBLE

REGISTERED = "entitled.registered_in_municipality"
FOREIGNER = "entitled.foreigner_legal_stay"
BELGIAN = "entitled.belgian_born_abroad"
FIRST_TITLE = "obligated.first_residence_title"


@dataclass(frozen=True)
class Row:
    id: str
    facts: Facts
    status: Status
    fired: tuple[str, ...]  # rule ids without the rule-set prefix, in order
    status_2022: Status | None = None  # when different from the 2016-2022 rule set
    fired_2022: tuple[str, ...] | None = None


ROWS = [
    # --- Not in the target group --------------------------------------------------------
    Row("not_in_register", newcomer(register=Register.NONE), NOT_ELIGIBLE, ("not_eligible.not_in_register",)),
    Row("no_legal_stay", newcomer(residence_title=Title.NONE), NOT_ELIGIBLE, ("not_eligible.no_legal_stay",)),
    Row(
        "tourist_no_register_no_stay",
        newcomer(register=Register.NONE, residence_title=Title.NONE),
        NOT_ELIGIBLE,
        ("not_eligible.not_in_register", "not_eligible.no_legal_stay"),
    ),
    Row("special_id_diplomat", newcomer(residence_title=Title.SPECIAL_ID), NOT_ELIGIBLE, ("not_eligible.special_id",)),
    Row(
        "temporary_purpose_student",
        newcomer(residence_title=Title.TEMPORARY_PURPOSE, residence_title_months=10),
        NOT_ELIGIBLE,
        ("not_eligible.temporary_purpose",),
    ),
    Row(
        "temporary_purpose_eu_citizen",
        newcomer(nationality="DE", residence_title=Title.TEMPORARY_PURPOSE),
        NOT_ELIGIBLE,
        ("not_eligible.temporary_purpose",),
    ),
    Row(
        "intra_corporate_transferee",
        newcomer(residence_title=Title.INTRA_CORPORATE),
        NOT_ELIGIBLE,
        ("not_eligible.intra_corporate",),
    ),
    Row(
        "asylum_seeker_2_months",
        newcomer(
            register=Register.WAITING,
            residence_title=Title.ASYLUM_SEEKER,
            residence_title_months=None,
            asylum_procedure_start=date(2019, 4, 15),
        ),
        NOT_ELIGIBLE,
        ("not_eligible.asylum_first_4_months",),
        fired_2022=("not_eligible.asylum_seeker",),
    ),
    Row(
        "asylum_seeker_1_year",
        newcomer(
            register=Register.WAITING,
            residence_title=Title.ASYLUM_SEEKER,
            residence_title_months=None,
            asylum_procedure_start=date(2018, 6, 15),
        ),
        ENTITLED,
        (REGISTERED, FOREIGNER),
        status_2022=NOT_ELIGIBLE,
        fired_2022=("not_eligible.asylum_seeker",),
    ),
    Row(
        "asylum_seeker_1_year_first_title_true",
        newcomer(
            register=Register.WAITING,
            residence_title=Title.ASYLUM_SEEKER,
            residence_title_months=12,
            first_residence_title=True,
            asylum_procedure_start=date(2018, 6, 15),
        ),
        ENTITLED,
        (REGISTERED, FOREIGNER),
        status_2022=NOT_ELIGIBLE,
        fired_2022=("not_eligible.asylum_seeker",),
    ),
    Row("minor_15", newcomer(birth_date=date(2004, 1, 1)), NOT_ELIGIBLE, ("not_eligible.minor",)),
    Row("minor_15_everything_else_unknown", Facts(birth_date=date(2004, 1, 1)), NOT_ELIGIBLE, ("not_eligible.minor",)),
    Row(
        "not_yet_registered_in_municipality",
        newcomer(first_registration_municipality=date(2019, 7, 1)),
        NOT_ELIGIBLE,
        (),
    ),
    Row("belgian_born_in_belgium", newcomer(**BELGIAN_ABROAD, born_abroad=False), NOT_ELIGIBLE, ()),
    Row(
        "belgian_born_abroad_parents_born_in_belgium",
        newcomer(**BELGIAN_ABROAD, parent_born_abroad=False),
        NOT_ELIGIBLE,
        (),
    ),
    # --- Entitled ---------------------------------------------------------------------------
    Row("foreigner_not_first_title", newcomer(first_residence_title=False), ENTITLED, (REGISTERED, FOREIGNER)),
    Row(
        "foreigner_unlimited_not_first_title",
        newcomer(residence_title=Title.UNLIMITED, residence_title_months=None, first_residence_title=False),
        ENTITLED,
        (REGISTERED, FOREIGNER),
    ),
    Row(
        "belgian_born_abroad_registered_3_years_ago",
        newcomer(
            **BELGIAN_ABROAD,
            first_registration_belgium=date(2016, 6, 1),
            first_registration_municipality=date(2016, 6, 1),
        ),
        ENTITLED,
        (REGISTERED, BELGIAN),
    ),
    Row(
        "moved_but_first_registered_6_years_ago",
        newcomer(
            first_residence_title=False,
            moved_from_elsewhere_in_belgium=True,
            first_registration_belgium=date(2013, 6, 1),
        ),
        ENTITLED,
        (REGISTERED, FOREIGNER),
    ),
    # --- Obligated --------------------------------------------------------------------------
    Row("first_limited_title_12_months", newcomer(), OBLIGATED, (REGISTERED, FOREIGNER, FIRST_TITLE)),
    Row(
        "first_unlimited_title",
        newcomer(residence_title=Title.UNLIMITED, residence_title_months=None),
        OBLIGATED,
        (REGISTERED, FOREIGNER, FIRST_TITLE),
    ),
    Row(
        # Membership is of the day asked: an EU citizen in 2019, a third-country national in 2023.
        "uk_citizen_eu_in_2019_not_in_2023",
        newcomer(nationality="GB"),
        ENTITLED,
        (REGISTERED, FOREIGNER, FIRST_TITLE, "exempt.eu_citizen"),
        status_2022=OBLIGATED,
        fired_2022=(REGISTERED, FOREIGNER, FIRST_TITLE),
    ),
    Row(
        "belgian_born_abroad_registered_2_months_ago",
        newcomer(**BELGIAN_ABROAD),
        OBLIGATED,
        (REGISTERED, BELGIAN, "obligated.belgian_recently_registered"),
    ),
    Row(
        "belgian_family_member_of_eu_citizen_not_exempt",
        newcomer(**BELGIAN_ABROAD, eu_family_member=True),
        OBLIGATED,
        (REGISTERED, BELGIAN, "obligated.belgian_recently_registered"),
    ),
    Row(
        "registered_at_17_turned_18_within_12_months",
        newcomer(
            birth_date=date(2001, 3, 1),
            first_registration_belgium=date(2018, 9, 1),
            first_registration_municipality=date(2018, 9, 1),
            first_residence_title=False,
        ),
        OBLIGATED,
        (REGISTERED, FOREIGNER, "obligated.turned_18_within_12_months"),
    ),
    Row(
        "moved_from_wallonia_first_registered_2_years_ago",
        newcomer(
            first_residence_title=False,
            moved_from_elsewhere_in_belgium=True,
            first_registration_belgium=date(2017, 6, 1),
        ),
        OBLIGATED,
        (REGISTERED, FOREIGNER, "obligated.moved_to_flanders"),
    ),
    Row(
        "belgian_moved_from_brussels_2_years_ago",
        newcomer(**BELGIAN_ABROAD, moved_from_elsewhere_in_belgium=True, first_registration_belgium=date(2017, 6, 1)),
        OBLIGATED,
        (REGISTERED, BELGIAN, "obligated.moved_to_flanders"),
    ),
    Row(
        "two_grounds_both_listed",
        newcomer(moved_from_elsewhere_in_belgium=True, first_registration_belgium=date(2017, 6, 1)),
        OBLIGATED,
        (REGISTERED, FOREIGNER, FIRST_TITLE, "obligated.moved_to_flanders"),
    ),
    # --- Exempt: entitled instead of obligated --------------------------------------------
    Row(
        "exempt_eu_citizen",
        newcomer(nationality="FR"),
        ENTITLED,
        (REGISTERED, FOREIGNER, FIRST_TITLE, "exempt.eu_citizen"),
    ),
    Row(
        "exempt_eea_citizen",
        newcomer(nationality="NO"),
        ENTITLED,
        (REGISTERED, FOREIGNER, FIRST_TITLE, "exempt.eu_citizen"),
    ),
    Row(
        "exempt_swiss_citizen",
        newcomer(nationality="CH"),
        ENTITLED,
        (REGISTERED, FOREIGNER, FIRST_TITLE, "exempt.eu_citizen"),
    ),
    Row(
        "exempt_eu_family_member",
        newcomer(eu_family_member=True),
        ENTITLED,
        (REGISTERED, FOREIGNER, FIRST_TITLE, "exempt.eu_family_member"),
    ),
    Row(
        "exempt_aged_70",
        newcomer(birth_date=date(1949, 1, 1)),
        ENTITLED,
        (REGISTERED, FOREIGNER, FIRST_TITLE, "exempt.age_65"),
    ),
    Row(
        "exempt_serious_illness",
        newcomer(serious_illness_certificate=True),
        ENTITLED,
        (REGISTERED, FOREIGNER, FIRST_TITLE, "exempt.serious_illness"),
    ),
    Row(
        "exempt_belgian_or_dutch_diploma",
        newcomer(belgian_or_dutch_diploma=True),
        ENTITLED,
        (REGISTERED, FOREIGNER, FIRST_TITLE, "exempt.diploma"),
    ),
    Row(
        "exempt_earlier_integration_certificate",
        newcomer(earlier_integration_certificate=True),
        ENTITLED,
        (REGISTERED, FOREIGNER, FIRST_TITLE, "exempt.integration_certificate"),
    ),
    Row(
        "exempt_belgian_born_abroad_with_diploma",
        newcomer(**BELGIAN_ABROAD, belgian_or_dutch_diploma=True),
        ENTITLED,
        (REGISTERED, BELGIAN, "obligated.belgian_recently_registered", "exempt.diploma"),
    ),
    Row(
        "exempt_twice_both_listed",
        newcomer(nationality="NL", belgian_or_dutch_diploma=True),
        ENTITLED,
        (REGISTERED, FOREIGNER, FIRST_TITLE, "exempt.eu_citizen", "exempt.diploma"),
    ),
]

RULE_SETS = {"2016-2022": ("2016", ASKED_2016, 0), "2022": ("2022", ASKED_2022, 4)}


def cases():
    for name, (prefix, asked_on, years) in RULE_SETS.items():
        for row in ROWS:
            status, fired = row.status, row.fired
            if name == "2022":
                status = row.status_2022 or status
                fired = row.fired_2022 or fired
            yield pytest.param(
                name,
                shifted(row.facts, years),
                asked_on,
                status,
                tuple(f"{prefix}.{rule}" for rule in fired),
                id=f"{name}/{row.id}",
            )


@pytest.mark.parametrize(("rule_set", "facts", "asked_on", "status", "fired"), list(cases()))
def test_decision_table(rule_set, facts, asked_on, status, fired):
    decision = decide(question(facts, asked_on))

    assert decision.rule_set == rule_set
    assert decision.status is status
    assert decision.fired == fired
    assert decision.missing == ()


def test_every_rule_fires_somewhere_in_the_table():
    """Every rule of both rule sets is exercised by at least one row."""
    from haven.integration.rules import RULE_SETS as SETS

    fired = set()
    for param in cases():
        _rule_set, facts, asked_on, _, _ = param.values
        fired.update(decide(question(facts, asked_on)).fired)
    all_rules = {rule.id for rule_set in SETS for rule in rule_set.rules}
    assert all_rules - fired == set()
