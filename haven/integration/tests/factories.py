"""Factories for civic-integration records. They build valid rows directly (fast), with
the status already decided; tests of behaviour go through the services and views."""

import datetime

import factory

from haven.accounts.tests.factories import UserFactory
from haven.integration.models import (
    Contract,
    ContractState,
    DiplomaDossier,
    DossierKind,
    ExemptionTest,
    Referral,
    ReferralService,
    Registration,
    TargetGroupStatus,
)
from haven.people.tests.factories import PersonFactory

# The dates of the obligated newcomer of the page tests (builders.py names them too).
REGISTERED_ON = datetime.date(2019, 5, 6)
SIGNED_ON = datetime.date(2019, 6, 3)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """An obligated person's registration (no decision history: the services keep that)."""

    class Meta:
        model = Registration

    person = factory.SubFactory(PersonFactory, preferred_language_id="ara")
    registered_on = REGISTERED_ON
    status = TargetGroupStatus.OBLIGATED
    current_status = factory.SelfAttribute("status")
    created_by = factory.SubFactory(UserFactory)


class ContractFactory(factory.django.DjangoModelFactory):
    """An open contract of the registration's person; pass ``counsellor``."""

    class Meta:
        model = Contract

    registration = factory.SubFactory(RegistrationFactory)
    person = factory.SelfAttribute("registration.person")
    signed_on = SIGNED_ON
    status = factory.SelfAttribute("registration.current_status")
    state = ContractState.OPEN


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    contract = factory.SubFactory(ContractFactory)
    service = ReferralService.VDAB
    referred_on = factory.LazyAttribute(lambda referral: referral.contract.signed_on + datetime.timedelta(days=30))


class ExemptionTestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExemptionTest

    person = factory.SubFactory(PersonFactory)
    registered_on = SIGNED_ON + datetime.timedelta(days=14)


class DiplomaDossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiplomaDossier

    person = factory.SubFactory(PersonFactory)
    kind = DossierKind.CLIENT
    opened_on = REGISTERED_ON
