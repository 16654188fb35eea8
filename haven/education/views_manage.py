"""Education's pages where the programme staff keep their reference data and programmes:
a school and its OKAN places per school year, a new Toekomstdagen event with its sessions,
a new pre-track cohort with its modules, a participant added by file number (starting the
"programme" relationship) and a participation ended. Each write goes through a service;
a refusal is shown on the field it names. Every page that names a person traces it."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.core.forms import service_error_to_form
from haven.core.models import AccessPurpose
from haven.education import access, services
from haven.education.forms import (
    CohortForm,
    FutureDaysForm,
    OkanPlacesForm,
    ParticipantEndForm,
    ParticipantForm,
    SchoolForm,
)
from haven.education.models import OkanPlaces, ParticipantState, PreTrackCohort, School
from haven.people import access as people_access
from haven.people.purpose import page_purpose, posted_purpose, purpose_page, read_purpose, with_purpose

ADD_SCHOOL = "education.add_school"
CHANGE_SCHOOL = "education.change_school"
ADD_FUTURE_DAYS = "education.add_futuredays"
ADD_COHORT = "education.add_pretrackcohort"


@login_required
@require_http_methods(["GET", "POST"])
def school_create(request) -> HttpResponse:
    access.education_for_user(request.user, ADD_SCHOOL)
    form = SchoolForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            school = services.school_create(
                name=data["name"], okan=data["okan"], address=data["address"], phone=data["phone"], by=request.user
            )
            if not data["active"]:
                services.school_update(school=school, **data, by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The school is saved."))
            return redirect("education:school", school.pk)
    return render(request, "education/school_form.html", {"form": form, "school": None})


@login_required
@require_http_methods(["GET", "POST"])
def school_detail(request, school_id: int) -> HttpResponse:
    """A school's details (POST ``step`` "school") and its OKAN places per school year
    (POST ``step`` "places": set again, replaced)."""
    access.education_for_user(request.user, "education.view_school")
    school = get_object_or_404(School, pk=school_id)
    may_change = request.user.has_perm(CHANGE_SCHOOL)
    may_places = request.user.has_perm("education.add_okanplaces") and request.user.has_perm(
        "education.change_okanplaces"
    )
    values = {name: getattr(school, name) for name in ("name", "address", "phone", "okan", "active")}
    school_form = SchoolForm(initial=values, prefix="school")
    places_form = OkanPlacesForm(initial={"school_year": _school_year_now()}, prefix="places")
    if request.method == "POST":
        step = request.POST.get("step", "")
        form: forms.Form
        if step == "places":
            access.education_for_user(request.user, "education.change_okanplaces")
            form = places_form = OkanPlacesForm(request.POST, prefix="places")
        else:
            access.education_for_user(request.user, CHANGE_SCHOOL)
            form = school_form = SchoolForm(request.POST, prefix="school")
        if form.is_valid():
            try:
                if step == "places":
                    services.okan_places_set(school=school, by=request.user, **form.cleaned_data)
                else:
                    services.school_update(school=school, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                service_error_to_form(form, error)
                school.refresh_from_db()
            else:
                messages.success(request, _("The school is saved."))
                return redirect("education:school", school.pk)
    return render(
        request,
        "education/school_form.html",
        {
            "school": school,
            "form": school_form,
            "places_form": places_form,
            "places": list(OkanPlaces.objects.filter(school=school).order_by("-school_year")),
            "may_change": may_change,
            "may_places": may_places,
        },
    )


def _school_year_now() -> int:
    today = timezone.localdate()
    return today.year if today.month >= 8 else today.year - 1


@login_required
@require_http_methods(["GET", "POST"])
def future_days_create(request) -> HttpResponse:
    """A new Toekomstdagen event with a session on each day given."""
    access.education_for_user(request.user, ADD_FUTURE_DAYS)
    form = FutureDaysForm(
        request.POST or None, initial={"year": timezone.localdate().year, "title": _("Toekomstdagen")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.future_days_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The Toekomstdagen are saved: register the OKAN schools."))
            return redirect("education:future_days_event", event.pk)
    return render(request, "education/future_days_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request) -> HttpResponse:
    """A new pre-track cohort for an academic year, with its modules."""
    access.education_for_user(request.user, ADD_COHORT)
    form = CohortForm(request.POST or None, initial={"academic_year": _school_year_now()})
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.pre_track_cohort_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The cohort is saved: add its participants."))
            return redirect("education:cohort", cohort.pk)
    return render(request, "education/cohort_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def participant_create(request, cohort_id: int, person_id: int) -> HttpResponse:
    """A person joins a cohort: the participation starts the "programme" relationship."""
    purpose = page_purpose(request, AccessPurpose.PROGRAMME)
    person = access.person_for_education(
        request.user, person_id, purpose=purpose, permission=access.ADD_PARTICIPANT, write=request.method == "POST"
    )
    cohort = get_object_or_404(PreTrackCohort, pk=cohort_id)
    form = ParticipantForm(request.POST or None, cohort=cohort, initial={"started_on": cohort.starts_on})
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.pre_track_participant_add(
                cohort=cohort, person=person, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The participant is added to the cohort."))
            return redirect(with_purpose(reverse("education:participant", args=[participant.pk]), purpose))
    if request.method == "POST":  # the form again, with the person named: shown, so traced
        people_access.people_shown(request.user, [person.pk], purpose=purpose)
    return render(
        request,
        "education/participant_form.html",
        {"person": person, "cohort": cohort, "form": form, "purpose": purpose},
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_detail(request, participant_id: int) -> HttpResponse:
    """A participation with its modules; dropped out or graduated (POST)."""
    form = ParticipantEndForm(initial={"ended_on": timezone.localdate()})
    if request.method == "POST":
        purpose = posted_purpose(request, AccessPurpose.PROGRAMME)
        participant = access.participant_for_user(request.user, participant_id, purpose=purpose, write=True)
        form = ParticipantEndForm(request.POST)
        if form.is_valid():
            try:
                services.pre_track_participant_end(participant=participant, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                service_error_to_form(form, error)
                participant.refresh_from_db()
            else:
                messages.success(request, _("The participation is saved."))
                return redirect(with_purpose(reverse("education:participant", args=[participant.pk]), purpose))
        people_access.people_shown(request.user, [participant.person_id], purpose=purpose)
    else:
        access.education_for_user(request.user, access.VIEW_PARTICIPANT)
        asked = read_purpose(request)
        if asked is None:
            return purpose_page(request, _("pre-track participation"))
        purpose = asked
        participant = access.participant_for_user(request.user, participant_id, purpose=purpose)
    return render(
        request,
        "education/participant_detail.html",
        {
            "participant": participant,
            "person": participant.person,
            "cohort": participant.cohort,
            "modules": list(participant.modules.order_by("id")),
            "form": form,
            "purpose": purpose,
            "may_end": participant.state == ParticipantState.STARTED
            and request.user.has_perm(access.CHANGE_PARTICIPANT),
        },
    )
