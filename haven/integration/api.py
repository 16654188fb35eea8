"""Civic-integration endpoints: the same access functions as the pages, writes through
the services, and every read of a person's records logged with its purpose.

Health grounds (``serious_illness_certificate``) are special-category data: a response
shows them only to a user for whom ``access.sensitive_facts_visible`` holds; for anyone
else the field is null and the explanation of a decision says "confidential" where the
rule used it.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from haven.core.api_schema import Problem, Year, problems
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose
from haven.people import access as people_access
from haven.people.access import purpose_or_default
from haven.integration import access, rules, selectors, services
from haven.integration.explanation import SENSITIVE_FACTS
from haven.integration.models import (
    Contract, ContractState, CounsellorProfile, DecisionKind, DiplomaDossier, DossierKind, DossierState,
    ExemptionTest, ExemptionTestResult, IntegrationFacts, NT2Level, PauseKind, Referral, ReferralOutcome,
    ReferralService, Registration, RegisterKind, ResidenceTitleKind, TargetGroupStatus,
)
from haven.people.models import Person

router = Router(tags=["civic integration"])

API = AccessChannel.API
CONFIDENTIAL = "confidential"


# Schemas ---------------------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    reference: str = Field(description="The file number.")
    given_names: str
    family_name: str


class FactsIn(Schema):
    """The facts the target-group rules use; null (or left out) is unknown."""

    # "register" would shadow pydantic's BaseModel.register; the JSON name stays "register".
    register_kind: RegisterKind | None = Field(None, alias="register")
    residence_title: ResidenceTitleKind | None = None
    residence_title_months: int | None = Field(None, ge=0, le=1200)
    first_residence_title: bool | None = None
    asylum_procedure_start: date | None = None
    born_abroad: bool | None = None
    parent_born_abroad: bool | None = None
    first_registration_belgium: date | None = None
    moved_from_elsewhere_in_belgium: bool | None = None
    eu_family_member: bool | None = None
    serious_illness_certificate: bool | None = Field(
        None, description="Health ground (special-category data): null in responses unless the user is the "
                          "counsellor of the person's running contract.")
    belgian_or_dutch_diploma: bool | None = None
    earlier_integration_certificate: bool | None = None


class StepOut(Schema):
    rule: str
    description: str
    outcome: str = Field(description="fired, not applicable, unknown, or confidential (a health ground).")
    facts: dict[str, Any] = Field(description="The facts the rule used (null: unknown).")
    missing: list[str] = []


class DecisionPreview(Schema):
    status: TargetGroupStatus
    status_label: str
    rule_set: str
    steps: list[StepOut]
    missing: list[str]
    explanation: list[str]


class DecisionOut(DecisionPreview):
    id: int
    kind: DecisionKind
    asked_on: date
    created_at: datetime


class PreviewIn(Schema):
    person_id: int
    asked_on: date
    facts: FactsIn = Field(default_factory=FactsIn, description="Only these facts are used; those left out "
                                                                "are unknown. Identity comes from the file.")


class RegistrationStatus(Schema):
    id: int
    registered_on: date
    status: TargetGroupStatus
    current_status: TargetGroupStatus


class FactsSaved(Schema):
    facts: FactsIn
    updated_at: datetime | None
    changed: list[str] = Field(description="The names of the facts that changed.")
    registrations: list[RegistrationStatus] = Field(description="The person's registrations, re-evaluated.")


class RegistrationIn(Schema):
    person_id: int
    registered_on: date


class RegistrationSummary(RegistrationStatus):
    person: PersonRef


class RegistrationOut(RegistrationSummary):
    created_at: datetime
    decisions: list[DecisionOut] = Field(description="The decision history, oldest first; the last is current.")
    contracts: list[int]


class RegistrationPage(Schema):
    count: int
    page: int
    pages: int
    items: list[RegistrationSummary]


class ContractComponents(Schema):
    includes_civic_orientation: bool = True
    includes_dutch: bool = True
    dutch_target_level: NT2Level = NT2Level.A2
    includes_career_orientation: bool = True
    includes_counselling: bool = True
    childcare_needed: bool = False


class ContractIn(Schema):
    signed_on: date
    components: ContractComponents = Field(default_factory=ContractComponents)
    counsellor_id: int | None = Field(None, description="Choose the counsellor yourself (team coordinators "
                                                        "only); otherwise one is assigned.")
    override_reason: str = Field("", max_length=250, description="Required with counsellor_id.")


class CounsellorRef(Schema):
    id: int
    name: str


class PauseIn(Schema):
    kind: PauseKind
    reason: str = Field(..., min_length=1, max_length=300)
    starts_on: date
    expires_on: date


class PauseOut(PauseIn):
    id: int


class ReferralIn(Schema):
    service: ReferralService
    referred_on: date
    note: str = Field("", max_length=300)


class ReferralOut(ReferralIn):
    id: int
    contract_id: int
    outcome: ReferralOutcome
    outcome_on: date | None


class ReferralOutcomeIn(Schema):
    outcome: ReferralOutcome
    outcome_on: date


class CertificateIn(Schema):
    issued_on: date


class CertificateOut(Schema):
    id: int
    contract_id: int
    issued_on: date
    issued_by: CounsellorRef
    days_from_contract: int


class CertificateRefused(Problem):
    """Refused: the conditions still open, or (already issued, a date before the
    contract) the service's errors."""

    open_conditions: list[str] = []


class ProgressIn(Schema):
    civic_orientation_passed_on: date | None = None
    dutch_level_reached: NT2Level | None = None
    dutch_level_reached_on: date | None = None
    career_orientation_done_on: date | None = None
    childcare_needed: bool = False


class ContractOut(ContractComponents):
    id: int
    person: PersonRef
    registration_id: int
    signed_on: date
    status: TargetGroupStatus
    state: ContractState
    counsellor: CounsellorRef | None
    assignment_note: str
    civic_orientation_passed_on: date | None
    dutch_level_reached: NT2Level | None
    dutch_level_reached_on: date | None
    career_orientation_done_on: date | None
    ended_on: date | None
    pauses: list[PauseOut]
    referrals: list[ReferralOut]
    certificate: CertificateOut | None
    open_conditions: list[str] = Field(description="What the certificate still waits for.")
    may_change: bool = Field(description="Whether the user may change this contract (own caseload).")


class CaseloadItem(Schema):
    id: int
    person: PersonRef
    signed_on: date
    status: TargetGroupStatus
    state: ContractState


class CaseloadPage(Schema):
    counsellor: CounsellorRef
    fte: float | None = Field(description="Working time of the counsellor profile (null: no profile).")
    count: int
    page: int
    pages: int
    items: list[CaseloadItem]


class ExemptionTestIn(Schema):
    registered_on: date


class ExemptionTestResultIn(Schema):
    taken_on: date | None = None
    result: ExemptionTestResult


class ExemptionTestOut(Schema):
    id: int
    person_id: int
    registered_on: date
    taken_on: date | None
    result: ExemptionTestResult


class DossierIn(Schema):
    kind: DossierKind
    opened_on: date
    diploma: str = Field("", max_length=200)
    missing_documents: list[str] = []


class DossierPatch(Schema):
    state: DossierState | None = None
    missing_documents: list[str] | None = None


class DossierSummary(Schema):
    id: int
    person: PersonRef
    kind: DossierKind
    opened_on: date
    state: DossierState


class DossierOut(DossierSummary):
    diploma: str
    missing_documents: list[str]


class DossierPage(Schema):
    count: int
    page: int
    pages: int
    items: list[DossierSummary]


# Access and conversions ----------------------------------------------------------------


@contextmanager
def _rules_refusals(date_field: str) -> Iterator[None]:
    """The rules engine's refusals as validation errors (422)."""
    try:
        yield
    except rules.NoRuleSet:
        raise ValidationError({date_field: [_("No target-group rules apply on this date.")]}) from None
    except rules.InconsistentFacts:
        raise ValidationError(_("The facts contradict each other: only Belgians have the residence title "
                                "'Belgian'.")) from None


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _fact_values(facts: FactsIn, *, only_set: bool = False) -> dict[str, Any]:
    values = facts.dict(exclude_unset=only_set, by_alias=True)
    return {name: (value.value if isinstance(value, Enum) else value) for name, value in values.items()}


def _masked_step(step: Mapping[str, Any], visible: bool) -> dict[str, Any]:
    facts = dict(step["facts"])
    outcome = step["outcome"]
    if not visible and SENSITIVE_FACTS & facts.keys():
        # The value, and the outcome of a rule that rests on it, would both tell the health ground.
        facts = {name: (CONFIDENTIAL if name in SENSITIVE_FACTS else value) for name, value in facts.items()}
        outcome = CONFIDENTIAL
    return {"rule": step["rule"], "description": step["description"], "outcome": outcome, "facts": facts,
            "missing": list(step.get("missing", ()))}


def _decision_fields(*, status: str, rule_set: str, steps: list[Mapping[str, Any]], missing: list[str],
                     visible: bool) -> dict[str, Any]:
    masked = [_masked_step(step, visible) for step in steps]
    explanation = rules.Decision(
        status=rules.Status(status), rule_set=rule_set, missing=tuple(missing),
        steps=tuple(rules.Step(rule=step["rule"], description=step["description"], facts=step["facts"],
                               outcome=step["outcome"], missing=tuple(step["missing"])) for step in masked),
    ).explanation()
    return {"status": status, "status_label": str(TargetGroupStatus(status).label), "rule_set": rule_set,
            "steps": masked, "missing": list(missing), "explanation": explanation}


def _preview_out(decision: rules.Decision, visible: bool) -> DecisionPreview:
    steps = [{"rule": step.rule, "description": step.description, "outcome": step.outcome,
              "facts": {name: _plain(value) for name, value in step.facts.items()}, "missing": step.missing}
             for step in decision.steps]
    return DecisionPreview(**_decision_fields(status=decision.status.value, rule_set=decision.rule_set,
                                              steps=steps, missing=list(decision.missing), visible=visible))


def _person_ref(person: Person) -> PersonRef:
    return PersonRef(id=person.pk, reference=person.reference, given_names=person.given_names,
                     family_name=person.family_name)


def _user_ref(user) -> CounsellorRef:
    return CounsellorRef(id=user.pk, name=user.get_full_name() or user.username)


def _facts_out(facts: IntegrationFacts, visible: bool) -> dict[str, Any]:
    # A dict keyed by the JSON names: ninja reads a FactsIn instance back by attribute, and
    # the attribute "register" is pydantic's, not the fact.
    values = {name: (getattr(facts, name) if getattr(facts, name) != "" else None) for name in services.FACT_FIELDS}
    if not visible:
        values.update(dict.fromkeys(SENSITIVE_FACTS))
    return values


def _registration_out(registration: Registration, visible: bool) -> RegistrationOut:
    decisions = [
        DecisionOut(id=decision.pk, kind=decision.kind, asked_on=decision.asked_on, created_at=decision.created_at,
                    **_decision_fields(status=decision.status, rule_set=decision.rule_set, steps=decision.steps,
                                       missing=decision.missing, visible=visible))
        for decision in registration.decisions.order_by("id")
    ]
    return RegistrationOut(
        id=registration.pk, person=_person_ref(registration.person), registered_on=registration.registered_on,
        status=registration.status, current_status=registration.current_status, created_at=registration.created_at,
        decisions=decisions, contracts=list(registration.contracts.order_by("id").values_list("id", flat=True)),
    )


def _referral_out(referral: Referral) -> ReferralOut:
    return ReferralOut(id=referral.pk, contract_id=referral.contract_id, service=referral.service,
                       referred_on=referral.referred_on, note=referral.note, outcome=referral.outcome,
                       outcome_on=referral.outcome_on)


def _certificate_out(certificate, contract: Contract) -> CertificateOut:
    return CertificateOut(id=certificate.pk, contract_id=contract.pk, issued_on=certificate.issued_on,
                          issued_by=_user_ref(certificate.issued_by),
                          days_from_contract=(certificate.issued_on - contract.signed_on).days)


def _contract_query():
    return (Contract.objects.select_related("person", "counsellor", "certificate__issued_by")
            .prefetch_related("pauses", "referrals"))


def _contract_out(user, contract_id: int) -> ContractOut:
    contract = _contract_query().get(pk=contract_id)
    certificate = getattr(contract, "certificate", None)
    return ContractOut(
        id=contract.pk, person=_person_ref(contract.person), registration_id=contract.registration_id,
        signed_on=contract.signed_on, status=contract.status, state=contract.state,
        counsellor=_user_ref(contract.counsellor) if contract.counsellor else None,
        assignment_note=contract.assignment_note,
        includes_civic_orientation=contract.includes_civic_orientation, includes_dutch=contract.includes_dutch,
        dutch_target_level=contract.dutch_target_level,
        includes_career_orientation=contract.includes_career_orientation,
        includes_counselling=contract.includes_counselling, childcare_needed=contract.childcare_needed,
        civic_orientation_passed_on=contract.civic_orientation_passed_on,
        dutch_level_reached=contract.dutch_level_reached or None,
        dutch_level_reached_on=contract.dutch_level_reached_on,
        career_orientation_done_on=contract.career_orientation_done_on, ended_on=contract.ended_on,
        pauses=[PauseOut(id=pause.pk, kind=pause.kind, reason=pause.reason, starts_on=pause.starts_on,
                         expires_on=pause.expires_on) for pause in contract.pauses.all()],
        referrals=[_referral_out(referral) for referral in contract.referrals.all()],
        certificate=_certificate_out(certificate, contract) if certificate else None,
        open_conditions=[] if certificate else [str(condition) for condition in
                                                services.certificate_open_conditions(contract=contract)],
        may_change=access.contract_may_change(user, contract),
    )


def _dossier_out(dossier: DiplomaDossier) -> DossierOut:
    return DossierOut(id=dossier.pk, person=_person_ref(dossier.person), kind=dossier.kind,
                      opened_on=dossier.opened_on, state=dossier.state, diploma=dossier.diploma,
                      missing_documents=dossier.missing_documents)


def _exemption_test_out(test: ExemptionTest) -> ExemptionTestOut:
    return ExemptionTestOut(id=test.pk, person_id=test.person_id, registered_on=test.registered_on,
                            taken_on=test.taken_on, result=test.result)


def _write_purpose(request, preferred: str) -> str:
    """The purpose a write is logged with: ``preferred`` where the user's roles may give it."""
    return purpose_or_default(request.auth, None, preferred)


def _paginated(request, queryset, page: int):
    """One page of records of people the user may open; every person on it is traced."""
    queryset = people_access.people_visible(queryset, request.auth, person_field="person_id")
    paginator = Paginator(queryset, settings.HAVEN_PAGE_SIZE)
    current = paginator.get_page(page)
    people_access.people_shown(request.auth, [record.person_id for record in current], channel=API)
    return paginator, current


# Status decisions and facts --------------------------------------------------------------


@router.post("/decisions/preview", response={200: DecisionPreview, **problems(404, body=True)},
             summary="The status the rules would decide, without saving (reading the person is logged)")
def decision_preview(request, payload: PreviewIn, purpose: AccessPurpose | None = None):
    purpose = purpose_or_default(request.auth, purpose, AccessPurpose.REGISTRATION)
    person = access.person_for_integration(request.auth, payload.person_id, purpose=purpose,
                                           permission="integration.add_registration", channel=API)
    with _rules_refusals("asked_on"):
        decision = services.status_preview(person=person, facts=_fact_values(payload.facts),
                                           asked_on=payload.asked_on)
    return _preview_out(decision, access.sensitive_facts_visible(request.auth, person.pk))


@router.put("/people/{person_id}/facts", response={200: FactsSaved, **problems(404, body=True)}, by_alias=True,
            summary="Save a person's integration facts; their registrations are re-evaluated",
            description="The facts sent are saved (null makes a fact unknown); facts left out keep their "
                        "value, so that a user who cannot see the health ground does not erase it.")
def facts_save(request, person_id: int, payload: FactsIn, purpose: AccessPurpose | None = None):
    purpose = purpose_or_default(request.auth, purpose, AccessPurpose.REGISTRATION)
    person = access.person_for_integration(request.auth, person_id, purpose=purpose, write=True, channel=API,
                                           permission="integration.change_integrationfacts")
    values = _fact_values(payload, only_set=True)
    for name in ("register", "residence_title"):  # text fields: unknown is empty, not NULL
        if name in values and values[name] is None:
            values[name] = ""
    with _rules_refusals("facts"):
        facts, changed = services.facts_save(person=person, values=values, by=request.auth, purpose=purpose,
                                             channel=API)
    if not changed:  # nothing written, yet the facts are returned: log it as a read
        access_record(user=request.auth, person_id=person.pk, action=AccessAction.VIEW, purpose=purpose,
                      channel=API)
    visible = access.sensitive_facts_visible(request.auth, person.pk)
    registrations = [RegistrationStatus(id=registration.pk, registered_on=registration.registered_on,
                                        status=registration.status, current_status=registration.current_status)
                     for registration in person.registrations.order_by("registered_on", "id")]
    return {"facts": _facts_out(facts, visible), "updated_at": facts.updated_at, "changed": sorted(changed),
            "registrations": registrations}


# Registrations ---------------------------------------------------------------------------


@router.post("/registrations", response={201: RegistrationOut, **problems(404, body=True)},
             summary="Register a person for civic integration; the status is decided and kept")
def registration_create(request, payload: RegistrationIn):
    person = access.person_for_integration(request.auth, payload.person_id,
                                           purpose=_write_purpose(request, AccessPurpose.REGISTRATION),
                                           permission="integration.add_registration", write=True, channel=API)
    with _rules_refusals("registered_on"):
        registration = services.registration_create(person=person, registered_on=payload.registered_on,
                                                    by=request.auth, channel=API)
    return Status(201, _registration_out(registration, access.sensitive_facts_visible(request.auth, person.pk)))


@router.get("/registrations", response={200: RegistrationPage, **problems(422)},
            summary="List registrations (paginated)")
def registration_list(request, year: Year | None = None, status: TargetGroupStatus | None = None, page: int = 1):
    """``year`` of registration; ``status`` is the current status."""
    access.integration_for_user(request.auth, "integration.view_registration")
    registrations = Registration.objects.select_related("person").order_by("-registered_on", "-id")
    if year is not None:
        registrations = registrations.filter(registered_on__year=year)
    if status is not None:
        registrations = registrations.filter(current_status=status)
    paginator, current = _paginated(request, registrations, page)
    return RegistrationPage(count=paginator.count, page=current.number, pages=paginator.num_pages, items=[
        RegistrationSummary(id=registration.pk, person=_person_ref(registration.person),
                            registered_on=registration.registered_on, status=registration.status,
                            current_status=registration.current_status)
        for registration in current])


@router.get("/registrations/{registration_id}", response={200: RegistrationOut, **problems(404, 422)},
            summary="Read a registration with its decision history (logged with the purpose)")
def registration_read(request, registration_id: int, purpose: AccessPurpose):
    registration = access.registration_for_user(request.auth, registration_id, purpose=purpose, channel=API)
    return _registration_out(registration, access.sensitive_facts_visible(request.auth, registration.person_id))


# Contracts -------------------------------------------------------------------------------


@router.post("/registrations/{registration_id}/contracts", response={201: ContractOut, **problems(404, body=True)},
             summary="Sign an integration contract; a counsellor is assigned (or chosen by a team coordinator)")
def contract_sign(request, registration_id: int, payload: ContractIn):
    access.integration_for_user(request.auth, "integration.add_contract")
    registration = access.registration_for_user(request.auth, registration_id,
                                                purpose=_write_purpose(request, AccessPurpose.REGISTRATION),
                                                write=True, channel=API)
    counsellor = None
    if payload.counsellor_id is not None:
        if not request.auth.has_perm("integration.assign_counsellor"):
            raise PermissionDenied
        profile = (CounsellorProfile.objects.select_related("user")
                   .filter(user_id=payload.counsellor_id, user__is_active=True).first())
        if profile is None:
            raise ValidationError({"counsellor_id": [_("This is not a counsellor.")]})
        counsellor = profile.user
    elif payload.override_reason.strip():
        raise ValidationError({"counsellor_id": [_("Choose the counsellor the reason is for.")]})
    contract = services.contract_sign(
        registration=registration, signed_on=payload.signed_on, by=request.auth,
        components=payload.components.dict(), counsellor=counsellor, override_reason=payload.override_reason,
        channel=API,
    )
    return Status(201, _contract_out(request.auth, contract.pk))


@router.get("/contracts/{contract_id}", response={200: ContractOut, **problems(404, 422)},
            summary="Read a contract with its trajectory (logged with the purpose)")
def contract_read(request, contract_id: int, purpose: AccessPurpose):
    contract = access.contract_for_user(request.auth, contract_id, purpose=purpose, channel=API)
    return _contract_out(request.auth, contract.pk)


@router.patch("/contracts/{contract_id}/progress", response={200: ContractOut, **problems(404, body=True)},
              summary="Record progress on the trajectory (own caseload, or a team coordinator)")
def contract_progress(request, contract_id: int, payload: ProgressIn,
                      purpose: AccessPurpose = AccessPurpose.COUNSELLING):
    contract = access.contract_for_user(request.auth, contract_id, purpose=purpose, write=True, channel=API)
    values = payload.dict(exclude_unset=True)
    if "dutch_level_reached" in values:
        values["dutch_level_reached"] = values["dutch_level_reached"] or ""  # none reached is empty
    changed = services.contract_progress_record(contract=contract, values=values, by=request.auth, channel=API)
    if not changed:  # nothing written, yet the contract is returned: log it as a read
        access_record(user=request.auth, person_id=contract.person_id, action=AccessAction.VIEW, purpose=purpose,
                      channel=API)
    return _contract_out(request.auth, contract.pk)


@router.post("/contracts/{contract_id}/pauses", response={201: PauseOut, **problems(404, body=True)},
             summary="Postpone or suspend a contract")
def pause_create(request, contract_id: int, payload: PauseIn):
    access.integration_for_user(request.auth, "integration.add_contractpause")
    contract = access.contract_for_user(request.auth, contract_id,
                                        purpose=_write_purpose(request, AccessPurpose.COUNSELLING), write=True,
                                        channel=API)
    pause = services.pause_create(contract=contract, kind=payload.kind, reason=payload.reason,
                                  starts_on=payload.starts_on, expires_on=payload.expires_on, by=request.auth,
                                  channel=AccessChannel.API)
    return Status(201, PauseOut(id=pause.pk, kind=pause.kind, reason=pause.reason, starts_on=pause.starts_on,
                                expires_on=pause.expires_on))


@router.post("/contracts/{contract_id}/referrals", response={201: ReferralOut, **problems(404, body=True)},
             summary="Refer the person to a partner service")
def referral_create(request, contract_id: int, payload: ReferralIn):
    access.integration_for_user(request.auth, "integration.add_referral")
    contract = access.contract_for_user(request.auth, contract_id,
                                        purpose=_write_purpose(request, AccessPurpose.COUNSELLING), write=True,
                                        channel=API)
    referral = services.referral_create(contract=contract, service=payload.service, referred_on=payload.referred_on,
                                        note=payload.note, by=request.auth,
                                        channel=AccessChannel.API)
    return Status(201, _referral_out(referral))


@router.patch("/referrals/{referral_id}", response={200: ReferralOut, **problems(404, body=True)},
              summary="Record the outcome of a referral")
def referral_outcome(request, referral_id: int, payload: ReferralOutcomeIn):
    access.integration_for_user(request.auth, "integration.change_referral")
    referral = Referral.objects.filter(pk=referral_id).first()
    if referral is None:
        raise Http404
    referral.contract = access.contract_for_user(request.auth, referral.contract_id,
                                                 purpose=_write_purpose(request, AccessPurpose.COUNSELLING), write=True,
                                                  channel=API)
    referral = services.referral_outcome_record(referral=referral, outcome=payload.outcome,
                                                outcome_on=payload.outcome_on, by=request.auth,
                                                channel=AccessChannel.API)
    return _referral_out(referral)


@router.post("/contracts/{contract_id}/certificate",
             response={201: CertificateOut, **problems(404, body=True), 422: CertificateRefused},
             summary="Issue the integration certificate, or 422 with the conditions still open")
def certificate_issue(request, contract_id: int, payload: CertificateIn):
    access.integration_for_user(request.auth, "integration.add_certificate")
    contract = access.contract_for_user(request.auth, contract_id,
                                        purpose=_write_purpose(request, AccessPurpose.COUNSELLING), write=True,
                                        channel=API)
    open_conditions = services.certificate_open_conditions(contract=contract, on=payload.issued_on)
    if open_conditions:
        return Status(422, CertificateRefused(detail=_("The certificate cannot be issued yet."),
                                              open_conditions=[str(condition) for condition in open_conditions]))
    certificate = services.certificate_issue(contract=contract, issued_on=payload.issued_on, by=request.auth,
                                             channel=API)
    return Status(201, _certificate_out(certificate, contract))


@router.get("/caseload/{user_id}", response={200: CaseloadPage, **problems(404, 422)},
            summary="A counsellor's running contracts (paginated)")
def caseload(request, user_id: int, page: int = 1):
    owner = access.caseload_owner_for_user(request.auth, user_id)
    profile = CounsellorProfile.objects.filter(user=owner).first()
    contracts = selectors.caseload(counsellor=owner, today=timezone.localdate(), state=ContractState.OPEN)
    paginator, current = _paginated(request, contracts, page)
    return CaseloadPage(
        counsellor=_user_ref(owner), fte=float(profile.fte) if profile else None, count=paginator.count,
        page=current.number, pages=paginator.num_pages,
        items=[CaseloadItem(id=contract.pk, person=_person_ref(contract.person), signed_on=contract.signed_on,
                            status=contract.status, state=contract.state) for contract in current],
    )


# Exemption tests -------------------------------------------------------------------------


@router.post("/people/{person_id}/exemption-tests", response={201: ExemptionTestOut, **problems(404, body=True)},
             summary="Register a person for the civic-orientation exemption test")
def exemption_test_register(request, person_id: int, payload: ExemptionTestIn):
    person = access.person_for_integration(request.auth, person_id,
                                           purpose=_write_purpose(request, AccessPurpose.COUNSELLING),
                                           permission="integration.add_exemptiontest", write=True, channel=API)
    test = services.exemption_test_register(person=person, registered_on=payload.registered_on, by=request.auth,
                                            channel=AccessChannel.API)
    return Status(201, _exemption_test_out(test))


@router.patch("/exemption-tests/{test_id}", response={200: ExemptionTestOut, **problems(404, body=True)},
              summary="Record the result of an exemption test")
def exemption_test_result(request, test_id: int, payload: ExemptionTestResultIn):
    access.integration_for_user(request.auth, "integration.change_exemptiontest")
    test = ExemptionTest.objects.filter(pk=test_id).first()
    if test is None:
        raise Http404
    test = services.exemption_test_result(test=test, taken_on=payload.taken_on, result=payload.result,
                                          by=request.auth, channel=AccessChannel.API)
    return _exemption_test_out(test)


# Diploma recognition ---------------------------------------------------------------------


@router.post("/people/{person_id}/diploma-dossiers", response={201: DossierOut, **problems(404, body=True)},
             summary="Open a diploma recognition dossier")
def diploma_dossier_create(request, person_id: int, payload: DossierIn):
    person = access.person_for_integration(request.auth, person_id,
                                           purpose=_write_purpose(request, AccessPurpose.PROGRAMME),
                                           permission="integration.add_diplomadossier", write=True, channel=API,
                                           starts="programme")
    dossier = services.diploma_dossier_create(person=person, kind=payload.kind, opened_on=payload.opened_on,
                                              diploma=payload.diploma, missing_documents=payload.missing_documents,
                                              by=request.auth, channel=AccessChannel.API)
    return Status(201, _dossier_out(dossier))


@router.patch("/diploma-dossiers/{dossier_id}", response={200: DossierOut, **problems(404, body=True)},
              summary="Change the state or the missing documents of a diploma dossier")
def diploma_dossier_update(request, dossier_id: int, payload: DossierPatch):
    dossier = access.dossier_for_user(request.auth, dossier_id,
                                      purpose=_write_purpose(request, AccessPurpose.PROGRAMME), write=True,
                                      channel=API)
    dossier = services.diploma_dossier_update(
        dossier=dossier, by=request.auth,
        state=payload.state if payload.state is not None else dossier.state,
        missing_documents=(payload.missing_documents if payload.missing_documents is not None
                           else dossier.missing_documents), channel=AccessChannel.API)
    return _dossier_out(dossier)


@router.get("/diploma-dossiers", response={200: DossierPage, **problems(422)},
            summary="List diploma dossiers (paginated)")
def diploma_dossier_list(request, kind: DossierKind | None = None, page: int = 1):
    access.integration_for_user(request.auth, "integration.view_diplomadossier")
    paginator, current = _paginated(request, selectors.diploma_dossiers(kind=kind or ""), page)
    return DossierPage(count=paginator.count, page=current.number, pages=paginator.num_pages, items=[
        DossierSummary(id=dossier.pk, person=_person_ref(dossier.person), kind=dossier.kind,
                       opened_on=dossier.opened_on, state=dossier.state) for dossier in current])
