"""The NT2 API's schemas and the conversions of records into them."""

from datetime import date
from typing import Any, Literal

from ninja import Field, Schema

from haven.core.api import PageMeta, PersonRef, Problem
from haven.core.limits import FREE_TEXT_MAX_LENGTH
from haven.nt2 import explanation
from haven.nt2.models import (
    Aptitude,
    CertificationPurpose,
    CertificationTest,
    Conversation,
    ConversationKind,
    Diploma,
    Enrolment,
    EnrolmentStatus,
    LanguageTest,
    LearningGoal,
    Level,
    Module,
    Outcome,
    Pace,
    ProviderKind,
    Routing,
    Scholarship,
    ScholarshipFund,
    Skill,
    TestKind,
)


class ScholarshipRefused(Problem):
    unmet: list[str] = Field([], description="The conditions of the grant that are not met, in words.")


class ModuleOut(Schema):
    id: int
    provider_id: int
    provider_name: str
    provider_kind: ProviderKind
    title: str
    level: str
    pace: Pace
    hours: int
    starts_on: date
    ends_on: date | None
    places: int
    places_left: int | None = Field(None, description="In lists of modules; null where not counted.")
    location: str


class ModulePage(PageMeta):
    items: list[ModuleOut]


class FundOut(Schema):
    id: int
    name: str
    funder: str
    funder_label: str
    year: int
    budget: int = Field(description="Grants in the budget.")
    granted: int
    left: int
    active: bool
    requires_city_address: bool
    requires_integration_contract: bool


class ConversationIn(Schema):
    held_on: date
    kind: ConversationKind
    learning_goal: LearningGoal
    years_of_schooling: int | None = Field(None, ge=0, le=60)
    highest_diploma: Diploma | None = None
    languages_known: list[str] = Field([], description="ISO 639-3 codes.")
    literate: bool | None = None
    latin_script: bool | None = None
    learning_pace: Aptitude | None = Field(None, description="The staff's estimate; an aptitude test prevails.")
    work_follow_up: bool = False
    outcome: Outcome
    notes: str = Field("", max_length=FREE_TEXT_MAX_LENGTH)


class ConversationOut(Schema):
    id: int
    held_on: date
    kind: str
    learning_goal: str
    years_of_schooling: int | None
    highest_diploma: str
    languages_known: list[str]
    literate: bool | None
    latin_script: bool | None
    learning_pace: str
    work_follow_up: bool
    outcome: str
    notes: str
    staff_id: int


class LanguageTestIn(Schema):
    taken_on: date
    kind: TestKind
    skill: Skill | None = Field(None, description="Level tests only.")
    level: Level | None = Field(None, description='Level tests only; "0" is below A1.')
    aptitude: Aptitude | None = Field(None, description="Aptitude tests only.")
    conversation_id: int | None = None


class LanguageTestOut(Schema):
    id: int
    taken_on: date
    kind: str
    skill: str
    level: str
    aptitude: str
    conversation_id: int | None


class RoutingIn(Schema):
    on: date | None = Field(None, description="Today when left out; modules from this day on.")
    conversation_id: int | None = Field(None, description="The latest conversation when left out.")


class ReasonOut(Schema):
    code: str
    facts: dict[str, Any]
    text: str


class MissingOut(Schema):
    fact: str
    text: str


class RoutingOut(Schema):
    id: int
    conversation_id: int | None
    proposed_on: date
    kind: str | None = Field(description="The proposed provider kind; null while facts are missing.")
    pace: str | None
    hours: int | None = Field(description="Hours per level of the pace.")
    start_level: str | None
    module: ModuleOut | None
    reasons: list[ReasonOut]
    missing: list[MissingOut]
    decided_on: date | None
    chosen_provider_id: int | None
    chosen_module_id: int | None
    override_reason: str


class DecisionIn(Schema):
    provider_id: int | None = None
    module_id: int | None = None
    reason: str = Field("", max_length=FREE_TEXT_MAX_LENGTH, description="Needed when the choice is not the proposal.")
    decided_on: date | None = Field(None, description="Today when left out.")


# Not "EnrolmentIn": the OpenAPI components are named by class, and civic orientation has one.
class ModuleEnrolmentIn(Schema):
    module_id: int
    routing_id: int | None = None
    requested_on: date | None = Field(None, description="Today when left out.")


class ModuleEnrolmentOut(Schema):
    id: int
    module: ModuleOut
    routing_id: int | None
    status: str
    requested_on: date
    status_on: date


class EnrolmentStatusIn(Schema):
    status: EnrolmentStatus
    on: date | None = Field(None, description="Today when left out.")


class ScholarshipIn(Schema):
    fund_id: int
    module_id: int
    granted_on: date | None = Field(None, description="Today when left out.")


class ScholarshipOut(Schema):
    id: int
    reference: str
    fund_id: int
    fund_name: str
    module: ModuleOut
    granted_on: date


class CertificationIn(Schema):
    taken_on: date
    purpose: CertificationPurpose
    level_tested: Literal["A1", "A2", "B1", "B2", "C1", "C2"]
    level_reached: Literal["", "A1", "A2", "B1", "B2", "C1", "C2"] = Field(
        "", description="Empty when the level tested was not reached."
    )


class CertificationOut(Schema):
    id: int
    reference: str
    taken_on: date
    purpose: str
    level_tested: str
    level_reached: str
    passed: bool
    contract_id: int | None = Field(description="The integration contract whose NT2 condition this test satisfied.")
    contract_condition_satisfied: bool


class IntakeOut(Schema):
    person: PersonRef
    levels: dict[str, str] = Field(description='Skill → level of the latest level test ("0": below A1).')
    aptitude: str | None = Field(description="The learning pace of the latest aptitude test.")
    conversations: list[ConversationOut]
    tests: list[LanguageTestOut]
    routings: list[RoutingOut]
    enrolments: list[ModuleEnrolmentOut]
    scholarships: list[ScholarshipOut]
    certifications: list[CertificationOut]


# Conversions -----------------------------------------------------------------------------


def module_out(module: Module) -> ModuleOut:
    taken = getattr(module, "taken", None)
    return ModuleOut(
        id=module.pk,
        provider_id=module.provider_id,
        provider_name=module.provider.name,
        provider_kind=ProviderKind(module.provider.kind),
        title=module.title,
        level=module.level,
        pace=Pace(module.pace),
        hours=module.hours,
        starts_on=module.starts_on,
        ends_on=module.ends_on,
        places=module.places,
        places_left=None if taken is None else max(module.places - taken, 0),
        location=module.location,
    )


def conversation_out(conversation: Conversation) -> ConversationOut:
    return ConversationOut(
        id=conversation.pk,
        held_on=conversation.held_on,
        kind=conversation.kind,
        learning_goal=conversation.learning_goal,
        years_of_schooling=conversation.years_of_schooling,
        highest_diploma=conversation.highest_diploma,
        languages_known=sorted(language.pk for language in conversation.languages_known.all()),
        literate=conversation.literate,
        latin_script=conversation.latin_script,
        learning_pace=conversation.learning_pace,
        work_follow_up=conversation.work_follow_up,
        outcome=conversation.outcome,
        notes=conversation.notes,
        staff_id=conversation.staff_id,
    )


def language_test_out(test: LanguageTest) -> LanguageTestOut:
    return LanguageTestOut(
        id=test.pk,
        taken_on=test.taken_on,
        kind=test.kind,
        skill=test.skill,
        level=test.level,
        aptitude=test.aptitude,
        conversation_id=test.conversation_id,
    )


def routing_out(routing: Routing) -> RoutingOut:
    return RoutingOut(
        id=routing.pk,
        conversation_id=routing.conversation_id,
        proposed_on=routing.proposed_on,
        kind=routing.proposed_kind or None,
        pace=routing.proposed_pace or None,
        hours=routing.proposed_hours,
        start_level=routing.proposed_level or None,
        module=module_out(routing.proposed_module) if routing.proposed_module is not None else None,
        reasons=[
            ReasonOut(
                code=reason["code"],
                facts=reason["facts"],
                text=explanation.reason_words(reason["code"], reason["facts"]),
            )
            for reason in routing.reasons
        ],
        missing=[MissingOut(fact=fact, text=explanation.missing_words(fact)) for fact in routing.missing],
        decided_on=routing.decided_on,
        chosen_provider_id=routing.chosen_provider_id,
        chosen_module_id=routing.chosen_module_id,
        override_reason=routing.override_reason,
    )


def enrolment_out(enrolment: Enrolment) -> ModuleEnrolmentOut:
    return ModuleEnrolmentOut(
        id=enrolment.pk,
        module=module_out(enrolment.module),
        routing_id=enrolment.routing_id,
        status=enrolment.status,
        requested_on=enrolment.requested_on,
        status_on=enrolment.status_on,
    )


def scholarship_out(scholarship: Scholarship) -> ScholarshipOut:
    return ScholarshipOut(
        id=scholarship.pk,
        reference=scholarship.reference,
        fund_id=scholarship.fund_id,
        fund_name=scholarship.fund.name,
        module=module_out(scholarship.module),
        granted_on=scholarship.granted_on,
    )


def certification_out(test: CertificationTest) -> CertificationOut:
    return CertificationOut(
        id=test.pk,
        reference=test.reference,
        taken_on=test.taken_on,
        purpose=test.purpose,
        level_tested=test.level_tested,
        level_reached=test.level_reached,
        passed=test.passed,
        contract_id=test.contract_id,
        contract_condition_satisfied=test.contract_id is not None,
    )


def fund_out(fund: ScholarshipFund) -> FundOut:
    """``fund`` annotated with ``granted`` (``Count("grants")``)."""
    granted: int = fund.granted  # type: ignore[attr-defined]  # the query's annotation
    return FundOut(
        id=fund.pk,
        name=fund.name,
        funder=fund.funder,
        funder_label=fund.get_funder_display(),
        year=fund.year,
        budget=fund.budget,
        granted=granted,
        left=max(fund.budget - granted, 0),
        active=fund.active,
        requires_city_address=fund.requires_city_address,
        requires_integration_contract=fund.requires_integration_contract,
    )
