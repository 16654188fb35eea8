"""The newcomer registry: every person the agency serves."""

import datetime
import re
import unicodedata

from anyascii import anyascii
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from haven.core import reference
from haven.core.models import District, Language
from haven.people.identifiers import (
    national_number_clean,
    national_number_format,
    national_number_kind,
    national_number_mismatches,
)

NOTES_MAX_LENGTH = 10_000
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


def fold(text: str) -> str:
    """Lower case without accents, so that "Ömer Çelik" is found by "omer celik"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


# Marks a transliteration writes for sounds Latin has no letter for (Arabic ʿayn as "`",
# apostrophes): dropped, so that "abd" finds عبد and "dhondt" finds d'Hondt.
_TRANSLITERATION_MARKS = re.compile(r"[`'’ʼʻ]")


def fold_latin(text: str) -> str:
    """The folded Latin transliteration of a name in any script (anyascii: Cyrillic, Greek,
    Arabic, Armenian, Georgian, Ethiopic, …): "Каракашев" → "karakashev", "Łukasz" → "lukasz".
    Scripts without vowels in writing (Arabic) give a consonant skeleton ("mhmd"), which only
    the person's Latin register name can complete."""
    return fold(_TRANSLITERATION_MARKS.sub("", anyascii(text or "")))


def search_name_of(*names: str) -> str:
    """The one folded column a name search reads: each name's words folded and
    transliterated to Latin, every word once ("Иван Каракашев" → "иван каракашев ivan
    karakashev"). The search folds and transliterates its fragments the same way
    (selectors.person_list), so Latin input finds a name stored in another script and
    the other way round, and one trigram index still serves it."""
    words: list[str] = []
    for name in names:
        for form in (fold(name), fold_latin(name)):
            for word in form.split():
                if word not in words:
                    words.append(word)
    return " ".join(words)


def validate_country(code: str) -> None:
    if code and reference.country_by_code(code) is None:
        raise ValidationError(_("“%(code)s” is not an ISO 3166 country code."), params={"code": code})


def validate_has_letter(value: str) -> None:
    """A name needs at least one letter (Unicode category L*): not only digits,
    punctuation or invisible (zero-width) characters."""
    if not any(unicodedata.category(char).startswith("L") for char in value or ""):
        raise ValidationError(_("A name must contain at least one letter."), code="no_letter")


def validate_no_control_characters(value: str) -> None:
    """No control characters (tab and line breaks aside) nor lone surrogates: the web
    layer refuses them already (haven.core.limits); this keeps other writers honest."""
    from haven.core.limits import has_forbidden_characters

    if value and has_forbidden_characters(value):
        raise ValidationError(
            _("This field contains a control character (such as NUL), which is not allowed."),
            code="control_character",
        )


def validate_birth_date(value: datetime.date) -> None:
    from django.utils import timezone

    if value and not EARLIEST_BIRTH_DATE <= value <= timezone.localdate():
        raise ValidationError(_("A date of birth lies between 1 January 1900 and today."), code="birth_date_range")


def file_reference(person_id: int) -> str:
    """The file number staff quote to each other ("H000123"): not personal data."""
    return f"H{person_id:06d}"


class Sex(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")
    OTHER = "X", _("other or unknown")


class Person(models.Model):
    """A newcomer or other client of the agency, with the identity facts every
    service line shares. Service-line records (registrations, contracts, intakes)
    refer to this."""

    # Not a column: people.access.person_for_user sets it, False when the user's roles see
    # only what a course needs (no number, address or notes).
    full_fields: bool = True

    given_names = models.CharField(
        _("given names"), max_length=150, validators=[validate_has_letter, validate_no_control_characters]
    )
    family_name = models.CharField(
        _("family name"), max_length=150, validators=[validate_has_letter, validate_no_control_characters]
    )
    # The name in the person's own script, when the register holds a Latin spelling above
    # (a passport's transliteration): shown on the file, searched like the Latin one.
    native_given_names = models.CharField(
        _("given names in the original script"),
        max_length=150,
        blank=True,
        default="",
        db_default="",  # raw inserts (bench/people_search.py) may leave it out
        validators=[validate_no_control_characters],
        help_text=_("As written in the person's own script (Cyrillic, Arabic, Ge'ez, …), when it is not Latin."),
    )
    native_family_name = models.CharField(
        _("family name in the original script"),
        max_length=150,
        blank=True,
        default="",
        db_default="",
        validators=[validate_no_control_characters],
    )
    # search_name_of(): folded and transliterated names, searched with LIKE '%fragment%': on
    # PostgreSQL a GIN trigram index (migration 0004, SQL only there) serves it; a B-tree
    # would serve only prefixes, so there is none. Text: a transliteration can be longer
    # than the name it spells ("Щ" → "shch").
    search_name = models.TextField(editable=False)
    birth_date = models.DateField(_("date of birth"), db_index=True, validators=[validate_birth_date])
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    nationality = models.CharField(
        _("nationality"),
        max_length=2,
        blank=True,
        validators=[validate_country],
        help_text=_("Leave empty when unknown or stateless."),
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="speakers", verbose_name=_("languages spoken")
    )
    preferred_language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preferred language"),
        help_text=_("The language the person wants to be addressed in."),
    )
    national_number = models.CharField(
        _("national register or BIS number"), max_length=11, unique=True, null=True, blank=True
    )
    first_registration_date = models.DateField(
        _("first registration in the municipality"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The date the person was first entered in the municipality's register."),
    )
    street = models.CharField(_("street"), max_length=150, blank=True, validators=[validate_no_control_characters])
    house_number = models.CharField(_("number"), max_length=20, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    notes = models.TextField(
        _("notes"),
        blank=True,
        max_length=NOTES_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTES_MAX_LENGTH), validate_no_control_characters],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    # The life cycle (haven.privacy): when the file was anonymised (names, numbers, contact
    # data and free text erased; what the report counts kept), and since when processing is
    # restricted (a frozen file only the privacy officer sees).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    restricted_at = models.DateTimeField(_("processing restricted since"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_names", "id"]
        indexes = [
            models.Index(fields=["nationality", "first_registration_date"]),
            # The list's order: its first page is read from this index, never sorted.
            # The list's order; it holds the folded name too, so a search walked in this order
            # (selectors.person_page) reads the index alone until the page is full (PostgreSQL;
            # SQLite has no INCLUDE and keeps the order alone).
            models.Index(
                fields=["family_name", "given_names", "id"], name="person_list_order", include=["search_name"]
            ),
            # The few restricted files, which every list of another role leaves out.
            models.Index(
                fields=["restricted_at"], name="person_restricted", condition=models.Q(restricted_at__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_name.upper()} {self.given_names}"

    def clean(self):
        self.given_names = " ".join(self.given_names.split())
        self.family_name = " ".join(self.family_name.split())
        self.native_given_names = " ".join((self.native_given_names or "").split())
        self.native_family_name = " ".join((self.native_family_name or "").split())
        self.search_name = search_name_of(
            f"{self.given_names} {self.family_name}", f"{self.native_given_names} {self.native_family_name}"
        )
        if self.national_number:
            try:
                self.national_number = national_number_clean(self.national_number)
            except ValidationError as error:
                raise ValidationError({"national_number": error}) from None
            mismatches = national_number_mismatches(
                self.national_number,
                birth_date=self.birth_date if isinstance(self.birth_date, datetime.date) else None,
                sex=self.sex,
            )
            if mismatches:
                raise ValidationError(mismatches)
        else:
            self.national_number = None
        if self.first_registration_date and self.birth_date and self.first_registration_date < self.birth_date:
            raise ValidationError(
                {"first_registration_date": _("The registration cannot be before the date of birth.")}
            )

    @property
    def reference(self) -> str:
        return file_reference(self.pk) if self.pk else ""

    @property
    def national_number_display(self) -> str:
        return national_number_format(self.national_number or "")

    @property
    def national_number_masked(self) -> str:
        """For lists: only the last two digits, so the desk can tell two people apart
        without a list ever showing a whole number ("••.••.••-•••.89")."""
        return f"••.••.••-•••.{self.national_number[-2:]}" if self.national_number else ""

    @property
    def national_number_kind(self) -> str:
        return national_number_kind(self.national_number or "")

    @property
    def nationality_name(self) -> str:
        return reference.country_name(self.nationality) if self.nationality else ""

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}"

    @property
    def native_name(self) -> str:
        """The name in the original script, when it was given ("" otherwise)."""
        return " ".join(part for part in (self.native_family_name.upper(), self.native_given_names) if part)


class HouseholdLink(models.Model):
    """A parent–child link between two people in the registry."""

    parent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="child_links", verbose_name=_("parent"))
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="parent_links", verbose_name=_("child"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household link")
        verbose_name_plural = _("household links")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "child"],
                name="household_link_unique",
                violation_error_message=_("This household link is already recorded."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("child")),
                name="household_link_not_self",
                violation_error_message=_("A person cannot be their own parent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent_id} → {self.child_id}"

    def clean(self):
        if self.parent_id and self.parent_id == self.child_id:
            return  # the check constraint reports it, with its own message
        if (
            self.parent_id
            and self.child_id
            and HouseholdLink.objects.filter(parent_id=self.child_id, child_id=self.parent_id).exists()
        ):
            raise ValidationError(_("This person is already recorded as the other's child."))
        if self.parent_id and self.child_id and self.parent.birth_date >= self.child.birth_date:
            raise ValidationError(_("A parent must be born before their child."))
