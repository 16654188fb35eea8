"""Testimony request pages: the list, a new request, its details corrected, and one
request with what can happen to it next: the ambassadors proposed by fit (the staff
picks one), the confirmation, the testimony given, the allowance paid, or cancelled.
The ambassadors a page shows are traced."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from haven.core.pagination import paginate
from haven.organisations import access, matching, selectors, services
from haven.organisations.forms import CancelForm, GiveForm, PayForm, ProposeForm, TestimonyFilterForm, TestimonyForm
from haven.organisations.models import Ambassador, TestimonyRequest, TestimonyState
from haven.organisations.views.common import form_page, refused, values_of

VIEW, ADD, CHANGE = (access.perm(action, "testimonyrequest") for action in ("view", "add", "change"))
ACTIONS = ("propose", "confirm", "give", "pay", "cancel")


@login_required
def request_list(request) -> HttpResponse:
    """Requests by state, theme and year. Queries: the count, the page, the trace of the
    ambassadors on it (as many for 1 row as for 25)."""
    access.line_for_user(request.user, VIEW)
    form = TestimonyFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.requests(
        state=filters.get("state") or "", theme=filters.get("theme") or "", year=filters.get("year")
    )
    pagination = paginate(request, rows, form)
    shown = [row.ambassador.person_id for row in pagination["page"].object_list if row.ambassador_id]
    access.people_shown(request.user, shown)
    context = {"form": form, **pagination, "may_add": access.may(request.user, ADD)}
    return render(request, "organisations/testimony_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request) -> HttpResponse:
    access.line_for_user(request.user, ADD)
    return _testimony_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request, testimony_id: int) -> HttpResponse:
    testimony = access.request_for_user(request.user, testimony_id, write=request.method == "POST")
    return _testimony_form(request, testimony)


def _testimony_form(request, testimony: TestimonyRequest | None) -> HttpResponse:
    initial = {name: getattr(testimony, name) for name in TestimonyForm.FIELDS} if testimony else None
    form = TestimonyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = values_of(form, TestimonyForm.FIELDS)
        try:
            if testimony is None:
                testimony = services.request_create(values=values, by=request.user)
            else:
                services.request_update(testimony=testimony, values=values, by=request.user)
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, _("The testimony request is saved."))
            return redirect("organisations:testimony", testimony.pk)
    return form_page(
        request,
        {
            "title": str(testimony) if testimony else _("New testimony request"),
            "active": "testimonies",
            "form": form,
            "form_id": "testimony-form",
            "cancel_url": reverse("organisations:testimony", args=[testimony.pk])
            if testimony
            else reverse("organisations:testimonies"),
        },
    )


def _act(request, testimony: TestimonyRequest, action: str, form: Any) -> TestimonyRequest:
    """Run the act posted; raises ValidationError (refused) or returns the testimony."""
    data = form.cleaned_data if form is not None else {}
    if action == "propose":
        ambassador = Ambassador.objects.filter(pk=data["ambassador"]).first()
        if ambassador is None:
            raise ValidationError({"ambassador": _("Choose an ambassador from the proposals.")})
        return services.request_propose(testimony=testimony, ambassador=ambassador, by=request.user)
    if action == "confirm":
        return services.request_confirm(testimony=testimony, by=request.user)
    if action == "give":
        return services.request_give(testimony=testimony, allowance=data.get("allowance"), by=request.user)
    if action == "pay":
        return services.request_pay(
            testimony=testimony, allowance=data["allowance"], paid_on=data["allowance_paid_on"], by=request.user
        )
    return services.request_cancel(testimony=testimony, note=data.get("note") or "", by=request.user)


FORMS = {"propose": ProposeForm, "give": GiveForm, "pay": PayForm, "cancel": CancelForm}
DONE = {
    "propose": gettext_lazy("The ambassador is proposed."),
    "confirm": gettext_lazy("The testimony is confirmed."),
    "give": gettext_lazy("The testimony is recorded as given."),
    "pay": gettext_lazy("The allowance is recorded as paid."),
    "cancel": gettext_lazy("The request is cancelled."),
}


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, testimony_id: int) -> HttpResponse:
    """A request with its ambassador and the proposals (GET), or an act on it (POST:
    ``action`` propose, confirm, give, pay or cancel); a refusal is shown on the page."""
    write = request.method == "POST"
    testimony = access.request_for_user(request.user, testimony_id, write=write)
    action = request.POST.get("action", "") if write else ""
    forms_: dict[str, Any] = {}
    error_message: list[str] = []
    if write:
        if action not in ACTIONS:
            error_message = [_("Choose what to do with the request.")]
        else:
            form = FORMS[action](request.POST) if action in FORMS else None
            if form is not None:
                forms_[action] = form
            if form is None or form.is_valid():
                try:
                    _act(request, testimony, action, form)
                except ValidationError as error:
                    error_message = _messages(error)
                    if form is not None:
                        refused(form, error)
                else:
                    messages.success(request, str(DONE[action]))
                    return redirect("organisations:testimony", testimony.pk)
            testimony = access.request_for_user(request.user, testimony_id)
    return _detail(request, testimony, forms_, error_message)


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(message) for messages_ in error.message_dict.values() for message in messages_]
    return list(error.messages)


def _detail(request, testimony: TestimonyRequest, forms_: dict, errors: list[str]) -> HttpResponse:
    may_change = access.may(request.user, CHANGE)
    state = testimony.state
    proposals = []
    if may_change and state in (TestimonyState.REQUESTED, TestimonyState.PROPOSED):
        proposals = [(fit, ambassador, _fit_labels(fit)) for fit, ambassador in selectors.proposals(testimony)]
    shown = {ambassador.person_id for _fit, ambassador, _labels in proposals}
    if testimony.ambassador is not None:
        shown.add(testimony.ambassador.person_id)
    access.people_shown(request.user, shown)
    context = {
        "testimony": testimony,
        "proposals": proposals,
        "give_form": forms_.get("give") or GiveForm(),
        "pay_form": forms_.get("pay") or PayForm(initial={"allowance": testimony.allowance}),
        "cancel_form": forms_.get("cancel") or CancelForm(),
        "errors": errors,
        "may_change": may_change,
        "purpose": "programme",
    }
    return render(request, "organisations/testimony_detail.html", context, status=422 if errors else 200)


def _fit_labels(fit: matching.Fit) -> dict[str, list[str]]:
    labels = {
        matching.THEME: (_("on the theme"), _("other themes")),
        matching.LANGUAGE: (_("speaks the language"), _("does not speak the language")),
        matching.WEEKDAY: (_("available that weekday"), _("not available that weekday")),
        matching.TRAVEL: (_("can come to the place"), _("does not travel outside Ghent")),
    }
    return {
        "matches": [str(labels[name][0]) for name in fit.matches],
        "misses": [str(labels[name][1]) for name in fit.misses],
    }
