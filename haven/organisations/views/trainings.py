"""Trainings and coaching pages: sessions (list, new, edit), the organisations trained
(list, new, edit) and coaching trajectories (list, new, one with its contacts, edit).
None shows a person of the registry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.core.pagination import paginate
from haven.organisations import access, selectors, services
from haven.organisations.forms import (
    CoachingContactForm,
    CoachingForm,
    PartnerForm,
    QueryFilterForm,
    TrainingFilterForm,
    TrainingForm,
)
from haven.organisations.services.trainings import COACHING_FIELDS, TRAINING_FIELDS
from haven.organisations.views.common import form_page, refused, values_of

SESSION, PARTNER, COACHING = "trainingsession", "partnerorganisation", "coachingtrajectory"


@login_required
def training_list(request) -> HttpResponse:
    """Sessions by topic, organisation, year. Queries: the count, the page (as many for 1 row as for 25)."""
    access.line_for_user(request.user, access.perm("view", SESSION))
    form = TrainingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.trainings(
        topic=filters.get("topic") or "",
        organisation_id=filters["organisation"].pk if filters.get("organisation") else None,
        year=filters.get("year"),
    )
    context = {
        "form": form,
        **paginate(request, rows, form),
        "may_add": access.may(request.user, "organisations.add_trainingsession"),
    }
    return render(request, "organisations/training_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def training_create(request) -> HttpResponse:
    access.line_for_user(request.user, access.perm("add", SESSION))
    return _training_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def training_edit(request, training_id: int) -> HttpResponse:
    session = access.training_for_user(request.user, training_id, write=request.method == "POST")
    return _training_form(request, session)


def _training_form(request, session) -> HttpResponse:
    initial = {name: getattr(session, name) for name in TRAINING_FIELDS} if session else None
    form = TrainingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = values_of(form, TRAINING_FIELDS)
        try:
            if session is None:
                services.training_create(values=values, by=request.user)
            else:
                services.training_update(session=session, values=values, by=request.user)
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, _("The training session is saved."))
            return redirect("organisations:trainings")
    return form_page(
        request,
        {
            "title": str(session) if session else _("New training session"),
            "active": "trainings",
            "form": form,
            "form_id": "training-form",
            "cancel_url": reverse("organisations:trainings"),
            "may_change": session is None or access.may(request.user, access.perm("change", SESSION)),
        },
    )


@login_required
def partner_list(request) -> HttpResponse:
    access.line_for_user(request.user, access.perm("view", PARTNER))
    form = QueryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.partners(query=filters.get("q") or "")
    context = {
        "form": form,
        **paginate(request, rows, form),
        "may_add": access.may(request.user, access.perm("add", PARTNER)),
    }
    return render(request, "organisations/partner_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def partner_create(request) -> HttpResponse:
    access.line_for_user(request.user, access.perm("add", PARTNER))
    return _partner_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, partner_id: int) -> HttpResponse:
    partner = access.partner_for_user(request.user, partner_id, write=request.method == "POST")
    return _partner_form(request, partner)


def _partner_form(request, partner) -> HttpResponse:
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        values = values_of(form, PartnerForm.Meta.fields)
        try:
            if partner is None:
                services.partner_create(values=values, by=request.user)
            else:
                services.partner_update(partner=partner, values=values, by=request.user)
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, _("The organisation is saved."))
            return redirect("organisations:partners")
    return form_page(
        request,
        {
            "title": partner.name if partner else _("New organisation"),
            "active": "partners",
            "form": form,
            "form_id": "partner-form",
            "cancel_url": reverse("organisations:partners"),
            "may_change": partner is None or access.may(request.user, access.perm("change", PARTNER)),
        },
    )


@login_required
def coaching_list(request) -> HttpResponse:
    access.line_for_user(request.user, access.perm("view", COACHING))
    rows = selectors.coachings(open_only=request.GET.get("open") == "on")
    context = {**paginate(request, rows), "may_add": access.may(request.user, access.perm("add", COACHING))}
    return render(request, "organisations/coaching_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def coaching_create(request) -> HttpResponse:
    access.line_for_user(request.user, access.perm("add", COACHING))
    return _coaching_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def coaching_edit(request, coaching_id: int) -> HttpResponse:
    trajectory = access.coaching_for_user(request.user, coaching_id, write=request.method == "POST")
    return _coaching_form(request, trajectory)


def _coaching_form(request, trajectory) -> HttpResponse:
    initial = {name: getattr(trajectory, name) for name in COACHING_FIELDS} if trajectory else None
    form = CoachingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = values_of(form, COACHING_FIELDS)
        try:
            if trajectory is None:
                trajectory = services.coaching_create(values=values, by=request.user)
            else:
                services.coaching_update(trajectory=trajectory, values=values, by=request.user)
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, _("The coaching trajectory is saved."))
            return redirect("organisations:coaching", trajectory.pk)
    return form_page(
        request,
        {
            "title": str(trajectory.organisation) if trajectory else _("New coaching trajectory"),
            "active": "coachings",
            "form": form,
            "form_id": "coaching-form",
            "cancel_url": reverse("organisations:coaching", args=[trajectory.pk])
            if trajectory
            else reverse("organisations:coachings"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def coaching_detail(request, coaching_id: int) -> HttpResponse:
    """A coaching trajectory with its contacts, and a contact added (POST)."""
    trajectory = access.coaching_for_user(request.user, coaching_id, write=request.method == "POST")
    form = CoachingContactForm(request.POST or None, initial={"staff": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            services.coaching_contact_add(trajectory=trajectory, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, _("The contact is saved."))
            return redirect("organisations:coaching", trajectory.pk)
    context = {
        "trajectory": trajectory,
        "contacts": list(selectors.coaching_contacts(trajectory.pk)),
        "form": form,
        "may_change": access.may(request.user, access.perm("change", COACHING)),
    }
    return render(request, "organisations/coaching_detail.html", context, status=422 if form.errors else 200)
