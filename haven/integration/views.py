"""Pages of the civic-integration line: registration with a live status decision,
facts, registrations, contracts with their trajectory, caseloads, the team, pauses
that end soon and diploma recognition dossiers.

Every view gets its object through ``integration.access`` (or the registry's access
function): reads are logged there with the purpose from the URL; writes go through
``integration.services``, which log the change. URLs carry ids and purposes only.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from haven.core.models import AccessPurpose
from haven.integration import access, selectors, services
from haven.integration.explanation import decision_shown
from haven.integration.forms import (
    KEEP, SENSITIVE_FACT, CaseloadFilterForm, CertificateForm, ContractProgressForm, ContractSignForm,
    DossierCreateForm, DossierFilterForm, DossierStartForm, DossierUpdateForm, ExemptionTestRegisterForm,
    ExemptionTestResultForm, FactsForm, PauseForm, ReassignForm, ReferralForm, ReferralOutcomeForm, RegistrationForm,
    facts_check,
)
from haven.integration.models import (
    Contract, ContractState, CounsellorProfile, ExemptionTestResult, IntegrationFacts, ReferralOutcome,
    TargetGroupStatus,
)
from haven.integration.report import DAYS_PER_MONTH, round_half_up
from haven.people import access as people_access
from haven.people.access import purpose_or_default
from haven.people.views import PURPOSE_SESSION_KEY, default_purpose, purpose_form

PAGE_SIZE = 25
CONTRACT_STATUSES = (TargetGroupStatus.OBLIGATED, TargetGroupStatus.ENTITLED)


# Purposes and addresses --------------------------------------------------------------------


def _read_purpose(request) -> str | None:
    """The purpose in the URL, remembered in the session; None if absent or unknown."""
    purpose = request.GET.get("purpose", "")
    if purpose not in AccessPurpose.values:
        return None
    request.session[PURPOSE_SESSION_KEY] = purpose
    return purpose


def _purpose_page(request, what: str):
    """Ask why the user opens the record: nothing is shown or logged before."""
    form = purpose_form(request)
    return render(request, "integration/purpose.html", {"form": form, "what": what})


def _posted_purpose(request, default: str = AccessPurpose.COUNSELLING) -> str:
    """The purpose given with a write, else ``default`` if the user's roles may give it."""
    value = request.POST.get("purpose") or request.GET.get("purpose")
    return purpose_or_default(request.user, value, default)


def _with_purpose(url: str, purpose: str) -> str:
    return url + "?" + urlencode({"purpose": purpose})


def registration_url(registration_id: int, purpose: str) -> str:
    return _with_purpose(reverse("integration:registration", args=[registration_id]), purpose)


def contract_url(contract_id: int, purpose: str) -> str:
    return _with_purpose(reverse("integration:contract", args=[contract_id]), purpose)


def _error_messages(error: ValidationError) -> list[str]:
    return list(error.messages)


# Start -------------------------------------------------------------------------------------


@login_required
def integration_home(request):
    """The navigation entry: a team coordinator lands on the team, a counsellor on their
    caseload, others (intake) on the team page to see who counsels in which language."""
    access.integration_for_user(request.user, "integration.view_contract")
    if request.user.has_perm("integration.assign_counsellor"):
        return redirect("integration:team")
    if CounsellorProfile.objects.filter(user=request.user).exists():
        return redirect("integration:caseload")
    return redirect("integration:team")


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
            decision = facts_check(person=form.person, values=form.fact_values(partial=True),
                                   asked_on=form.cleaned_data.get("registered_on") or asked_on,
                                   recorded=form.recorded)
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
def registration_create(request, person_id: int):
    """Register a person for civic integration: the facts, the date, and the status the
    rules decide, shown live as the user fills in the form; saved with the decision."""
    purpose = _posted_purpose(request, AccessPurpose.REGISTRATION)
    person = access.person_for_integration(request.user, person_id, purpose=purpose,
                                           permission="integration.add_registration",
                                           write=request.method == "POST")
    form, visible = _facts_form(RegistrationForm, request, person=person, data=request.POST or None,
                                health_editable=True)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the facts and the registration together, or neither
                services.facts_save(person=person, values=form.fact_values(), by=request.user, purpose=purpose)
                registration = services.registration_create(
                    person=person, registered_on=form.cleaned_data["registered_on"], by=request.user)
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _("The registration is saved with the status “%(status)s”.") % {
                "status": registration.get_current_status_display()})
            return redirect(registration_url(registration.pk, purpose))
    context = {"person": person, "form": form, "purpose": purpose, "mode": "registration",
               "preview_url": reverse("integration:register_preview", args=[person.pk])}
    context.update(_preview(form, visible=visible, asked_on=timezone.localdate()) if form.is_bound
                   else _initial_preview(form, visible=visible, asked_on=timezone.localdate()))
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
def facts_edit(request, person_id: int):
    """Complete or correct the facts; every registration of the person is re-evaluated."""
    if request.method == "GET":
        purpose = _read_purpose(request) or default_purpose(request)
    else:
        purpose = _posted_purpose(request, default_purpose(request))
    person = access.person_for_integration(request.user, person_id, purpose=purpose,
                                           permission="integration.change_integrationfacts",
                                           write=request.method == "POST")
    latest, asked_on = _facts_asked_on(person)
    form, visible = _facts_form(FactsForm, request, person=person, data=request.POST or None, asked_on=asked_on,
                                health_editable=False)
    if request.method == "POST" and form.is_valid():
        statuses = dict(person.registrations.values_list("pk", "current_status"))
        try:
            _facts, changed = services.facts_save(person=person, values=form.fact_values(), by=request.user,
                                                  purpose=purpose)
        except ValidationError as error:
            _service_error(form, error)
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
            return redirect(_with_purpose(reverse("people:detail", args=[person.pk]), purpose))
    context = {"person": person, "form": form, "purpose": purpose, "mode": "facts", "latest": latest,
               "asked_on": asked_on, "preview_url": reverse("integration:facts_preview", args=[person.pk])}
    context.update(_preview(form, visible=visible, asked_on=asked_on) if form.is_bound
                   else _initial_preview(form, visible=visible, asked_on=asked_on))
    return render(request, "integration/facts_form.html", context)


@login_required
@require_POST
def decision_preview(request, person_id: int, mode: str):
    """The htmx partial: the decision the rules would take for the form as it is now.
    Saves nothing and logs nothing (opening the form was logged)."""
    permission = "integration.add_registration" if mode == "registration" else "integration.change_integrationfacts"
    person = access.person_for_integration(request.user, person_id,
                                           purpose=purpose_or_default(request.user, None, AccessPurpose.REGISTRATION),
                                           permission=permission, write=True)
    if mode == "registration":
        asked_on = timezone.localdate()
        form, visible = _facts_form(RegistrationForm, request, person=person, data=request.POST,
                                    health_editable=True)
    else:
        _latest, asked_on = _facts_asked_on(person)
        form, visible = _facts_form(FactsForm, request, person=person, data=request.POST, asked_on=asked_on,
                                    health_editable=False)
    return render(request, "integration/_decision_live.html", _preview(form, visible=visible, asked_on=asked_on))


# Registration ------------------------------------------------------------------------------


def _registration_page(request, registration, purpose: str, *, sign_form=None, status: int = 200):
    if request.method == "POST":  # the sign form with errors shows the registration again: a read
        people_access.person_access(request.user, registration.person_id, purpose=purpose,
                                    permission="integration.view_registration")
    user = request.user
    masked = not access.sensitive_facts_visible(user, registration.person_id)
    decisions = list(registration.decisions.select_related("created_by").order_by("asked_on", "id"))
    shown = [(decision, decision_shown(decision, masked=masked)) for decision in decisions]
    contracts = list(registration.contracts.select_related("counsellor"))
    # One running or completed contract per registration (contract_sign refuses another).
    signed = any(contract.state != ContractState.ENDED for contract in contracts)
    may_sign = (user.has_perm("integration.add_contract") and user.has_perm("integration.add_registration")
                and registration.current_status in CONTRACT_STATUSES and not signed)
    may_assign = user.has_perm("integration.assign_counsellor")
    if may_sign and sign_form is None:
        sign_form = ContractSignForm(may_assign=may_assign)
    return render(request, "integration/registration_detail.html", {
        "registration": registration, "person": registration.person, "purpose": purpose,
        "purpose_label": AccessPurpose(purpose).label, "decisions": shown, "contracts": contracts,
        "latest": shown[-1][1] if shown else None, "may_sign": may_sign, "sign_form": sign_form,
        "may_edit_facts": user.has_perm("integration.change_integrationfacts"),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def registration_detail(request, registration_id: int):
    """A registration: its status then and now, the history of decisions with their
    explanation, and the form to sign a contract (POST)."""
    if request.method == "POST":
        return _contract_sign(request, registration_id)
    access.integration_for_user(request.user, "integration.view_registration")  # before asking anything
    purpose = _read_purpose(request)
    if purpose is None:
        return _purpose_page(request, _("registration"))
    registration = access.registration_for_user(request.user, registration_id, purpose=purpose)
    return _registration_page(request, registration, purpose)


def _contract_sign(request, registration_id: int):
    purpose = _posted_purpose(request)
    registration = access.registration_for_user(request.user, registration_id, purpose=purpose, write=True)
    access.integration_for_user(request.user, "integration.add_contract")
    may_assign = request.user.has_perm("integration.assign_counsellor")
    form = ContractSignForm(request.POST, may_assign=may_assign)
    if form.is_valid():
        counsellor = form.cleaned_data.get("counsellor") if may_assign else None
        try:
            contract = services.contract_sign(
                registration=registration, signed_on=form.cleaned_data["signed_on"], by=request.user,
                components=form.components(), counsellor=counsellor,
                override_reason=form.cleaned_data.get("override_reason") or "")
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _("The contract is signed."))
            return redirect(contract_url(contract.pk, purpose))
    return _registration_page(request, registration, purpose, sign_form=form)


# Contract ----------------------------------------------------------------------------------


def _months(contract: Contract, issued_on) -> int:
    """Months from contract to certificate, as the annual report counts them."""
    return round_half_up(Decimal((issued_on - contract.signed_on).days) / DAYS_PER_MONTH)


def _contract_page(request, contract: Contract, purpose: str, **bound):
    user = request.user
    if request.method == "POST":  # a change form with errors shows the file again: that is a read
        people_access.person_access(user, contract.person_id, purpose=purpose, permission="integration.view_contract")
    may_change = access.contract_may_change(user, contract)
    tests = list(contract.person.exemption_tests.all())
    certificate = getattr(contract, "certificate", None)  # None when not issued (a reverse one-to-one)
    open_conditions = services.certificate_open_conditions(contract=contract, exemption_tests=tests)
    referrals = list(contract.referrals.all())
    context = {
        "contract": contract, "person": contract.person, "purpose": purpose,
        "purpose_label": AccessPurpose(purpose).label, "pauses": list(contract.pauses.all()),
        # Each pending referral and test has its own result form (own prefix, own field ids).
        "referrals": [(referral, _bound_or_new(bound, "outcome_form", ReferralOutcomeForm, f"outcome-{referral.pk}")
                       if may_change and referral.outcome == ReferralOutcome.PENDING else None)
                      for referral in referrals],
        "tests": [(test, _bound_or_new(bound, "result_form", ExemptionTestResultForm, f"result-{test.pk}")
                   if may_change and test.result == ExemptionTestResult.PENDING else None)
                  for test in tests],
        "certificate": certificate, "open_conditions": open_conditions,
        "months": _months(contract, certificate.issued_on) if certificate else None,
        "may_change": may_change, "may_reassign": may_change and user.has_perm("integration.assign_counsellor"),
        "today": timezone.localdate(),
    }
    if may_change:
        context.update({
            "progress_form": bound.get("progress_form") or ContractProgressForm(initial={
                name: getattr(contract, name) for name in services.CONTRACT_PROGRESS_FIELDS}),
            "pause_form": bound.get("pause_form") or PauseForm(prefix="pause"),
            "referral_form": bound.get("referral_form") or ReferralForm(prefix="referral"),
            "test_form": bound.get("test_form") or ExemptionTestRegisterForm(prefix="test"),
            "certificate_form": bound.get("certificate_form") or CertificateForm(prefix="certificate"),
        })
        if context["may_reassign"]:
            context["reassign_form"] = bound.get("reassign_form") or ReassignForm(prefix="reassign",
                                                                                  current=contract.counsellor)
    return render(request, "integration/contract_detail.html", context)


def _bound_or_new(bound: dict, name: str, form_class, prefix: str):
    """The form the user just posted (with its errors) if it has this prefix, else a new one."""
    form = bound.get(name)
    return form if form is not None and form.prefix == prefix else form_class(prefix=prefix)


@login_required
def contract_detail(request, contract_id: int):
    """A contract: components, counsellor, progress, pauses, referrals, exemption tests and
    the certificate. The change forms only for its counsellor or a team coordinator."""
    access.integration_for_user(request.user, "integration.view_contract")  # before asking anything
    purpose = _read_purpose(request)
    if purpose is None:
        return _purpose_page(request, _("integration contract"))
    contract = access.contract_for_user(request.user, contract_id, purpose=purpose)
    return _contract_page(request, contract, purpose)


def _contract_for_change(request, contract_id: int, permission: str):
    purpose = _posted_purpose(request)
    contract = access.contract_for_user(request.user, contract_id, purpose=purpose, write=True)
    access.integration_for_user(request.user, permission)
    return contract, purpose


def _done(request, contract, purpose, message):
    messages.success(request, message)
    return redirect(contract_url(contract.pk, purpose))


def _service_error(form, error: ValidationError):
    """Put a service's ValidationError on the form: on the fields it names if the form
    has them, otherwise as a general error."""
    if hasattr(error, "error_dict") and all(name in form.fields for name in error.error_dict):
        form.add_error(None, error)
    else:
        form.add_error(None, _error_messages(error))


def _contract_change(request, contract, purpose: str, form, form_name: str, write, success: str):
    """The shape of every change on the contract page: a valid form goes to the service
    (``write(cleaned_data)``); on success back to the page with a message, on a refusal
    the page again with the form and the reason."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except ValidationError as error:
            _service_error(form, error)
        else:
            return _done(request, contract, purpose, success)
    return _contract_page(request, contract, purpose, **{form_name: form})


@login_required
@require_POST
def contract_progress(request, contract_id: int):
    contract, purpose = _contract_for_change(request, contract_id, "integration.change_contract")
    form = ContractProgressForm(request.POST)
    if form.is_valid():
        try:
            changed = services.contract_progress_record(contract=contract, values=form.values(), by=request.user)
        except ValidationError as error:
            _service_error(form, error)
        else:
            if not changed:
                messages.info(request, _("Nothing was changed."))
                return redirect(contract_url(contract.pk, purpose))
            return _done(request, contract, purpose, _("The progress is saved."))
    return _contract_page(request, contract, purpose, progress_form=form)


@login_required
@require_POST
def pause_add(request, contract_id: int):
    contract, purpose = _contract_for_change(request, contract_id, "integration.add_contractpause")
    return _contract_change(
        request, contract, purpose, PauseForm(request.POST, prefix="pause"), "pause_form",
        lambda data: services.pause_create(contract=contract, by=request.user, **{
            name: data[name] for name in ("kind", "reason", "starts_on", "expires_on")}),
        _("The pause is saved."))


@login_required
@require_POST
def referral_add(request, contract_id: int):
    contract, purpose = _contract_for_change(request, contract_id, "integration.add_referral")
    return _contract_change(
        request, contract, purpose, ReferralForm(request.POST, prefix="referral"), "referral_form",
        lambda data: services.referral_create(contract=contract, service=data["service"],
                                              referred_on=data["referred_on"], note=data["note"], by=request.user),
        _("The referral is saved."))


@login_required
@require_POST
def referral_outcome(request, contract_id: int, referral_id: int):
    contract, purpose = _contract_for_change(request, contract_id, "integration.change_referral")
    referral = get_object_or_404(contract.referrals.all(), pk=referral_id)
    return _contract_change(
        request, contract, purpose, ReferralOutcomeForm(request.POST, prefix=f"outcome-{referral.pk}"),
        "outcome_form",
        lambda data: services.referral_outcome_record(referral=referral, outcome=data["outcome"],
                                                      outcome_on=data["outcome_on"], by=request.user),
        _("The outcome of the referral is saved."))


@login_required
@require_POST
def exemption_test_add(request, contract_id: int):
    contract, purpose = _contract_for_change(request, contract_id, "integration.add_exemptiontest")
    return _contract_change(
        request, contract, purpose, ExemptionTestRegisterForm(request.POST, prefix="test"), "test_form",
        lambda data: services.exemption_test_register(person=contract.person, registered_on=data["registered_on"],
                                                      by=request.user),
        _("The registration for the exemption test is saved."))


@login_required
@require_POST
def exemption_test_result(request, contract_id: int, test_id: int):
    contract, purpose = _contract_for_change(request, contract_id, "integration.change_exemptiontest")
    test = get_object_or_404(contract.person.exemption_tests.all(), pk=test_id)
    return _contract_change(
        request, contract, purpose, ExemptionTestResultForm(request.POST, prefix=f"result-{test.pk}"), "result_form",
        lambda data: services.exemption_test_result(test=test, taken_on=data["taken_on"], result=data["result"],
                                                    by=request.user),
        _("The result of the exemption test is saved."))


@login_required
@require_POST
def certificate_issue(request, contract_id: int):
    contract, purpose = _contract_for_change(request, contract_id, "integration.add_certificate")
    form = CertificateForm(request.POST, prefix="certificate")
    if form.is_valid():
        try:
            services.certificate_issue(contract=contract, issued_on=form.cleaned_data["issued_on"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join([_("The certificate cannot be issued yet.")] + _error_messages(error)))
            return redirect(contract_url(contract.pk, purpose))
        return _done(request, contract, purpose, _("The integration certificate is issued."))
    return _contract_page(request, contract, purpose, certificate_form=form)


@login_required
@require_POST
def contract_reassign(request, contract_id: int):
    contract, purpose = _contract_for_change(request, contract_id, "integration.assign_counsellor")
    form = ReassignForm(request.POST, prefix="reassign", current=contract.counsellor)
    if form.is_valid():
        services.contract_reassign(contract=contract, counsellor=form.cleaned_data["counsellor"],
                                   reason=form.cleaned_data["reason"], by=request.user)
        return _done(request, contract, purpose, _("The contract has a new counsellor."))
    return _contract_page(request, contract, purpose, reassign_form=form)


# Caseload, team, pauses --------------------------------------------------------------------


def _page_query(form, page_number) -> str:
    """The filter of a list page plus a page number, for the pagination links."""
    values = {name: value for name, value in (form.cleaned_data.items() if form.is_valid() else ())
              if name != "page" and value not in ("", None, False)}
    values["page"] = page_number
    return urlencode(values)


@login_required
def caseload(request, user_id: int | None = None):
    """A counsellor's contracts (one's own, or a colleague's read-only), filtered and
    paginated; a fixed number of queries whatever the caseload's size."""
    owner = access.caseload_owner_for_user(request.user, user_id)
    form = CaseloadFilterForm(request.GET or None, initial={"state": ContractState.OPEN})
    state, outstanding, expiring, page_number = ContractState.OPEN, "", False, 1
    if form.is_valid():
        state = form.cleaned_data["state"] or ContractState.OPEN
        outstanding = form.cleaned_data["outstanding"]
        expiring = form.cleaned_data["pause_expiring"]
        page_number = form.cleaned_data["page"] or 1
    today = timezone.localdate()
    contracts = selectors.caseload(counsellor=owner, today=today, state="" if state == "all" else state,
                                   outstanding=outstanding, pause_expiring=expiring)
    page = Paginator(contracts, PAGE_SIZE).get_page(page_number)
    rows = [(contract, selectors.contract_outstanding(contract)) for contract in page.object_list]
    purpose = default_purpose(request)
    people_access.people_shown(request.user, [contract.person_id for contract in page.object_list], purpose=purpose)
    own = owner.pk == request.user.pk
    return render(request, "integration/caseload.html", {
        "owner": owner, "own": own, "form": form, "page": page, "rows": rows, "state": state,
        "previous_query": _page_query(form, page.previous_page_number()) if page.has_previous() else "",
        "next_query": _page_query(form, page.next_page_number()) if page.has_next() else "",
        "purpose": purpose, "today": today,
    })


@login_required
def team(request):
    """Per counsellor: languages, working time, open caseload and new contracts this
    year; per language: counsellors and open caseload."""
    access.integration_for_user(request.user, "integration.view_contract")
    year = timezone.localdate().year
    profiles, languages = selectors.team(year=year)
    return render(request, "integration/team.html", {"profiles": profiles, "languages": languages, "year": year})


@login_required
def pauses_expiring(request):
    """Pauses ending in the next 30 days: of one's caseload, or of all contracts for a
    team coordinator."""
    access.integration_for_user(request.user, "integration.view_contract")
    everyone = request.user.has_perm("integration.assign_counsellor")
    today = timezone.localdate()
    pauses = selectors.pauses_expiring(today=today, counsellor=None if everyone else request.user)
    pauses = people_access.people_visible(pauses, request.user, person_field="contract__person_id")
    page = Paginator(pauses, PAGE_SIZE).get_page(request.GET.get("page"))
    purpose = default_purpose(request)
    people_access.people_shown(request.user, [pause.contract.person_id for pause in page.object_list],
                               purpose=purpose)
    return render(request, "integration/pauses_expiring.html", {
        "page": page, "everyone": everyone, "today": today, "days": selectors.EXPIRY_HORIZON_DAYS,
        "purpose": purpose,
    })


# Diploma recognition -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def dossier_list(request):
    """Diploma recognition dossiers, filtered by kind and state (GET), and a form to
    open a new one by file number (POST, so the number stays out of the URL)."""
    access.integration_for_user(request.user, "integration.view_diplomadossier")
    if request.method == "POST":
        access.integration_for_user(request.user, "integration.add_diplomadossier")
    form = DossierFilterForm(request.GET or None)
    kind = state = ""
    page_number = 1
    if form.is_valid():
        kind, state = form.cleaned_data["kind"], form.cleaned_data["state"]
        page_number = form.cleaned_data["page"] or 1
    dossiers = people_access.people_visible(selectors.diploma_dossiers(kind=kind, state=state), request.user,
                                            person_field="person_id")
    page = Paginator(dossiers, PAGE_SIZE).get_page(page_number)
    people_access.people_shown(request.user, [dossier.person_id for dossier in page.object_list],
                               purpose=default_purpose(request))
    start_form = None
    if request.user.has_perm("integration.add_diplomadossier"):
        start_form = DossierStartForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and start_form.is_valid():
            url = reverse("integration:dossier_create", args=[start_form.cleaned_data["reference"]])
            return redirect(_with_purpose(url, default_purpose(request)))
    return render(request, "integration/dossier_list.html", {
        "form": form, "page": page, "purpose": default_purpose(request), "start_form": start_form,
        "previous_query": _page_query(form, page.previous_page_number()) if page.has_previous() else "",
        "next_query": _page_query(form, page.next_page_number()) if page.has_next() else "",
    })


@login_required
@require_http_methods(["GET", "POST"])
def dossier_create(request, person_id: int):
    if request.method == "GET":
        purpose = _read_purpose(request) or default_purpose(request)
    else:
        purpose = _posted_purpose(request, default_purpose(request))
    person = access.person_for_integration(request.user, person_id, purpose=purpose,
                                           permission="integration.add_diplomadossier",
                                           write=request.method == "POST", starts="programme")
    form = DossierCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.diploma_dossier_create(
                person=person, kind=form.cleaned_data["kind"], opened_on=form.cleaned_data["opened_on"],
                diploma=form.cleaned_data["diploma"], missing_documents=form.missing_documents(), by=request.user)
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _("The diploma recognition dossier is opened."))
            return redirect(_with_purpose(reverse("integration:dossier", args=[dossier.pk]), purpose))
    return render(request, "integration/dossier_form.html", {"person": person, "form": form, "purpose": purpose})


@login_required
@require_http_methods(["GET", "POST"])
def dossier_detail(request, dossier_id: int):
    if request.method == "POST":
        purpose = _posted_purpose(request, default_purpose(request))
        dossier = access.dossier_for_user(request.user, dossier_id, purpose=purpose, write=True)
        form = DossierUpdateForm(request.POST)
        if form.is_valid():
            try:
                services.diploma_dossier_update(dossier=dossier, state=form.cleaned_data["state"],
                                                missing_documents=form.missing_documents(), by=request.user)
            except ValidationError as error:
                _service_error(form, error)
            else:
                messages.success(request, _("The dossier is saved."))
                return redirect(_with_purpose(reverse("integration:dossier", args=[dossier.pk]), purpose))
    else:
        access.integration_for_user(request.user, "integration.view_diplomadossier")  # before asking anything
        purpose = _read_purpose(request)
        if purpose is None:
            return _purpose_page(request, _("diploma recognition dossier"))
        dossier = access.dossier_for_user(request.user, dossier_id, purpose=purpose)
        form = DossierUpdateForm(initial={"state": dossier.state,
                                          "missing_documents_text": "\n".join(dossier.missing_documents)})
    return render(request, "integration/dossier_detail.html", {
        "dossier": dossier, "person": dossier.person, "form": form, "purpose": purpose,
        "purpose_label": AccessPurpose(purpose).label,
        "may_change": request.user.has_perm("integration.change_diplomadossier"),
    })


# The person-file panel ---------------------------------------------------------------------


def person_panel_context(person, user) -> dict:
    """The "Civic integration" panel of the person file: five queries whatever the
    person's registrations, contracts, tests and dossiers."""
    file = selectors.integration_file(person=person, user=user)
    masked = not file.sensitive_visible
    registrations = []
    for registration in file.registrations:
        decisions = list(registration.decisions.all())
        registrations.append((registration, decision_shown(decisions[-1], masked=masked) if decisions else None))
    return {"integration": file, "registrations": registrations,
            "pending_result": ExemptionTestResult.PENDING, "referral_pending": ReferralOutcome.PENDING}
