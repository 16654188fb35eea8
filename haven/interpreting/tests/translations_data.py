"""Builders for the translation and API tests: two partner organisations (A and B) with an
agreement in force and an address, partner users, interpreters/translators with a user of
role ``interpreter``, uploads, and jobs in the past or the future."""

from datetime import date, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from haven.interpreting.models import (
    Interpreter,
    InterpretingRequest,
    Organisation,
    RequestKind,
    Sector,
    TranslationOrder,
    TranslationStatus,
    Zone,
)
from haven.interpreting.tests.factories import (
    InterpreterFactory,
    OrganisationFactory,
    PartnerContactFactory,
    ZoneFactory,
)
from haven.interpreting.workdays import BRUSSELS

PDF = b"%PDF-1.4\n% a tiny test file\n"


def enterprise_number(seed: int) -> str:
    first = f"0{seed + 7000000:07d}"
    return f"{first}{97 - int(first) % 97:02d}"


def zone() -> Zone:
    return ZoneFactory(code="GENT", name="Gent")


def organisation(seed: int, name: str) -> Organisation:
    return OrganisationFactory(
        name=name,
        enterprise_number=enterprise_number(seed),
        sector=Sector.EDUCATION,
        site__name="Campus",
        site__street="Schoolstraat 1",
        site__zone=zone(),
    )


def contact(user, organisation_: Organisation):
    PartnerContactFactory(user=user, organisation=organisation_)
    return user


def partner(username: str, organisation_: Organisation):
    return PartnerContactFactory(
        user__username=username, user__password="x-password-x", organisation=organisation_
    ).user


def translator(
    username: str, languages=("ara",), *, sworn: bool = False, translates: bool = True, family_name: str = "Haddad"
) -> Interpreter:
    return InterpreterFactory(
        username=username,
        user__password="x-password-x",
        given_names=username.title(),
        family_name=family_name,
        home_zone=zone(),
        languages=list(languages),
        translates=translates,
        sworn=sworn,
        max_hours_per_week=20,
    )


def upload(name: str = "vertaling.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def order(
    organisation_: Organisation,
    by,
    *,
    title: str = "Schoolreglement",
    kind: str = "informative",
    source: str = "nld",
    target: str = "ara",
    pages: int = 3,
    translator_: Interpreter | None = None,
    status: str = TranslationStatus.REQUESTED,
) -> TranslationOrder:
    """An order written directly (the service is tested on its own)."""
    if translator_ is not None and status == TranslationStatus.REQUESTED:
        status = TranslationStatus.ASSIGNED
    return TranslationOrder.objects.create(
        organisation=organisation_,
        requested_by=by,
        title=title,
        kind=kind,
        source_language_id=source,
        target_language_id=target,
        pages=pages,
        deadline=in_days(14),
        translator=translator_,
        status=status,
        created_at=timezone.now() - timedelta(days=1),
    )


def job(
    organisation_: Organisation, by, starts_at: datetime, *, minutes: int = 60, language: str = "ara"
) -> InterpretingRequest:
    """A request written directly (its time may be in the past)."""
    return InterpretingRequest.objects.create(
        organisation=organisation_,
        requested_by=by,
        language_id=language,
        starts_at=starts_at,
        duration_minutes=minutes,
        kind=RequestKind.ON_SITE,
        site=organisation_.sites.first(),
        subject_sector=Sector.EDUCATION,
        created_at=starts_at - timedelta(days=7),
    )


def future(days: int = 14, hour: int = 10) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=BRUSSELS)
