"""Education's pages for adults: study-choice dossiers (list, new, a dossier's page with
its conversations, advice and outcome) and the pre-track's cohorts with their participants."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from haven.core.forms import service_error_to_form
from haven.core.models import AccessPurpose
from haven.core.pagination import paginate
from haven.education import access, selectors, services
from haven.education.forms import ConversationForm, DossierFilterForm, DossierForm, DossierUpdateForm, StartForm
from haven.education.models import PreTrackCohort
from haven.education.views import start_form
from haven.people import access as people_access
from haven.people.purpose import default_purpose, page_purpose, posted_purpose, purpose_page, read_purpose, with_purpose


@login_required
@require_http_methods(["GET", "POST"])
def dossier_list(request) -> HttpResponse:
    """Study-choice dossiers filtered by outcome (GET); a new one by file number (POST)."""
    access.education_for_user(request.user, access.VIEW_DOSSIER)
    if request.method == "POST":
        access.education_for_user(request.user, access.ADD_DOSSIER)
    form = DossierFilterForm(request.GET or None)
    outcome = form.cleaned_data["outcome"] if form.is_valid() else ""
    rows = people_access.people_visible(
        selectors.study_dossiers(outcome=outcome), request.user, person_field="person_id"
    )
    pagination = paginate(request, rows, form)
    people_access.people_shown(
        request.user, [row.person_id for row in pagination["page"].object_list], purpose=default_purpose(request)
    )
    new_form, done = start_form(request, access.ADD_DOSSIER, "education:dossier_create")
    if done:
        return done
    return render(
        request,
        "education/dossier_list.html",
        {"form": form, **pagination, "purpose": default_purpose(request), "start_form": new_form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_create(request, person_id: int) -> HttpResponse:
    purpose = page_purpose(request, AccessPurpose.PROGRAMME)
    person = access.person_for_education(
        request.user, person_id, purpose=purpose, permission=access.ADD_DOSSIER, write=request.method == "POST"
    )
    form = DossierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.study_dossier_create(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The study-choice dossier is opened."))
            return redirect(with_purpose(reverse("education:dossier", args=[dossier.pk]), purpose))
    if request.method == "POST":  # the form again, with the person named: shown, so traced
        people_access.people_shown(request.user, [person.pk], purpose=purpose)
    return render(request, "education/dossier_form.html", {"person": person, "form": form, "purpose": purpose})


@login_required
@require_http_methods(["GET", "POST"])
def dossier_detail(request, study_dossier_id: int) -> HttpResponse:
    """A dossier with its conversations; a conversation or the advice and outcome (POST ``step``)."""
    conversation_form = ConversationForm(prefix="conversation")
    update_form = None
    if request.method == "POST":
        purpose = posted_purpose(request, AccessPurpose.PROGRAMME)
        dossier = access.dossier_for_user(request.user, study_dossier_id, purpose=purpose, write=True)
        step = request.POST.get("step", "")
        form: forms.Form | None = None
        if step == "conversation":
            form = conversation_form = ConversationForm(request.POST, prefix="conversation")
        elif step == "update":
            form = update_form = DossierUpdateForm(request.POST, prefix="update")
        if form is not None and form.is_valid():
            try:
                if step == "conversation":
                    services.study_conversation_add(dossier=dossier, by=request.user, **form.cleaned_data)
                else:
                    services.study_dossier_update(dossier=dossier, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                service_error_to_form(form, error)
            else:
                messages.success(request, _("The dossier is saved."))
                return redirect(with_purpose(reverse("education:dossier", args=[dossier.pk]), purpose))
        people_access.people_shown(request.user, [dossier.person_id], purpose=purpose)
    else:
        access.education_for_user(request.user, access.VIEW_DOSSIER)
        asked = read_purpose(request)
        if asked is None:
            return purpose_page(request, _("study-choice dossier"))
        purpose = asked
        dossier = access.dossier_for_user(request.user, study_dossier_id, purpose=purpose)
    if update_form is None:
        update_form = DossierUpdateForm(
            prefix="update",
            initial={
                "advice": dossier.advice,
                "partner": dossier.partner,
                "outcome": dossier.outcome,
                "closed_on": dossier.closed_on,
            },
        )
    return render(
        request,
        "education/dossier_detail.html",
        {
            "dossier": dossier,
            "person": dossier.person,
            "conversations": list(dossier.conversations.order_by("held_on", "id")),
            "conversation_form": conversation_form,
            "update_form": update_form,
            "purpose": purpose,
            "may_change": request.user.has_perm(access.CHANGE_DOSSIER),
        },
    )


@login_required
@require_GET
def cohort_list(request) -> HttpResponse:
    access.education_for_user(request.user, "education.view_pretrackcohort")
    return render(
        request,
        "education/cohort_list.html",
        {**paginate(request, selectors.cohorts()), "may_add": request.user.has_perm("education.add_pretrackcohort")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_detail(request, cohort_id: int) -> HttpResponse:
    """A cohort's modules and participants (each traced as listed); a participant added by
    file number (POST: the number is kept out of the URL)."""
    access.education_for_user(request.user, access.VIEW_PARTICIPANT)
    if request.method == "POST":
        access.education_for_user(request.user, access.ADD_PARTICIPANT)
    cohort = get_object_or_404(PreTrackCohort, pk=cohort_id)
    new_form = None
    if request.user.has_perm(access.ADD_PARTICIPANT):
        new_form = StartForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and new_form.is_valid():
            url = reverse("education:participant_create", args=[cohort.pk, new_form.cleaned_data["reference"]])
            return redirect(with_purpose(url, default_purpose(request)))
    rows = people_access.people_visible(selectors.cohort_participants(cohort), request.user, person_field="person_id")
    pagination = paginate(request, rows)
    people_access.people_shown(
        request.user, [row.person_id for row in pagination["page"].object_list], purpose=default_purpose(request)
    )
    return render(
        request,
        "education/cohort_detail.html",
        {
            "cohort": cohort,
            "modules": list(cohort.modules.all()),
            **pagination,
            "purpose": default_purpose(request),
            "start_form": new_form,
        },
    )
