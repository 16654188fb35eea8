"""Facts: normalised on the way in, refused when they contradict each other."""

from __future__ import annotations

from datetime import date

import pytest

from haven.integration.rules import (
    Facts,
    InconsistentFacts,
    Question,
    Region,
    Register,
    ResidenceTitle,
)


def test_strings_become_enumerations_and_the_nationality_upper_case():
    facts = Facts(nationality=" ma", register="waiting", residence_title="asylum_seeker")

    assert facts.nationality == "MA"
    assert facts.register is Register.WAITING
    assert facts.residence_title is ResidenceTitle.ASYLUM_SEEKER
    assert Question(facts, date(2023, 1, 1), "brussels").region is Region.BRUSSELS


@pytest.mark.parametrize(
    "changes",
    [
        {"nationality": "BE", "residence_title": ResidenceTitle.LIMITED},
        {"nationality": "FR", "residence_title": ResidenceTitle.BELGIAN},
    ],
    ids=["belgian_with_a_title", "foreigner_titled_belgian"],
)
def test_contradictions_are_refused(changes):
    with pytest.raises(InconsistentFacts):
        Facts(**changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"nationality": "Morocco"}, "ISO 3166"),
        ({"residence_title_months": -1}, "cannot be negative"),
        ({"register": "tourist"}, "is not a valid Register"),
    ],
    ids=["nationality_not_a_code", "negative_months", "unknown_register"],
)
def test_bad_values_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        Facts(**changes)
