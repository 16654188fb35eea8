"""Factories of the organisations line: rows built directly (fast); tests of behaviour go
through the services and views."""

import datetime
from decimal import Decimal

import factory

from haven.organisations import models
from haven.people.tests.factories import PersonFactory


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PartnerOrganisation

    name = factory.Sequence(lambda n: f"Woonzorgcentrum Testwijk {n}")
    contact_name = "Onthaal"
    contact_email = factory.Sequence(lambda n: f"onthaal{n}@example.org")


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TrainingSession

    topic = models.TrainingTopic.LANGUAGE_POLICY
    title = "Communiceren met anderstaligen"
    organisation = factory.SubFactory(PartnerFactory)
    trainer = factory.SubFactory("haven.accounts.tests.factories.UserFactory")
    held_on = datetime.date(2019, 5, 6)
    hours = Decimal("3.0")
    participants = 12


class AmbassadorFactory(factory.django.DjangoModelFactory):
    """Certified on 1 June 2017, consent since 1 March 2017; speaks no language (none set)."""

    class Meta:
        model = models.Ambassador

    person = factory.SubFactory(PersonFactory, first_registration_date=None, birth_date=datetime.date(1985, 4, 4))
    themes = factory.LazyFunction(lambda: ["school_career", "work"])
    weekdays = factory.LazyFunction(lambda: [0, 1, 2, 3, 4])
    trained_on = datetime.date(2017, 3, 1)
    certified_on = datetime.date(2017, 6, 1)
    consent_given_on = datetime.date(2017, 3, 1)
    consent_text_version = "2016-1"


class RequestedTestimonyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TestimonyRequest

    requester = factory.Sequence(lambda n: f"Atheneum Testwijk {n}")
    received_on = datetime.date(2019, 4, 1)
    held_on = datetime.date(2019, 5, 7)  # a Tuesday
    place = "Gent"
    audience = models.Audience.PUPILS
    theme = models.AmbassadorTheme.SCHOOL_CAREER
    listeners = 25


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Association

    name = factory.Sequence(lambda n: f"Vereniging Testwijk {n}")
    recognition = models.RecognitionStatus.RECOGNISED


class SupportContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SupportContact

    association = factory.SubFactory(AssociationFactory)
    kind = models.SupportKind.INFORMATIVE
    held_on = datetime.date(2019, 5, 6)
    staff = factory.SubFactory("haven.accounts.tests.factories.UserFactory")
    subject = "Vraag over subsidies"
