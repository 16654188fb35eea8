"""The world of the portal and dispatch page tests: two partner organisations A and B, each
with an agreement in force, an address in a travel zone and a contact user; an interpreter
(with a user) who speaks Arabic and works every day from 07:00 to 21:00; requests written
through ``services.request_create``. Import the fixtures into a test module."""

from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from haven.accounts.services import user_create
from haven.core.models import Language
from haven.interpreting import services
from haven.interpreting.models import (
    Agreement,
    AgreementStatus,
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
from haven.interpreting.workdays import BRUSSELS, add_working_days

PASSWORD = "x-password-x"


def enterprise_number(seed: int) -> str:
    first = f"0{seed + 7100000:07d}"
    return f"{first}{97 - int(first) % 97:02d}"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def zone() -> Zone:
    return Zone.objects.get_or_create(code="GENT-C", defaults={"name": "Gent centrum"})[0]


def language(code: str = "ara") -> Language:
    return Language.objects.get_or_create(code=code)[0]


def organisation(seed: int, name: str) -> Organisation:
    found = Organisation.objects.create(name=name, enterprise_number=enterprise_number(seed), sector=Sector.HEALTH)
    Agreement.objects.create(organisation=found, starts_on=date(2018, 1, 1), status=AgreementStatus.ACTIVE)
    Site.objects.create(
        organisation=found,
        name=f"{name} campus",
        street="Kouter 1",
        postal_code="9000",
        municipality="Gent",
        zone=zone(),
    )
    return found


def partner(username: str, organisation: Organisation):
    user = user_create(
        username=username, password=PASSWORD, first_name=username.title(), last_name="Partner", roles=["partner"]
    )
    PartnerContact.objects.create(user=user, organisation=organisation)
    return user


def interpreter(
    username: str = "samira", family_name: str = "Haddad", code: str = "ara", phone: str = "+32 470 12 34 56"
) -> Interpreter:
    user = user_create(
        username=username, password=PASSWORD, first_name="Samira", last_name=family_name, roles=["interpreter"]
    )
    found = Interpreter.objects.create(
        user=user,
        given_names="Samira",
        family_name=family_name,
        sex="f",
        email=f"{username}@example.org",
        phone=phone,
        home_zone=zone(),
        modalities=["on_site", "video"],
        max_hours_per_week=38,
    )
    InterpreterLanguage.objects.create(interpreter=found, language=language(code))
    Availability.objects.bulk_create(
        [Availability(interpreter=found, weekday=day, starts_at=time(7), ends_at=time(21)) for day in range(7)]
    )
    return found


def bookable_day(now: datetime | None = None) -> date:
    """A working day far enough ahead to book without urgency (in the next week or later)."""
    return add_working_days((now or timezone.now()).astimezone(BRUSSELS).date(), 5)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BRUSSELS)


def make_request(organisation: Organisation, by, starts_at: datetime, **values) -> InterpretingRequest:
    """An on-site Arabic request at the organisation's address, through the service."""
    values = {
        "kind": RequestKind.ON_SITE,
        "language": language(values.pop("code", "ara")),
        "starts_at": starts_at,
        "duration_minutes": 60,
        "site": organisation.sites.first(),
        "subject_sector": Sector.HEALTH,
        **values,
    }
    return services.request_create(organisation=organisation, by=by, values=values)


def past_request(organisation: Organisation, by, starts_at: datetime, **values) -> InterpretingRequest:
    """A request dated in the past, written directly (the service refuses the past)."""
    return InterpretingRequest.objects.create(
        organisation=organisation,
        requested_by=by,
        kind=RequestKind.ON_SITE,
        language=language(),
        starts_at=starts_at,
        duration_minutes=60,
        site=organisation.sites.first(),
        subject_sector=Sector.HEALTH,
        created_at=starts_at - timedelta(days=7),
        **values,
    )


@pytest.fixture
def organisation_a(db):
    return organisation(1, "AZ Sint-Lucas")


@pytest.fixture
def organisation_b(db):
    return organisation(2, "OCMW Gent")


@pytest.fixture
def partner_a(organisation_a):
    return partner("anna", organisation_a)


@pytest.fixture
def partner_b(organisation_b):
    return partner("bert", organisation_b)


@pytest.fixture
def samira(db):
    return interpreter()


@pytest.fixture
def dispatcher_user(db):
    return user_create(
        username="dora", password=PASSWORD, first_name="Dora", last_name="Dispatch", roles=["dispatcher"]
    )
