"""Association pages: the register (list, new, one association with its support
contacts and a contact added, edit), all support contacts, and the network events (list,
new, edit). None shows a person of the registry."""

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
    AssociationFilterForm,
    AssociationForm,
    NetworkEventForm,
    SupportContactFilterForm,
    SupportContactForm,
    YearFilterForm,
)
from haven.organisations.views.common import form_page, refused, values_of

ASSOCIATION, CONTACT, EVENT = "association", "supportcontact", "networkevent"


@login_required
def association_list(request) -> HttpResponse:
    """The register by name, recognition and focus on women. Queries: the count, the page."""
    access.line_for_user(request.user, access.perm("view", ASSOCIATION))
    form = AssociationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.associations(
        query=filters.get("q") or "",
        recognition=filters.get("recognition") or "",
        women_focus=filters.get("women_focus"),
    )
    context = {
        "form": form,
        **paginate(request, rows, form),
        "may_add": access.may(request.user, access.perm("add", ASSOCIATION)),
    }
    return render(request, "organisations/association_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def association_create(request) -> HttpResponse:
    access.line_for_user(request.user, access.perm("add", ASSOCIATION))
    return _association_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def association_edit(request, association_id: int) -> HttpResponse:
    association = access.association_for_user(request.user, association_id, write=request.method == "POST")
    return _association_form(request, association)


def _association_form(request, association) -> HttpResponse:
    initial = None
    if association is not None:
        initial = {name: getattr(association, name) for name in AssociationForm.FIELDS}
        initial["enterprise_number"] = association.enterprise_number_display
    form = AssociationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = values_of(form, AssociationForm.FIELDS)
        try:
            if association is None:
                association = services.association_create(values=values, by=request.user)
            else:
                services.association_update(association=association, values=values, by=request.user)
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, _("The association is saved."))
            return redirect("organisations:association", association.pk)
    return form_page(
        request,
        {
            "title": association.name if association else _("New association"),
            "active": "associations",
            "form": form,
            "form_id": "association-form",
            "cancel_url": reverse("organisations:association", args=[association.pk])
            if association
            else reverse("organisations:associations"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def association_detail(request, association_id: int) -> HttpResponse:
    """An association with its support contacts, and a contact recorded (POST)."""
    write = request.method == "POST"
    if write:
        access.line_for_user(request.user, access.perm("add", CONTACT))
    association = access.association_for_user(request.user, association_id)
    form = SupportContactForm(request.POST or None, initial={"staff": request.user.pk})
    if write and form.is_valid():
        try:
            services.support_contact_add(association=association, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, _("The support contact is saved."))
            return redirect("organisations:association", association.pk)
    context = {
        "association": association,
        **paginate(request, selectors.support_contacts(association_id=association.pk)),
        "form": form,
        "may_add_contact": access.may(request.user, access.perm("add", CONTACT)),
        "may_change": access.may(request.user, access.perm("change", ASSOCIATION)),
    }
    return render(request, "organisations/association_detail.html", context, status=422 if form.errors else 200)


@login_required
def support_contact_list(request) -> HttpResponse:
    access.line_for_user(request.user, access.perm("view", CONTACT))
    form = SupportContactFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.support_contacts(year=filters.get("year"), kind=filters.get("kind") or "")
    return render(request, "organisations/support_contact_list.html", {"form": form, **paginate(request, rows, form)})


@login_required
def network_event_list(request) -> HttpResponse:
    access.line_for_user(request.user, access.perm("view", EVENT))
    form = YearFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.network_events(year=filters.get("year"))
    context = {
        "form": form,
        **paginate(request, rows, form),
        "may_add": access.may(request.user, access.perm("add", EVENT)),
    }
    return render(request, "organisations/network_event_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def network_event_create(request) -> HttpResponse:
    access.line_for_user(request.user, access.perm("add", EVENT))
    return _network_event_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def network_event_edit(request, network_event_id: int) -> HttpResponse:
    event = access.network_event_for_user(request.user, network_event_id, write=request.method == "POST")
    return _network_event_form(request, event)


def _network_event_form(request, event) -> HttpResponse:
    initial = None
    if event is not None:
        initial = {name: getattr(event, name) for name in NetworkEventForm.FIELDS}
        initial["associations"] = list(event.associations.values_list("pk", flat=True))
    form = NetworkEventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = values_of(form, NetworkEventForm.FIELDS)
        chosen = form.cleaned_data["associations"]
        try:
            if event is None:
                services.network_event_create(values=values, associations=chosen, by=request.user)
            else:
                services.network_event_update(event=event, values=values, associations=chosen, by=request.user)
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, _("The network event is saved."))
            return redirect("organisations:network_events")
    return form_page(
        request,
        {
            "title": str(event) if event else _("New network event"),
            "active": "network_events",
            "form": form,
            "form_id": "network-event-form",
            "cancel_url": reverse("organisations:network_events"),
        },
    )
