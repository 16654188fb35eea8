"""People endpoints: the same access function and access logging as the pages."""

from datetime import date

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose, District, Language
from haven.people import access, selectors, services
from haven.people.identifiers import national_number_clean
from haven.people.models import Person, Sex

router = Router(tags=["people"])


class PersonSummary(Schema):
    id: int
    reference: str
    given_names: str
    family_name: str
    birth_date: date
    sex: Sex
    nationality: str
    nationality_name: str


class PersonOut(PersonSummary):
    national_number: str = Field(description="Formatted national register or BIS number.")
    national_number_kind: str = Field(description="nn, bis or empty.")
    languages: list[str]
    preferred_language: str | None
    first_registration_date: date | None
    street: str
    house_number: str
    postal_code: str
    municipality: str
    district: str | None
    phone: str
    email: str
    notes: str
    parents: list[int]
    children: list[int]

    @staticmethod
    def from_person(person: Person) -> "PersonOut":
        return PersonOut(
            id=person.pk, reference=person.reference, given_names=person.given_names,
            family_name=person.family_name, birth_date=person.birth_date, sex=person.sex,
            nationality=person.nationality, nationality_name=person.nationality_name,
            national_number=person.national_number_display, national_number_kind=person.national_number_kind,
            languages=[language.code for language in person.languages.all()],
            preferred_language=person.preferred_language_id,
            first_registration_date=person.first_registration_date, street=person.street,
            house_number=person.house_number, postal_code=person.postal_code,
            municipality=person.municipality, district=person.district.name if person.district else None,
            phone=person.phone, email=person.email, notes=person.notes,
            parents=[link.parent_id for link in person.parent_links.all()],
            children=[link.child_id for link in person.child_links.all()],
        )


class PersonPage(Schema):
    count: int
    page: int
    pages: int
    items: list[PersonSummary]


class SearchIn(Schema):
    q: str = Field("", max_length=100, description="Name fragments, a national register/BIS number or a birth date.")
    page: int = Field(1, ge=1)


class PersonIn(Schema):
    given_names: str = Field(..., min_length=1, max_length=150)
    family_name: str = Field(..., min_length=1, max_length=150)
    birth_date: date
    sex: Sex
    nationality: str = ""
    languages: list[str] = []
    preferred_language: str | None = None
    national_number: str | None = None
    first_registration_date: date | None = None
    street: str = ""
    house_number: str = ""
    postal_code: str = ""
    municipality: str = ""
    district: str | None = Field(None, description="District name.")
    phone: str = ""
    email: str = ""
    notes: str = ""


class PersonCreateIn(PersonIn):
    allow_similar: bool = Field(False, description="Register even though similar people exist.")


class PersonPatch(Schema):
    given_names: str | None = Field(None, min_length=1, max_length=150)
    family_name: str | None = Field(None, min_length=1, max_length=150)
    birth_date: date | None = None
    sex: Sex | None = None
    nationality: str | None = None
    languages: list[str] | None = None
    preferred_language: str | None = None
    national_number: str | None = None
    first_registration_date: date | None = None
    street: str | None = None
    house_number: str | None = None
    postal_code: str | None = None
    municipality: str | None = None
    district: str | None = None
    phone: str | None = None
    email: str | None = None
    notes: str | None = None


class Candidates(Schema):
    detail: str
    candidates: list[PersonSummary]


class Problem(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def _page(people, page: int) -> PersonPage:
    paginator = Paginator(people, settings.HAVEN_PAGE_SIZE)
    current = paginator.get_page(page)
    return PersonPage(count=paginator.count, page=current.number, pages=paginator.num_pages,
                      items=[PersonSummary(**_summary(person)) for person in current])


def _summary(person: Person) -> dict:
    return {"id": person.pk, "reference": person.reference, "given_names": person.given_names,
            "family_name": person.family_name, "birth_date": person.birth_date, "sex": person.sex,
            "nationality": person.nationality, "nationality_name": person.nationality_name}


def _values(payload: dict) -> tuple[dict, list[Language] | None]:
    """Turn API input into service values, resolving codes and names to rows."""
    from django.core.exceptions import ValidationError

    values = dict(payload)
    values.pop("allow_similar", None)
    codes = values.pop("languages", None)
    errors = {}
    languages = None
    if codes is not None:
        languages = list(Language.objects.filter(code__in=codes))
        missing = sorted(set(codes) - {language.code for language in languages})
        if missing:
            errors["languages"] = [str(_("Unknown language code: %(code)s") % {"code": code}) for code in missing]
    if values.get("preferred_language"):
        values["preferred_language"] = Language.objects.filter(code=values["preferred_language"]).first()
        if values["preferred_language"] is None:
            errors["preferred_language"] = [str(_("Unknown language code."))]
    if values.get("district"):
        values["district"] = District.objects.filter(name=values["district"]).first()
        if values["district"] is None:
            errors["district"] = [str(_("Unknown district."))]
    if values.get("national_number"):
        try:
            values["national_number"] = national_number_clean(values["national_number"])
        except ValidationError as error:
            errors["national_number"] = error.messages
    if errors:
        raise ValidationError(errors)
    return values, languages


@router.get("", response=PersonPage, summary="List people (paginated)")
def person_list(request, page: int = 1):
    access.people_for_user(request.auth)
    return _page(selectors.person_list(), page)


@router.post("/search", response=PersonPage, summary="Search people (the terms go in the body, not the URL)")
def person_search(request, payload: SearchIn):
    access.people_for_user(request.auth)
    return _page(selectors.person_list(query=payload.q), payload.page)


@router.get("/{person_id}", response=PersonOut, summary="Read a person's file (logged with the purpose)")
def person_read(request, person_id: int, purpose: AccessPurpose):
    person = access.person_for_user(request.auth, person_id, purpose=purpose, channel=AccessChannel.API)
    return PersonOut.from_person(person)


@router.post("", response={201: PersonOut, 409: Candidates, 422: Problem}, summary="Register a person")
def person_create(request, payload: PersonCreateIn):
    access.people_for_user(request.auth, write=True)
    values, languages = _values(payload.dict())
    try:
        person = services.person_create(
            by=request.auth, values=values, languages=languages or [], purpose=AccessPurpose.REGISTRATION,
            channel=AccessChannel.API, allow_similar=payload.allow_similar,
        )
    except services.PossibleDuplicate as duplicate:
        return Status(409, Candidates(
            detail=str(_("People with the same date of birth and a similar name are already registered; "
                         "send allow_similar=true if this is someone else.")),
            candidates=[PersonSummary(**_summary(person)) for person in duplicate.candidates],
        ))
    person = selectors.person_file(person_id=person.pk).get()
    return Status(201, PersonOut.from_person(person))


@router.patch("/{person_id}", response={200: PersonOut, 422: Problem}, summary="Change a person's file")
def person_update(request, person_id: int, payload: PersonPatch, purpose: AccessPurpose = AccessPurpose.CORRECTION):
    person = access.person_for_user(request.auth, person_id, purpose=purpose, write=True, channel=AccessChannel.API)
    values, languages = _values(payload.dict(exclude_unset=True))
    changed = services.person_update(person=person, by=request.auth, values=values, languages=languages,
                                     purpose=purpose, channel=AccessChannel.API)
    if not changed:  # nothing written, yet the file is returned: log it as a read
        access_record(user=request.auth, person_id=person.pk, action=AccessAction.VIEW, purpose=purpose,
                      channel=AccessChannel.API)
    person = get_object_or_404(selectors.person_file(person_id=person.pk))
    return PersonOut.from_person(person)
