"""Fixtures of the page tests (imported by the test_pages_* modules): a newcomer with
the facts of an obligated person, registered through the services, and builders of
contracts for the caseload and team pages."""

import datetime

import pytest

from haven.accounts.services import user_create
from haven.core.models import AccessPurpose
from haven.integration import services
from haven.integration.models import Contract, ContractState, CounsellorProfile, Registration, TargetGroupStatus
from haven.people.tests.factories import PersonFactory

REGISTERED_ON = datetime.date(2019, 5, 6)
SIGNED_ON = datetime.date(2019, 6, 3)

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


@pytest.fixture
def english(settings):
    """The pages in English, whatever the Dutch catalogue holds: the tests read the
    English source texts (the interface is Dutch unless the user picks English)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def newcomer(db):
    """Amina, born 1990, Syrian, first registered in Ghent on 1 March 2019, prefers Arabic."""
    return PersonFactory(
        given_names="Amina",
        family_name="Haddad",
        birth_date=datetime.date(1990, 2, 14),
        nationality="SY",
        first_registration_date=datetime.date(2019, 3, 1),
        preferred_language_id="ara",
    )


@pytest.fixture
def registration(newcomer, intake_user):
    services.facts_save(person=newcomer, values=OBLIGATED_FACTS, by=intake_user, purpose=AccessPurpose.REGISTRATION)
    registration = services.registration_create(person=newcomer, registered_on=REGISTERED_ON, by=intake_user)
    assert registration.status == TargetGroupStatus.OBLIGATED
    return registration


@pytest.fixture
def contract(registration, intake_user, counsellor, counsellor_profile):
    """Signed by intake; Haven assigns the counsellor persona (speaks Arabic)."""
    contract = services.contract_sign(registration=registration, signed_on=SIGNED_ON, by=intake_user)
    assert contract.counsellor == counsellor
    return contract


@pytest.fixture
def colleague(db):
    user = user_create(
        username="cor",
        password="correct-horse-battery-staple",
        first_name="Cor",
        last_name="Persona",
        roles=["counsellor"],
    )
    profile = CounsellorProfile.objects.create(user=user, fte="0.80")
    profile.languages.set(["fas", "prs"])
    return user


def contracts_build(counsellor, count: int, *, start: int = 0) -> list[Contract]:
    """``count`` open contracts in ``counsellor``'s caseload, built directly (fast)."""
    built = []
    for index in range(start, start + count):
        person = PersonFactory(preferred_language_id="ara")
        registration = Registration.objects.create(
            person=person,
            registered_on=REGISTERED_ON,
            status=TargetGroupStatus.OBLIGATED,
            current_status=TargetGroupStatus.OBLIGATED,
            created_by=counsellor,
        )
        built.append(
            Contract.objects.create(
                person=person,
                registration=registration,
                signed_on=SIGNED_ON + datetime.timedelta(days=index % 200),
                status=TargetGroupStatus.OBLIGATED,
                state=ContractState.OPEN,
                counsellor=counsellor,
                civic_orientation_passed_on=SIGNED_ON if index % 2 else None,
            )
        )
    return built
