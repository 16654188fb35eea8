"""Builders for the notification and calendar tests: an organisation with an agreement
in force and an address, interpreters who speak Arabic, and requests booked through the
services; only a proposed assignment (what a dispatch run leaves) is written directly."""

from datetime import date, datetime

from haven.core.models import Language
from haven.interpreting.models import (
    Assignment,
    AssignmentStatus,
    Interpreter,
    Organisation,
    RequestKind,
    Sector,
    Zone,
)
from haven.interpreting.services import requests as requests_service
from haven.interpreting.tests.factories import (
    InterpreterFactory,
    OrganisationFactory,
    PartnerContactFactory,
    ZoneFactory,
)
from haven.interpreting.workdays import BRUSSELS

# Monday 2 March 2026, 09:00 in Brussels: the requests are made then, the jobs come later
# that week (two working days ahead or more).
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=BRUSSELS)


def enterprise_number(seed: int) -> str:
    """A valid Belgian enterprise number: 8 digits and 97 − (those digits mod 97)."""
    first = f"0{seed:07d}"
    return f"{first}{97 - int(first) % 97:02d}"


def zone(code: str = "GENT", name: str = "Gent") -> Zone:
    return ZoneFactory(code=code, name=name)


def organisation(seed: int = 1, *, name: str = "Sint-Lucas school", email: str = "") -> Organisation:
    return OrganisationFactory(
        name=name,
        enterprise_number=enterprise_number(seed),
        sector=Sector.EDUCATION,
        email=email,
        phone="09 123 45 67",
        agreement__starts_on=date(2025, 1, 1),
        site__name="Campus Zuid",
        site__street="Kortrijksesteenweg 10",
        site__zone=zone(),
    )


def partner(username: str, organisation: Organisation, *, email: str = ""):
    return PartnerContactFactory(
        user__username=username,
        user__password="x-password-x",
        user__first_name="Paula",
        user__last_name="",
        user__email=email,
        organisation=organisation,
    ).user


def interpreter(family_name: str = "Haddad", *, email: str = "", user=None, language: str = "ara") -> Interpreter:
    return InterpreterFactory(
        user=user,
        given_names="Samira",
        family_name=family_name,
        phone="0470 12 34 56",
        email=email or f"{family_name.lower()}@interpreters.example",
        home_zone=zone(),
        languages=[language],
        max_hours_per_week=20,
        available=True,  # works every day 07:00-21:00: confirming a job holds her to her hours
    )


def job_request(
    organisation: Organisation,
    by,
    *,
    day: int = 5,
    hour: int = 10,
    minutes: int = 90,
    video: bool = False,
    notes: str = "",
):
    """A request for a job on ``day`` March 2026 at ``hour`` (Brussels)."""
    values = {
        "kind": RequestKind.VIDEO if video else RequestKind.ON_SITE,
        "language": "ara",
        "starts_at": datetime(2026, 3, day, hour, 0, tzinfo=BRUSSELS),
        "duration_minutes": minutes,
        "subject_sector": Sector.EDUCATION,
        "notes": notes,
    }
    if video:
        values["video_link"] = "https://meet.example/room-42"
    else:
        values["site"] = organisation.sites.first()
    values["language"] = Language.objects.get(pk=values["language"])
    return requests_service.request_create(organisation=organisation, by=by, values=values, now=NOW)


def book(request, interpreter: Interpreter, by):
    return requests_service.booking_create(request=request, interpreter=interpreter, by=by, now=NOW)


def proposal(request, interpreter: Interpreter):
    """A proposed assignment, as a dispatch run leaves it (not yet a booking)."""
    return Assignment.objects.create(
        request=request,
        interpreter=interpreter,
        starts_at=request.starts_at,
        ends_at=request.ends_at,
        status=AssignmentStatus.PROPOSED,
        why={"code": "dispatcher_choice", "facts": {}},
    )
