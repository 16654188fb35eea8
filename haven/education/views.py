"""Education's pages for school referral: the referrals, the open ones by waiting time,
a new referral from the permanence hours, a referral's page with its steps, the schools
and the Toekomstdagen. Access is decided in ``access``; every person shown is traced."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from haven.core.forms import service_error_to_form
from haven.core.models import AccessPurpose
from haven.core.pagination import paginate
from haven.education import access, selectors, services
from haven.education.forms import (
    ContactForm,
    PlaceForm,
    ReferralFilterForm,
    ReferralForm,
    RegistrationForm,
    StartForm,
    WaitingFilterForm,
    WithdrawForm,
)
from haven.education.models import FutureDays, ReferralState
from haven.people import access as people_access
from haven.people.purpose import default_purpose, page_purpose, posted_purpose, purpose_page, read_purpose, with_purpose


def start_form(request, permission: str, url_name: str):
    """The "by file number" form of a list page: (form, redirect or None)."""
    if not request.user.has_perm(permission):
        return None, None
    form = StartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        url = reverse(url_name, args=[form.cleaned_data["reference"]])
        return form, redirect(with_purpose(url, default_purpose(request)))
    return form, None


@login_required
@require_http_methods(["GET", "POST"])
def referral_list(request) -> HttpResponse:
    """School referrals filtered by state and kind (GET); a new one by file number (POST)."""
    access.education_for_user(request.user)
    if request.method == "POST":
        access.education_for_user(request.user, access.ADD_REFERRAL)
    form = ReferralFilterForm(request.GET or None)
    state = kind = ""
    if form.is_valid():
        state, kind = form.cleaned_data["state"], form.cleaned_data["kind"]
    rows = people_access.people_visible(
        selectors.school_referrals(state=state, kind=kind), request.user, person_field="person_id"
    )
    pagination = paginate(request, rows, form)
    people_access.people_shown(
        request.user, [row.person_id for row in pagination["page"].object_list], purpose=default_purpose(request)
    )
    new_form, done = start_form(request, access.ADD_REFERRAL, "education:referral_create")
    if done:
        return done
    return render(
        request,
        "education/referral_list.html",
        {"form": form, **pagination, "purpose": default_purpose(request), "start_form": new_form},
    )


@login_required
@require_GET
def waiting(request) -> HttpResponse:
    """The open referrals, the longest waiting first, with the days waited."""
    access.education_for_user(request.user)
    form = WaitingFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    rows = people_access.people_visible(selectors.open_referrals(kind=kind), request.user, person_field="person_id")
    pagination = paginate(request, rows, form)
    page = pagination["page"]
    people_access.people_shown(
        request.user, [row.person_id for row in page.object_list], purpose=default_purpose(request)
    )
    today = timezone.localdate()
    return render(
        request,
        "education/waiting.html",
        {
            "form": form,
            **pagination,
            "rows": [(row, (today - row.requested_on).days) for row in page.object_list],
            "purpose": default_purpose(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request, person_id: int) -> HttpResponse:
    purpose = page_purpose(request, AccessPurpose.PROGRAMME)
    person = access.person_for_education(
        request.user, person_id, purpose=purpose, permission=access.ADD_REFERRAL, write=request.method == "POST"
    )
    form = ReferralForm(
        request.POST or None,
        initial={"requested_on": timezone.localdate(), "home_language": person.preferred_language_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.school_referral_create(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The school referral is registered."))
            return redirect(with_purpose(reverse("education:referral", args=[referral.pk]), purpose))
    if request.method == "POST":  # the form again, with the person named: shown, so traced
        people_access.people_shown(request.user, [person.pk], purpose=purpose)
    return render(request, "education/referral_form.html", {"person": person, "form": form, "purpose": purpose})


REFERRAL_STEPS = {"contact": ContactForm, "place": PlaceForm, "withdraw": WithdrawForm}


def _referral_step(request, referral, step: str, form) -> None:
    """Run one step of a referral from its valid form; a refusal goes on the form."""
    data = form.cleaned_data
    try:
        if step == "contact":
            services.school_contact_add(referral=referral, by=request.user, **data)
            messages.success(request, _("The school contacted is noted."))
        elif step == "place":
            services.school_referral_place(referral=referral, by=request.user, **data)
            messages.success(request, _("The school found is noted."))
        else:
            services.school_referral_withdraw(referral=referral, by=request.user, **data)
            messages.success(request, _("The referral is withdrawn."))
    except ValidationError as error:
        service_error_to_form(form, error)


@login_required
@require_http_methods(["GET", "POST"])
def referral_detail(request, school_referral_id: int) -> HttpResponse:
    """A referral with the schools contacted; its steps (POST ``step``: contact, place, withdraw)."""
    today = timezone.localdate()
    initial = {"contacted_on": today, "placed_on": today, "closed_on": today}
    forms = {name: form_class(prefix=name, initial=initial) for name, form_class in REFERRAL_STEPS.items()}
    if request.method == "POST":
        purpose = posted_purpose(request, AccessPurpose.PROGRAMME)
        referral = access.referral_for_user(request.user, school_referral_id, purpose=purpose, write=True)
        step = request.POST.get("step", "")
        if step in REFERRAL_STEPS:
            form = forms[step] = REFERRAL_STEPS[step](request.POST, prefix=step)
            if form.is_valid():
                _referral_step(request, referral, step, form)
                if not form.errors:
                    return redirect(with_purpose(reverse("education:referral", args=[referral.pk]), purpose))
        people_access.people_shown(request.user, [referral.person_id], purpose=purpose)
    else:
        access.education_for_user(request.user)
        asked = read_purpose(request)
        if asked is None:
            return purpose_page(request, _("school referral"))
        purpose = asked
        referral = access.referral_for_user(request.user, school_referral_id, purpose=purpose)
    return render(
        request,
        "education/referral_detail.html",
        {
            "referral": referral,
            "person": referral.person,
            "contacts": selectors.referral_contacts(referral),
            "forms": forms,
            "purpose": purpose,
            "is_open": referral.state == ReferralState.OPEN,
            "may_change": request.user.has_perm(access.CHANGE_REFERRAL),
        },
    )


@login_required
@require_GET
def school_list(request) -> HttpResponse:
    """The schools with their OKAN places per school year (reference data)."""
    access.education_for_user(request.user, "education.view_school")
    okan_only = request.GET.get("okan") == "1"
    pagination = paginate(request, selectors.schools(okan_only=okan_only), {"okan": "1"} if okan_only else None)
    return render(
        request,
        "education/school_list.html",
        {**pagination, "okan_only": okan_only, "may_add": request.user.has_perm("education.add_school")},
    )


@login_required
@require_GET
def future_days_list(request) -> HttpResponse:
    access.education_for_user(request.user, "education.view_futuredays")
    pagination = paginate(request, selectors.future_days_events())
    return render(
        request,
        "education/future_days_list.html",
        {**pagination, "may_add": request.user.has_perm("education.add_futuredays")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def future_days_detail(request, future_days_id: int) -> HttpResponse:
    """An event's sessions and the OKAN schools' pupils; a registration (POST)."""
    access.education_for_user(request.user, "education.view_futuredays")
    event = get_object_or_404(FutureDays, pk=future_days_id)
    form = None
    if request.user.has_perm("education.change_futuredaysregistration"):
        form = RegistrationForm(request.POST or None, event=event)
    elif request.method == "POST":
        access.education_for_user(request.user, "education.change_futuredaysregistration")
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.future_days_register(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The registration is saved."))
            return redirect("education:future_days_event", event.pk)
    sessions = selectors.future_days_sessions(event)
    return render(request, "education/future_days_detail.html", {"event": event, "sessions": sessions, "form": form})
