"""The staff's pages of the directory of practice opportunities: the list (published or
not), a new opportunity, one corrected. No person is named: the contact is the organiser's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.core.forms import service_error_to_form
from haven.core.pagination import paginate
from haven.dutch_practice import access, selectors
from haven.dutch_practice.forms import OpportunityFilterForm, OpportunityForm
from haven.dutch_practice.services import directory as services


@login_required
def opportunity_list(request) -> HttpResponse:
    access.practice_for_user(request.user, "dutch_practice.view_opportunity")
    form = OpportunityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    published = {"yes": True, "no": False}.get(filters.get("published") or "")
    rows = selectors.opportunities(query=filters.get("q") or "", published=published)
    return render(
        request,
        "dutch_practice/opportunity_list.html",
        {
            "form": form,
            **paginate(request, rows, form),
            "may_add": access.may(request.user, "dutch_practice.add_opportunity"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_create(request) -> HttpResponse:
    access.practice_for_user(request.user, "dutch_practice.add_opportunity")
    return _opportunity_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request, opportunity_id: int) -> HttpResponse:
    opportunity = access.opportunity_for_user(request.user, opportunity_id, write=request.method == "POST")
    return _opportunity_form(request, opportunity)


def _opportunity_form(request, opportunity) -> HttpResponse:
    form = OpportunityForm(request.POST or None, instance=opportunity)
    shown = opportunity.title if opportunity is not None else ""
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if opportunity is None:
                services.opportunity_create(values=values, by=request.user)
            else:
                services.opportunity_update(opportunity=opportunity, values=values, by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The practice opportunity is saved."))
            return redirect("dutch_practice:opportunities")
    return render(
        request,
        "dutch_practice/opportunity_form.html",
        {
            "form": form,
            "opportunity": opportunity,
            "shown_title": shown,
            "may_change": opportunity is None or access.may(request.user, "dutch_practice.change_opportunity"),
        },
    )
