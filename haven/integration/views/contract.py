"""A contract's page (progress, pauses, referrals, exemption tests, the certificate) and
the changes posted from it."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haven.core.audit import access_record
from haven.core.forms import service_error_to_form
from haven.core.models import AccessAction, AccessPurpose
from haven.integration import access, services
from haven.integration.forms import (
    CertificateForm,
    ContractEndForm,
    ContractProgressForm,
    ExemptionTestRegisterForm,
    ExemptionTestResultForm,
    PauseForm,
    ReassignForm,
    ReferralForm,
    ReferralOutcomeForm,
)
from haven.integration.models import Contract, ExemptionTestResult, ReferralOutcome
from haven.integration.report import DAYS_PER_MONTH, round_half_up
from haven.integration.views.purposes import contract_url
from haven.people.purpose import posted_purpose, purpose_page, read_purpose


def _months(contract: Contract, issued_on) -> int:
    """Months from contract to certificate, as the annual report counts them."""
    return round_half_up(Decimal((issued_on - contract.signed_on).days) / DAYS_PER_MONTH)


def _contract_page(request, contract: Contract, purpose: str, **bound):
    user = request.user
    if request.method == "POST":  # a change form with errors shows the file again: a read (access decided)
        access_record(user=user, person_id=contract.person_id, action=AccessAction.VIEW, purpose=purpose)
    may_change = access.contract_may_change(user, contract)
    tests = list(contract.person.exemption_tests.all())
    certificate = getattr(contract, "certificate", None)  # None when not issued (a reverse one-to-one)
    open_conditions = services.certificate_open_conditions(contract=contract, exemption_tests=tests)
    referrals = list(contract.referrals.all())
    context = {
        "contract": contract,
        "person": contract.person,
        "purpose": purpose,
        "purpose_label": AccessPurpose(purpose).label,
        "pauses": list(contract.pauses.all()),
        # Each pending referral and test has its own result form (own prefix, own field ids).
        "referrals": [
            (
                referral,
                _bound_or_new(bound, "outcome_form", ReferralOutcomeForm, f"outcome-{referral.pk}")
                if may_change and referral.outcome == ReferralOutcome.PENDING
                else None,
            )
            for referral in referrals
        ],
        "tests": [
            (
                test,
                _bound_or_new(bound, "result_form", ExemptionTestResultForm, f"result-{test.pk}")
                if may_change and test.result == ExemptionTestResult.PENDING
                else None,
            )
            for test in tests
        ],
        "certificate": certificate,
        "open_conditions": open_conditions,
        "months": _months(contract, certificate.issued_on) if certificate else None,
        "may_change": may_change,
        "may_reassign": may_change and access.may_choose_counsellor(user),
        "today": timezone.localdate(),
    }
    if may_change:
        context.update(
            {
                "progress_form": bound.get("progress_form")
                or ContractProgressForm(
                    initial={name: getattr(contract, name) for name in services.CONTRACT_PROGRESS_FIELDS}
                ),
                "pause_form": bound.get("pause_form") or PauseForm(prefix="pause"),
                "referral_form": bound.get("referral_form") or ReferralForm(prefix="referral"),
                "test_form": bound.get("test_form") or ExemptionTestRegisterForm(prefix="test"),
                "certificate_form": bound.get("certificate_form") or CertificateForm(prefix="certificate"),
                "end_form": bound.get("end_form") or ContractEndForm(prefix="end"),
            }
        )
        if context["may_reassign"]:
            context["reassign_form"] = bound.get("reassign_form") or ReassignForm(
                prefix="reassign", current=contract.counsellor
            )
    return render(request, "integration/contract_detail.html", context)


def _bound_or_new(bound: dict, name: str, form_class, prefix: str):
    """The form the user just posted (with its errors) if it has this prefix, else a new one."""
    form = bound.get(name)
    return form if form is not None and form.prefix == prefix else form_class(prefix=prefix)


@login_required
def contract_detail(request, contract_id: int) -> HttpResponse:
    """A contract: components, counsellor, progress, pauses, referrals, exemption tests and
    the certificate. The change forms only for its counsellor or a team coordinator."""
    access.integration_for_user(request.user, "integration.view_contract")  # before asking anything
    purpose = read_purpose(request)
    if purpose is None:
        return purpose_page(request, _("integration contract"))
    contract = access.contract_for_user(request.user, contract_id, purpose=purpose)
    return _contract_page(request, contract, purpose)


def _contract_for_change(request: HttpRequest, contract_id: int, permission: str) -> tuple[Contract, str]:
    purpose = posted_purpose(request)
    return access.contract_for_change(request.user, contract_id, permission=permission, purpose=purpose), purpose


def _done(request, contract, purpose, message):
    messages.success(request, message)
    return redirect(contract_url(contract.pk, purpose))


def _contract_change(request, contract, purpose: str, form, form_name: str, write, success: str):
    """The shape of every change on the contract page: a valid form goes to the service
    (``write(cleaned_data)``); on success back to the page with a message, on a refusal
    the page again with the form and the reason."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            return _done(request, contract, purpose, success)
    return _contract_page(request, contract, purpose, **{form_name: form})


@login_required
@require_POST
def contract_progress(request, contract_id: int) -> HttpResponse:
    contract, purpose = _contract_for_change(request, contract_id, "integration.change_contract")
    form = ContractProgressForm(request.POST)
    if form.is_valid():
        try:
            changed = services.contract_progress_record(contract=contract, values=form.values(), by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            if not changed:
                messages.info(request, _("Nothing was changed."))
                return redirect(contract_url(contract.pk, purpose))
            return _done(request, contract, purpose, _("The progress is saved."))
    return _contract_page(request, contract, purpose, progress_form=form)


@login_required
@require_POST
def pause_add(request, contract_id: int) -> HttpResponse:
    contract, purpose = _contract_for_change(request, contract_id, "integration.add_contractpause")
    return _contract_change(
        request,
        contract,
        purpose,
        PauseForm(request.POST, prefix="pause"),
        "pause_form",
        lambda data: services.pause_create(
            contract=contract,
            by=request.user,
            **{name: data[name] for name in ("kind", "reason", "starts_on", "expires_on")},
        ),
        _("The pause is saved."),
    )


@login_required
@require_POST
def referral_add(request, contract_id: int) -> HttpResponse:
    contract, purpose = _contract_for_change(request, contract_id, "integration.add_referral")
    return _contract_change(
        request,
        contract,
        purpose,
        ReferralForm(request.POST, prefix="referral"),
        "referral_form",
        lambda data: services.referral_create(
            contract=contract,
            service=data["service"],
            referred_on=data["referred_on"],
            note=data["note"],
            by=request.user,
        ),
        _("The referral is saved."),
    )


@login_required
@require_POST
def referral_outcome(request, contract_id: int, referral_id: int) -> HttpResponse:
    purpose = posted_purpose(request)
    referral = access.referral_for_user(request.user, referral_id, purpose=purpose, contract_id=contract_id)
    contract = referral.contract
    return _contract_change(
        request,
        contract,
        purpose,
        ReferralOutcomeForm(request.POST, prefix=f"outcome-{referral.pk}"),
        "outcome_form",
        lambda data: services.referral_outcome_record(
            referral=referral, outcome=data["outcome"], outcome_on=data["outcome_on"], by=request.user
        ),
        _("The outcome of the referral is saved."),
    )


@login_required
@require_POST
def exemption_test_add(request, contract_id: int) -> HttpResponse:
    purpose = posted_purpose(request)
    contract = access.exemption_test_contract_for_user(request.user, purpose=purpose, contract_id=contract_id)
    return _contract_change(
        request,
        contract,
        purpose,
        ExemptionTestRegisterForm(request.POST, prefix="test"),
        "test_form",
        lambda data: services.exemption_test_register(
            person=contract.person, registered_on=data["registered_on"], by=request.user
        ),
        _("The registration for the exemption test is saved."),
    )


@login_required
@require_POST
def exemption_test_result(request, contract_id: int, test_id: int) -> HttpResponse:
    purpose = posted_purpose(request)
    test, contract = access.exemption_test_for_user(request.user, test_id, purpose=purpose, contract_id=contract_id)
    return _contract_change(
        request,
        contract,
        purpose,
        ExemptionTestResultForm(request.POST, prefix=f"result-{test.pk}"),
        "result_form",
        lambda data: services.exemption_test_result(
            test=test, taken_on=data["taken_on"], result=data["result"], by=request.user
        ),
        _("The result of the exemption test is saved."),
    )


@login_required
@require_POST
def certificate_issue(request, contract_id: int) -> HttpResponse:
    contract, purpose = _contract_for_change(request, contract_id, "integration.add_certificate")
    form = CertificateForm(request.POST, prefix="certificate")
    if form.is_valid():
        try:
            services.certificate_issue(contract=contract, issued_on=form.cleaned_data["issued_on"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join([_("The certificate cannot be issued yet."), *error.messages]))
            return redirect(contract_url(contract.pk, purpose))
        return _done(request, contract, purpose, _("The integration certificate is issued."))
    return _contract_page(request, contract, purpose, certificate_form=form)


@login_required
@require_POST
def contract_end(request, contract_id: int) -> HttpResponse:
    contract, purpose = _contract_for_change(request, contract_id, "integration.change_contract")
    return _contract_change(
        request,
        contract,
        purpose,
        ContractEndForm(request.POST, prefix="end"),
        "end_form",
        lambda data: services.contract_end(
            contract=contract, by=request.user, **{name: data[name] for name in ("ended_on", "reason", "note")}
        ),
        _("The contract has ended."),
    )


@login_required
@require_POST
def contract_reassign(request, contract_id: int) -> HttpResponse:
    contract, purpose = _contract_for_change(request, contract_id, "integration.assign_counsellor")
    form = ReassignForm(request.POST, prefix="reassign", current=contract.counsellor)
    if form.is_valid():
        services.contract_reassign(
            contract=contract,
            counsellor=form.cleaned_data["counsellor"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        return _done(request, contract, purpose, _("The contract has a new counsellor."))
    return _contract_page(request, contract, purpose, reassign_form=form)
