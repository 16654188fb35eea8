"""Request and response schemas of the civic-integration endpoints, and the reference to
a user they share (a person's is ``haven.core.api.PersonRef``)."""

from datetime import date, datetime
from typing import Any, cast

from ninja import Field, Schema

from haven.core.api import PageMeta, PersonRef, Problem
from haven.integration.models import (
    ContractEndReason,
    ContractState,
    DecisionKind,
    DossierKind,
    DossierState,
    ExemptionTestResult,
    NT2Level,
    PauseKind,
    ReferralOutcome,
    ReferralService,
    RegisterKind,
    ResidenceTitleKind,
    TargetGroupStatus,
)


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
        None,
        description="Health ground (special-category data): null in responses unless the user is the "
        "counsellor of the person's running contract.",
    )
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
    facts: FactsIn = Field(
        default_factory=cast(Any, FactsIn),  # pydantic calls the model; the stubs want a plain callable
        description="Only these facts are used; those left out are unknown. Identity comes from the file.",
    )


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


class RegistrationPage(PageMeta):
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
    counsellor_id: int | None = Field(
        None, description="Choose the counsellor yourself (team coordinators only); otherwise one is assigned."
    )
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


class ContractEndIn(Schema):
    ended_on: date
    reason: ContractEndReason
    note: str = Field("", max_length=250, description="Required when the reason is other.")


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
    assignment_code: str = Field(
        description="Why this counsellor: preferred_language, shared_language, no_shared_language, nobody, chosen "
        "(empty for a contract from before the codes)."
    )
    assignment_note: str = Field(description="Why this counsellor, in the language of the request.")
    civic_orientation_passed_on: date | None
    dutch_level_reached: NT2Level | None
    dutch_level_reached_on: date | None
    career_orientation_done_on: date | None
    ended_on: date | None
    end_reason: ContractEndReason | None = Field(None, description="Why it ended without a certificate.")
    end_note: str = ""
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


class CaseloadPage(PageMeta):
    counsellor: CounsellorRef
    fte: float | None = Field(description="Working time of the counsellor profile (null: no profile).")
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


class DossierPage(PageMeta):
    items: list[DossierSummary]


def user_ref(user) -> CounsellorRef:
    return CounsellorRef(id=user.pk, name=user.get_full_name() or user.username)
