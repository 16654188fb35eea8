"""The leisure pages: referrals (list, a new one for a person, one referral with its
outcome), organisations (list, new, edit) and events (list, new, one event with its
tallies). Access is decided in ``access``; every page that shows people traces them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.core.forms import service_error_to_form
from haven.core.pagination import paginate
from haven.leisure import access, selectors, services
from haven.leisure.forms import (
    EventFilterForm,
    EventForm,
    OrganisationFilterForm,
    OrganisationForm,
    OutcomeForm,
    ReferralFilterForm,
    ReferralForm,
    ReferralStartForm,
    TallyForm,
)
from haven.people import access as people_access
from haven.people.purpose import default_purpose, page_purpose, posted_purpose, purpose_page, read_purpose, with_purpose


@login_required
@require_http_methods(["GET", "POST"])
def referral_list(request) -> HttpResponse:
    """Referrals filtered by kind, age group, outcome, organisation, year or follow-up due
    (GET); a form to refer someone by file number (POST, so the number stays out of the URL).
    Queries: the user's policy, the count, the page, the trace; as many for 1 row as for 25."""
    access.leisure_for_user(request.user)
    if request.method == "POST":
        access.leisure_for_user(request.user, "leisure.add_referral")
    form = ReferralFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.referrals(
        kind=filters.get("kind") or "",
        outcome=filters.get("outcome") or "",
        age=filters.get("age") or "",
        organisation_id=filters["organisation"].pk if filters.get("organisation") else None,
        year=filters.get("year"),
        due_on=timezone.localdate() if filters.get("due") else None,
    )
    pagination = paginate(request, people_access.people_visible(rows, request.user, person_field="person_id"), form)
    purpose = default_purpose(request)
    access.people_shown(request.user, [row.person_id for row in pagination["page"].object_list], purpose=purpose)
    start_form = None
    if access.may(request.user, "leisure.add_referral"):
        start_form = ReferralStartForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and start_form.is_valid():
            url = reverse("leisure:referral_create", args=[start_form.cleaned_data["reference"]])
            return redirect(with_purpose(url, purpose))
    return render(
        request,
        "leisure/referral_list.html",
        {"form": form, **pagination, "purpose": purpose, "start_form": start_form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request, person_id: int) -> HttpResponse:
    purpose = page_purpose(request, default_purpose(request))
    person = access.person_for_referral(request.user, person_id, purpose=purpose, write=request.method == "POST")
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_create(
                person=person,
                organisation=data["organisation"],
                kind=data["kind"],
                activity=data["activity"],
                referred_on=data["referred_on"],
                follow_up_on=data["follow_up_on"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The referral is saved."))
            return redirect(with_purpose(reverse("leisure:referral", args=[referral.pk]), purpose))
    return render(request, "leisure/referral_form.html", {"person": person, "form": form, "purpose": purpose})


@login_required
@require_http_methods(["GET", "POST"])
def referral_detail(request, referral_id: int) -> HttpResponse:
    """A referral, and its outcome recorded (POST)."""
    if request.method == "POST":
        purpose = posted_purpose(request, default_purpose(request))
        referral = access.referral_for_user(request.user, referral_id, write=True, purpose=purpose)
        form = OutcomeForm(request.POST)
        if form.is_valid():
            try:
                services.referral_outcome(
                    referral=referral,
                    outcome=form.cleaned_data["outcome"],
                    outcome_on=form.cleaned_data["outcome_on"],
                    follow_up_on=form.cleaned_data["follow_up_on"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                service_error_to_form(form, error)
            else:
                messages.success(request, _("The outcome is saved."))
                return redirect(with_purpose(reverse("leisure:referral", args=[referral.pk]), purpose))
    else:
        access.leisure_for_user(request.user)  # before asking anything
        asked = read_purpose(request)
        if asked is None:
            return purpose_page(request, _("leisure referral"))
        purpose = asked
        referral = access.referral_for_user(request.user, referral_id, purpose=purpose)
        form = OutcomeForm.for_referral(referral)
    return render(
        request,
        "leisure/referral_detail.html",
        {
            "referral": referral,
            "person": referral.person,
            "form": form,
            "purpose": purpose,
            "may_change": access.may(request.user, "leisure.change_referral"),
        },
    )


@login_required
def organisation_list(request) -> HttpResponse:
    access.leisure_for_user(request.user, "leisure.view_organisation")
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.organisations(kind=filters.get("kind") or "", query=filters.get("q") or "")
    return render(
        request,
        "leisure/organisation_list.html",
        {
            "form": form,
            **paginate(request, rows, form),
            "may_add": access.may(request.user, "leisure.add_organisation"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request) -> HttpResponse:
    access.leisure_for_user(request.user, "leisure.add_organisation")
    return _organisation_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, organisation_id: int) -> HttpResponse:
    organisation = access.organisation_for_user(request.user, organisation_id, write=request.method == "POST")
    return _organisation_form(request, organisation)


def _organisation_form(request, organisation) -> HttpResponse:
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if organisation is None:
                services.organisation_create(values=values, by=request.user)
            else:
                services.organisation_update(organisation=organisation, values=values, by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The organisation is saved."))
            return redirect("leisure:organisations")
    return render(
        request,
        "leisure/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "may_change": organisation is None or access.may(request.user, "leisure.change_organisation"),
        },
    )


@login_required
def event_list(request) -> HttpResponse:
    access.leisure_for_user(request.user, "leisure.view_event")
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.events(kind=filters.get("kind") or "", year=filters.get("year"))
    return render(
        request,
        "leisure/event_list.html",
        {"form": form, **paginate(request, rows, form), "may_add": access.may(request.user, "leisure.add_event")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request) -> HttpResponse:
    access.leisure_for_user(request.user, "leisure.add_event")
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(values=form.cleaned_data, by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("leisure:event", event.pk)
    return render(request, "leisure/event_form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, event_id: int) -> HttpResponse:
    """An event's details corrected: name, kind, day, place, visitors at the door, note."""
    event = access.event_for_user(request.user, event_id, write=True)
    shown = access.event_for_user(request.user, event_id)  # the form's checks change ``event`` in memory
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.event_update(event=event, values=values, by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("leisure:event", event.pk)
    return render(request, "leisure/event_form.html", {"form": form, "event": shown})


@login_required
@require_http_methods(["GET", "POST"])
def event_detail(request, event_id: int) -> HttpResponse:
    """An event with its schools or stands, and a count added or corrected (POST)."""
    event = access.event_for_user(request.user, event_id, write=request.method == "POST")
    form = TallyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_tally_set(
                event=event,
                name=form.cleaned_data["name"],
                organisation=form.cleaned_data["organisation"],
                count=form.cleaned_data["count"],
                by=request.user,
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The count is saved."))
            return redirect("leisure:event", event.pk)
    tallies = list(selectors.event_tallies(event.pk))
    return render(
        request,
        "leisure/event_detail.html",
        {
            "event": event,
            "tallies": tallies,
            "total": sum(tally.count for tally in tallies),
            "form": form,
            "may_change": access.may(request.user, "leisure.change_event"),
        },
    )
