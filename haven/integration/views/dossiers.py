"""Diploma recognition dossiers: the filtered list, opening one for a person, and a
dossier's page with its changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.core.forms import service_error_to_form
from haven.core.models import AccessPurpose
from haven.core.pagination import paginate
from haven.integration import access, selectors, services
from haven.integration.forms import DossierCreateForm, DossierFilterForm, DossierStartForm, DossierUpdateForm
from haven.people import access as people_access
from haven.people.purpose import default_purpose, page_purpose, posted_purpose, purpose_page, read_purpose, with_purpose


@login_required
@require_http_methods(["GET", "POST"])
def dossier_list(request) -> HttpResponse:
    """Diploma recognition dossiers, filtered by kind and state (GET), and a form to
    open a new one by file number (POST, so the number stays out of the URL)."""
    access.integration_for_user(request.user, "integration.view_diplomadossier")
    if request.method == "POST":
        access.integration_for_user(request.user, "integration.add_diplomadossier")
    form = DossierFilterForm(request.GET or None)
    kind = state = ""
    if form.is_valid():
        kind, state = form.cleaned_data["kind"], form.cleaned_data["state"]
    dossiers = people_access.people_visible(
        selectors.diploma_dossiers(kind=kind, state=state), request.user, person_field="person_id"
    )
    pagination = paginate(request, dossiers, form)
    page = pagination["page"]
    people_access.people_shown(
        request.user, [dossier.person_id for dossier in page.object_list], purpose=default_purpose(request)
    )
    start_form = None
    if request.user.has_perm("integration.add_diplomadossier"):
        start_form = DossierStartForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and start_form.is_valid():
            url = reverse("integration:dossier_create", args=[start_form.cleaned_data["reference"]])
            return redirect(with_purpose(url, default_purpose(request)))
    return render(
        request,
        "integration/dossier_list.html",
        {
            "form": form,
            **pagination,
            "purpose": default_purpose(request),
            "start_form": start_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_create(request, person_id: int) -> HttpResponse:
    purpose = page_purpose(request, default_purpose(request))
    person = access.person_for_integration(
        request.user,
        person_id,
        purpose=purpose,
        permission="integration.add_diplomadossier",
        write=request.method == "POST",
        starts="programme",
    )
    form = DossierCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.diploma_dossier_create(
                person=person,
                kind=form.cleaned_data["kind"],
                opened_on=form.cleaned_data["opened_on"],
                diploma=form.cleaned_data["diploma"],
                missing_documents=form.missing_documents(),
                by=request.user,
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The diploma recognition dossier is opened."))
            return redirect(with_purpose(reverse("integration:dossier", args=[dossier.pk]), purpose))
    return render(request, "integration/dossier_form.html", {"person": person, "form": form, "purpose": purpose})


@login_required
@require_http_methods(["GET", "POST"])
def dossier_detail(request, dossier_id: int) -> HttpResponse:
    if request.method == "POST":
        purpose = posted_purpose(request, default_purpose(request))
        dossier = access.dossier_for_user(request.user, dossier_id, purpose=purpose, write=True)
        form = DossierUpdateForm(request.POST)
        if form.is_valid():
            try:
                services.diploma_dossier_update(
                    dossier=dossier,
                    state=form.cleaned_data["state"],
                    missing_documents=form.missing_documents(),
                    by=request.user,
                )
            except ValidationError as error:
                service_error_to_form(form, error)
            else:
                messages.success(request, _("The dossier is saved."))
                return redirect(with_purpose(reverse("integration:dossier", args=[dossier.pk]), purpose))
    else:
        access.integration_for_user(request.user, "integration.view_diplomadossier")  # before asking anything
        asked = read_purpose(request)
        if asked is None:
            return purpose_page(request, _("diploma recognition dossier"))
        purpose = asked
        dossier = access.dossier_for_user(request.user, dossier_id, purpose=purpose)
        form = DossierUpdateForm(
            initial={"state": dossier.state, "missing_documents_text": "\n".join(dossier.missing_documents)}
        )
    return render(
        request,
        "integration/dossier_detail.html",
        {
            "dossier": dossier,
            "person": dossier.person,
            "form": form,
            "purpose": purpose,
            "purpose_label": AccessPurpose(purpose).label,
            "may_change": request.user.has_perm("integration.change_diplomadossier"),
        },
    )
