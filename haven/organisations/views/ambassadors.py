"""Ambassador pages: the list (a person started by file number), a person of the
registry made ambassador, someone new registered as ambassador, one ambassador with
their testimonies, the ambassador's record changed, and their consent withdrawn. Every page that shows an
ambassador traces them; a single ambassador is read with a purpose."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.core.pagination import paginate
from haven.organisations import access, selectors, services
from haven.organisations.forms import (
    AmbassadorFilterForm,
    AmbassadorForm,
    AmbassadorPersonForm,
    ConsentWithdrawForm,
    FileNumberForm,
)
from haven.organisations.views.common import form_page, refused, values_of
from haven.people import access as people_access
from haven.people.purpose import default_purpose, page_purpose, purpose_page, read_purpose, with_purpose
from haven.people.services import PossibleDuplicate

VIEW, ADD, CHANGE = (access.perm(action, "ambassador") for action in ("view", "add", "change"))
PERSON_FIELDS = ("given_names", "family_name", "birth_date", "sex", "nationality", "national_number")


@login_required
@require_http_methods(["GET", "POST"])
def ambassador_list(request) -> HttpResponse:
    """Ambassadors by status, theme and name (GET); a person made ambassador by file
    number (POST). Queries: the policy, the count, the page, the languages, the trace."""
    access.line_for_user(request.user, VIEW)
    if request.method == "POST":
        access.line_for_user(request.user, ADD)
    form = AmbassadorFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.ambassadors(
        status=filters.get("status") or "", theme=filters.get("theme") or "", query=filters.get("q") or ""
    )
    pagination = paginate(request, people_access.people_visible(rows, request.user, person_field="person_id"), form)
    purpose = default_purpose(request)
    access.people_shown(request.user, [row.person_id for row in pagination["page"].object_list], purpose=purpose)
    start_form = None
    if access.may(request.user, ADD):
        start_form = FileNumberForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and start_form.is_valid():
            url = reverse("organisations:ambassador_create", args=[start_form.cleaned_data["reference"]])
            return redirect(with_purpose(url, purpose))
    context = {"form": form, **pagination, "purpose": purpose, "start_form": start_form}
    return render(request, "organisations/ambassador_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ambassador_create(request, person_id: int) -> HttpResponse:
    """A person of the registry becomes an ambassador."""
    purpose = page_purpose(request, default_purpose(request))
    person = access.person_for_ambassador(request.user, person_id, purpose=purpose, write=request.method == "POST")
    form = AmbassadorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ambassador = services.ambassador_create(
                person=person, values=values_of(form, AmbassadorForm.FIELDS), by=request.user, purpose=purpose
            )
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, _("The ambassador is saved."))
            return redirect(with_purpose(reverse("organisations:ambassador", args=[ambassador.pk]), purpose))
    context = {"person": person, "form": form, "purpose": purpose, "person_form": None}
    return render(request, "organisations/ambassador_form.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def ambassador_register(request) -> HttpResponse:
    """Someone new to the registry becomes an ambassador: registered, then the role."""
    access.line_for_user(request.user, ADD)
    data = request.POST or None
    person_form, form = AmbassadorPersonForm(data, prefix="person"), AmbassadorForm(data)
    if request.method == "POST" and person_form.is_valid() and form.is_valid():
        try:
            ambassador = services.ambassador_register(
                person_values=values_of(person_form, PERSON_FIELDS),
                languages=person_form.cleaned_data["languages"],
                values=values_of(form, AmbassadorForm.FIELDS),
                by=request.user,
                allow_similar=person_form.cleaned_data["confirm_new"],
            )
        except PossibleDuplicate:
            person_form.add_error(
                "confirm_new",
                _(
                    "People with a similar name and the same date of birth are registered. Look the person up "
                    "and start from their file number, or confirm this is someone else."
                ),
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for name, messages_ in errors.items():
                target = person_form if name in person_form.fields else form
                target.add_error(name if name in target.fields else None, messages_)
        else:
            messages.success(request, _("The ambassador is saved."))
            url = reverse("organisations:ambassador", args=[ambassador.pk])
            return redirect(with_purpose(url, "programme"))
    failed = request.method == "POST" and (person_form.errors or form.errors)
    context = {"person": None, "form": form, "person_form": person_form, "purpose": "programme"}
    return render(request, "organisations/ambassador_form.html", context, status=422 if failed else 200)


@login_required
def ambassador_detail(request, ambassador_id: int) -> HttpResponse:
    """An ambassador with their testimonies: the purpose asked first, the read logged."""
    access.line_for_user(request.user, VIEW)
    purpose = read_purpose(request)
    if purpose is None:
        return purpose_page(request, _("ambassador"))
    ambassador = access.ambassador_for_user(request.user, ambassador_id, purpose=purpose)
    testimonies = selectors.requests(ambassador_id=ambassador.pk)
    context = {
        "ambassador": ambassador,
        "person": ambassador.person,
        "languages": list(ambassador.person.languages.order_by("code")),
        **paginate(request, testimonies, {"purpose": purpose}),
        "purpose": purpose,
        "may_change": access.may(request.user, CHANGE),
    }
    return render(request, "organisations/ambassador_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ambassador_edit(request, ambassador_id: int) -> HttpResponse:
    purpose = page_purpose(request, default_purpose(request))
    write = request.method == "POST"
    ambassador = access.ambassador_for_user(request.user, ambassador_id, write=write, purpose=purpose)
    form = AmbassadorForm(request.POST or None, initial=AmbassadorForm.initial_of(ambassador))
    if write and form.is_valid():
        try:
            services.ambassador_update(
                ambassador=ambassador, values=values_of(form, AmbassadorForm.FIELDS), by=request.user, purpose=purpose
            )
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, _("The ambassador is saved."))
            return redirect(with_purpose(reverse("organisations:ambassador", args=[ambassador.pk]), purpose))
    return form_page(
        request,
        {
            "title": f"{ambassador.person.family_name.upper()} {ambassador.person.given_names}",
            "eyebrow": _("Ambassador"),
            "active": "ambassadors",
            "form": form,
            "form_id": "ambassador-form",
            "purpose": purpose,
            "cancel_url": with_purpose(reverse("organisations:ambassador", args=[ambassador.pk]), purpose),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ambassador_consent_withdraw(request, ambassador_id: int) -> HttpResponse:
    """The ambassador's consent withdrawn, after a confirmation page that names the
    testimonies it releases. Opening it is a read (logged); the withdrawal is a change
    (the service logs it, with the audit trail)."""
    purpose = page_purpose(request, default_purpose(request))
    write = request.method == "POST"
    ambassador = access.ambassador_for_user(request.user, ambassador_id, write=write, purpose=purpose)
    detail_url = with_purpose(reverse("organisations:ambassador", args=[ambassador.pk]), purpose)
    if ambassador.consent_withdrawn_on is not None:
        messages.info(request, _("This consent is withdrawn already."))
        return redirect(detail_url)
    form = ConsentWithdrawForm(request.POST if write else None)
    if write and form.is_valid():
        try:
            services.ambassador_consent_withdraw(
                ambassador=ambassador, by=request.user, on=form.cleaned_data["consent_withdrawn_on"], purpose=purpose
            )
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, _("The consent is withdrawn: this ambassador is proposed no more."))
            return redirect(detail_url)
    released = services.testimonies_released(ambassador, timezone.localdate())
    context = {
        "subnav": "organisations/_subnav.html",
        "active": "ambassadors",
        "eyebrow": _("Ambassador"),
        "title": f"{ambassador.person.family_name.upper()} {ambassador.person.given_names}",
        "given_on": ambassador.consent_given_on,
        "text_version": ambassador.consent_text_version,
        "consequences": _(
            "From that day the ambassador is no longer proposed for testimonies and cannot be confirmed for one. "
            "The testimonies below go back to “requested”, without an ambassador."
        )
        if released
        else _("From that day the ambassador is no longer proposed for testimonies and cannot be confirmed for one."),
        "items": [f"{testimony.held_on:%d/%m/%Y} · {testimony.requester}" for testimony in released],
        "form": form,
        "purpose": purpose,
        "cancel_url": detail_url,
    }
    return render(request, "core/consent_withdraw.html", context, status=422 if form.errors else 200)
