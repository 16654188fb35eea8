"""Interpreting and translation endpoints under /api/interpreting/: requests (partner-scoped),
assignments and bookings, performance sheets, translations and the library, invoices.

Every endpoint reads through ``interpreting.access`` (the library through
``translations.library_for_user``) and writes through the services, as the pages do:

- the dispatcher sees every organisation's records; a partner user only their own
  organisation's — another organisation's id is 404, never 403, so ids reveal nothing;
  an interpreter their own assignments, sheets and translations;
- roles without the line (managers, counsellors, outsiders) get 403;
- a refused write (a service's ValidationError) is 422 with the messages; a body that does
  not fit the schema is 422 from django-ninja; a double booking is 409 with the message.

The requests hold no personal data of newcomers (a partner describes the job, not the
client), so reads are not written to the person access log.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from haven.core.api_schema import Problem, download, problems
from haven.core.limits import FREE_TEXT_MAX_LENGTH
from haven.core.models import Language
from haven.interpreting import access, services, translations
from haven.interpreting.models import (
    Assignment, Interpreter, InterpretingRequest, Invoice, LibraryDocument, Organisation, RequestKind, Sector, Sex,
    Site, Timesheet, TranslationKind, TranslationOrder, TranslationStatus,
)
from haven.interpreting.workdays import BRUSSELS

router = Router(tags=["interpreting and translation"])

PAGE_SIZE = 25


# Schemas ---------------------------------------------------------------------------------


class RequestIn(Schema):
    kind: RequestKind
    language: str = Field(description="ISO 639-3 code.")
    dialect: str = ""
    starts_at: datetime = Field(description="Without a time zone: Brussels time.")
    duration_minutes: int = Field(ge=15, le=600)
    site_id: int | None = Field(None, description="One of the organisation's addresses (on site).")
    video_link: str = Field("", description="The link of the call (by webcam).")
    subject_sector: Sector
    required_sex: Sex | None = None
    preferred_sex: Sex | None = None
    certified_required: bool = False
    preferred_interpreter_id: int | None = None
    urgent: bool = False
    notes: str = Field("", max_length=FREE_TEXT_MAX_LENGTH)
    organisation_id: int | None = Field(None, description="The dispatcher books for an organisation; "
                                                          "a partner books for their own.")


class RequestOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    kind: str
    language: str
    dialect: str
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    site_id: int | None
    video_link: str
    subject_sector: str
    required_sex: str
    preferred_sex: str
    certified_required: bool
    preferred_interpreter_id: int | None
    urgent: bool
    notes: str
    status: str
    video_suggested: bool
    created_at: datetime
    cancelled_at: datetime | None
    cancellation_billable: bool


class RequestPage(Schema):
    count: int
    page: int
    pages: int
    items: list[RequestOut]


class BookingIn(Schema):
    interpreter_id: int


class AssignmentOut(Schema):
    id: int
    request_id: int
    organisation_id: int
    interpreter_id: int
    interpreter_name: str
    starts_at: datetime
    ends_at: datetime
    status: str
    confirmed_at: datetime | None
    why: dict[str, Any] | None = Field(None, description="Why this interpreter (the dispatcher only).")


class AssignmentPage(Schema):
    count: int
    page: int
    pages: int
    items: list[AssignmentOut]


class TimesheetIn(Schema):
    actual_start: datetime = Field(description="Without a time zone: Brussels time.")
    actual_end: datetime
    waiting_minutes: int = Field(0, ge=0, le=720)
    travel_km: Decimal = Field(Decimal("0"), ge=0, max_digits=5, decimal_places=1)
    remark: str = Field("", max_length=FREE_TEXT_MAX_LENGTH)


class RemarkIn(Schema):
    remark: str = Field("", max_length=FREE_TEXT_MAX_LENGTH)


class TimesheetOut(Schema):
    id: int
    assignment_id: int
    request_id: int
    organisation_id: int
    interpreter_id: int
    actual_start: datetime
    actual_end: datetime
    minutes: int
    waiting_minutes: int
    travel_km: Decimal
    status: str
    submitted_at: datetime
    confirmed_at: datetime | None
    approved_at: datetime | None
    remark: str
    returned_remark: str = ""


class TimesheetPage(Schema):
    count: int
    page: int
    pages: int
    items: list[TimesheetOut]


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


class TranslationPage(Schema):
    count: int
    page: int
    pages: int
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


class LibraryPage(Schema):
    count: int
    page: int
    pages: int
    items: list[LibraryOut]


class InvoiceLineOut(Schema):
    kind: str
    description: str
    quantity: Decimal
    unit: str
    amount: Decimal
    timesheet_id: int | None
    request_id: int | None
    translation_id: int | None


class InvoiceOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    month: date
    number: str
    payment_reference: str
    issued_on: date
    total: Decimal
    lines: list[InvoiceLineOut] | None = Field(None, description="On the detail only.")


class InvoicePage(Schema):
    count: int
    page: int
    pages: int
    items: list[InvoiceOut]


# Conversions -----------------------------------------------------------------------------

API_PREFIX = "/api/interpreting"


def _problem(error: ValidationError) -> Problem:
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return Problem(detail=" ".join(error.messages), errors=errors)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=BRUSSELS) if timezone.is_naive(moment) else moment


def _page(queryset, page: int):
    paginator = Paginator(queryset, PAGE_SIZE)
    current = paginator.get_page(page)
    return {"count": paginator.count, "page": current.number, "pages": paginator.num_pages}, current


def _one(queryset, pk: int | None, field: str, message: str):
    """A record named in the body, or a validation error on that field (the URL was right,
    the body was not)."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [message]})
    return found


def _language(code: str, field: str) -> Language:
    found = Language.objects.filter(pk=code).first() if code else None
    if found is None:
        raise ValidationError({field: [_("Unknown language.")]})
    return found


def _request_out(request: InterpretingRequest) -> RequestOut:
    return RequestOut(
        id=request.pk, organisation_id=request.organisation_id, organisation_name=request.organisation.name,
        kind=request.kind, language=request.language_id, dialect=request.dialect, starts_at=request.starts_at,
        ends_at=request.ends_at, duration_minutes=request.duration_minutes, site_id=request.site_id,
        video_link=request.video_link, subject_sector=request.subject_sector, required_sex=request.required_sex,
        preferred_sex=request.preferred_sex, certified_required=request.certified_required,
        preferred_interpreter_id=request.preferred_interpreter_id, urgent=request.urgent, notes=request.notes,
        status=request.status, video_suggested=request.video_suggested, created_at=request.created_at,
        cancelled_at=request.cancelled_at, cancellation_billable=request.cancellation_billable)


def _assignment_out(assignment: Assignment, user) -> AssignmentOut:
    return AssignmentOut(
        id=assignment.pk, request_id=assignment.request_id, organisation_id=assignment.request.organisation_id,
        interpreter_id=assignment.interpreter_id, interpreter_name=str(assignment.interpreter),
        starts_at=assignment.starts_at, ends_at=assignment.ends_at, status=assignment.status,
        confirmed_at=assignment.confirmed_at, why=assignment.why if access.is_dispatcher(user) else None)


def _timesheet_out(sheet: Timesheet) -> TimesheetOut:
    return TimesheetOut(
        id=sheet.pk, assignment_id=sheet.assignment_id, request_id=sheet.assignment.request_id,
        organisation_id=sheet.assignment.request.organisation_id, interpreter_id=sheet.assignment.interpreter_id,
        actual_start=sheet.actual_start, actual_end=sheet.actual_end, minutes=sheet.minutes,
        waiting_minutes=sheet.waiting_minutes, travel_km=sheet.travel_km, status=sheet.status,
        submitted_at=sheet.submitted_at, confirmed_at=sheet.confirmed_at, approved_at=sheet.approved_at,
        remark=sheet.remark, returned_remark=sheet.returned_remark)


def _translation_out(order: TranslationOrder) -> TranslationOut:
    delivered = order.status == TranslationStatus.DELIVERED and bool(order.delivered_file)
    return TranslationOut(
        id=order.pk, organisation_id=order.organisation_id, organisation_name=order.organisation.name,
        title=order.title, kind=order.kind, source_language=order.source_language_id,
        target_language=order.target_language_id, pages=order.pages, deadline=order.deadline,
        translator_id=order.translator_id, translator_name=str(order.translator) if order.translator_id else "",
        status=order.status, created_at=order.created_at, delivered_on=order.delivered_on,
        file_url=f"{API_PREFIX}/translations/{order.pk}/file" if delivered else None)


def _library_out(document: LibraryDocument) -> LibraryOut:
    return LibraryOut(
        id=document.pk, title=document.title, topic=document.topic, language=document.language_id,
        added_on=document.added_on, file_url=f"{API_PREFIX}/library/{document.pk}/file",
        translations=[LibraryTranslationOut(id=item.pk, title=item.title, language=item.language_id,
                                            file_url=f"{API_PREFIX}/library/{item.pk}/file")
                      for item in document.translations.all()])


def _invoice_out(invoice: Invoice, lines: bool = False) -> InvoiceOut:
    return InvoiceOut(
        id=invoice.pk, organisation_id=invoice.organisation_id, organisation_name=invoice.organisation.name,
        month=invoice.month, number=invoice.number, payment_reference=invoice.payment_reference,
        issued_on=invoice.issued_on, total=invoice.total,
        lines=[InvoiceLineOut(kind=line.kind, description=line.description, quantity=line.quantity, unit=line.unit,
                              amount=line.amount, timesheet_id=line.timesheet_id, request_id=line.request_id,
                              translation_id=line.translation_id)
               for line in invoice.lines.all()] if lines else None)


def _ordering_organisation(user, organisation_id: int | None, permission: str) -> Organisation:
    """Whom a new request or order is for: a partner's own organisation (naming another is
    404), or the organisation the dispatcher names."""
    if access.is_dispatcher(user):
        if organisation_id is None:
            raise ValidationError({"organisation_id": [_("Choose the organisation.")]})
        return _one(Organisation.objects, organisation_id, "organisation_id", _("Unknown organisation."))
    organisation = access.partner_for_user(user, permission)
    if organisation_id is not None and organisation_id != organisation.pk:
        raise Http404
    return organisation




def _conflict_or_problem(error: ValidationError):
    if services.conflict_message() in error.messages:
        return Status(409, _problem(error))
    return Status(422, _problem(error))


REQUEST_RELATED = ("organisation",)
ASSIGNMENT_RELATED = ("request", "interpreter")
TIMESHEET_RELATED = ("assignment__request",)
TRANSLATION_RELATED = ("organisation", "translator")


# Requests --------------------------------------------------------------------------------


@router.get("/requests", response={200: RequestPage, **problems(422)},
            summary="Interpreting requests: the organisation's for a partner, "
                                                        "all for the dispatcher (paginated)")
def request_list(request, status: str = "", starts_from: date | None = None, page: int = 1):
    queryset = access.requests_for_user(request.auth).select_related(*REQUEST_RELATED)
    if status:
        queryset = queryset.filter(status=status)
    if starts_from:
        queryset = queryset.filter(starts_at__date__gte=starts_from)
    meta, current = _page(queryset.order_by("starts_at", "id"), page)
    return RequestPage(**meta, items=[_request_out(item) for item in current])


@router.post("/requests", response={201: RequestOut, **problems(body=True)}, summary="Request an interpreter")
def request_create(request, payload: RequestIn):
    user = request.auth
    organisation = _ordering_organisation(user, payload.organisation_id, "interpreting.add_interpretingrequest")
    try:
        values = payload.dict(exclude={"organisation_id", "site_id", "preferred_interpreter_id", "language"})
        values["starts_at"] = _aware(payload.starts_at)
        values["required_sex"] = values["required_sex"] or ""
        values["preferred_sex"] = values["preferred_sex"] or ""
        values["language"] = _language(payload.language, "language")
        values["site"] = _one(Site.objects.filter(organisation=organisation), payload.site_id, "site_id",
                              _("Unknown address."))
        values["preferred_interpreter"] = _one(Interpreter.objects.filter(active=True),
                                               payload.preferred_interpreter_id, "preferred_interpreter_id",
                                               _("Unknown interpreter."))
        created = services.request_create(organisation=organisation, by=user, values=values)
    except ValidationError as error:
        return Status(422, _problem(error))
    return Status(201, _request_out(created))


@router.get("/requests/{request_id}", response={200: RequestOut, **problems(404, 422)}, summary="Read a request")
def request_read(request, request_id: int):
    return _request_out(access.request_for_user(request.auth, request_id))


@router.post("/requests/{request_id}/cancel", response={200: RequestOut, **problems(404, 422)},
             summary="Cancel a request (free until 10:00 on the working day before the job, then billed)")
def request_cancel(request, request_id: int):
    found = access.request_for_user(request.auth, request_id, permission="interpreting.change_interpretingrequest")
    try:
        cancelled = services.request_cancel(request=found, by=request.auth)
    except ValidationError as error:
        return Status(422, _problem(error))
    return _request_out(access.request_for_user(request.auth, cancelled.pk))


@router.post("/requests/{request_id}/booking", response={201: AssignmentOut, **problems(404, 409, body=True)},
             summary="The dispatcher books an interpreter for a request (409 when they are booked then)")
def booking_create(request, request_id: int, payload: BookingIn):
    found = access.request_for_user(request.auth, request_id)
    access.dispatcher_for_user(request.auth)
    try:
        interpreter = _one(Interpreter.objects.filter(active=True, interprets=True), payload.interpreter_id,
                           "interpreter_id", _("Unknown interpreter."))
        assignment = services.booking_create(request=found, interpreter=interpreter, by=request.auth)
    except ValidationError as error:
        return _conflict_or_problem(error)
    return Status(201, _assignment_out(access.assignment_for_user(request.auth, assignment.pk), request.auth))


# Assignments -----------------------------------------------------------------------------


@router.get("/assignments", response={200: AssignmentPage, **problems(422)},
            summary="Assignments: an interpreter's own, an organisation's, or all for the dispatcher (paginated)")
def assignment_list(request, status: str = "", page: int = 1):
    queryset = access.assignments_for_user(request.auth).select_related(*ASSIGNMENT_RELATED)
    if status:
        queryset = queryset.filter(status=status)
    meta, current = _page(queryset.order_by("starts_at", "id"), page)
    return AssignmentPage(**meta, items=[_assignment_out(item, request.auth) for item in current])


@router.get("/assignments/{assignment_id}", response={200: AssignmentOut, **problems(404, 422)},
            summary="Read an assignment")
def assignment_read(request, assignment_id: int):
    return _assignment_out(access.assignment_for_user(request.auth, assignment_id), request.auth)


@router.post("/assignments/{assignment_id}/confirm", response={200: AssignmentOut, **problems(404, 409, 422)},
             summary="The dispatcher confirms a proposed assignment (409 when the interpreter is booked then)")
def assignment_confirm(request, assignment_id: int):
    assignment = access.assignment_for_user(request.auth, assignment_id)
    access.dispatcher_for_user(request.auth)
    try:
        services.assignment_confirm(assignment=assignment, by=request.auth)
    except ValidationError as error:
        return _conflict_or_problem(error)
    return _assignment_out(access.assignment_for_user(request.auth, assignment.pk), request.auth)


# Performance sheets ----------------------------------------------------------------------


def _sheets():
    from haven.interpreting import sheets

    return sheets


@router.post("/assignments/{assignment_id}/timesheet", response={201: TimesheetOut, **problems(404, body=True)},
             summary="The interpreter records the job (or corrects a sheet sent back)")
def timesheet_submit(request, assignment_id: int, payload: TimesheetIn):
    assignment = access.assignment_for_user(request.auth, assignment_id)
    values = payload.dict()
    values["actual_start"] = _aware(payload.actual_start)
    values["actual_end"] = _aware(payload.actual_end)
    try:
        sheet = _sheets().timesheet_submit(assignment=assignment, by=request.auth, values=values)
    except ValidationError as error:
        return Status(422, _problem(error))
    return Status(201, _timesheet_out(access.timesheet_for_user(request.auth, sheet.pk)))


@router.get("/timesheets", response={200: TimesheetPage, **problems(422)},
            summary="Performance sheets, scoped like the assignments")
def timesheet_list(request, status: str = "", page: int = 1):
    queryset = access.timesheets_for_user(request.auth).select_related(*TIMESHEET_RELATED)
    if status:
        queryset = queryset.filter(status=status)
    meta, current = _page(queryset.order_by("-actual_start", "-id"), page)
    return TimesheetPage(**meta, items=[_timesheet_out(item) for item in current])


@router.get("/timesheets/{timesheet_id}", response={200: TimesheetOut, **problems(404, 422)},
            summary="Read a performance sheet")
def timesheet_read(request, timesheet_id: int):
    return _timesheet_out(access.timesheet_for_user(request.auth, timesheet_id))


def _sheet_step(request, timesheet_id: int, step):
    sheet = access.timesheet_for_user(request.auth, timesheet_id)
    try:
        step(sheet)
    except ValidationError as error:
        return Status(422, _problem(error))
    return _timesheet_out(access.timesheet_for_user(request.auth, sheet.pk))


@router.post("/timesheets/{timesheet_id}/confirm", response={200: TimesheetOut, **problems(404, 422)},
             summary="The partner confirms a submitted sheet")
def timesheet_confirm(request, timesheet_id: int):
    return _sheet_step(request, timesheet_id,
                       lambda sheet: _sheets().timesheet_confirm(timesheet=sheet, by=request.auth))


@router.post("/timesheets/{timesheet_id}/approve", response={200: TimesheetOut, **problems(404, 422)},
             summary="The dispatcher approves a confirmed sheet (it can then be invoiced)")
def timesheet_approve(request, timesheet_id: int):
    return _sheet_step(request, timesheet_id,
                       lambda sheet: _sheets().timesheet_approve(timesheet=sheet, by=request.auth))


@router.post("/timesheets/{timesheet_id}/reject", response={200: TimesheetOut, **problems(404, body=True)},
             summary="Send a sheet back to the interpreter with a remark (partner: submitted; dispatcher: "
                     "submitted or confirmed)")
def timesheet_reject(request, timesheet_id: int, payload: RemarkIn):
    return _sheet_step(request, timesheet_id, lambda sheet: _sheets().timesheet_reject(
        timesheet=sheet, by=request.auth, remark=payload.remark))


# Translations ----------------------------------------------------------------------------


@router.get("/translations", response={200: TranslationPage, **problems(422)},
            summary="Translation orders: the organisation's, a translator's own, or all for the dispatcher")
def translation_list(request, status: str = "", page: int = 1):
    queryset = access.translations_for_user(request.auth).select_related(*TRANSLATION_RELATED)
    if status:
        queryset = queryset.filter(status=status)
    meta, current = _page(queryset.order_by("-created_at", "-id"), page)
    return TranslationPage(**meta, items=[_translation_out(item) for item in current])


@router.post("/translations", response={201: TranslationOut, **problems(body=True)}, summary="Order a translation")
def translation_create(request, payload: TranslationIn):
    user = request.auth
    organisation = _ordering_organisation(user, payload.organisation_id, "interpreting.add_translationorder")
    try:
        values = payload.dict(exclude={"organisation_id"})
        values["source_language"] = _language(payload.source_language, "source_language")
        values["target_language"] = _language(payload.target_language, "target_language")
        order = translations.translation_order(organisation=organisation, by=user, values=values)
    except ValidationError as error:
        return Status(422, _problem(error))
    return Status(201, _translation_out(access.translation_for_user(user, order.pk)))


@router.get("/translations/{order_id}", response={200: TranslationOut, **problems(404, 422)},
            summary="Read a translation order")
def translation_read(request, order_id: int):
    return _translation_out(access.translation_for_user(request.auth, order_id))


@router.post("/translations/{order_id}/assign", response={200: TranslationOut, **problems(404, body=True)},
             summary="The dispatcher gives the order to a translator who works in both languages")
def translation_assign(request, order_id: int, payload: TranslatorIn):
    order = access.translation_for_user(request.auth, order_id)
    access.dispatcher_for_user(request.auth)
    try:
        translator = _one(Interpreter.objects, payload.translator_id, "translator_id", _("Unknown translator."))
        translations.translation_assign(order=order, translator=translator, by=request.auth)
    except ValidationError as error:
        return Status(422, _problem(error))
    return _translation_out(access.translation_for_user(request.auth, order.pk))


@router.post("/translations/{order_id}/deliver", response={200: TranslationOut, **problems(404, body=True)},
             summary="The translator (or the dispatcher) uploads the translation (multipart: file, pages, "
                     "delivered_on)")
def translation_deliver(request, order_id: int, file: UploadedFile = File(...),
                        pages: int | None = Form(None, ge=1, le=999),
                        delivered_on: date | None = Form(None)):
    order = access.translation_for_user(request.auth, order_id)
    try:
        translations.translation_deliver(order=order, by=request.auth, file=file, pages=pages, on=delivered_on)
    except ValidationError as error:
        return Status(422, _problem(error))
    return _translation_out(access.translation_for_user(request.auth, order.pk))


@router.post("/translations/{order_id}/cancel", response={200: TranslationOut, **problems(404, 422)},
             summary="The partner cancels an order before delivery")
def translation_cancel(request, order_id: int):
    order = access.translation_for_user(request.auth, order_id)
    try:
        translations.translation_cancel(order=order, by=request.auth)
    except ValidationError as error:
        return Status(422, _problem(error))
    return _translation_out(access.translation_for_user(request.auth, order.pk))


@router.get("/translations/{order_id}/file", response=problems(404, 422), openapi_extra=download(),
             summary="Download the delivered translation")
def translation_file(request, order_id: int):
    order = access.translation_for_user(request.auth, order_id)
    if order.status != TranslationStatus.DELIVERED:
        raise Http404
    return translations.file_response(order.delivered_file, title=order.title,
                                      language=order.target_language_id)


# The library -----------------------------------------------------------------------------


@router.get("/library", response={200: LibraryPage, **problems(422)},
            summary="Search the translation library: originals with their translations per language")
def library_list(request, q: str = "", topic: str = "", language: str = "", page: int = 1):
    translations.library_for_user(request.auth)
    meta, current = _page(translations.library_search(text=q, topic=topic, language=language), page)
    return LibraryPage(**meta, items=[_library_out(item) for item in current])


@router.post("/library", response={201: LibraryOut, **problems(body=True)},
             summary="The dispatcher adds a document or a translation of one (multipart)")
def library_create(request, file: UploadedFile = File(...), title: str = Form(...), topic: str = Form(...),
                   language: str = Form(...), original_id: int | None = Form(None)):
    translations.library_for_user(request.auth)
    if not request.auth.has_perm(translations.LIBRARY_ADD):
        raise PermissionDenied
    try:
        document = translations.library_add(
            title=title, topic=topic, language=_language(language, "language"), file=file, by=request.auth,
            original=_one(LibraryDocument.objects, original_id, "original_id", _("Unknown document.")))
    except ValidationError as error:
        return Status(422, _problem(error))
    return Status(201, _library_out(translations.library_search().get(pk=document.original_id or document.pk)))


@router.get("/library/{document_id}/file", response=problems(404, 422), openapi_extra=download(),
             summary="Download a library document")
def library_file(request, document_id: int):
    document = translations.library_document_for_user(request.auth, document_id)
    return translations.file_response(document.file, title=document.title, language=document.language_id)


# Invoices --------------------------------------------------------------------------------


@router.get("/invoices", response={200: InvoicePage, **problems(422)},
            summary="Invoices: the organisation's, or all for the dispatcher")
def invoice_list(request, page: int = 1):
    queryset = access.invoices_for_user(request.auth).select_related("organisation")
    meta, current = _page(queryset.order_by("-month", "organisation__name", "id"), page)
    return InvoicePage(**meta, items=[_invoice_out(item) for item in current])


@router.get("/invoices/{invoice_id}", response={200: InvoiceOut, **problems(404, 422)},
            summary="Read an invoice with its lines")
def invoice_read(request, invoice_id: int):
    return _invoice_out(access.invoice_for_user(request.auth, invoice_id), lines=True)


@router.get("/invoices/{invoice_id}/pdf", response=problems(404, 422),
             openapi_extra=download("application/pdf"), summary="The invoice as PDF")
def invoice_pdf(request, invoice_id: int):
    from haven.interpreting import invoices

    invoice = access.invoice_for_user(request.auth, invoice_id)
    response = HttpResponse(invoices.invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(invoice.number) or "invoice"}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
