"""Facts and registration with the live status decision, and a registration's page with the
form to sign a contract."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from haven.core.audit import access_record
from haven.core.forms import service_error_to_form
from haven.core.models import AccessAction, AccessPurpose
from haven.integration import access, services
from haven.integration.explanation import decision_shown
from haven.integration.forms import KEEP, SENSITIVE_FACT, ContractSignForm, FactsForm, RegistrationForm, facts_check
from haven.integration.models import ContractState, IntegrationFacts, TargetGroupStatus
from haven.integration.views.purposes import contract_url, registration_url
from haven.people.access import purpose_or_default
from haven.people.purpose import default_purpose, page_purpose, posted_purpose, purpose_page, read_purpose, with_purpose

CONTRACT_STATUSES = (TargetGroupStatus.OBLIGATED, TargetGroupStatus.ENTITLED)


# Facts, registration and the live decision ---------------------------------------------------


def _facts_form(form_class, request, *, person, data=None, asked_on=None, health_editable: bool):
    """The facts form of ``person`` with the recorded values as initial ones. Where the
    user may not see the health fact it is hidden (facts page) or offered as "as recorded"
    (registration form, ``health_editable``)."""
    recorded = IntegrationFacts.objects.filter(person=person).first()
    visible = access.sensitive_facts_visible(request.user, person.pk)
    if visible or recorded is None or recorded.serious_illness_certificate is None:
        health = "edit" if (visible or health_editable) else "hidden"
    else:
        health = "keep" if health_editable else "hidden"
    initial = {name: getattr(recorded, name) for name in services.FACT_FIELDS} if recorded else {}
    if health != "edit":
        initial.pop(SENSITIVE_FACT, None)
        if health == "keep":
            initial[SENSITIVE_FACT] = KEEP
    form = form_class(data, initial=initial, person=person, recorded=recorded, asked_on=asked_on, health=health)
    return form, visible


def _preview(form, *, visible: bool, asked_on) -> dict:
    """The decision for what the form holds now, for the live partial: the valid fields,
    the others counted as unknown."""
    valid = form.is_valid()
    if valid:
        decision = form.decision
    else:
        try:
            decision = facts_check(
                person=form.person,
                values=form.fact_values(partial=True),
                asked_on=form.cleaned_data.get("registered_on") or asked_on,
                recorded=form.recorded,
            )
        except ValidationError as error:
            return {"preview_error": " ".join(error.messages)}
    masked = not visible and form.health_kept()
    return {"decision": decision_shown(decision, masked=masked), "incomplete": not valid}


def _facts_asked_on(person):
    """The facts page shows the decision for the person's latest registration (the
    date facts_save re-evaluates it for), or for today."""
    latest = person.registrations.order_by("-registered_on", "-id").first()
    return latest, (latest.registered_on if latest else timezone.localdate())


@login_required
@require_http_methods(["GET", "POST"])
def registration_create(request, person_id: int) -> HttpResponse:
    """Register a person for civic integration: the facts, the date, and the status the
    rules decide, shown live as the user fills in the form; saved with the decision."""
    purpose = posted_purpose(request, AccessPurpose.REGISTRATION)
    person = access.person_for_integration(
        request.user,
        person_id,
        purpose=purpose,
        permission="integration.add_registration",
        write=request.method == "POST",
    )
    form, visible = _facts_form(
        RegistrationForm, request, person=person, data=request.POST or None, health_editable=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the facts and the registration together, or neither
                services.facts_save(person=person, values=form.fact_values(), by=request.user, purpose=purpose)
                registration = services.registration_create(
                    person=person, registered_on=form.cleaned_data["registered_on"], by=request.user
                )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(
                request,
                _("The registration is saved with the status “%(status)s”.")
                % {"status": registration.get_current_status_display()},
            )
            return redirect(registration_url(registration.pk, purpose))
    context = {
        "person": person,
        "form": form,
        "purpose": purpose,
        "mode": "registration",
        "preview_url": reverse("integration:register_preview", args=[person.pk]),
    }
    context.update(
        _preview(form, visible=visible, asked_on=timezone.localdate())
        if form.is_bound
        else _initial_preview(form, visible=visible, asked_on=timezone.localdate())
    )
    return render(request, "integration/registration_form.html", context)


def _initial_preview(form, *, visible: bool, asked_on) -> dict:
    """The decision for the recorded facts, before the user changes anything."""
    try:
        decision = facts_check(person=form.person, values={}, asked_on=asked_on, recorded=form.recorded)
    except ValidationError as error:
        return {"preview_error": " ".join(error.messages)}
    masked = not visible and form.health != "edit"
    return {"decision": decision_shown(decision, masked=masked), "incomplete": False}


@login_required
@require_http_methods(["GET", "POST"])
def facts_edit(request, person_id: int) -> HttpResponse:
    """Complete or correct the facts; every registration of the person is re-evaluated."""
    purpose = page_purpose(request, default_purpose(request))
    person = access.person_for_integration(
        request.user,
        person_id,
        purpose=purpose,
        permission="integration.change_integrationfacts",
        write=request.method == "POST",
    )
    latest, asked_on = _facts_asked_on(person)
    form, visible = _facts_form(
        FactsForm, request, person=person, data=request.POST or None, asked_on=asked_on, health_editable=False
    )
    if request.method == "POST" and form.is_valid():
        statuses = dict(person.registrations.values_list("pk", "current_status"))
        try:
            _facts, changed = services.facts_save(
                person=person, values=form.fact_values(), by=request.user, purpose=purpose
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            if changed:
                messages.success(request, _("The facts are saved."))
                now = dict(person.registrations.values_list("pk", "current_status"))
                if any(statuses[pk] != now.get(pk) for pk in statuses):
                    messages.warning(request, _("The status of a registration changed: see its history."))
            else:
                messages.info(request, _("Nothing was changed."))
            if latest is not None:
                return redirect(registration_url(latest.pk, purpose))
            return redirect(with_purpose(reverse("people:detail", args=[person.pk]), purpose))
    context = {
        "person": person,
        "form": form,
        "purpose": purpose,
        "mode": "facts",
        "latest": latest,
        "asked_on": asked_on,
        "preview_url": reverse("integration:facts_preview", args=[person.pk]),
    }
    context.update(
        _preview(form, visible=visible, asked_on=asked_on)
        if form.is_bound
        else _initial_preview(form, visible=visible, asked_on=asked_on)
    )
    return render(request, "integration/facts_form.html", context)


@login_required
@require_POST
def decision_preview(request, person_id: int, mode: str) -> HttpResponse:
    """The htmx partial: the decision the rules would take for the form as it is now.
    Saves nothing and logs nothing (opening the form was logged)."""
    permission = "integration.add_registration" if mode == "registration" else "integration.change_integrationfacts"
    person = access.person_for_integration(
        request.user,
        person_id,
        purpose=purpose_or_default(request.user, None, AccessPurpose.REGISTRATION),
        permission=permission,
        write=True,
    )
    if mode == "registration":
        asked_on = timezone.localdate()
        form, visible = _facts_form(RegistrationForm, request, person=person, data=request.POST, health_editable=True)
    else:
        _latest, asked_on = _facts_asked_on(person)
        form, visible = _facts_form(
            FactsForm, request, person=person, data=request.POST, asked_on=asked_on, health_editable=False
        )
    return render(request, "integration/_decision_live.html", _preview(form, visible=visible, asked_on=asked_on))


# Registration ------------------------------------------------------------------------------


def _registration_page(request, registration, purpose: str, *, sign_form=None, status: int = 200):
    if request.method == "POST":  # the sign form with errors shows the registration again: a read
        access_record(user=request.user, person_id=registration.person_id, action=AccessAction.VIEW, purpose=purpose)
    user = request.user
    masked = not access.sensitive_facts_visible(user, registration.person_id)
    decisions = list(registration.decisions.select_related("created_by").order_by("asked_on", "id"))
    shown = [(decision, decision_shown(decision, masked=masked)) for decision in decisions]
    contracts = list(registration.contracts.select_related("counsellor"))
    # One running or completed contract per registration (contract_sign refuses another).
    signed = any(contract.state != ContractState.ENDED for contract in contracts)
    may_sign = (
        user.has_perm("integration.add_contract")
        and user.has_perm("integration.add_registration")
        and registration.current_status in CONTRACT_STATUSES
        and not signed
    )
    may_assign = access.may_choose_counsellor(user)
    if may_sign and sign_form is None:
        sign_form = ContractSignForm(may_assign=may_assign)
    return render(
        request,
        "integration/registration_detail.html",
        {
            "registration": registration,
            "person": registration.person,
            "purpose": purpose,
            "purpose_label": AccessPurpose(purpose).label,
            "decisions": shown,
            "contracts": contracts,
            "latest": shown[-1][1] if shown else None,
            "may_sign": may_sign,
            "sign_form": sign_form,
            "may_edit_facts": user.has_perm("integration.change_integrationfacts"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_detail(request, registration_id: int) -> HttpResponse:
    """A registration: its status then and now, the history of decisions with their
    explanation, and the form to sign a contract (POST)."""
    if request.method == "POST":
        return _contract_sign(request, registration_id)
    access.integration_for_user(request.user, "integration.view_registration")  # before asking anything
    purpose = read_purpose(request)
    if purpose is None:
        return purpose_page(request, _("registration"))
    registration = access.registration_for_user(request.user, registration_id, purpose=purpose)
    return _registration_page(request, registration, purpose)


def _contract_sign(request, registration_id: int):
    purpose = posted_purpose(request)
    registration = access.registration_for_user(request.user, registration_id, purpose=purpose, write=True)
    access.integration_for_user(request.user, "integration.add_contract")
    may_assign = access.may_choose_counsellor(request.user)
    form = ContractSignForm(request.POST, may_assign=may_assign)
    if form.is_valid():
        counsellor = form.cleaned_data.get("counsellor") if may_assign else None
        try:
            contract = services.contract_sign(
                registration=registration,
                signed_on=form.cleaned_data["signed_on"],
                by=request.user,
                components=form.components(),
                counsellor=counsellor,
                override_reason=form.cleaned_data.get("override_reason") or "",
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The contract is signed."))
            return redirect(contract_url(contract.pk, purpose))
    return _registration_page(request, registration, purpose, sign_form=form)
