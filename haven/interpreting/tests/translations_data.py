"""Builders for the translation and API tests: two partner organisations (A and B) with an
agreement in force and an address, partner users, interpreters/translators with a user of
role ``interpreter``, uploads, and jobs in the past or the future."""

from datetime import date, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from haven.accounts.services import user_create
from haven.interpreting.models import (
    Agreement,
    AgreementStatus,
    Interpreter,
    InterpreterLanguage,
    InterpretingRequest,
    Organisation,
    PartnerContact,
    RequestKind,
    Sector,
    Site,
    TranslationOrder,
    TranslationStatus,
    Zone,
)
from haven.interpreting.workdays import BRUSSELS

PDF = b"%PDF-1.4\n% a tiny test file\n"


def enterprise_number(seed: int) -> str:
    first = f"0{seed + 7000000:07d}"
    return f"{first}{97 - int(first) % 97:02d}"


def zone() -> Zone:
    return Zone.objects.get_or_create(code="GENT", defaults={"name": "Gent"})[0]


def organisation(seed: int, name: str) -> Organisation:
    found = Organisation.objects.create(name=name, enterprise_number=enterprise_number(seed), sector=Sector.EDUCATION)
    Agreement.objects.create(organisation=found, starts_on=date(2018, 1, 1), status=AgreementStatus.ACTIVE)
    Site.objects.create(
        organisation=found, name="Campus", street="Schoolstraat 1", postal_code="9000", municipality="Gent", zone=zone()
    )
    return found


def contact(user, organisation_: Organisation):
    PartnerContact.objects.create(user=user, organisation=organisation_)
    return user


def partner(username: str, organisation_: Organisation):
    user = user_create(
        username=username, password="x-password-x", first_name=username.title(), last_name="Partner", roles=["partner"]
    )
    return contact(user, organisation_)


def translator(
    username: str, languages=("ara",), *, sworn: bool = False, translates: bool = True, family_name: str = "Haddad"
) -> Interpreter:
    user = user_create(
        username=username,
        password="x-password-x",
        first_name=username.title(),
        last_name=family_name,
        roles=["interpreter"],
    )
    found = Interpreter.objects.create(
        user=user,
        given_names=username.title(),
        family_name=family_name,
        sex="f",
        email=f"{username}@example.org",
        home_zone=zone(),
        modalities=["on_site", "video"],
        translates=translates,
        sworn=sworn,
    )
    for code in languages:
        InterpreterLanguage.objects.create(interpreter=found, language_id=code)
    return found


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
