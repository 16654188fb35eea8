"""Fixtures of the NT2 line's tests: providers, modules and a fund; a learner with a full
intake file (pages), a person routed to the university language centre (API), a grant
(documents), an undecided proposal and a signed integration contract.

Reference data comes from the factories; records of a person go through the services,
which log them, as the pages and the API make them."""

import datetime

import pytest
from django.utils import timezone

from haven.core.models import Language
from haven.integration import services as integration_services
from haven.integration.models import Registration
from haven.nt2 import services
from haven.nt2.models import Funder, Pace, ProviderKind
from haven.nt2.tests.factories import (
    FAST_LEARNER,
    ModuleFactory,
    ProviderFactory,
    ScholarshipFactory,
    ScholarshipFundFactory,
)
from haven.people.tests.factories import PersonFactory

DAY = datetime.date(2019, 3, 4)
LATER = datetime.date(2019, 4, 8)


def _fast_intake(person, by, on: datetime.date) -> None:
    """A conversation and a fast aptitude test: the engine proposes the university language centre."""
    services.conversation_create(
        person=person, by=by, languages=Language.objects.filter(code="ara"), values={"held_on": on, **FAST_LEARNER}
    )
    services.language_test_record(person=person, by=by, values={"taken_on": on, "kind": "aptitude", "aptitude": "fast"})


# The pages: reference data of today and a learner in Ghent --------------------------------


@pytest.fixture
def providers(db):
    return {
        "cvo": ProviderFactory(
            name="CVO Gent",
            short_name="CVO",
            kind=ProviderKind.CVO,
            paces=["regular", "slow"],
            levels=["A1", "A2", "B1"],
        ),
        "uct": ProviderFactory(
            name="Universitair Centrum voor Talenonderwijs",
            short_name="UCT",
            kind=ProviderKind.UCT,
            paces=["fast"],
            levels=["A1", "A2", "B1", "B2"],
        ),
        "cbe": ProviderFactory(
            name="CBE Open School", short_name="CBE", kind=ProviderKind.CBE, paces=["alpha", "slow"], levels=["A1"]
        ),
    }


@pytest.fixture
def modules(providers):
    return {
        "cvo": ModuleFactory(provider=providers["cvo"], location="Ghent"),
        "uct": ModuleFactory(provider=providers["uct"], pace="fast", title="Snel A1", location="Ghent"),
        "cbe": ModuleFactory(provider=providers["cbe"], pace="alpha", title="Alfa A1", location="Ghent"),
    }


@pytest.fixture
def fund(db):
    return ScholarshipFundFactory(
        name="Beurzen UCT Stad Gent",
        funder=Funder.CITY,
        year=timezone.localdate().year,
        budget=2,
        requires_city_address=True,
    )


@pytest.fixture
def learner(db):
    """An adult in Ghent."""
    return PersonFactory(
        given_names="Amina",
        family_name="Haddad",
        birth_date=datetime.date(1990, 2, 14),
        municipality="Gent",
        postal_code="9000",
    )


@pytest.fixture
def records(learner, intake_user, modules, fund):
    """The learner with a conversation, a fast aptitude test, a routing to the UCT module
    (accepted), an enrolment there, a scholarship and a passed certification test."""
    today = timezone.localdate()
    _fast_intake(learner, intake_user, today)
    routing = services.routing_propose(person=learner, by=intake_user, on=today)
    assert routing.proposed_module_id == modules["uct"].pk
    services.routing_decide(routing=routing, by=intake_user, on=today, module=modules["uct"])
    enrolment = services.enrolment_create(
        person=learner, module=modules["uct"], by=intake_user, requested_on=today, routing=routing
    )
    scholarship = services.scholarship_grant(person=learner, fund=fund, module=modules["uct"], on=today, by=intake_user)
    certification = services.certification_record(
        person=learner,
        by=intake_user,
        values={"taken_on": today, "purpose": "nationality", "level_tested": "A2", "level_reached": "A2"},
    )
    open_routing = services.routing_propose(person=learner, by=intake_user, on=today)
    return {
        "person": learner.pk,
        "routing": open_routing.pk,
        "enrolment": enrolment.pk,
        "scholarship": scholarship.pk,
        "certification": certification.pk,
    }


@pytest.fixture
def proposal(learner, intake_user, modules):
    """An undecided proposal of the UCT module for the learner."""
    today = timezone.localdate()
    _fast_intake(learner, intake_user, today)
    return services.routing_propose(person=learner, by=intake_user, on=today)


@pytest.fixture
def contract(learner, intake_user, counsellor):
    """The learner's running integration contract, with the counsellor."""
    registration = Registration.objects.create(
        person=learner,
        registered_on=datetime.date(2019, 5, 6),
        status="verplicht",
        current_status="verplicht",
        created_by=intake_user,
    )
    return integration_services.contract_sign(
        registration=registration,
        signed_on=datetime.date(2019, 6, 3),
        by=intake_user,
        counsellor=counsellor,
        override_reason="Test case.",
    )


# The API: reference data of 2019 and an adult routed to the UCT --------------------------


@pytest.fixture
def api_records(intake_user):
    """A person routed to and enrolled at the university language centre, with an undecided
    routing; modules at a CVO and the UCT; a fund of 2019."""
    cvo = ModuleFactory(
        provider=ProviderFactory(kind=ProviderKind.CVO, paces=["regular"]),
        title="Nederlands A1 regular",
        starts_on=LATER,
        places=20,
    )
    uct = ModuleFactory(
        provider=ProviderFactory(kind=ProviderKind.UCT, paces=["fast"]),
        title="Nederlands A1 fast",
        pace="fast",
        hours=90,
        starts_on=LATER,
        places=20,
    )
    fund = ScholarshipFundFactory(name="Beurzenfonds", funder=Funder.CITY, year=2019, budget=5)
    person = PersonFactory(birth_date=datetime.date(1990, 2, 14), municipality="Gent")
    conversation = services.conversation_create(
        person=person,
        by=intake_user,
        languages=Language.objects.filter(code__in=["ara", "eng"]),
        values={
            "held_on": DAY,
            "kind": "first",
            "learning_goal": "work",
            "outcome": "routed",
            "literate": True,
            "latin_script": True,
            "years_of_schooling": 14,
            "highest_diploma": "higher",
        },
    )
    services.language_test_record(
        person=person,
        by=intake_user,
        values={"taken_on": DAY, "kind": "aptitude", "aptitude": "fast", "conversation": conversation},
    )
    routing = services.routing_propose(person=person, by=intake_user, on=DAY)
    enrolment = services.enrolment_create(person=person, module=uct, by=intake_user, requested_on=DAY)
    return {
        "person": person.pk,
        "routing": routing.pk,
        "enrolment": enrolment.pk,
        "cvo_module": cvo.pk,
        "uct_module": uct.pk,
        "fund": fund.pk,
    }


# The documents ------------------------------------------------------------------------------


@pytest.fixture
def scholarship(intake_user):
    """A grant for an intensive B1 module at the UCT, for Amina Haddad."""
    module = ModuleFactory(
        provider=ProviderFactory(
            name="Universitair Centrum voor Talenonderwijs",
            short_name="UCT",
            kind=ProviderKind.UCT,
            paces=[Pace.FAST],
            levels=["B1", "B2"],
        ),
        title="Nederlands B1 intensief",
        level="B1",
        pace=Pace.FAST,
        hours=90,
        starts_on=datetime.date(2019, 9, 16),
        places=20,
    )
    return ScholarshipFactory(
        person=PersonFactory(given_names="Amina", family_name="Haddad", birth_date=datetime.date(1990, 2, 14)),
        fund=ScholarshipFundFactory(name="Beurzenfonds Stad Gent", funder=Funder.CITY, year=2019, budget=40),
        module=module,
        granted_on=DAY,
        granted_by=intake_user,
    )
