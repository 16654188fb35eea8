"""A person's documents (list and upload), a document's file, and the documents expiring
soon of the people one follows."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haven.accounts.models import User
from haven.casework import access, selectors, services
from haven.casework.forms import DocumentForm
from haven.casework.registry import lines_of, service_line
from haven.casework.uploads import document_response
from haven.core.forms import service_error_to_form
from haven.core.models import AccessPurpose
from haven.core.pagination import paginate
from haven.people import access as people_access
from haven.people import policy
from haven.people.models import Person
from haven.people.purpose import default_purpose, posted_purpose, purpose_page, read_purpose, with_purpose


def _require(request: HttpRequest, permission: str) -> User:
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return cast(User, request.user)


def _page(request: HttpRequest, person_id: int, purpose: str, form: DocumentForm | None = None) -> HttpResponse:
    user = cast(User, request.user)
    documents = list(access.documents_for_user(user, person_id, purpose=purpose))
    person = get_object_or_404(Person.objects.only("id", "family_name", "given_names"), pk=person_id)
    lines = {document.pk: service_line(document.service_line) for document in documents}
    context = {
        "person": person,
        "purpose": purpose,
        "purpose_label": AccessPurpose(purpose).label,
        "documents": [(document, lines[document.pk]) for document in documents],
        "today": timezone.localdate(),
        "adds": bool(lines_of(user.role_codes)) and user.has_perm("casework.add_document"),
        "form": form or DocumentForm(user=user),
        "eyebrow": _("Documents"),
    }
    return render(request, "casework/documents.html", context, status=422 if form is not None else 200)


@login_required
def person_documents(request: HttpRequest, person_id: int) -> HttpResponse:
    """The person's documents, traced as a read of the file (``documents``)."""
    _require(request, "casework.view_document")
    purpose = read_purpose(request)
    if purpose is None:
        return purpose_page(request, _("documents"))
    return _page(request, person_id, purpose)


@login_required
@require_POST
def document_add(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _require(request, "casework.add_document")
    purpose = posted_purpose(request)
    person = get_object_or_404(Person, pk=person_id)
    form = DocumentForm(request.POST, request.FILES, user=user)
    if form.is_valid():
        try:
            services.document_add(person=person, by=user, purpose=purpose, **form.cleaned_data)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The document is added to the file."))
            return redirect(with_purpose(reverse("casework:documents", args=[person_id]), purpose))
    return _page(request, person_id, purpose, form)


@login_required
def document_file(request: HttpRequest, document_id: int) -> HttpResponseBase:
    """The stored file, after the access check on its person's file (traced: ``document``)."""
    user = _require(request, "casework.view_document")
    purpose = read_purpose(request)
    if purpose is None:
        return purpose_page(request, _("document"))
    return document_response(access.document_for_user(user, document_id, purpose=purpose))


@login_required
def documents_expiring(request: HttpRequest) -> HttpResponse:
    """Documents of the people one follows that expire in the next 60 days (or expired in
    the last 60), soonest first; every person listed is traced."""
    user = _require(request, "casework.view_document")
    if not policy.user_policy(user).relationships:
        raise PermissionDenied  # a reminder list is for who follows people, not who may open anyone
    today = timezone.localdate()
    listing = paginate(request, selectors.documents_expiring(user, today=today))
    purpose = default_purpose(request)
    people_access.people_shown(user, [document.person_id for document in listing["page"]], purpose=purpose)
    return render(
        request,
        "casework/documents_expiring.html",
        {**listing, "today": today, "days": selectors.EXPIRY_HORIZON_DAYS, "purpose": purpose},
    )
