"""The translation library (vertaalbibliotheek): the dispatcher adds standard documents and
their translations, one per language. Who reads and adds is ``access``'s
(``library_for_user``, ``library_editor_for_user``); searching is ``selectors.library_search``."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.models import Language
from haven.interpreting import access
from haven.interpreting.files import upload_validate
from haven.interpreting.models import LibraryDocument
from haven.interpreting.services.translations import today


@transaction.atomic
def library_add(
    *,
    title: str,
    topic: str,
    language: Language,
    file: Any,
    original: LibraryDocument | None = None,
    by: User,
    on: date | None = None,
) -> LibraryDocument:
    """The dispatcher adds a standard document, or a translation of one (``original``):
    one translation per language, never in the original's own language."""
    access.library_editor_for_user(by)
    errors: dict[str, list[str]] = {}
    if original is not None:
        if original.original_id is not None:
            errors["original"] = [_("Choose the original document, not one of its translations.")]
        elif original.language_id == language.pk:
            errors["language"] = [_("A translation is in another language than the original.")]
        elif original.translations.filter(language=language).exists():
            errors["language"] = [_("The library already has this document in that language.")]
    try:
        extension = upload_validate(file)
    except ValidationError as error:
        errors.update(error.message_dict)
    document = LibraryDocument(
        title=(title or "").strip(),
        topic=(topic or "").strip(),
        language=language,
        original=original,
        added_on=on or today(),
    )
    try:
        document.full_clean(exclude=["file", "original"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    document.file.save(f"{language.pk}.{extension}", file, save=False)
    stored = document.file.name or ""
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        document.file.storage.delete(stored)
        raise ValidationError({"language": [_("The library already has this document in that language.")]}) from None
    return document
