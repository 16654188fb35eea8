"""Pages of the newcomer registry: search, file, create, edit, household, access history.

Search terms travel in POST bodies, never in URLs, so that names and numbers do
not end up in server logs or browser history.
"""

from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from haven.core.audit import access_history
from haven.core.forms import service_error_to_form
from haven.core.models import AccessPurpose
from haven.core.pagination import paginate
from haven.people import access, glass, policy, selectors, services
from haven.people.field_labels import field_labels
from haven.people.forms import BreakGlassForm, HouseholdLinkForm, PersonForm, SearchForm
from haven.people.models import HouseholdLink, file_reference
from haven.people.panels import person_panels_annotations, person_panels_render
from haven.people.purpose import (
    default_purpose,
    purpose_form,
    purpose_or_correction,
    read_purpose,
    remember_purpose,
    with_purpose,
)


def _file_url(person_id: int, purpose: str) -> str:
    return with_purpose(reverse("people:detail", args=[person_id]), purpose)


@login_required
@require_http_methods(["GET", "POST"])
def person_list(request) -> HttpResponse:
    """The registry, searchable. One view serves the page and its htmx partial. Queries:
    the page's rows (one more than a page, no count; a search asks first whether it has many
    matches: selectors.person_page), the trace, and the session's."""
    access.people_for_user(request.user)
    data = request.POST if request.method == "POST" else {"page": request.GET.get("page")}
    form = SearchForm(data, initial={"purpose": default_purpose(request)})
    cast(forms.ChoiceField, form.fields["purpose"]).choices = [("", ""), *policy.purposes_for(request.user)]
    query, page_number = "", 1
    purpose = default_purpose(request)
    if form.is_valid():
        query = form.cleaned_data["q"] or ""
        page_number = form.cleaned_data["page"] or 1
        if form.cleaned_data["purpose"]:
            purpose = form.cleaned_data["purpose"]
            remember_purpose(request, purpose)
    # Never counted while typing: a page and one row more (selectors.person_page).
    people = access.people_visible(selectors.person_list(query=query), request.user)
    page = selectors.person_page(people, page_number, settings.HAVEN_PAGE_SIZE)
    access.people_shown(request.user, [person.pk for person in page.object_list], purpose=purpose)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "purpose": purpose,
        "purposes": policy.purposes_for(request.user),
        "can_add": request.user.has_perm(access.ADD_PERMISSION),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "people/_results.html", context)
    return render(request, "people/person_list.html", context)


@login_required
def person_detail(request, person_id: int) -> HttpResponse:
    """The person's file. Opening it needs a purpose; without one the user is asked
    first, and nothing of the file is shown or logged."""
    # The user's roles, read once for the policy and the page's header alike.
    prefetch_related_objects([request.user], "groups")
    access.people_for_user(request.user)
    purpose = read_purpose(request)
    if purpose is None:
        form = purpose_form(request)
        return render(request, "people/purpose.html", {"form": form, "reference": file_reference(person_id)})
    # One query for the person, the household, the relationship and every panel; the read
    # and the household shown (25 parents and children at most) are traced in one insert.
    person = access.person_file_for_user(
        request.user, person_id, purpose=purpose, annotations=person_panels_annotations(request.user)
    )
    panels = person_panels_render(person=person, user=request.user, request=request, purpose=purpose)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "panels": panels,
            "purpose": purpose,
            "purpose_label": AccessPurpose(purpose).label,
            "can_change": request.user.has_perm(access.CHANGE_PERMISSION),
            "can_see_history": request.user.has_perm("core.view_accesslogentry"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request) -> HttpResponse:
    access.people_for_user(request.user, write=True)
    form = PersonForm(request.POST or None)
    candidates = []
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                by=request.user,
                values=form.person_values(),
                languages=form.cleaned_data["languages"],
                purpose=AccessPurpose.REGISTRATION,
                allow_similar=form.cleaned_data["allow_similar"],
            )
        except services.PossibleDuplicate as duplicate:
            candidates = duplicate.candidates
            access.people_shown(request.user, [person.pk for person in candidates], purpose=AccessPurpose.REGISTRATION)
            form.add_error(
                None,
                _(
                    "People with the same date of birth and a similar name are already registered. "
                    "Open their file if it is the same person, or confirm that this is someone else."
                ),
            )
        except services.AlreadyRegistered as taken:
            form.national_number_taken(
                taken,
                holder=access.person_if_openable(request.user, taken.existing_id, purpose=AccessPurpose.REGISTRATION),
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(
                request, _("The person is registered with file number %(reference)s.") % {"reference": person.reference}
            )
            return redirect(_file_url(person.pk, AccessPurpose.REGISTRATION))
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "candidates": candidates,
            "purpose": AccessPurpose.REGISTRATION,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_update(request, person_id: int) -> HttpResponse:
    purpose = purpose_or_correction(request.GET.get("purpose"))
    person = access.person_for_user(
        request.user, person_id, purpose=purpose, write=True, shows_file=request.method == "GET"
    )
    form = PersonForm(request.POST or None, instance=person, initial={"languages": list(person.languages.all())})
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.person_update(
                person=person,
                by=request.user,
                values=form.person_values(),
                languages=form.cleaned_data["languages"],
                purpose=purpose,
            )
        except services.AlreadyRegistered as taken:
            form.national_number_taken(
                taken, holder=access.person_if_openable(request.user, taken.existing_id, purpose=purpose)
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            if changed:
                messages.success(request, _("The changes are saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect(_file_url(person.pk, purpose))
    return render(request, "people/person_form.html", {"form": form, "person": person, "purpose": purpose})


@login_required
@require_POST
def household_link_add(request, person_id: int) -> HttpResponse:
    purpose = purpose_or_correction(request.POST.get("purpose"))
    person = access.person_for_user(request.user, person_id, purpose=purpose, write=True)
    form = HouseholdLinkForm(request.POST)
    if form.is_valid():
        other = form.cleaned_data["other_reference"]
        # Linking names the other person on this file: the user must be allowed to change theirs too.
        access.person_access(
            request.user, other.pk, purpose=purpose, log_read=False, permission=access.CHANGE_PERMISSION
        )
        parent, child = (person, other) if form.cleaned_data["relation"] == "child" else (other, person)
        try:
            services.household_link_create(parent=parent, child=child, by=request.user, purpose=purpose)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The household link is saved."))
    else:
        messages.error(request, " ".join(str(message) for errors in form.errors.values() for message in errors))
    return redirect(_file_url(person.pk, purpose))


@login_required
@require_POST
def household_link_remove(request, person_id: int, link_id: int) -> HttpResponse:
    purpose = purpose_or_correction(request.POST.get("purpose"))
    person = access.person_for_user(request.user, person_id, purpose=purpose, write=True)
    link = get_object_or_404(
        HouseholdLink.objects.filter(parent=person) | HouseholdLink.objects.filter(child=person), pk=link_id
    )
    services.household_link_delete(link=link, by=request.user, purpose=purpose)
    messages.success(request, _("The household link is removed."))
    return redirect(_file_url(person.pk, purpose))


@login_required
def person_access_history(request, person_id: int) -> HttpResponse:
    """Who read or changed this file, when and why. Shows no personal data but the
    file number, so a functional administrator can answer a GDPR request."""
    access.access_history_for_user(request.user)
    listed = paginate(request, access_history(person_id=person_id), size=50)
    for entry in listed["page"].object_list:
        entry.field_labels = field_labels(entry.fields)  # names, never values; labels in the reader's language
    return render(
        request,
        "people/access_history.html",
        {
            **listed,
            "person_reference": file_reference(person_id),
            "person_id": person_id,
        },
    )


@login_required
@require_POST
def break_glass(request, person_id: int) -> HttpResponse:
    """Open a file outside one's relationships: the reason is checked, remembered in the
    session for this file and logged with every read; then back to the page asked for."""
    access.people_for_user(request.user)
    form = BreakGlassForm(request.POST)
    next_url = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("people:detail", args=[person_id])
    if not policy.user_policy(request.user).may_break_glass:
        raise PermissionDenied
    if not form.is_valid():
        return render(
            request,
            "people/break_glass.html",
            {
                "form": form,
                "reference": file_reference(person_id),
                "person_id": person_id,
                "next": next_url,
            },
            status=422,
        )
    glass.glass_open(request, person_id, form.cleaned_data["reason"])
    return redirect(next_url)


def permission_denied(request, exception=None) -> HttpResponse:
    """The 403 page; for a file outside the user's relationships, the break-glass form."""
    if isinstance(exception, access.BreakGlassRequired):
        return render(
            request,
            "people/break_glass.html",
            {
                "form": BreakGlassForm(),
                "reference": file_reference(exception.person_id),
                "person_id": exception.person_id,
                "next": request.get_full_path(),
            },
            status=403,
        )
    message = str(exception) if isinstance(exception, access.PurposeRefused | access.FileRestricted) else ""
    return render(request, "403.html", {"message": message}, status=403)
