"""Factories of the leisure line: organisations with a contact, referrals, events, tallies."""

import datetime

import factory

from haven.leisure.models import Event, EventKind, EventTally, Organisation, OrganisationKind, Referral, ReferralKind
from haven.people.tests.factories import PersonFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Sportclub Testwijk {n} vzw")
    kind = OrganisationKind.SPORT
    contact_name = factory.Faker("name", locale="nl_BE")
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.org")
    contact_phone = "09 123 45 67"


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    kind = ReferralKind.LEISURE
    activity = factory.Sequence(lambda n: f"Zwemles {n}")
    referred_on = datetime.date(2019, 5, 6)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = "Dagje Planeet Gent"
    kind = EventKind.PLANEET
    held_on = datetime.date(2019, 9, 26)
    location = "Gent"


class EventTallyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventTally

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"OKAN-school {n}")
    count = 20
