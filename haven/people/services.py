"""Writes to the newcomer registry. Pages, the API and the demo generator all use these."""

import datetime
import difflib
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import User
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose, Language
from haven.people.hooks import PersonChange, person_changed
from haven.people.models import HouseholdLink, Person, file_reference, fold_latin

# The fields a form or API call may set; everything else is derived or managed.
PERSON_FIELDS = (
    "given_names",
    "family_name",
    "native_given_names",
    "native_family_name",
    "birth_date",
    "sex",
    "nationality",
    "preferred_language",
    "national_number",
    "first_registration_date",
    "street",
    "house_number",
    "postal_code",
    "municipality",
    "district",
    "phone",
    "email",
    "notes",
)
SIMILARITY_THRESHOLD = 0.8


class PossibleDuplicate(Exception):
    """People with the same birth date and a similar name exist; the user must confirm."""

    def __init__(self, candidates: list[Person]):
        super().__init__(f"{len(candidates)} possible duplicates")
        self.candidates = candidates


class AlreadyRegistered(ValidationError):
    """The national number belongs to another file. Names that file (id and reference),
    never the number. A ValidationError on ``national_number``, so forms and the API's
    generic handler show it on the field."""

    def __init__(self, existing_id: int):
        super().__init__({"national_number": [ValidationError(TAKEN_MESSAGE, code="already_registered")]})
        self.existing_id = existing_id

    @property
    def existing_reference(self) -> str:
        return file_reference(self.existing_id)


TAKEN_MESSAGE = _("A person with this national register or BIS number is already registered.")
NATIONAL_NUMBER_CONSTRAINT = "national_number"  # the column of the unique constraint


def _names_similar(a: str, b: str) -> bool:
    if sorted(a.split()) == sorted(b.split()):  # the same names in another order
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= SIMILARITY_THRESHOLD


def person_similar_candidates(
    *, given_names: str, family_name: str, birth_date: datetime.date, exclude_id: int | None = None
) -> list[Person]:
    """People born on the same day whose names look like these (accents, case, order and
    script ignored: both are compared in their Latin transliteration, so "Иван Петров"
    is similar to "Ivan Petrov")."""
    wanted = fold_latin(f"{given_names} {family_name}")
    same_day = Person.objects.filter(birth_date=birth_date)
    if exclude_id is not None:
        same_day = same_day.exclude(pk=exclude_id)
    return [
        person
        for person in same_day
        if _names_similar(wanted, fold_latin(f"{person.given_names} {person.family_name}"))
    ]


def _apply(person: Person, values: Mapping[str, Any]) -> set[str]:
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"Not a person field: {sorted(unknown)}")
    changed = set()
    for name, value in values.items():
        if value is None and name not in (
            "preferred_language",
            "district",
            "national_number",
            "first_registration_date",
        ):
            value = ""
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.add(name)
    return changed


def _number_holder(person: Person) -> int | None:
    if not person.national_number:
        return None
    return (
        Person.objects.filter(national_number=person.national_number)
        .exclude(pk=person.pk)
        .values_list("pk", flat=True)
        .first()
    )


def _check_national_number_free(person: Person) -> None:
    # Model validation checks uniqueness too; this gives the precise message.
    holder = _number_holder(person)
    if holder is not None:
        raise AlreadyRegistered(holder)


def _save_unique(person: Person) -> None:
    """Save in a savepoint: a parallel registration of the same number that passed the
    check at the same time fails on the unique constraint, which becomes the same
    AlreadyRegistered as the check (never an IntegrityError)."""
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        holder = _number_holder(person)
        if holder is None:
            raise
        raise AlreadyRegistered(holder) from None


def _duplicate_check_lock(birth_date: datetime.date) -> bool:
    """Serialise the similar-name check per birth date on PostgreSQL: a transaction-level
    advisory lock, held until commit, so that parallel registrations of one person see
    each other. (Similar names are fuzzy, so the key is the birth date they share.)
    SQLite needs none: its transactions start IMMEDIATE, one writer at a time. True when
    a lock was waited for."""
    if connection.vendor != "postgresql":
        return False
    digest = hashlib.blake2b(f"haven.people.person_create:{birth_date.isoformat()}".encode(), digest_size=8)
    key = int.from_bytes(digest.digest(), "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
    return True


def _relations_in_hand(person: Person) -> list[str]:
    """The person's references given as rows read from the database (a form's choice, a
    builder's): their existence needs no query of its own, and the foreign key would refuse
    one deleted since."""
    return [
        name
        for name in ("preferred_language", "district")
        if (related := getattr(person, name)) is not None and not related._state.adding
    ]


@transaction.atomic
def person_create(
    *,
    by: User | None,
    values: Mapping[str, Any],
    languages: Iterable[Language] = (),
    purpose: AccessPurpose | str = AccessPurpose.REGISTRATION,
    channel: AccessChannel | None = None,
    allow_similar: bool = False,
) -> Person:
    """Register a person. The same national number is refused; a similar name with
    the same birth date raises PossibleDuplicate unless ``allow_similar``."""
    person = Person()
    _apply(person, values)
    person.clean()  # normalises the number before the uniqueness check
    _check_national_number_free(person)
    # Uniqueness is the check above and the constraint at save (_save_unique): the model's
    # own unique check in between would answer a parallel registration with a bare error.
    person.full_clean(exclude=_relations_in_hand(person), validate_unique=False)
    if not allow_similar:
        if _duplicate_check_lock(person.birth_date):
            _check_national_number_free(person)  # again: a registration that held the lock may have taken it
        candidates = person_similar_candidates(
            given_names=person.given_names, family_name=person.family_name, birth_date=person.birth_date
        )
        if candidates:
            raise PossibleDuplicate(candidates)
    _save_unique(person)
    person.languages.add(*languages)  # a new person speaks none yet: nothing to compare
    access_record(
        user=by,
        person_id=person.pk,
        action=AccessAction.CREATE,
        purpose=purpose,
        channel=channel,
        fields=[*values, "languages"],
    )
    # The service lines decide what follows from a registration (e.g. the settlement status).
    person_changed(
        PersonChange(person=person, by=by, created=True, changed=frozenset([*values, "languages"]), channel=channel)
    )
    return person


def _refuse_restricted(*people: Person) -> None:
    if any(person.restricted_at is not None for person in people):
        raise ValidationError(_("Processing of this file is restricted: it cannot be changed."))


@transaction.atomic
def person_update(
    *,
    person: Person,
    by: User | None,
    values: Mapping[str, Any],
    languages: Iterable[Language] | None = None,
    purpose: AccessPurpose | str,
    channel: AccessChannel | None = None,
) -> set[str]:
    """Change a person's file; logs the names of the changed fields. Returns them. A file
    whose processing is restricted (GDPR art. 18) is frozen: no change."""
    _refuse_restricted(person)
    changed = _apply(person, values)
    person.clean()
    _check_national_number_free(person)
    person.full_clean(exclude=_relations_in_hand(person), validate_unique=False)  # uniqueness: above and at save
    if languages is not None:
        new_codes = {language.pk for language in languages}
        if new_codes != set(person.languages.values_list("code", flat=True)):
            person.languages.set(languages)
            changed.add("languages")
    if changed:
        _save_unique(person)
        access_record(
            user=by, person_id=person.pk, action=AccessAction.UPDATE, purpose=purpose, channel=channel, fields=changed
        )
        person_changed(PersonChange(person=person, by=by, created=False, changed=frozenset(changed), channel=channel))
    return changed


@transaction.atomic
def household_link_create(
    *,
    parent: Person,
    child: Person,
    by: User | None,
    purpose: AccessPurpose | str,
    channel: AccessChannel | None = None,
) -> HouseholdLink:
    _refuse_restricted(parent, child)
    link = HouseholdLink(parent=parent, child=child)
    link.full_clean()
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:  # the same link saved in parallel
        raise ValidationError(_("This household link is already recorded.")) from None
    for person_id, field in ((parent.pk, "children"), (child.pk, "parents")):
        access_record(
            user=by, person_id=person_id, action=AccessAction.UPDATE, purpose=purpose, channel=channel, fields=[field]
        )
    return link


@transaction.atomic
def household_link_delete(
    *, link: HouseholdLink, by: User | None, purpose: AccessPurpose | str, channel: AccessChannel | None = None
) -> None:
    for person_id, field in ((link.parent_id, "children"), (link.child_id, "parents")):
        access_record(
            user=by, person_id=person_id, action=AccessAction.UPDATE, purpose=purpose, channel=channel, fields=[field]
        )
    link.delete()
