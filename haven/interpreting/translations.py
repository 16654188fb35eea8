"""Translations and the translation library (vertaalbibliotheek): the writes, the library
search and who may read the library. Pages, API and the demo call these.

Decisions:

- **Dutch is every translator's language.** The agency contracts translators to translate
  from and into Dutch (as its interpreters interpret between Dutch and another language),
  so a translator's language rows list their *other* languages. A translator qualifies
  for an order when they translate, are active, and have a language row for each of the
  order's languages that is not Dutch (``nld``). An official translation needs a sworn
  translator.
- **Only the delivered file is stored.** A partner orders by title, kind, languages and
  page count and sends the source document to the translator outside Haven (often on
  paper): the model keeps no source file, and none is needed for counting pages or
  billing.
- **Files are never public.** Uploads are stored in the default storage under names that
  Haven makes up (``translations/<year>/translation-<id>.<ext>``, ``library/<lang>.<ext>``):
  a partner's document title never ends up in a path. Pages and API serve them through
  views that check access first; MEDIA_URL is not routed.
- **Uploads**: at most 20 MB, extensions pdf, docx, odt, txt.
"""

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from haven.core.models import Language
from haven.interpreting import access
from haven.interpreting.models import (
    Interpreter,
    LibraryDocument,
    Organisation,
    TranslationKind,
    TranslationOrder,
    TranslationStatus,
)
from haven.interpreting.services import agreement_in_force
from haven.interpreting.workdays import BRUSSELS

DUTCH = "nld"
ORDER_FIELDS = ("title", "kind", "source_language", "target_language", "pages", "deadline")
UPLOAD_EXTENSIONS = ("pdf", "docx", "odt", "txt")
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain; charset=utf-8",
}
LIBRARY_VIEW = "interpreting.view_librarydocument"
LIBRARY_ADD = "interpreting.add_librarydocument"


def _today(now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(BRUSSELS).date()


def upload_extension(file) -> str:
    return PurePath(getattr(file, "name", "") or "").suffix.lower().lstrip(".")


def upload_validate(file, field: str = "file") -> str:
    """Refuse a missing, empty, too large or unexpected file; returns its extension."""
    if file is None:
        raise ValidationError({field: [_("Choose a file.")]})
    extension = upload_extension(file)
    if extension not in UPLOAD_EXTENSIONS:
        raise ValidationError({field: [_("Upload a PDF, Word (docx), OpenDocument (odt) or text file.")]})
    size = getattr(file, "size", None) or 0
    if size == 0:
        raise ValidationError({field: [_("The file is empty.")]})
    if size > UPLOAD_MAX_BYTES:
        raise ValidationError({field: [_("The file is larger than 20 MB.")]})
    return extension


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(PurePath(name).suffix.lower().lstrip("."), "application/octet-stream")


def file_response(field, *, title: str, language: str) -> FileResponse:
    """A stored file as a private attachment named after its title and language (pages and
    API serve files only through this, after their access check); 404 when it is missing."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = PurePath(field.name).suffix.lower().lstrip(".") or "bin"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(title)[:60] or 'document'}-{language}.{extension}",
        content_type=content_type(field.name),
    )
    response["Cache-Control"] = "private, no-store"
    return response


# Orders ----------------------------------------------------------------------------------


@transaction.atomic
def translation_order(
    *, organisation: Organisation, by, values: Mapping, now: datetime | None = None
) -> TranslationOrder:
    """A partner orders a translation: title, kind, languages (different), pages (≥ 1) and
    a deadline after today. Only an organisation with an agreement in force orders."""
    unknown = set(values) - set(ORDER_FIELDS)
    if unknown:
        raise ValueError(f"Not a translation field: {sorted(unknown)}")
    now = now or timezone.now()
    order = TranslationOrder(
        organisation=organisation, requested_by=by, created_at=now, status=TranslationStatus.REQUESTED, **values
    )
    order.full_clean(exclude=["organisation", "requested_by", "translator", "delivered_file"])
    if order.deadline <= _today(now):
        raise ValidationError({"deadline": _("The deadline must be after today.")})
    if not agreement_in_force(organisation, _today(now)):
        raise ValidationError(_("Your organisation has no cooperation agreement in force."))
    order.save()
    return order


def translator_refusal(order: TranslationOrder, translator: Interpreter, known: set[str] | None = None) -> str:
    """Why this translator cannot take the order ("" when they can). ``known`` is the set
    of their language codes when the caller already loaded it."""
    if not (translator.active and translator.translates):
        return _("This person does not take translations.")
    if order.kind == TranslationKind.OFFICIAL and not translator.sworn:
        return _("An official translation needs a sworn translator.")
    if known is None:
        known = set(translator.languages.values_list("language_id", flat=True))
    needed = {order.source_language_id, order.target_language_id} - {DUTCH}
    if needed - known:
        return _("This translator does not work in both languages of the order.")
    return ""


def translators_for(order: TranslationOrder) -> list[Interpreter]:
    """The translators who qualify for an order, in two queries."""
    candidates = list(
        Interpreter.objects.filter(active=True, translates=True)
        .prefetch_related("languages")
        .order_by("family_name", "given_names", "id")
    )
    return [
        translator
        for translator in candidates
        if not translator_refusal(order, translator, {row.language_id for row in translator.languages.all()})
    ]


@transaction.atomic
def translation_assign(*, order: TranslationOrder, translator: Interpreter, by) -> TranslationOrder:
    """The dispatcher gives the order to a translator (or to another one, before delivery)."""
    if not access.is_dispatcher(by):
        raise PermissionDenied
    order = TranslationOrder.objects.select_for_update().get(pk=order.pk)
    if order.status not in (TranslationStatus.REQUESTED, TranslationStatus.ASSIGNED):
        raise ValidationError(_("This translation is no longer open."))
    refusal = translator_refusal(order, translator)
    if refusal:
        raise ValidationError({"translator": [refusal]})
    order.translator = translator
    order.status = TranslationStatus.ASSIGNED
    order.save(update_fields=["translator", "status"])
    return order


@transaction.atomic
def translation_deliver(
    *, order: TranslationOrder, by, file, pages: int | None = None, on: date | None = None
) -> TranslationOrder:
    """The assigned translator (or the dispatcher for them) delivers the file; the page
    count may be corrected to what was really translated (that is what is billed)."""
    order = TranslationOrder.objects.select_for_update(of=("self",)).select_related("translator").get(pk=order.pk)
    is_translator = (
        order.translator is not None and order.translator.user_id is not None and order.translator.user_id == by.pk
    )
    if not (is_translator or access.is_dispatcher(by)):
        raise PermissionDenied
    if order.status != TranslationStatus.ASSIGNED:
        raise ValidationError(_("Only an assigned translation can be delivered."))
    errors = {}
    if pages is not None and pages < 1:
        errors["pages"] = [_("At least one page.")]
    on = on or _today()
    if on > _today():
        errors["delivered_on"] = [_("The delivery date cannot be in the future.")]
    elif on < order.created_at.astimezone(BRUSSELS).date():
        errors["delivered_on"] = [_("The delivery date cannot be before the order.")]
    try:
        extension = upload_validate(file)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if pages is not None:
        order.pages = pages
    order.delivered_on = on
    order.status = TranslationStatus.DELIVERED
    old = order.delivered_file.name if order.delivered_file else ""
    order.delivered_file.save(f"translation-{order.pk}.{extension}", file, save=False)
    order.save(update_fields=["pages", "delivered_on", "status", "delivered_file"])
    if old and old != order.delivered_file.name:
        transaction.on_commit(lambda: order.delivered_file.storage.delete(old))
    return order


@transaction.atomic
def translation_cancel(*, order: TranslationOrder, by) -> TranslationOrder:
    """The partner (or the dispatcher on their behalf) cancels before delivery; free."""
    order = TranslationOrder.objects.select_for_update().get(pk=order.pk)
    own = access.organisation_of(by)
    if not (
        access.is_dispatcher(by)
        or (own is not None and own.pk == order.organisation_id and by.has_perm("interpreting.change_translationorder"))
    ):
        raise PermissionDenied
    if order.status not in (TranslationStatus.REQUESTED, TranslationStatus.ASSIGNED):
        raise ValidationError(_("A delivered or cancelled translation can no longer be cancelled."))
    order.status = TranslationStatus.CANCELLED
    order.save(update_fields=["status"])
    return order


def translations_list(queryset: QuerySet) -> QuerySet:
    """Orders for a list: with what a row shows, in one query."""
    return queryset.select_related("organisation", "source_language", "target_language", "translator").order_by(
        "-created_at", "-id"
    )


# The library -----------------------------------------------------------------------------


def library_for_user(user) -> QuerySet:
    """The library: partners, interpreters and the dispatcher read it (permission
    ``view_librarydocument``); anyone else gets 403. Standard documents hold no one's data,
    so every reader sees all of it."""
    if not (user.is_authenticated and user.is_active and user.has_perm(LIBRARY_VIEW)):
        raise PermissionDenied
    return LibraryDocument.objects.all()


def library_document_for_user(user, document_id: int) -> LibraryDocument:
    found = library_for_user(user).select_related("language").filter(pk=document_id).first()
    if found is None:
        raise Http404
    return found


@transaction.atomic
def library_add(
    *,
    title: str,
    topic: str,
    language: Language,
    file,
    original: LibraryDocument | None = None,
    by,
    on: date | None = None,
) -> LibraryDocument:
    """The dispatcher adds a standard document, or a translation of one (``original``):
    one translation per language, never in the original's own language."""
    if not (by.is_authenticated and by.is_active and by.has_perm(LIBRARY_ADD)):
        raise PermissionDenied
    errors = {}
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
        added_on=on or _today(),
    )
    try:
        document.full_clean(exclude=["file", "original"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    document.file.save(f"{language.pk}.{extension}", file, save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        document.file.storage.delete(document.file.name)
        raise ValidationError({"language": [_("The library already has this document in that language.")]})
    return document


def library_search(*, text: str = "", topic: str = "", language: str = "") -> QuerySet:
    """Originals matching the text (in the title or topic of the original or of a
    translation), the topic, and the language (the original's or a translation's), with
    their translations prefetched: two queries for any page."""
    originals = LibraryDocument.objects.filter(original__isnull=True)
    text = (text or "").strip()
    if text:
        originals = originals.filter(
            Q(title__icontains=text) | Q(topic__icontains=text) | Q(translations__title__icontains=text)
        )
    if topic:
        originals = originals.filter(topic__iexact=topic.strip())
    if language:
        originals = originals.filter(Q(language_id=language) | Q(translations__language_id=language))
    ids = originals.values("pk")
    return (
        LibraryDocument.objects.filter(pk__in=ids)
        .select_related("language")
        .prefetch_related(
            Prefetch(
                "translations", queryset=LibraryDocument.objects.select_related("language").order_by("language_id")
            )
        )
        .order_by("topic", "title", "id")
    )


def library_topics() -> list[str]:
    return list(LibraryDocument.objects.order_by("topic").values_list("topic", flat=True).distinct())
