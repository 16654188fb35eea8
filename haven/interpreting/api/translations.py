"""Translation orders and the translation library under /api/interpreting/."""

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Schema, Status
from ninja.files import UploadedFile

from haven.core.api import PageMeta, download, page_of, problem_from, problems
from haven.interpreting import access, selectors
from haven.interpreting.api.common import language_of, named, named_if_given, ordering_organisation, router
from haven.interpreting.files import file_response
from haven.interpreting.models import (
    Interpreter,
    LibraryDocument,
    TranslationKind,
    TranslationOrder,
    TranslationStatus,
)
from haven.interpreting.services import library as library_service
from haven.interpreting.services import translations as translations_service

API_PREFIX = "/api/interpreting"
TRANSLATION_RELATED = ("organisation", "translator")


# Schemas ---------------------------------------------------------------------------------


class TranslationIn(Schema):
    title: str = Field(max_length=200)
    kind: TranslationKind
    source_language: str = Field(description="ISO 639-3 code.")
    target_language: str
    pages: int = Field(ge=1, le=999)
    deadline: date
    organisation_id: int | None = Field(None, description="The dispatcher orders for an organisation.")


class TranslatorIn(Schema):
    translator_id: int


class TranslationOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    title: str
    kind: str
    source_language: str
    target_language: str
    pages: int
    deadline: date
    translator_id: int | None
    translator_name: str
    status: str
    created_at: datetime
    delivered_on: date | None
    file_url: str | None = Field(description="Where the delivered translation is downloaded (with access).")


class TranslationPage(PageMeta):
    items: list[TranslationOut]


class LibraryTranslationOut(Schema):
    id: int
    title: str
    language: str
    file_url: str


class LibraryOut(Schema):
    id: int
    title: str
    topic: str
    language: str
    added_on: date
    file_url: str
    translations: list[LibraryTranslationOut]


class LibraryPage(PageMeta):
    items: list[LibraryOut]


# Conversions -----------------------------------------------------------------------------


def _translation_out(order: TranslationOrder) -> TranslationOut:
    delivered = order.status == TranslationStatus.DELIVERED and bool(order.delivered_file)
    return TranslationOut(
        id=order.pk,
        organisation_id=order.organisation_id,
        organisation_name=order.organisation.name,
        title=order.title,
        kind=order.kind,
        source_language=order.source_language_id,
        target_language=order.target_language_id,
        pages=order.pages,
        deadline=order.deadline,
        translator_id=order.translator_id,
        translator_name=str(order.translator) if order.translator_id else "",
        status=order.status,
        created_at=order.created_at,
        delivered_on=order.delivered_on,
        file_url=f"{API_PREFIX}/translations/{order.pk}/file" if delivered else None,
    )


def _library_out(document: LibraryDocument) -> LibraryOut:
    return LibraryOut(
        id=document.pk,
        title=document.title,
        topic=document.topic,
        language=document.language_id,
        added_on=document.added_on,
        file_url=f"{API_PREFIX}/library/{document.pk}/file",
        translations=[
            LibraryTranslationOut(
                id=item.pk, title=item.title, language=item.language_id, file_url=f"{API_PREFIX}/library/{item.pk}/file"
            )
            for item in document.translations.all()
        ],
    )


# Translations ----------------------------------------------------------------------------


@router.get(
    "/translations",
    response={200: TranslationPage, **problems(422)},
    summary="Translation orders: the organisation's, a translator's own, or all for the dispatcher",
)
def translation_list(request, status: str = "", page: int = 1):
    queryset = access.translations_for_user(request.auth).select_related(*TRANSLATION_RELATED)
    if status:
        queryset = queryset.filter(status=status)
    meta, current = page_of(queryset.order_by("-created_at", "-id"), page)
    return TranslationPage(**meta, items=[_translation_out(item) for item in current])


@router.post("/translations", response={201: TranslationOut, **problems(body=True)}, summary="Order a translation")
def translation_create(request, payload: TranslationIn):
    user = request.auth
    organisation = ordering_organisation(user, payload.organisation_id, "interpreting.add_translationorder")
    try:
        values = payload.dict(exclude={"organisation_id"})
        values["source_language"] = language_of(payload.source_language, "source_language")
        values["target_language"] = language_of(payload.target_language, "target_language")
        order = translations_service.translation_order(organisation=organisation, by=user, values=values)
    except ValidationError as error:
        return Status(422, problem_from(error))
    return Status(201, _translation_out(access.translation_for_user(user, order.pk)))


@router.get(
    "/translations/{order_id}", response={200: TranslationOut, **problems(404, 422)}, summary="Read a translation order"
)
def translation_read(request, order_id: int):
    return _translation_out(access.translation_for_user(request.auth, order_id))


@router.post(
    "/translations/{order_id}/assign",
    response={200: TranslationOut, **problems(404, body=True)},
    summary="The dispatcher gives the order to a translator who works in both languages",
)
def translation_assign(request, order_id: int, payload: TranslatorIn):
    order = access.translation_for_user(request.auth, order_id)
    access.dispatcher_for_user(request.auth)
    try:
        translator = named(Interpreter.objects.all(), payload.translator_id, "translator_id", _("Unknown translator."))
        translations_service.translation_assign(order=order, translator=translator, by=request.auth)
    except ValidationError as error:
        return Status(422, problem_from(error))
    return _translation_out(access.translation_for_user(request.auth, order.pk))


@router.post(
    "/translations/{order_id}/deliver",
    response={200: TranslationOut, **problems(404, body=True)},
    summary="The translator (or the dispatcher) uploads the translation (multipart: file, pages, delivered_on)",
)
def translation_deliver(
    request,
    order_id: int,
    file: File[UploadedFile],
    pages: Annotated[int | None, Form(ge=1, le=999)] = None,
    delivered_on: Form[date | None] = None,
):
    order = access.translation_for_user(request.auth, order_id)
    try:
        translations_service.translation_deliver(order=order, by=request.auth, file=file, pages=pages, on=delivered_on)
    except ValidationError as error:
        return Status(422, problem_from(error))
    return _translation_out(access.translation_for_user(request.auth, order.pk))


@router.post(
    "/translations/{order_id}/cancel",
    response={200: TranslationOut, **problems(404, 422)},
    summary="The partner cancels an order before delivery",
)
def translation_cancel(request, order_id: int):
    order = access.translation_for_user(request.auth, order_id)
    try:
        translations_service.translation_cancel(order=order, by=request.auth)
    except ValidationError as error:
        return Status(422, problem_from(error))
    return _translation_out(access.translation_for_user(request.auth, order.pk))


@router.get(
    "/translations/{order_id}/file",
    response=problems(404, 422),
    openapi_extra=download(),
    summary="Download the delivered translation",
)
def translation_file(request, order_id: int):
    order = access.translation_for_user(request.auth, order_id)
    if order.status != TranslationStatus.DELIVERED:
        raise Http404
    return file_response(order.delivered_file, title=order.title, language=order.target_language_id)


# The library -----------------------------------------------------------------------------


@router.get(
    "/library",
    response={200: LibraryPage, **problems(422)},
    summary="Search the translation library: originals with their translations per language",
)
def library_list(request, q: str = "", topic: str = "", language: str = "", page: int = 1):
    access.library_for_user(request.auth)
    meta, current = page_of(selectors.library_search(text=q, topic=topic, language=language), page)
    return LibraryPage(**meta, items=[_library_out(item) for item in current])


@router.post(
    "/library",
    response={201: LibraryOut, **problems(body=True)},
    summary="The dispatcher adds a document or a translation of one (multipart)",
)
def library_create(
    request,
    file: File[UploadedFile],
    title: Form[str],
    topic: Form[str],
    language: Form[str],
    original_id: Form[int | None] = None,
):
    access.library_editor_for_user(request.auth)
    try:
        document = library_service.library_add(
            title=title,
            topic=topic,
            language=language_of(language, "language"),
            file=file,
            by=request.auth,
            original=named_if_given(LibraryDocument.objects.all(), original_id, "original_id", _("Unknown document.")),
        )
    except ValidationError as error:
        return Status(422, problem_from(error))
    return Status(201, _library_out(selectors.library_search().get(pk=document.original_id or document.pk)))


@router.get(
    "/library/{document_id}/file",
    response=problems(404, 422),
    openapi_extra=download(),
    summary="Download a library document",
)
def library_file(request, document_id: int):
    document = access.library_document_for_user(request.auth, document_id)
    return file_response(document.file, title=document.title, language=document.language_id)
