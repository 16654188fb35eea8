"""Pages of the newcomer registry: search, file, create, edit, household, access history.

Search terms travel in POST bodies, never in URLs, so that names and numbers do
not end up in server logs or browser history.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from haven.core.audit import access_history
from haven.core.models import AccessPurpose
from haven.people import access, selectors, services
from haven.people.forms import HouseholdLinkForm, PersonForm, PurposeForm, SearchForm
from haven.people.models import HouseholdLink, file_reference
from haven.people.panels import person_panels_render

PURPOSE_SESSION_KEY = "haven_purpose"
ROLE_PURPOSES = {
    "intake": AccessPurpose.REGISTRATION,
    "counsellor": AccessPurpose.COUNSELLING,
    "course_coordinator": AccessPurpose.COURSE,
    "programme_staff": AccessPurpose.PROGRAMME,
}


def default_purpose(request) -> str:
    chosen = request.session.get(PURPOSE_SESSION_KEY)
    if chosen in AccessPurpose.values:
        return chosen
    for code in request.user.role_codes:
        if code in ROLE_PURPOSES:
            return ROLE_PURPOSES[code]
    return AccessPurpose.AUDIT


def _purpose_or_correction(value: str | None) -> str:
    """The purpose a write was made for; correcting data when none (valid) was given."""
    return value if value in AccessPurpose.values else AccessPurpose.CORRECTION


def _file_url(person_id: int, purpose: str) -> str:
    return reverse("people:detail", args=[person_id]) + "?" + urlencode({"purpose": purpose})


@login_required
@require_http_methods(["GET", "POST"])
def person_list(request):
    """The registry, searchable. One view serves the page and its htmx partial."""
    access.people_for_user(request.user)
    data = request.POST if request.method == "POST" else {"page": request.GET.get("page")}
    form = SearchForm(data, initial={"purpose": default_purpose(request)})
    query, page_number = "", 1
    purpose = default_purpose(request)
    if form.is_valid():
        query = form.cleaned_data["q"] or ""
        page_number = form.cleaned_data["page"] or 1
        if form.cleaned_data["purpose"]:
            purpose = form.cleaned_data["purpose"]
            request.session[PURPOSE_SESSION_KEY] = purpose
    page = Paginator(selectors.person_list(query=query), settings.HAVEN_PAGE_SIZE).get_page(page_number)
    context = {
        "form": form, "page": page, "query": query, "purpose": purpose,
        "purposes": AccessPurpose.choices, "can_add": request.user.has_perm(access.ADD_PERMISSION),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "people/_results.html", context)
    return render(request, "people/person_list.html", context)


@login_required
def person_detail(request, person_id: int):
    """The person's file. Opening it needs a purpose; without one the user is asked
    first, and nothing of the file is shown or logged."""
    access.people_for_user(request.user)
    purpose = request.GET.get("purpose", "")
    if purpose not in AccessPurpose.values:
        form = PurposeForm(initial={"purpose": default_purpose(request)})
        return render(request, "people/purpose.html", {"form": form, "reference": file_reference(person_id)})
    request.session[PURPOSE_SESSION_KEY] = purpose
    person = access.person_for_user(request.user, person_id, purpose=purpose)
    panels = person_panels_render(person=person, user=request.user, request=request, purpose=purpose)
    return render(request, "people/person_detail.html", {
        "person": person, "panels": panels, "purpose": purpose,
        "purpose_label": AccessPurpose(purpose).label,
        "can_change": request.user.has_perm(access.CHANGE_PERMISSION),
        "can_see_history": request.user.has_perm("core.view_accesslogentry"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    access.people_for_user(request.user, write=True)
    form = PersonForm(request.POST or None)
    candidates = []
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                by=request.user, values=form.person_values(), languages=form.cleaned_data["languages"],
                purpose=AccessPurpose.REGISTRATION, allow_similar=form.cleaned_data["allow_similar"],
            )
        except services.PossibleDuplicate as duplicate:
            candidates = duplicate.candidates
            form.add_error(None, _(
                "People with the same date of birth and a similar name are already registered. "
                "Open their file if it is the same person, or confirm that this is someone else."
            ))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person is registered with file number %(reference)s.") % {
                "reference": person.reference})
            return redirect(_file_url(person.pk, AccessPurpose.REGISTRATION))
    return render(request, "people/person_form.html", {
        "form": form, "candidates": candidates, "purpose": AccessPurpose.REGISTRATION,
    })


@login_required
@require_http_methods(["GET", "POST"])
def person_update(request, person_id: int):
    purpose = _purpose_or_correction(request.GET.get("purpose"))
    person = access.person_for_user(request.user, person_id, purpose=purpose, write=True,
                                    shows_file=request.method == "GET")
    form = PersonForm(request.POST or None, instance=person,
                      initial={"languages": list(person.languages.all())})
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.person_update(
                person=person, by=request.user, values=form.person_values(),
                languages=form.cleaned_data["languages"], purpose=purpose,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changed:
                messages.success(request, _("The changes are saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect(_file_url(person.pk, purpose))
    return render(request, "people/person_form.html", {"form": form, "person": person, "purpose": purpose})


@login_required
@require_POST
def household_link_add(request, person_id: int):
    purpose = _purpose_or_correction(request.POST.get("purpose"))
    person = access.person_for_user(request.user, person_id, purpose=purpose, write=True)
    form = HouseholdLinkForm(request.POST)
    if form.is_valid():
        other = form.cleaned_data["other_reference"]
        parent, child = (person, other) if form.cleaned_data["relation"] == "child" else (other, person)
        try:
            services.household_link_create(parent=parent, child=child, by=request.user, purpose=purpose)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The household link is saved."))
    else:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect(_file_url(person.pk, purpose))


@login_required
@require_POST
def household_link_remove(request, person_id: int, link_id: int):
    purpose = _purpose_or_correction(request.POST.get("purpose"))
    person = access.person_for_user(request.user, person_id, purpose=purpose, write=True)
    link = get_object_or_404(HouseholdLink.objects.filter(parent=person) | HouseholdLink.objects.filter(child=person),
                             pk=link_id)
    services.household_link_delete(link=link, by=request.user, purpose=purpose)
    messages.success(request, _("The household link is removed."))
    return redirect(_file_url(person.pk, purpose))


@login_required
def person_access_history(request, person_id: int):
    """Who read or changed this file, when and why. Shows no personal data but the
    file number, so a functional administrator can answer a GDPR request."""
    access.access_history_for_user(request.user)
    page = Paginator(access_history(person_id=person_id), 50).get_page(request.GET.get("page"))
    return render(request, "people/access_history.html", {
        "page": page, "person_reference": file_reference(person_id), "person_id": person_id,
    })

