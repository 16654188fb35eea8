"""Samen naar cultuur (editions with their houses and info evenings, the culture houses)
and the community events. Nobody is named on these pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.community import access, selectors, services
from haven.community.forms import EditionForm, EveningForm, EventFilterForm, EventForm, HouseForm
from haven.core.forms import service_error_to_form
from haven.core.pagination import paginate


@login_required
@require_http_methods(["GET", "POST"])
def culture(request) -> HttpResponse:
    """The editions (latest first) and a new edition with its houses (POST)."""
    access.community_for_user(request.user, "community.view_cultureedition")
    form = EditionForm(request.POST or None)
    if request.method == "POST":
        access.community_for_user(request.user, "community.add_cultureedition")
        if form.is_valid():
            try:
                edition = services.edition_create(
                    year=form.cleaned_data["year"],
                    name=form.cleaned_data["name"],
                    houses=form.cleaned_data["houses"],
                    by=request.user,
                )
            except ValidationError as error:
                service_error_to_form(form, error)
            else:
                messages.success(request, _("The edition is saved."))
                return redirect("community:edition", edition.pk)
    return render(
        request,
        "community/culture.html",
        {
            "form": form,
            **paginate(request, selectors.culture_editions(), None),
            "may_add": access.may(request.user, "community.add_cultureedition"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edition_detail(request, edition_id: int) -> HttpResponse:
    """An edition: its houses and info evenings; an evening added (POST)."""
    write = request.method == "POST"
    edition = access.edition_for_user(request.user, edition_id, write=write)
    form = EveningForm(request.POST if write else None)
    if write and form.is_valid():
        try:
            services.info_evening_add(edition=edition, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The info evening is saved."))
            return redirect("community:edition", edition.pk)
    evenings = list(edition.evenings.order_by("held_on"))
    return render(
        request,
        "community/edition_detail.html",
        {
            "edition": edition,
            "houses": list(edition.houses.order_by("name")),
            "evenings": evenings,
            "attendance": sum(evening.attendance or 0 for evening in evenings),
            "form": form,
            "may_change": access.may(request.user, "community.change_cultureedition"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def culture_houses(request) -> HttpResponse:
    """The culture houses (reference data) and a new one (POST)."""
    access.community_for_user(request.user, "community.view_culturehouse")
    form = HouseForm(request.POST or None)
    if request.method == "POST":
        access.community_for_user(request.user, "community.add_culturehouse")
        if form.is_valid():
            try:
                services.culture_house_create(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                service_error_to_form(form, error)
            else:
                messages.success(request, _("The culture house is saved."))
                return redirect("community:culture_houses")
    return render(
        request,
        "community/culture_houses.html",
        {
            "form": form,
            **paginate(request, selectors.culture_houses(), None),
            "may_add": access.may(request.user, "community.add_culturehouse"),
        },
    )


@login_required
def event_list(request) -> HttpResponse:
    access.community_for_user(request.user, "community.view_communityevent")
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.events(kind=filters.get("kind") or "", year=filters.get("year"))
    return render(
        request,
        "community/event_list.html",
        {
            "form": form,
            **paginate(request, rows, form),
            "may_add": access.may(request.user, "community.add_communityevent"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request) -> HttpResponse:
    access.community_for_user(request.user, "community.add_communityevent")
    return _event_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, event_id: int) -> HttpResponse:
    event = access.event_for_user(request.user, event_id, write=request.method == "POST")
    return _event_form(request, event)


def _event_form(request, event) -> HttpResponse:
    initial = {name: getattr(event, name) for name in services.culture.EVENT_FIELDS} if event else None
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if event is None:
                services.event_create(values=form.cleaned_data, by=request.user)
            else:
                services.event_update(event=event, values=form.cleaned_data, by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("community:events")
    return render(
        request,
        "community/event_form.html",
        {
            "form": form,
            "event": event,
            "may_change": event is None or access.may(request.user, "community.change_communityevent"),
        },
    )
