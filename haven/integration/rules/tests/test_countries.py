"""The dated lists of countries: who is an EU/EEA/Swiss citizen is asked of the day the
question is asked, with every accession and withdrawal on its day."""

from __future__ import annotations

from datetime import date

import pycountry
import pytest

from haven.integration.rules import (
    EEA_EFTA_STATES,
    EU_MEMBER_STATES,
    FIRED,
    FREE_MOVEMENT,
    SWITZERLAND,
    Question,
    Status,
    decide,
    eu_eea_swiss_citizen,
    eu_eea_swiss_on,
)

from .builders import newcomer


def british(asked_on: date):
    """An obligated newcomer's facts, as a British citizen who settled on ``asked_on``."""
    facts = newcomer(nationality="GB", first_registration_belgium=asked_on, first_registration_municipality=asked_on)
    return decide(Question(facts, asked_on))


def test_a_british_citizen_settling_in_2019_is_an_eu_citizen_for_the_2016_rules():
    decision = british(date(2019, 6, 15))

    assert (decision.rule_set, decision.status) == ("2016-2022", Status.ENTITLED)
    [exemption] = [step for step in decision.steps if step.rule == "2016.exempt.eu_citizen"]
    assert exemption.outcome == FIRED
    assert exemption.facts == {"nationality": "GB", "asked_on": date(2019, 6, 15)}


@pytest.mark.parametrize(
    ("asked_on", "status"),
    [
        (date(2020, 1, 31), Status.ENTITLED),  # the last day of membership
        (date(2020, 2, 1), Status.ENTITLED),  # withdrawn, but the transition period holds
        (date(2020, 12, 31), Status.ENTITLED),  # the last day of the transition period
        (date(2021, 1, 1), Status.OBLIGATED),  # a third-country national from then on
    ],
)
def test_the_united_kingdom_counts_to_the_end_of_the_transition_period(asked_on, status):
    assert british(asked_on).status == status


@pytest.mark.parametrize(
    ("dated", "country", "last_day_outside", "first_day_inside"),
    [
        (EU_MEMBER_STATES, "HR", date(2013, 6, 30), date(2013, 7, 1)),
        (EU_MEMBER_STATES, "BG", date(2006, 12, 31), date(2007, 1, 1)),
        (EU_MEMBER_STATES, "PL", date(2004, 4, 30), date(2004, 5, 1)),
        (EU_MEMBER_STATES, "AT", date(1994, 12, 31), date(1995, 1, 1)),
        (EU_MEMBER_STATES, "GR", date(1980, 12, 31), date(1981, 1, 1)),
        (EEA_EFTA_STATES, "NO", date(1993, 12, 31), date(1994, 1, 1)),
        (EEA_EFTA_STATES, "LI", date(1995, 4, 30), date(1995, 5, 1)),
        (SWITZERLAND, "CH", date(2002, 5, 31), date(2002, 6, 1)),
    ],
)
def test_a_country_joins_on_the_day_its_act_enters_into_force(dated, country, last_day_outside, first_day_inside):
    assert not dated.holds(country, last_day_outside)
    assert dated.holds(country, first_day_inside)


def test_the_united_kingdom_left_the_eu_after_31_january_2020():
    assert EU_MEMBER_STATES.holds("GB", date(2020, 1, 31))
    assert not EU_MEMBER_STATES.holds("GB", date(2020, 2, 1))
    assert eu_eea_swiss_citizen("GB", date(2020, 2, 1))
    assert not eu_eea_swiss_citizen("GB", date(2021, 1, 1))


def test_austria_finland_and_sweden_move_from_the_eea_to_the_eu_without_a_gap():
    for day in (date(1994, 1, 1), date(1994, 12, 31), date(1995, 1, 1), date(2019, 6, 15)):
        assert {"AT", "FI", "SE"} <= FREE_MOVEMENT.on(day)
    assert not EEA_EFTA_STATES.holds("AT", date(1995, 1, 1))


def test_a_belgian_is_never_an_eu_citizen_for_the_rules():
    assert EU_MEMBER_STATES.holds("BE", date(2019, 6, 15))
    assert not eu_eea_swiss_citizen("BE", date(2019, 6, 15))
    assert "BE" not in eu_eea_swiss_on(date(2019, 6, 15))


def test_the_lists_on_the_days_around_a_change():
    # 27 other member states (the United Kingdom included), 3 EEA states and Switzerland.
    assert len(eu_eea_swiss_on(date(2019, 6, 15))) == 27 + 3 + 1
    assert len(eu_eea_swiss_on(date(2021, 1, 1))) == 26 + 3 + 1
    assert eu_eea_swiss_on(date(2013, 6, 30)) == eu_eea_swiss_on(date(2013, 7, 1)) - {"HR"}
    assert not {"TR", "EL", "UA"} & eu_eea_swiss_on(date(2025, 1, 1))


def test_the_days_the_list_changes_include_each_accession_and_the_end_of_the_transition():
    changes = FREE_MOVEMENT.changes()
    assert {date(2013, 7, 1), date(2021, 1, 1), date(2002, 6, 1), date(1995, 5, 1)} <= set(changes)
    assert date(2020, 2, 1) not in changes  # the withdrawal day changes nothing for free movement
    assert changes[-1] == date(2021, 1, 1)


def test_every_country_is_an_iso_code_and_every_membership_names_its_source():
    for membership in FREE_MOVEMENT.memberships:
        assert pycountry.countries.get(alpha_2=membership.country) is not None, membership.country
        assert "OJ " in membership.source or "Treaty" in membership.source, membership
        assert membership.until is None or membership.since <= membership.until
