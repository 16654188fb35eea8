"""Builders for the notification and calendar tests: an organisation with an agreement
in force and an address, interpreters who speak Arabic, and requests booked through the
services; only a proposed assignment (what a dispatch run leaves) is written directly."""

from datetime import date, datetime

from haven.accounts.services import user_create
from haven.core.models import Language
from haven.interpreting import services
from haven.interpreting.models import (
    Agreement,
    AgreementStatus,
    Assignment,
    AssignmentStatus,
    Interpreter,
    InterpreterLanguage,
    Organisation,
    PartnerContact,
    RequestKind,
    Sector,
    Site,
    Zone,
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
    return Zone.objects.get_or_create(code=code, defaults={"name": name})[0]


def organisation(seed: int = 1, *, name: str = "Sint-Lucas school", email: str = "") -> Organisation:
    found = Organisation.objects.create(
        name=name, enterprise_number=enterprise_number(seed), sector=Sector.EDUCATION, email=email, phone="09 123 45 67"
    )
    Agreement.objects.create(organisation=found, starts_on=date(2025, 1, 1), status=AgreementStatus.ACTIVE)
    Site.objects.create(
        organisation=found,
        name="Campus Zuid",
        street="Kortrijksesteenweg 10",
        postal_code="9000",
        municipality="Gent",
        zone=zone(),
    )
    return found


def partner(username: str, organisation: Organisation, *, email: str = ""):
    user = user_create(username=username, password="x-password-x", first_name="Paula", email=email, roles=["partner"])
    PartnerContact.objects.create(user=user, organisation=organisation)
    return user


def interpreter(family_name: str = "Haddad", *, email: str = "", user=None, language: str = "ara") -> Interpreter:
    found = Interpreter.objects.create(
        given_names="Samira",
        family_name=family_name,
        sex="f",
        phone="0470 12 34 56",
        email=email or f"{family_name.lower()}@interpreters.example",
        home_zone=zone(),
        modalities=["on_site", "video"],
        user=user,
    )
    InterpreterLanguage.objects.create(interpreter=found, language_id=language)
    return found


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
    return services.request_create(organisation=organisation, by=by, values=values, now=NOW)


def book(request, interpreter: Interpreter, by):
    return services.booking_create(request=request, interpreter=interpreter, by=by, now=NOW)


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
