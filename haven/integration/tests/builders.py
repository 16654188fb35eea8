"""Plain helpers of the civic-integration tests (no fixtures: those are in conftest.py):
the dates and facts of the obligated newcomer, what the registration form posts, and a
caseload built directly."""

import datetime

from haven.integration import services
from haven.integration.models import Contract
from haven.integration.tests.factories import REGISTERED_ON, SIGNED_ON, ContractFactory, RegistrationFactory

__all__ = ["OBLIGATED_FACTS", "REGISTERED_ON", "SIGNED_ON", "contracts_build", "facts_form_data"]

# A Syrian with a first residence title of 12 months: obligated, no exemption.
OBLIGATED_FACTS = {
    "register": "foreigners",
    "residence_title": "limited",
    "residence_title_months": 12,
    "first_residence_title": True,
    "eu_family_member": False,
    "serious_illness_certificate": False,
    "belgian_or_dutch_diploma": False,
    "earlier_integration_certificate": False,
    "born_abroad": True,
    "moved_from_elsewhere_in_belgium": False,
}


def facts_form_data(**overrides) -> dict:
    """What the registration form posts for the obligated facts (booleans as the
    yes/no/unknown select sends them, dates as typed)."""
    select = {True: "true", False: "false", None: "unknown"}
    data = {"registered_on": REGISTERED_ON.strftime("%d/%m/%Y"), "purpose": "registration"}
    for name in services.FACT_FIELDS:
        value = OBLIGATED_FACTS.get(name)
        if isinstance(value, bool) or (value is None and name in BOOLEAN_FACTS):
            data[name] = select[value]
        else:
            data[name] = "" if value is None else str(value)
    data.update(overrides)
    return data


BOOLEAN_FACTS = {
    "first_residence_title",
    "born_abroad",
    "parent_born_abroad",
    "moved_from_elsewhere_in_belgium",
    "eu_family_member",
    "serious_illness_certificate",
    "belgian_or_dutch_diploma",
    "earlier_integration_certificate",
}


def contracts_build(counsellor, count: int, *, start: int = 0) -> list[Contract]:
    """``count`` open contracts in ``counsellor``'s caseload, built directly (fast)."""
    return [
        ContractFactory(
            registration=RegistrationFactory(created_by=counsellor),
            signed_on=SIGNED_ON + datetime.timedelta(days=index % 200),
            counsellor=counsellor,
            civic_orientation_passed_on=SIGNED_ON if index % 2 else None,
        )
        for index in range(start, start + count)
    ]
