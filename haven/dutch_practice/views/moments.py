"""The conversation moments' pages: the overview, logging a session (the daily act, one
page), the sessions and one session, the series (new, edit) and the volunteers (list,
registered by file number, edited). Access is decided in ``access``; every page that
shows volunteers or participants traces them."""

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
from haven.dutch_practice import access, selectors
from haven.dutch_practice.forms import (
    SeriesForm,
    SessionFilterForm,
    SessionLogForm,
    VolunteerFilterForm,
    VolunteerForm,
    VolunteerStartForm,
)
from haven.dutch_practice.services import moments as services
from haven.people.models import Person
from haven.people.purpose import default_purpose, page_purpose, with_purpose

RECENT = 8


@login_required
def home(request) -> HttpResponse:
    """The weekly moments and the latest sessions (no person shown). Queries: the series,
    the latest sessions."""
    access.practice_for_user(request.user)
    today = timezone.localdate()
    return render(
        request,
        "dutch_practice/home.html",
        {
            "series": list(selectors.series_list()),
            "recent": list(selectors.sessions()[:RECENT]),
            "today": today,
            "may_log": access.may(request.user, "dutch_practice.add_conversationsession"),
            "may_add_series": access.may(request.user, "dutch_practice.add_conversationseries"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_log(request) -> HttpResponse:
    """Log a session: moment (today's by default), day, volunteers present (ticked), head
    count, optionally participants by file number. The volunteers offered are traced."""
    access.practice_for_user(request.user, "dutch_practice.add_conversationsession")
    purpose = default_purpose(request)
    volunteers = selectors.volunteers(active_on=timezone.localdate())
    form = SessionLogForm(request.POST or None, volunteers=volunteers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_log(
                series=data["series"],
                held_on=data["held_on"],
                volunteers=data["volunteers"],
                participant_count=data["participant_count"],
                participants=list(Person.objects.filter(pk__in=data["participants"])),
                note=data["note"],
                by=request.user,
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(
                request,
                _("The session of %(date)s is logged: %(count)d participants.")
                % {"date": session.held_on.strftime("%d/%m/%Y"), "count": session.participant_count},
            )
            return redirect("dutch_practice:session_log")
    offered = list(volunteers)
    access.people_shown(request.user, [volunteer.person_id for volunteer in offered], purpose=purpose)
    return render(
        request,
        "dutch_practice/session_log.html",
        {"form": form, "recent": list(selectors.sessions()[:RECENT]), "offered": offered},
    )


@login_required
def session_list(request) -> HttpResponse:
    """Sessions by moment, level or year (no person shown): the count and the page."""
    access.practice_for_user(request.user)
    form = SessionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.sessions(
        series_id=filters["series"].pk if filters.get("series") else None,
        year=filters.get("year"),
        level=filters.get("level") or "",
    )
    return render(request, "dutch_practice/session_list.html", {"form": form, **paginate(request, rows, form)})


@login_required
def session_detail(request, practice_session_id: int) -> HttpResponse:
    """A session with its volunteers and participants named, all traced."""
    session = access.session_for_user(request.user, practice_session_id, purpose=default_purpose(request))
    return render(request, "dutch_practice/session_detail.html", {"session": session})


# Series -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def series_create(request) -> HttpResponse:
    access.practice_for_user(request.user, "dutch_practice.add_conversationseries")
    return _series_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def series_edit(request, series_id: int) -> HttpResponse:
    series = access.series_for_user(request.user, series_id, write=request.method == "POST")
    return _series_form(request, series)


def _series_form(request, series) -> HttpResponse:
    form = SeriesForm(request.POST or None, instance=series)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if series is None:
                series = services.series_create(values=values, by=request.user)
            else:
                services.series_update(series=series, values=values, by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The conversation moment is saved."))
            return redirect("dutch_practice:home")
    return render(
        request,
        "dutch_practice/series_form.html",
        {
            "form": form,
            "series": series if series is None or series.pk else None,
            "may_change": series is None or access.may(request.user, "dutch_practice.change_conversationseries"),
        },
    )


# Volunteers ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_list(request) -> HttpResponse:
    """Volunteers by name (traced), and a form to register one by file number (POST)."""
    access.practice_for_user(request.user, "dutch_practice.view_volunteer")
    purpose = default_purpose(request)
    start_form = None
    if access.may(request.user, "dutch_practice.add_volunteer"):
        start_form = VolunteerStartForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and start_form.is_valid():
            url = reverse("dutch_practice:volunteer_create", args=[start_form.cleaned_data["reference"]])
            return redirect(with_purpose(url, purpose))
    elif request.method == "POST":
        access.practice_for_user(request.user, "dutch_practice.add_volunteer")
    form = VolunteerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    pagination = paginate(request, selectors.volunteers(query=filters.get("q") or ""), form)
    access.people_shown(request.user, [row.person_id for row in pagination["page"].object_list], purpose=purpose)
    return render(
        request,
        "dutch_practice/volunteer_list.html",
        {"form": form, **pagination, "start_form": start_form, "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_create(request, person_id: int) -> HttpResponse:
    purpose = page_purpose(request, default_purpose(request))
    person = access.person_for_volunteer(request.user, person_id, purpose=purpose, write=request.method == "POST")
    form = VolunteerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = services.volunteer_create(person=person, values=form.cleaned_data, by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The volunteer is registered."))
            return redirect(with_purpose(reverse("dutch_practice:volunteer", args=[volunteer.pk]), purpose))
    return render(request, "dutch_practice/volunteer_form.html", {"person": person, "form": form, "purpose": purpose})


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_edit(request, volunteer_id: int) -> HttpResponse:
    """A volunteer's period and consent (the read logged with its purpose); corrected on POST."""
    purpose = page_purpose(request, default_purpose(request))
    write = request.method == "POST"
    volunteer = access.volunteer_for_user(request.user, volunteer_id, write=write, purpose=purpose)
    form = VolunteerForm.for_volunteer(volunteer, request.POST if write else None)
    if write and form.is_valid():
        try:
            services.volunteer_update(volunteer=volunteer, values=form.cleaned_data, by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The volunteer is saved."))
            return redirect(with_purpose(reverse("dutch_practice:volunteer", args=[volunteer.pk]), purpose))
    return render(
        request,
        "dutch_practice/volunteer_form.html",
        {
            "person": volunteer.person,
            "volunteer": volunteer,
            "form": form,
            "purpose": purpose,
            "may_change": access.may(request.user, "dutch_practice.change_volunteer"),
        },
    )
