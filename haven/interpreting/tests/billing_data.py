"""Builders for the performance-sheet, billing and invoice tests: organisations with an
agreement and an address, interpreters with a user of role ``interpreter``, jobs booked
through ``requests_service.booking_create``, sheets taken through ``sheets`` to the state a test
needs, and the Flemish-scheme tariff."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from haven.interpreting.models import (
    Interpreter,
    InterpretingRequest,
    Organisation,
    RequestKind,
    Sector,
    Tariff,
    TranslationOrder,
    TranslationStatus,
    Zone,
)
from haven.interpreting.services import requests as requests_service
from haven.interpreting.services import sheets
from haven.interpreting.tests.factories import (
    InterpreterFactory,
    OrganisationFactory,
    PartnerContactFactory,
    ZoneFactory,
)
from haven.interpreting.workdays import BRUSSELS


def at(year, month, day, hour=0, minute=0) -> datetime:
    """A moment in Brussels."""
    return datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)


def enterprise_number(seed: int) -> str:
    first = f"0{seed + 4000000:07d}"
    return f"{first}{97 - int(first) % 97:02d}"


def zone() -> Zone:
    return ZoneFactory(code="GENT", name="Gent")


def organisation(seed: int = 1, name: str = "Stedelijke Basisschool De Boomgaard") -> Organisation:
    return OrganisationFactory(
        name=name,
        enterprise_number=enterprise_number(seed),
        sector=Sector.EDUCATION,
        site__name="Hoofdschool",
        site__street="Boomgaardstraat 1",
        site__zone=zone(),
    )


def partner(username: str, organisation: Organisation):
    return PartnerContactFactory(user__username=username, user__password="x-password-x", organisation=organisation).user


def interpreter(username: str = "samira", family_name: str = "Haddad", language: str = "ara") -> Interpreter:
    return InterpreterFactory(
        username=username,
        user__password="x-password-x",
        given_names="Samira",
        family_name=family_name,
        home_zone=zone(),
        languages=[language],
        max_hours_per_week=20,
    )


def job(
    organisation: Organisation,
    by,
    starts_at: datetime,
    *,
    minutes: int = 60,
    video: bool = False,
    language: str = "ara",
) -> InterpretingRequest:
    """A request written directly (its date may be in the past: billing looks back)."""
    return InterpretingRequest.objects.create(
        organisation=organisation,
        requested_by=by,
        language_id=language,
        starts_at=starts_at,
        duration_minutes=minutes,
        kind=RequestKind.VIDEO if video else RequestKind.ON_SITE,
        site=None if video else organisation.sites.first(),
        video_link="https://meet.example/x" if video else "",
        subject_sector=Sector.EDUCATION,
        created_at=starts_at - timedelta(days=7),
    )


def booked(organisation, partner_user, interpreter_, dispatcher, starts_at, **kwargs):
    request = job(organisation, partner_user, starts_at, **kwargs)
    return requests_service.booking_create(
        request=request, interpreter=interpreter_, by=dispatcher, now=starts_at - timedelta(days=3)
    )


def submitted(assignment, *, minutes=60, waiting=0, km="0", remark=""):
    return sheets.timesheet_submit(
        assignment=assignment,
        by=assignment.interpreter.user,
        values={
            "actual_start": assignment.starts_at,
            "actual_end": assignment.starts_at + timedelta(minutes=minutes),
            "waiting_minutes": waiting,
            "travel_km": Decimal(km),
            "remark": remark,
        },
        now=assignment.starts_at + timedelta(minutes=minutes + 30),
    )


def approved(assignment, partner_user, dispatcher, **kwargs):
    sheet = submitted(assignment, **kwargs)
    sheets.timesheet_confirm(timesheet=sheet, by=partner_user, now=sheet.submitted_at + timedelta(hours=1))
    return sheets.timesheet_approve(timesheet=sheet, by=dispatcher, now=sheet.submitted_at + timedelta(hours=2))


def tariff(valid_from: date = date(2018, 1, 1), name: str = "Vlaamse regeling", **prices) -> Tariff:
    values = {
        "first_hour": Decimal("8.00"),
        "per_quarter": Decimal("2.00"),
        "per_km": Decimal("0.33"),
        "km_cap": 150,
        "late_cancellation": Decimal("8.00"),
        "video_per_hour": Decimal("8.00"),
        "page_informative": Decimal("25.00"),
        "page_official": Decimal("40.00"),
    }
    values.update(prices)
    return Tariff.objects.create(name=name, valid_from=valid_from, **values)


def translation(
    organisation,
    by,
    translator,
    *,
    delivered_on: date,
    pages: int = 3,
    kind: str = "informative",
    status=TranslationStatus.DELIVERED,
) -> TranslationOrder:
    return TranslationOrder.objects.create(
        organisation=organisation,
        requested_by=by,
        title="Schoolreglement",
        kind=kind,
        source_language_id="nld",
        target_language_id="ara",
        pages=pages,
        deadline=delivered_on,
        translator=translator,
        status=status,
        created_at=datetime.combine(delivered_on - timedelta(days=10), datetime.min.time(), tzinfo=BRUSSELS),
        delivered_on=delivered_on if status == TranslationStatus.DELIVERED else None,
    )


def late_cancelled(organisation, partner_user, interpreter_, dispatcher, starts_at, **kwargs) -> InterpretingRequest:
    """A booked job the partner cancels an hour before it starts: always late, so billed."""
    request = booked(organisation, partner_user, interpreter_, dispatcher, starts_at, **kwargs).request
    return requests_service.request_cancel(request=request, by=partner_user, now=starts_at - timedelta(hours=1))
