"""Unknown facts: ``onbepaald`` naming exactly the facts the status still depends on, and a
settled status, however little is known, when the unknown facts cannot change it."""

from __future__ import annotations

from datetime import date

import pytest

from haven.integration.rules import UNKNOWN, Facts, Register, Status, decide
from haven.integration.rules import ResidenceTitle as Title

from .builders import (
    ASKED_2016,
    ASKED_2022,
    BELGIAN_ABROAD,
    newcomer,
    question,
    shifted,
)

UNDETERMINED = Status.UNDETERMINED

EVERY_FIRST_QUESTION = (
    "birth_date",
    "nationality",
    "register",
    "residence_title",
    "first_registration_belgium",
    "first_registration_municipality",
    "moved_from_elsewhere_in_belgium",
    "serious_illness_certificate",
    "belgian_or_dutch_diploma",
    "earlier_integration_certificate",
)

EXEMPTIONS_UNKNOWN = {
    "eu_family_member": None,
    "serious_illness_certificate": None,
    "belgian_or_dutch_diploma": None,
    "earlier_integration_certificate": None,
}

# (id, facts, status, missing); every row runs under both rule sets (dates four years on).
ROWS = [
    ("nothing_known", Facts(), UNDETERMINED, EVERY_FIRST_QUESTION),
    ("birth_date_unknown", newcomer(birth_date=None), UNDETERMINED, ("birth_date",)),
    ("register_unknown", newcomer(register=None), UNDETERMINED, ("register",)),
    (
        "registration_in_municipality_unknown",
        newcomer(first_registration_municipality=None),
        UNDETERMINED,
        ("first_registration_municipality",),
    ),
    (
        "title_unknown_needs_only_the_title_for_now",
        newcomer(residence_title=None, residence_title_months=None, first_residence_title=None),
        UNDETERMINED,
        ("residence_title",),
    ),
    ("title_duration_unknown", newcomer(residence_title_months=None), UNDETERMINED, ("residence_title_months",)),
    ("first_title_unknown", newcomer(first_residence_title=None), UNDETERMINED, ("first_residence_title",)),
    (
        "unlimited_title_needs_no_duration",
        newcomer(residence_title=Title.UNLIMITED, residence_title_months=None),
        Status.OBLIGATED,
        (),
    ),
    (
        "short_title_needs_no_first_title_fact",
        newcomer(residence_title_months=2, first_residence_title=None),
        Status.ENTITLED,
        (),
    ),
    ("nationality_unknown_title_known", newcomer(nationality=None), UNDETERMINED, ("nationality",)),
    ("one_exemption_unknown", newcomer(belgian_or_dutch_diploma=None), UNDETERMINED, ("belgian_or_dutch_diploma",)),
    (
        "every_exemption_unknown",
        newcomer(**EXEMPTIONS_UNKNOWN),
        UNDETERMINED,
        (
            "eu_family_member",
            "serious_illness_certificate",
            "belgian_or_dutch_diploma",
            "earlier_integration_certificate",
        ),
    ),
    (
        "one_exemption_known_settles_the_others",
        newcomer(**EXEMPTIONS_UNKNOWN | {"earlier_integration_certificate": True}),
        Status.ENTITLED,
        (),
    ),
    (
        "no_ground_so_exemptions_do_not_matter",
        newcomer(first_residence_title=False, **EXEMPTIONS_UNKNOWN),
        Status.ENTITLED,
        (),
    ),
    (
        "obligated_by_first_title_needs_no_other_ground",
        newcomer(first_registration_belgium=None, moved_from_elsewhere_in_belgium=None),
        Status.OBLIGATED,
        (),
    ),
    (
        "other_grounds_unknown_when_first_title_is_not",
        newcomer(first_residence_title=False, first_registration_belgium=None, moved_from_elsewhere_in_belgium=None),
        UNDETERMINED,
        ("first_registration_belgium", "moved_from_elsewhere_in_belgium"),
    ),
    (
        "eu_citizen_needs_no_title_facts_for_the_level",
        newcomer(
            nationality="PL",
            residence_title=None,
            residence_title_months=None,
            first_residence_title=None,
            **EXEMPTIONS_UNKNOWN,
        ),
        UNDETERMINED,
        ("residence_title",),
    ),
    (
        "eu_citizen_with_limited_title_entitled_without_duration_or_first_title",
        newcomer(
            nationality="PL",
            residence_title_months=None,
            first_residence_title=None,
            first_registration_belgium=None,
            moved_from_elsewhere_in_belgium=None,
            **EXEMPTIONS_UNKNOWN,
        ),
        Status.ENTITLED,
        (),
    ),
    ("minor_needs_nothing_else", Facts(birth_date=date(2004, 1, 1)), Status.NOT_ELIGIBLE, ()),
    ("no_legal_stay_needs_nothing_else", Facts(residence_title=Title.NONE), Status.NOT_ELIGIBLE, ()),
    ("not_in_register_needs_nothing_else", Facts(register=Register.NONE), Status.NOT_ELIGIBLE, ()),
    (
        "registered_in_municipality_later_needs_nothing_else",
        Facts(first_registration_municipality=date(2019, 7, 1)),
        Status.NOT_ELIGIBLE,
        (),
    ),
    (
        "born_in_belgium_known_belgian_needs_nothing_else",
        Facts(nationality="BE", born_abroad=False),
        Status.NOT_ELIGIBLE,
        (),
    ),
    ("belgian_needs_no_title", newcomer(**BELGIAN_ABROAD | {"residence_title": None}), Status.OBLIGATED, ()),
    ("belgian_born_abroad_unknown", newcomer(**BELGIAN_ABROAD, born_abroad=None), UNDETERMINED, ("born_abroad",)),
    (
        "belgian_parents_unknown",
        newcomer(**BELGIAN_ABROAD, parent_born_abroad=None),
        UNDETERMINED,
        ("parent_born_abroad",),
    ),
    (
        "belgian_born_in_belgium_parents_do_not_matter",
        newcomer(**BELGIAN_ABROAD, born_abroad=False, parent_born_abroad=None),
        Status.NOT_ELIGIBLE,
        (),
    ),
    (
        "belgian_first_registration_unknown",
        newcomer(**BELGIAN_ABROAD, first_registration_belgium=None),
        UNDETERMINED,
        ("first_registration_belgium",),
    ),
    (
        "foreigner_born_abroad_facts_not_needed",
        newcomer(born_abroad=None, parent_born_abroad=None),
        Status.OBLIGATED,
        (),
    ),
    (
        "moved_needs_first_registration",
        newcomer(first_residence_title=False, moved_from_elsewhere_in_belgium=True, first_registration_belgium=None),
        UNDETERMINED,
        ("first_registration_belgium",),
    ),
]

# Asylum seekers: the start of the procedure matters under "2016-2022" only.
ASYLUM = newcomer(
    register=Register.WAITING,
    residence_title=Title.ASYLUM_SEEKER,
    residence_title_months=None,
    first_residence_title=None,
)


def cases():
    for name, asked_on, years in (("2016-2022", ASKED_2016, 0), ("2022", ASKED_2022, 4)):
        for row_id, facts, status, missing in ROWS:
            yield pytest.param(shifted(facts, years), asked_on, status, missing, id=f"{name}/{row_id}")
    yield pytest.param(
        ASYLUM, ASKED_2016, UNDETERMINED, ("asylum_procedure_start",), id="2016-2022/asylum_start_unknown"
    )
    yield pytest.param(shifted(ASYLUM), ASKED_2022, Status.NOT_ELIGIBLE, (), id="2022/asylum_start_not_needed")
    yield pytest.param(
        Facts(residence_title=Title.ASYLUM_SEEKER),
        ASKED_2016,
        UNDETERMINED,
        (
            "birth_date",
            "nationality",
            "eu_family_member",
            "register",
            "asylum_procedure_start",
            "first_registration_belgium",
            "first_registration_municipality",
            "moved_from_elsewhere_in_belgium",
            "serious_illness_certificate",
            "belgian_or_dutch_diploma",
            "earlier_integration_certificate",
        ),
        id="2016-2022/asylum_seeker_little_known",
    )
    yield pytest.param(
        Facts(residence_title=Title.ASYLUM_SEEKER),
        ASKED_2022,
        Status.NOT_ELIGIBLE,
        (),
        id="2022/asylum_seeker_little_known",
    )


@pytest.mark.parametrize(("facts", "asked_on", "status", "missing"), list(cases()))
def test_missing_facts(facts, asked_on, status, missing):
    decision = decide(question(facts, asked_on))

    assert decision.status is status
    assert decision.missing == missing


@pytest.mark.parametrize(
    "facts",
    [Facts(), newcomer(belgian_or_dutch_diploma=None), newcomer(nationality="PL", residence_title=None)],
    ids=["nothing_known", "exemption_unknown", "eu_title_unknown"],
)
def test_every_missing_fact_is_named_by_an_unknown_step(facts):
    decision = decide(question(facts))

    named = {name for step in decision.steps if step.outcome == UNKNOWN for name in step.missing}
    assert decision.status is UNDETERMINED
    assert named == set(decision.missing)
    for step in decision.steps:
        if step.outcome == UNKNOWN:
            assert all(step.facts[name] is None for name in step.missing)
