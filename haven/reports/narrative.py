"""The annual report's prose: each section's text per year, in Dutch and English, kept as
versions (``models.SectionNarrative``). A save never changes a row: it adds the next
version with its author and time, so the report's wording can be traced back like its
figures. The last version of each section is printed above its table (page and PDF).

Two managers saving the same section at once both keep their text: the save locks the
section's first version (PostgreSQL; SQLite admits one writer at a time) and, when no row
exists yet to lock, the unique constraint on (year, section, version) refuses the second
insert, which is tried again with the next number.

The texts are plain text: the pages escape them and keep their line breaks."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.limits import FREE_TEXT_MAX_LENGTH, has_forbidden_characters
from haven.reports.models import SectionNarrative
from haven.reports.registry import report_sections

# The report page's years (haven.reports.views.FIRST_YEAR up to this year): a text for a
# year nobody can open would never be read.
FIRST_YEAR = 2000
TEXT_MAX_LENGTH = FREE_TEXT_MAX_LENGTH
# Concurrent first saves of a section collide on the unique constraint; each retry sees the
# version the other committed. Three tries is ample for a handful of managers.
SAVE_ATTEMPTS = 3


def narrative_sections() -> dict[str, str]:
    """The registered sections' keys with their titles in the active language."""
    return {section.key: str(section.title) for section in report_sections()}


def narrative_year_valid(year: int) -> bool:
    return FIRST_YEAR <= year <= timezone.localdate().year


def narrative_text_clean(text: str) -> str:
    """A text as kept: line breaks as ``\\n`` (browsers send ``\\r\\n``), no trailing
    whitespace on a line or after the last one, no blank lines before the first."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _validate(*, year: int, section: str, texts: dict[str, str]) -> None:
    """Refuse an unknown section, a year outside the report's, a text too long or holding
    control characters; errors on the fields they concern, in the user's language."""
    if section not in narrative_sections():
        raise ValidationError({"section": _("This section is not part of the annual report.")})
    if not narrative_year_valid(year):
        raise ValidationError({"year": _("The annual report has no such year.")})
    errors: dict[str, list[str]] = {}
    for field, text in texts.items():
        if len(text) > TEXT_MAX_LENGTH:
            errors[field] = [
                _("Keep the text within %(limit)s characters.")
                % {"limit": number_format(TEXT_MAX_LENGTH, force_grouping=True)}
            ]
        elif has_forbidden_characters(text):
            errors[field] = [_("The text holds characters that cannot be printed.")]
    if errors:
        raise ValidationError(errors)


def _locked_last(*, year: int, section: str) -> SectionNarrative | None:
    """Lock the section's first version, on which every later save of the section waits,
    then read its last version in a statement of its own, which sees what the writer before
    (holding the lock until its commit) added. The first save has nothing to lock: two at
    once collide on the unique constraint instead."""
    first = SectionNarrative.objects.select_for_update().filter(year=year, section=section, version=1)
    list(first.values_list("pk", flat=True))
    return SectionNarrative.objects.filter(year=year, section=section).order_by("-version").first()


def _save_next(*, year: int, section: str, text_nl: str, text_en: str, by: User) -> SectionNarrative:
    """Inside a transaction: add the section's next version unless both texts are as they are."""
    last = _locked_last(year=year, section=section)
    if last is not None and (last.text_nl, last.text_en) == (text_nl, text_en):
        return last
    if last is None and not (text_nl or text_en):
        raise ValidationError(_("Write a text in at least one language."))
    return SectionNarrative.objects.create(
        year=year,
        section=section,
        version=(last.version + 1) if last else 1,
        text_nl=text_nl,
        text_en=text_en,
        written_by=by,
        written_at=timezone.now(),
    )


def narrative_save(*, year: int, section: str, text_nl: str, text_en: str, by: User) -> SectionNarrative:
    """Keep the section's text for the year as its next version, written by ``by`` now.
    Unchanged texts add no version (the last one comes back). ValidationError for an
    unknown section, a year out of range, a text too long or with control characters."""
    texts = {"text_nl": narrative_text_clean(text_nl), "text_en": narrative_text_clean(text_en)}
    _validate(year=year, section=section, texts=texts)
    for attempt in range(SAVE_ATTEMPTS):
        try:
            with transaction.atomic():
                return _save_next(year=year, section=section, by=by, **texts)
        except IntegrityError:
            if attempt == SAVE_ATTEMPTS - 1:
                break
    raise ValidationError(_("Somebody else saved this text at the same moment. Please save again."))


def narrative_for(year: int, language: str) -> dict[str, str]:
    """The last version's text of each section for the year in ``language`` ("nl" or "en";
    a regional code such as "nl-be" counts as its language), the other language's text where
    it is empty. Sections without any text are left out. One query."""
    latest = (
        SectionNarrative.objects.filter(year=OuterRef("year"), section=OuterRef("section"))
        .order_by("-version")
        .values("version")[:1]
    )
    rows = (
        SectionNarrative.objects.filter(year=year, version=Subquery(latest))
        .order_by()
        .values_list("section", "text_nl", "text_en")
    )
    english = language.lower().startswith("en")
    texts = {}
    for section, text_nl, text_en in rows:
        first, other = (text_en, text_nl) if english else (text_nl, text_en)
        if first or other:
            texts[section] = first or other
    return texts


def narrative_history(year: int, section: str) -> QuerySet[SectionNarrative]:
    """The section's versions for the year, newest first, each with its author (one query)."""
    return SectionNarrative.objects.filter(year=year, section=section).select_related("written_by").order_by("-version")


def narrative_version(year: int, section: str, version: int) -> SectionNarrative | None:
    """One version of the section's text with its author (one query), None if there is none."""
    return narrative_history(year, section).filter(version=version).first()
