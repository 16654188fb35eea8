"""People endpoints: the same access function and access logging as the pages."""

from datetime import date
from typing import Annotated

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import WithJsonSchema

from haven.core.api import PageMeta, Problem, problems
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose, District, Language
from haven.people import access, selectors, services
from haven.people.identifiers import national_number_clean
from haven.people.models import NOTES_MAX_LENGTH, Person, Sex

router = Router(tags=["people"])

# A person's sex as stored: "F", "M" or "X" (capitals, as in the national register). Inline in the
# schema, because the component name "Sex" is the interpreters' (lower case "f", "m", "x").
PersonSex = Annotated[
    Sex,
    WithJsonSchema(
        {
            "type": "string",
            "enum": [choice.value for choice in Sex],
            "title": "PersonSex",
            "description": "F female, M male, X other or unknown.",
        }
    ),
]


class PersonSummary(Schema):
    id: int
    reference: str
    given_names: str
    family_name: str
    birth_date: date
    sex: PersonSex
    nationality: str
    nationality_name: str
    national_number_masked: str = Field(
        "", description="The last two digits only (lists never show a whole number; the file does)."
    )


class PersonOut(PersonSummary):
    native_given_names: str = Field("", description="The given names in the original script, when not Latin.")
    native_family_name: str = Field("", description="The family name in the original script, when not Latin.")
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
        if not getattr(person, "full_fields", True):  # a course's fields only: no number, address or notes
            return PersonOut(
                id=person.pk,
                reference=person.reference,
                given_names=person.given_names,
                family_name=person.family_name,
                native_given_names=person.native_given_names,
                native_family_name=person.native_family_name,
                birth_date=person.birth_date,
                sex=Sex(person.sex),
                nationality=person.nationality,
                nationality_name=person.nationality_name,
                national_number_masked="",
                national_number="",
                national_number_kind="",
                languages=[language.code for language in person.languages.all()],
                preferred_language=person.preferred_language_id,
                first_registration_date=None,
                street="",
                house_number="",
                postal_code="",
                municipality="",
                district=None,
                phone=person.phone,
                email=person.email,
                notes="",
                parents=[],
                children=[],
            )
        return PersonOut(
            id=person.pk,
            reference=person.reference,
            given_names=person.given_names,
            family_name=person.family_name,
            native_given_names=person.native_given_names,
            native_family_name=person.native_family_name,
            birth_date=person.birth_date,
            sex=Sex(person.sex),
            nationality=person.nationality,
            nationality_name=person.nationality_name,
            national_number_masked="",
            national_number=person.national_number_display,
            national_number_kind=person.national_number_kind,
            languages=[language.code for language in person.languages.all()],
            preferred_language=person.preferred_language_id,
            first_registration_date=person.first_registration_date,
            street=person.street,
            house_number=person.house_number,
            postal_code=person.postal_code,
            municipality=person.municipality,
            district=person.district.name if person.district else None,
            phone=person.phone,
            email=person.email,
            notes=person.notes,
            parents=[link.parent_id for link in person.parent_links.all()],
            children=[link.child_id for link in person.child_links.all()],
        )


class PersonPage(PageMeta):
    items: list[PersonSummary]


class SearchIn(Schema):
    q: str = Field("", max_length=100, description="Name fragments, a national register/BIS number or a birth date.")
    page: int = Field(1, ge=1)


class PersonIn(Schema):
    given_names: str = Field(..., min_length=1, max_length=150)
    family_name: str = Field(..., min_length=1, max_length=150)
    native_given_names: str = Field("", max_length=150)
    native_family_name: str = Field("", max_length=150)
    birth_date: date
    sex: PersonSex
    nationality: str = ""
    languages: list[str] = []
    preferred_language: str | None = None
    national_number: str | None = Field(None, max_length=30)
    first_registration_date: date | None = None
    street: str = Field("", max_length=150)
    house_number: str = Field("", max_length=20)
    postal_code: str = Field("", max_length=10)
    municipality: str = Field("", max_length=100)
    district: str | None = Field(None, description="District name.")
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    notes: str = Field("", max_length=NOTES_MAX_LENGTH)


class PersonCreateIn(PersonIn):
    allow_similar: bool = Field(False, description="Register even though similar people exist.")


class PersonPatch(Schema):
    given_names: str | None = Field(None, min_length=1, max_length=150)
    family_name: str | None = Field(None, min_length=1, max_length=150)
    native_given_names: str | None = Field(None, max_length=150)
    native_family_name: str | None = Field(None, max_length=150)
    birth_date: date | None = None
    sex: PersonSex | None = None
    nationality: str | None = None
    languages: list[str] | None = None
    preferred_language: str | None = None
    national_number: str | None = Field(None, max_length=30)
    first_registration_date: date | None = None
    street: str | None = Field(None, max_length=150)
    house_number: str | None = Field(None, max_length=20)
    postal_code: str | None = Field(None, max_length=10)
    municipality: str | None = Field(None, max_length=100)
    district: str | None = None
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    notes: str | None = Field(None, max_length=NOTES_MAX_LENGTH)


class Candidates(Schema):
    detail: str
    candidates: list[PersonSummary]


class FileRef(Schema):
    id: int
    reference: str = Field(description="The file number.")


class AlreadyRegisteredProblem(Problem):
    existing: FileRef = Field(description="The file that holds this national register or BIS number.")


def _already_registered(taken: services.AlreadyRegistered) -> AlreadyRegisteredProblem:
    """409: the number is another file's. Names that file, never the number."""
    return AlreadyRegisteredProblem(
        detail=str(
            _("A person with this national register or BIS number is already registered: file %(reference)s.")
            % {"reference": taken.existing_reference}
        ),
        errors={field: [str(message) for message in messages] for field, messages in taken.message_dict.items()},
        existing=FileRef(id=taken.existing_id, reference=taken.existing_reference),
    )


def _page(request, people, page: int, purpose: str | None = None) -> PersonPage:
    """One page of the people the user may open; every person on it is traced. The count of
    ``PageMeta`` stays (the API is not the as-you-type path); a search's page is read from its
    matches sorted, never walked in order (``selectors.person_rows_counted``)."""
    meta, current = access.people_page(request.auth, selectors.person_rows_counted(people), page, purpose=purpose)
    return PersonPage(**meta, items=[PersonSummary(**_summary(person)) for person in current])


def _summary(person: Person) -> dict:
    return {
        "id": person.pk,
        "reference": person.reference,
        "given_names": person.given_names,
        "family_name": person.family_name,
        "birth_date": person.birth_date,
        "sex": person.sex,
        "nationality": person.nationality,
        "nationality_name": person.nationality_name,
        "national_number_masked": person.national_number_masked,
    }


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
    for name in ("preferred_language", "district"):
        if name in values and not values[name]:
            values[name] = None  # "" chooses nothing, like null
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


@router.get("", response={200: PersonPage, **problems(422)}, summary="List people (paginated)")
def person_list(request, page: int = 1):
    access.people_for_user(request.auth)
    return _page(request, selectors.person_list(), page)


@router.post(
    "/search",
    response={200: PersonPage, **problems(body=True)},
    summary="Search people (the terms go in the body, not the URL)",
)
def person_search(request, payload: SearchIn):
    access.people_for_user(request.auth)
    return _page(request, selectors.person_list(query=payload.q), payload.page)


@router.get(
    "/{person_id}",
    response={200: PersonOut, **problems(404, 422)},
    summary="Read a person's file (logged with the purpose)",
)
def person_read(request, person_id: int, purpose: AccessPurpose):
    person = access.person_for_user(request.auth, person_id, purpose=purpose, channel=AccessChannel.API)
    return PersonOut.from_person(person)


@router.post(
    "",
    response={201: PersonOut, **problems(body=True), 409: Candidates | AlreadyRegisteredProblem},
    summary="Register a person",
)
def person_create(request, payload: PersonCreateIn):
    access.people_for_user(request.auth, write=True)
    values, languages = _values(payload.dict())
    try:
        person = services.person_create(
            by=request.auth,
            values=values,
            languages=languages or [],
            purpose=AccessPurpose.REGISTRATION,
            channel=AccessChannel.API,
            allow_similar=payload.allow_similar,
        )
    except services.AlreadyRegistered as taken:
        return Status(409, _already_registered(taken))
    except services.PossibleDuplicate as duplicate:
        access.people_shown(
            request.auth,
            [person.pk for person in duplicate.candidates],
            purpose=AccessPurpose.REGISTRATION,
            channel=AccessChannel.API,
        )
        return Status(
            409,
            Candidates(
                detail=str(
                    _(
                        "People with the same date of birth and a similar name are already registered; "
                        "send allow_similar=true if this is someone else."
                    )
                ),
                candidates=[PersonSummary(**_summary(person)) for person in duplicate.candidates],
            ),
        )
    person = selectors.person_file(person_id=person.pk).get()
    return Status(201, PersonOut.from_person(person))


@router.patch(
    "/{person_id}",
    response={200: PersonOut, **problems(404, body=True), 409: AlreadyRegisteredProblem},
    summary="Change a person's file",
)
def person_update(request, person_id: int, payload: PersonPatch, purpose: AccessPurpose = AccessPurpose.CORRECTION):
    person = access.person_for_user(request.auth, person_id, purpose=purpose, write=True, channel=AccessChannel.API)
    values, languages = _values(payload.dict(exclude_unset=True))
    try:
        changed = services.person_update(
            person=person,
            by=request.auth,
            values=values,
            languages=languages,
            purpose=purpose,
            channel=AccessChannel.API,
        )
    except services.AlreadyRegistered as taken:
        return Status(409, _already_registered(taken))
    if not changed:  # nothing written, yet the file is returned: log it as a read
        access_record(
            user=request.auth, person_id=person.pk, action=AccessAction.VIEW, purpose=purpose, channel=AccessChannel.API
        )
    person = get_object_or_404(selectors.person_file(person_id=person.pk))
    return PersonOut.from_person(person)
