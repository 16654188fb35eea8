"""Facts for the tests: a typical newcomer, varied by keyword.

Dates are written out in full (no date arithmetic from the package under test), relative to
the question dates below; ``shifted`` moves a whole case four years on (leap years stay leap
years), so one table serves both rule sets.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from haven.integration.rules import Facts, Question, Region, Register
from haven.integration.rules import ResidenceTitle as Title

#: The question date of the table for each rule set (the 2022 one is the 2016 one + 4 years).
ASKED_2016 = date(2019, 6, 15)
ASKED_2022 = date(2023, 6, 15)

#: A 30-year-old Moroccan, first limited title of 12 months, registered 2.5 months ago, no
#: exemption: obligated under both rule sets.
NEWCOMER = Facts(
    birth_date=date(1989, 3, 10),
    nationality="MA",
    eu_family_member=False,
    register=Register.FOREIGNERS,
    residence_title=Title.LIMITED,
    residence_title_months=12,
    first_residence_title=True,
    asylum_procedure_start=None,
    born_abroad=True,
    parent_born_abroad=True,
    first_registration_belgium=date(2019, 4, 1),
    first_registration_municipality=date(2019, 4, 1),
    moved_from_elsewhere_in_belgium=False,
    serious_illness_certificate=False,
    belgian_or_dutch_diploma=False,
    earlier_integration_certificate=False,
)

#: The same, as a Belgian born abroad with a parent born abroad (no residence title).
BELGIAN_ABROAD = {
    "nationality": "BE",
    "register": Register.NATIONAL,
    "residence_title": Title.BELGIAN,
    "residence_title_months": None,
    "first_residence_title": None,
}


def newcomer(**changes) -> Facts:
    return dataclasses.replace(NEWCOMER, **changes)


def shifted(facts: Facts, years: int = 4) -> Facts:
    """Every date of the facts ``years`` later."""
    return dataclasses.replace(
        facts,
        **{
            field.name: getattr(facts, field.name).replace(year=getattr(facts, field.name).year + years)
            for field in dataclasses.fields(facts)
            if isinstance(getattr(facts, field.name), date)
        },
    )


def question(facts: Facts, asked_on: date = ASKED_2016, region: Region = Region.FLANDERS):
    return Question(facts=facts, asked_on=asked_on, region=region)
