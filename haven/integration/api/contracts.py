"""Integration contracts: signing, progress, pauses, referrals, the certificate and a
counsellor's caseload."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from haven.core.api import person_ref, problems
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose
from haven.integration import access, selectors, services
from haven.integration.api.schemas import (
    CaseloadItem,
    CaseloadPage,
    CertificateIn,
    CertificateOut,
    CertificateRefused,
    ContractEndIn,
    ContractIn,
    ContractOut,
    PauseIn,
    PauseOut,
    ProgressIn,
    ReferralIn,
    ReferralOut,
    ReferralOutcomeIn,
    user_ref,
)
from haven.integration.api.traces import API, write_purpose
from haven.integration.models import (
    Contract,
    ContractState,
    CounsellorProfile,
    PauseKind,
    Referral,
    ReferralOutcome,
    ReferralService,
)
from haven.people.access import people_page

router = Router()


def _referral_out(referral: Referral) -> ReferralOut:
    return ReferralOut(
        id=referral.pk,
        contract_id=referral.contract_id,
        service=ReferralService(referral.service),
        referred_on=referral.referred_on,
        note=referral.note,
        outcome=ReferralOutcome(referral.outcome),
        outcome_on=referral.outcome_on,
    )


def _certificate_out(certificate, contract: Contract) -> CertificateOut:
    return CertificateOut(
        id=certificate.pk,
        contract_id=contract.pk,
        issued_on=certificate.issued_on,
        issued_by=user_ref(certificate.issued_by),
        days_from_contract=(certificate.issued_on - contract.signed_on).days,
    )


def _contract_query():
    return Contract.objects.select_related("person", "counsellor", "certificate__issued_by").prefetch_related(
        "pauses", "referrals"
    )


def _contract_out(user, contract_id: int) -> ContractOut:
    contract = _contract_query().get(pk=contract_id)
    certificate = getattr(contract, "certificate", None)
    return ContractOut(
        id=contract.pk,
        person=person_ref(contract.person),
        registration_id=contract.registration_id,
        signed_on=contract.signed_on,
        status=contract.status,
        state=contract.state,
        counsellor=user_ref(contract.counsellor) if contract.counsellor else None,
        assignment_code=(contract.assignment_reason or {}).get("code", ""),
        assignment_note=contract.assignment_explained,
        includes_civic_orientation=contract.includes_civic_orientation,
        includes_dutch=contract.includes_dutch,
        dutch_target_level=contract.dutch_target_level,
        includes_career_orientation=contract.includes_career_orientation,
        includes_counselling=contract.includes_counselling,
        childcare_needed=contract.childcare_needed,
        civic_orientation_passed_on=contract.civic_orientation_passed_on,
        dutch_level_reached=contract.dutch_level_reached or None,
        dutch_level_reached_on=contract.dutch_level_reached_on,
        career_orientation_done_on=contract.career_orientation_done_on,
        ended_on=contract.ended_on,
        end_reason=contract.end_reason or None,
        end_note=contract.end_note,
        pauses=[
            PauseOut(
                id=pause.pk,
                kind=pause.kind,
                reason=pause.reason,
                starts_on=pause.starts_on,
                expires_on=pause.expires_on,
            )
            for pause in contract.pauses.all()
        ],
        referrals=[_referral_out(referral) for referral in contract.referrals.all()],
        certificate=_certificate_out(certificate, contract) if certificate else None,
        open_conditions=[]
        if certificate
        else [str(condition) for condition in services.certificate_open_conditions(contract=contract)],
        may_change=access.contract_may_change(user, contract),
    )


@router.post(
    "/registrations/{registration_id}/contracts",
    response={201: ContractOut, **problems(404, body=True)},
    summary="Sign an integration contract; a counsellor is assigned (or chosen by a team coordinator)",
)
def contract_sign(request, registration_id: int, payload: ContractIn):
    access.integration_for_user(request.auth, "integration.add_contract")
    registration = access.registration_for_user(
        request.auth,
        registration_id,
        purpose=write_purpose(request, AccessPurpose.REGISTRATION),
        write=True,
        channel=API,
    )
    counsellor = None
    if payload.counsellor_id is not None:
        if not access.may_choose_counsellor(request.auth):
            raise PermissionDenied
        profile = (
            CounsellorProfile.objects.select_related("user")
            .filter(user_id=payload.counsellor_id, user__is_active=True)
            .first()
        )
        if profile is None:
            raise ValidationError({"counsellor_id": [_("This is not a counsellor.")]})
        counsellor = profile.user
    elif payload.override_reason.strip():
        raise ValidationError({"counsellor_id": [_("Choose the counsellor the reason is for.")]})
    contract = services.contract_sign(
        registration=registration,
        signed_on=payload.signed_on,
        by=request.auth,
        components=payload.components.dict(),
        counsellor=counsellor,
        override_reason=payload.override_reason,
        channel=API,
    )
    return Status(201, _contract_out(request.auth, contract.pk))


@router.get(
    "/contracts/{contract_id}",
    response={200: ContractOut, **problems(404, 422)},
    summary="Read a contract with its trajectory (logged with the purpose)",
)
def contract_read(request, contract_id: int, purpose: AccessPurpose):
    contract = access.contract_for_user(request.auth, contract_id, purpose=purpose, channel=API)
    return _contract_out(request.auth, contract.pk)


@router.patch(
    "/contracts/{contract_id}/progress",
    response={200: ContractOut, **problems(404, body=True)},
    summary="Record progress on the trajectory (own caseload, or a team coordinator)",
)
def contract_progress(
    request, contract_id: int, payload: ProgressIn, purpose: AccessPurpose = AccessPurpose.COUNSELLING
):
    contract = access.contract_for_user(request.auth, contract_id, purpose=purpose, write=True, channel=API)
    values = payload.dict(exclude_unset=True)
    if "dutch_level_reached" in values:
        values["dutch_level_reached"] = values["dutch_level_reached"] or ""  # none reached is empty
    changed = services.contract_progress_record(contract=contract, values=values, by=request.auth, channel=API)
    if not changed:  # nothing written, yet the contract is returned: log it as a read
        access_record(
            user=request.auth, person_id=contract.person_id, action=AccessAction.VIEW, purpose=purpose, channel=API
        )
    return _contract_out(request.auth, contract.pk)


@router.post(
    "/contracts/{contract_id}/end",
    response={200: ContractOut, **problems(404, body=True)},
    summary="End a running contract without a certificate, for a reason",
)
def contract_end(request, contract_id: int, payload: ContractEndIn):
    contract = access.contract_for_change(
        request.auth,
        contract_id,
        permission="integration.change_contract",
        purpose=write_purpose(request, AccessPurpose.COUNSELLING),
        channel=API,
    )
    services.contract_end(
        contract=contract,
        ended_on=payload.ended_on,
        reason=payload.reason,
        note=payload.note,
        by=request.auth,
        channel=API,
    )
    return _contract_out(request.auth, contract.pk)


@router.post(
    "/contracts/{contract_id}/pauses",
    response={201: PauseOut, **problems(404, body=True)},
    summary="Postpone or suspend a contract",
)
def pause_create(request, contract_id: int, payload: PauseIn):
    contract = access.contract_for_change(
        request.auth,
        contract_id,
        permission="integration.add_contractpause",
        purpose=write_purpose(request, AccessPurpose.COUNSELLING),
        channel=API,
    )
    pause = services.pause_create(
        contract=contract,
        kind=payload.kind,
        reason=payload.reason,
        starts_on=payload.starts_on,
        expires_on=payload.expires_on,
        by=request.auth,
        channel=AccessChannel.API,
    )
    return Status(
        201,
        PauseOut(
            id=pause.pk,
            kind=PauseKind(pause.kind),
            reason=pause.reason,
            starts_on=pause.starts_on,
            expires_on=pause.expires_on,
        ),
    )


@router.post(
    "/contracts/{contract_id}/referrals",
    response={201: ReferralOut, **problems(404, body=True)},
    summary="Refer the person to a partner service",
)
def referral_create(request, contract_id: int, payload: ReferralIn):
    contract = access.contract_for_change(
        request.auth,
        contract_id,
        permission="integration.add_referral",
        purpose=write_purpose(request, AccessPurpose.COUNSELLING),
        channel=API,
    )
    referral = services.referral_create(
        contract=contract,
        service=payload.service,
        referred_on=payload.referred_on,
        note=payload.note,
        by=request.auth,
        channel=AccessChannel.API,
    )
    return Status(201, _referral_out(referral))


@router.patch(
    "/referrals/{referral_id}",
    response={200: ReferralOut, **problems(404, body=True)},
    summary="Record the outcome of a referral",
)
def referral_outcome(request, referral_id: int, payload: ReferralOutcomeIn):
    referral = access.referral_for_user(
        request.auth, referral_id, purpose=write_purpose(request, AccessPurpose.COUNSELLING), channel=API
    )
    referral = services.referral_outcome_record(
        referral=referral,
        outcome=payload.outcome,
        outcome_on=payload.outcome_on,
        by=request.auth,
        channel=AccessChannel.API,
    )
    return _referral_out(referral)


@router.post(
    "/contracts/{contract_id}/certificate",
    response={201: CertificateOut, **problems(404, body=True), 422: CertificateRefused},
    summary="Issue the integration certificate, or 422 with the conditions still open",
)
def certificate_issue(request, contract_id: int, payload: CertificateIn):
    contract = access.contract_for_change(
        request.auth,
        contract_id,
        permission="integration.add_certificate",
        purpose=write_purpose(request, AccessPurpose.COUNSELLING),
        channel=API,
    )
    open_conditions = services.certificate_open_conditions(contract=contract, on=payload.issued_on)
    if open_conditions:
        return Status(
            422,
            CertificateRefused(
                detail=_("The certificate cannot be issued yet."),
                errors=None,
                open_conditions=[str(condition) for condition in open_conditions],
            ),
        )
    certificate = services.certificate_issue(
        contract=contract, issued_on=payload.issued_on, by=request.auth, channel=API
    )
    return Status(201, _certificate_out(certificate, contract))


@router.get(
    "/caseload/{user_id}",
    response={200: CaseloadPage, **problems(404, 422)},
    summary="A counsellor's running contracts (paginated)",
)
def caseload(request, user_id: int, page: int = 1):
    owner = access.caseload_owner_for_user(request.auth, user_id)
    profile = CounsellorProfile.objects.filter(user=owner).first()
    contracts = selectors.caseload(counsellor=owner, today=timezone.localdate(), state=ContractState.OPEN)
    meta, current = people_page(request.auth, contracts, page, person_field="person_id")
    return CaseloadPage(
        counsellor=user_ref(owner),
        fte=float(profile.fte) if profile else None,
        **meta,
        items=[
            CaseloadItem(
                id=contract.pk,
                person=person_ref(contract.person),
                signed_on=contract.signed_on,
                status=contract.status,
                state=contract.state,
            )
            for contract in current
        ],
    )
