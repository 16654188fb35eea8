"""Pages of translations and the translation library.

- A partner orders a translation, follows their organisation's orders, cancels before
  delivery and downloads the delivered file.
- A translator sees the orders given to them and delivers (uploads) the translation.
- The dispatcher sees every order and gives it to a translator who works in its languages.
- The library: search by text, topic and language; each original with its translations
  per language; download for partners, interpreters and the dispatcher; the dispatcher adds.

Every read goes through ``access.translation_for_user`` / ``access.library_for_user``;
a file is served only through a view that checks access first (never a media URL).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from haven.core.forms import service_error_to_form
from haven.core.models import Language
from haven.core.pagination import paginate
from haven.interpreting import access, selectors
from haven.interpreting.files import file_response
from haven.interpreting.forms import AssignForm, DeliverForm, LibraryAddForm, LibrarySearchForm, OrderForm
from haven.interpreting.models import Interpreter, LibraryDocument, TranslationOrder, TranslationStatus
from haven.interpreting.services import library as library_service
from haven.interpreting.services import translations as translations_service
from haven.interpreting.views.common import post_after_access

OPEN = (TranslationStatus.REQUESTED, TranslationStatus.ASSIGNED)


def _language_codes() -> list[str]:
    return list(Language.objects.filter(active=True).values_list("code", flat=True))


# Orders ----------------------------------------------------------------------------------


@login_required
def translation_list(request) -> HttpResponse:
    """The orders this user may see: every order for the dispatcher, the organisation's
    for a partner, their own for a translator; filtered by status, paginated, one query
    for the rows whatever their number."""
    queryset = access.translations_for_user(request.user)
    status = request.GET.get("status", "")
    if status in TranslationStatus.values:
        queryset = queryset.filter(status=status)
    else:
        status = ""
    return render(
        request,
        "interpreting/translations/list.html",
        {
            **paginate(request, selectors.translations_list(queryset), {"status": status}),
            "status": status,
            "statuses": TranslationStatus.choices,
            "is_dispatcher": access.is_dispatcher(request.user),
            "may_order": access.organisation_of(request.user) is not None
            and request.user.has_perm("interpreting.add_translationorder"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def translation_new(request) -> HttpResponse:
    """A partner orders a translation for their organisation."""
    organisation = access.partner_for_user(request.user, "interpreting.add_translationorder")
    form = OrderForm(request.POST or None, languages=_language_codes())
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values["source_language"] = Language(pk=values["source_language"])
        values["target_language"] = Language(pk=values["target_language"])
        try:
            order = translations_service.translation_order(organisation=organisation, by=request.user, values=values)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The translation has been ordered."))
            return redirect("interpreting:translation", order_id=order.pk)
    return render(
        request,
        "interpreting/translations/order.html",
        {"form": form, "organisation": organisation},
        status=422 if form.errors else 200,
    )


def _detail(
    request: HttpRequest,
    order: TranslationOrder,
    *,
    assign_form: AssignForm | None = None,
    deliver_form: DeliverForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    is_dispatcher = access.is_dispatcher(user)
    own = access.organisation_of(user)
    interpreter = access.interpreter_of(user) if not is_dispatcher else None
    is_translator = interpreter is not None and order.translator_id == interpreter.pk
    open_ = order.status in OPEN
    context = {
        "order": order,
        "is_dispatcher": is_dispatcher,
        "may_cancel": open_
        and (
            is_dispatcher
            or (
                own is not None
                and own.pk == order.organisation_id
                and user.has_perm("interpreting.change_translationorder")
            )
        ),
        "may_download": order.status == TranslationStatus.DELIVERED and bool(order.delivered_file),
    }
    if is_dispatcher and open_:
        context["assign_form"] = assign_form or AssignForm(
            translators=translations_service.translators_for(order), initial={"translator": order.translator_id}
        )
    if order.status == TranslationStatus.ASSIGNED and (is_dispatcher or is_translator):
        context["deliver_form"] = deliver_form or DeliverForm(initial={"pages": order.pages})
    return render(request, "interpreting/translations/detail.html", context, status=status)


@login_required
def translation_detail(request, order_id: int) -> HttpResponse:
    return _detail(request, access.translation_for_user(request.user, order_id))


@login_required
def translation_assign(request, order_id: int) -> HttpResponse:
    order = access.translation_for_user(request.user, order_id)
    access.dispatcher_for_user(request.user)
    if refused := post_after_access(request):
        return refused
    candidates = translations_service.translators_for(order)
    form = AssignForm(request.POST, translators=candidates)
    if form.is_valid():
        translator = Interpreter.objects.filter(pk=form.cleaned_data["translator"]).first()
        try:
            if translator is None:
                raise ValidationError({"translator": [_("Choose a translator.")]})
            translations_service.translation_assign(order=order, translator=translator, by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The translation has been given to %(name)s.") % {"name": translator})
            return redirect("interpreting:translation", order_id=order.pk)
    return _detail(request, order, assign_form=form, status=422)


@login_required
def translation_deliver(request, order_id: int) -> HttpResponse:
    order = access.translation_delivery_for_user(request.user, order_id)
    if refused := post_after_access(request):
        return refused
    form = DeliverForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            translations_service.translation_deliver(
                order=order,
                by=request.user,
                file=form.cleaned_data["file"],
                pages=form.cleaned_data["pages"],
                on=form.cleaned_data["delivered_on"],
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The translation has been delivered."))
            return redirect("interpreting:translation", order_id=order.pk)
    return _detail(request, order, deliver_form=form, status=422)


@login_required
def translation_cancel(request, order_id: int) -> HttpResponse:
    order = access.translation_for_user(request.user, order_id)
    if refused := post_after_access(request):
        return refused
    try:
        translations_service.translation_cancel(order=order, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The translation has been cancelled."))
    return redirect("interpreting:translation", order_id=order.pk)


@login_required
def translation_file(request, order_id: int) -> FileResponse:
    """The delivered file, for whoever may see the order (its organisation's partners,
    its translator, the dispatcher)."""
    order = access.translation_for_user(request.user, order_id)
    if order.status != TranslationStatus.DELIVERED:
        raise Http404
    return file_response(order.delivered_file, title=order.title, language=order.target_language_id)


# The library -----------------------------------------------------------------------------


@login_required
def library(request) -> HttpResponse:
    """Search the library by text, topic and language; each original with its translations
    per language. A fixed number of queries for any page (originals, their translations,
    topics, languages)."""
    access.library_for_user(request.user)
    may_add = access.library_may_add(request.user)
    codes = _language_codes()
    form = LibrarySearchForm(request.GET or None, topics=selectors.library_topics(), languages=codes)
    text = topic = language = ""
    if form.is_valid():
        text, topic, language = form.cleaned_data["q"], form.cleaned_data["topic"], form.cleaned_data["language"]
    documents = selectors.library_search(text=text, topic=topic, language=language)
    context = {
        "form": form,
        **paginate(request, documents, {"q": text, "topic": topic, "language": language}),
        "language": language,
        "may_add": may_add,
    }
    if may_add:
        context["add_form"] = LibraryAddForm(
            languages=codes, originals=LibraryDocument.objects.filter(original__isnull=True).order_by("topic", "title")
        )
    return render(request, "interpreting/translations/library.html", context)


@login_required
@require_POST
def library_add(request) -> HttpResponse:
    access.library_editor_for_user(request.user)
    codes = _language_codes()
    originals = list(LibraryDocument.objects.filter(original__isnull=True).order_by("topic", "title"))
    form = LibraryAddForm(request.POST, request.FILES, languages=codes, originals=originals)
    if form.is_valid():
        data = form.cleaned_data
        original = next((document for document in originals if document.pk == data["original"]), None)
        try:
            library_service.library_add(
                title=data["title"],
                topic=data["topic"],
                language=Language(pk=data["language"]),
                file=data["file"],
                original=original,
                by=request.user,
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The document has been added to the library."))
            return redirect("interpreting:library")
    return render(
        request,
        "interpreting/translations/library.html",
        {
            "form": LibrarySearchForm(topics=selectors.library_topics(), languages=codes),
            **paginate(request, selectors.library_search()),
            "may_add": True,
            "add_form": form,
        },
        status=422,
    )


@login_required
def library_file(request, document_id: int) -> FileResponse:
    document = access.library_document_for_user(request.user, document_id)
    return file_response(document.file, title=document.title, language=document.language_id)
