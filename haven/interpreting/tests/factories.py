"""Factories for the interpreting line: travel zones, partner organisations (with an
agreement in force and an address), their contacts, interpreters (with a user, languages
and, on request, availability every day), requests and assignments. They build valid rows
directly (fast); tests of behaviour make requests, bookings and sheets through the
services."""

import datetime
from typing import Any

import factory
from django.utils import timezone

from haven.accounts.tests.factories import UserFactory
from haven.core.models import Language
from haven.core.tests.factories import LanguageFactory
from haven.interpreting.models import (
    Agreement,
    AgreementStatus,
    Assignment,
    AssignmentStatus,
    Availability,
    Interpreter,
    InterpreterLanguage,
    InterpretingRequest,
    Organisation,
    PartnerContact,
    RequestKind,
    Sector,
    Site,
    Zone,
)


def enterprise_number(n: int) -> str:
    """A valid Belgian enterprise number (its last two digits are its check digits)."""
    first = f"0{n + 7100000:07d}"
    return f"{first}{97 - int(first) % 97:02d}"


def language(code: str = "ara") -> Language:
    return LanguageFactory(code=code)


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone
        django_get_or_create = ("code",)

    code = "GENT-C"
    name = "Gent centrum"


class AgreementFactory(factory.django.DjangoModelFactory):
    """A cooperation agreement in force since 2018."""

    class Meta:
        model = Agreement

    organisation = factory.SubFactory("haven.interpreting.tests.factories.OrganisationFactory", agreement=None)
    starts_on = datetime.date(2018, 1, 1)
    status = AgreementStatus.ACTIVE


class SiteFactory(factory.django.DjangoModelFactory):
    """An address of the organisation, in the Gent centre zone."""

    class Meta:
        model = Site

    organisation = factory.SubFactory("haven.interpreting.tests.factories.OrganisationFactory", site=None)
    name = factory.LazyAttribute(lambda site: f"{site.organisation.name} campus")
    street = "Kouter 1"
    postal_code = "9000"
    municipality = "Gent"
    zone = factory.SubFactory(ZoneFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A partner organisation with an agreement in force and one address (``site=None`` or
    ``agreement=None`` leaves one out; ``site__name=…`` changes it)."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    enterprise_number = factory.Sequence(enterprise_number)
    sector = Sector.HEALTH
    agreement = factory.RelatedFactory(AgreementFactory, factory_related_name="organisation")
    site = factory.RelatedFactory(SiteFactory, factory_related_name="organisation")


class PartnerContactFactory(factory.django.DjangoModelFactory):
    """A user of role ``partner`` who books for the organisation (``.user`` is the user)."""

    class Meta:
        model = PartnerContact

    user = factory.SubFactory(UserFactory, roles=["partner"], last_name="Partner")
    organisation = factory.SubFactory(OrganisationFactory)


class InterpreterFactory(factory.django.DjangoModelFactory):
    """An interpreter with a user of role ``interpreter`` who works on site and by video in
    ``languages`` (codes, Arabic by default), available every day at any hour unless told:
    ``available=True`` every day from 07:00 to 21:00, ``available=False`` never (a booking
    by hand keeps the engine's hard rules, availability among them)."""

    class Meta:
        model = Interpreter
        skip_postgeneration_save = True

    class Params:
        username = factory.Sequence(lambda n: f"interpreter{n}")

    user = factory.SubFactory(
        UserFactory,
        username=factory.SelfAttribute("..username"),
        first_name=factory.SelfAttribute("..given_names"),
        last_name=factory.SelfAttribute("..family_name"),
        roles=["interpreter"],
    )
    given_names = factory.Faker("first_name", locale="nl_BE")
    family_name = factory.Sequence(lambda n: f"Tolk-{n}")
    sex = "f"
    email = factory.LazyAttribute(lambda interpreter: f"{interpreter.username}@example.org")
    phone = ""
    home_zone = factory.SubFactory(ZoneFactory)
    modalities = factory.LazyFunction(lambda: ["on_site", "video"])
    max_hours_per_week = 38

    @factory.post_generation
    def languages(interpreter: Interpreter, create: bool, codes: Any, **kwargs: Any) -> None:
        for code in ["ara"] if codes is None else codes:
            InterpreterLanguage.objects.create(interpreter=interpreter, language=language(code))

    @factory.post_generation
    def available(interpreter: Interpreter, create: bool, every_day: Any, **kwargs: Any) -> None:
        if every_day is False:
            return
        starts, ends = (datetime.time(7), datetime.time(21)) if every_day else (datetime.time(0), datetime.time.max)
        Availability.objects.bulk_create(
            [Availability(interpreter=interpreter, weekday=day, starts_at=starts, ends_at=ends) for day in range(7)]
        )


class InterpretingRequestFactory(factory.django.DjangoModelFactory):
    """An on-site Arabic request at the organisation's address, a week from now unless
    ``starts_at`` is given; written directly, so it may lie in the past."""

    class Meta:
        model = InterpretingRequest

    organisation = factory.SubFactory(OrganisationFactory)
    requested_by = factory.LazyAttribute(lambda request: PartnerContactFactory(organisation=request.organisation).user)
    kind = RequestKind.ON_SITE
    language = factory.LazyFunction(language)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    duration_minutes = 60
    site = factory.LazyAttribute(lambda request: request.organisation.sites.first())
    subject_sector = Sector.HEALTH
    created_at = factory.LazyAttribute(lambda request: request.starts_at - datetime.timedelta(days=7))


class AssignmentFactory(factory.django.DjangoModelFactory):
    """An interpreter proposed for a request, for the request's time."""

    class Meta:
        model = Assignment

    request = factory.SubFactory(InterpretingRequestFactory)
    interpreter = factory.SubFactory(InterpreterFactory)
    starts_at = factory.LazyAttribute(lambda assignment: assignment.request.starts_at)
    ends_at = factory.LazyAttribute(lambda assignment: assignment.request.ends_at)
    status = AssignmentStatus.PROPOSED
