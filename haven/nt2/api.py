"""Dutch-as-a-second-language (NT2) endpoints: the same access functions as the pages,
writes through the services, every read of a person's NT2 records logged with the purpose
"Dutch intake and routing".

Intake staff read and write; counsellors read; partners, managers and outsiders get 403.
A refused write (the services' ValidationError) is 422 with the messages, as in the other
routers; a body that does not fit the schema is 422 from django-ninja itself.
"""

from datetime import date
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from haven.core.api import Problem, Year, problems
from haven.core.limits import FREE_TEXT_MAX_LENGTH
from haven.core.models import AccessChannel, AccessPurpose, Language
from haven.nt2 import access, explanation, selectors, services
from haven.nt2.models import (
    Aptitude,
    CertificationPurpose,
    CertificationTest,
    Conversation,
    ConversationKind,
    Diploma,
    Enrolment,
    EnrolmentStatus,
    LearningGoal,
    Level,
    Module,
    Outcome,
    Pace,
    Provider,
    ProviderKind,
    Routing,
    ScholarshipFund,
    Skill,
    TestKind,
)

router = Router(tags=["Dutch as a second language"])

API = AccessChannel.API


# Schemas ---------------------------------------------------------------------------------


class ScholarshipRefused(Problem):
    unmet: list[str] = Field([], description="The conditions of the grant that are not met, in words.")


class PersonRef(Schema):
    id: int
    reference: str = Field(description="The file number.")
    given_names: str
    family_name: str


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


class ModulePage(Schema):
    count: int
    page: int
    pages: int
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


def _problem(error: ValidationError) -> Problem:
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return Problem(detail=" ".join(error.messages), errors=errors)


def _module_out(module: Module) -> ModuleOut:
    taken = getattr(module, "taken", None)
    return ModuleOut(
        id=module.pk,
        provider_id=module.provider_id,
        provider_name=module.provider.name,
        provider_kind=module.provider.kind,
        title=module.title,
        level=module.level,
        pace=module.pace,
        hours=module.hours,
        starts_on=module.starts_on,
        ends_on=module.ends_on,
        places=module.places,
        places_left=None if taken is None else max(module.places - taken, 0),
        location=module.location,
    )


def _conversation_out(conversation: Conversation) -> ConversationOut:
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


def _test_out(test) -> LanguageTestOut:
    return LanguageTestOut(
        id=test.pk,
        taken_on=test.taken_on,
        kind=test.kind,
        skill=test.skill,
        level=test.level,
        aptitude=test.aptitude,
        conversation_id=test.conversation_id,
    )


def _routing_out(routing: Routing) -> RoutingOut:
    return RoutingOut(
        id=routing.pk,
        conversation_id=routing.conversation_id,
        proposed_on=routing.proposed_on,
        kind=routing.proposed_kind or None,
        pace=routing.proposed_pace or None,
        hours=routing.proposed_hours,
        start_level=routing.proposed_level or None,
        module=_module_out(routing.proposed_module) if routing.proposed_module_id else None,
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


def _enrolment_out(enrolment: Enrolment) -> ModuleEnrolmentOut:
    return ModuleEnrolmentOut(
        id=enrolment.pk,
        module=_module_out(enrolment.module),
        routing_id=enrolment.routing_id,
        status=enrolment.status,
        requested_on=enrolment.requested_on,
        status_on=enrolment.status_on,
    )


def _scholarship_out(scholarship) -> ScholarshipOut:
    return ScholarshipOut(
        id=scholarship.pk,
        reference=scholarship.reference,
        fund_id=scholarship.fund_id,
        fund_name=scholarship.fund.name,
        module=_module_out(scholarship.module),
        granted_on=scholarship.granted_on,
    )


def _certification_out(test: CertificationTest) -> CertificationOut:
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


def _fund_out(fund: ScholarshipFund) -> FundOut:
    return FundOut(
        id=fund.pk,
        name=fund.name,
        funder=fund.funder,
        funder_label=fund.get_funder_display(),
        year=fund.year,
        budget=fund.budget,
        granted=fund.granted,
        left=max(fund.budget - fund.granted, 0),
        active=fund.active,
        requires_city_address=fund.requires_city_address,
        requires_integration_contract=fund.requires_integration_contract,
    )


def _one(queryset, pk: int | None, field: str, message: str, **conditions):
    """A record named in the body, or a validation error on that field (not a 404: the
    URL was right, the body was not)."""
    if pk is None:
        return None
    record = queryset.filter(pk=pk, **conditions).first()
    if record is None:
        raise ValidationError({field: [message]})
    return record


def _module(pk: int | None, field: str = "module_id") -> Module | None:
    return _one(Module.objects.select_related("provider"), pk, field, _("Unknown module."))


def _today(day: date | None) -> date:
    return day or timezone.localdate()


def _writer(request, person_id: int, permission: str):
    return access.intake_person_for_user(request.auth, person_id, permission=permission, write=True, channel=API)


# A person's intake file ------------------------------------------------------------------


@router.get(
    "/people/{person_id}/intake",
    response={200: IntakeOut, **problems(404, 422)},
    summary="A person's NT2 file: conversations, tests, current levels, routings, enrolments, "
    "scholarships, certification tests (the read is logged)",
)
def intake_read(request, person_id: int, purpose: AccessPurpose | None = None):
    person = access.intake_person_for_user(request.auth, person_id, channel=API, purpose=purpose)
    file = selectors.intake_file(person.pk)
    return IntakeOut(
        person=PersonRef(
            id=person.pk, reference=person.reference, given_names=person.given_names, family_name=person.family_name
        ),
        levels=file.levels,
        aptitude=file.aptitude,
        conversations=[_conversation_out(conversation) for conversation in file.conversations],
        tests=[_test_out(test) for test in file.tests],
        routings=[_routing_out(routing) for routing in file.routings],
        enrolments=[_enrolment_out(enrolment) for enrolment in file.enrolments],
        scholarships=[_scholarship_out(scholarship) for scholarship in file.scholarships],
        certifications=[_certification_out(test) for test in file.certifications],
    )


@router.post(
    "/people/{person_id}/conversations",
    response={201: ConversationOut, **problems(404, body=True)},
    summary="Record an intake conversation",
)
def conversation_create(request, person_id: int, payload: ConversationIn):
    person = _writer(request, person_id, "nt2.add_conversation")
    try:
        codes = payload.languages_known
        languages = list(Language.objects.filter(code__in=codes))
        if len(languages) != len(set(codes)):
            raise ValidationError({"languages_known": [_("Unknown language.")]})
        values = payload.dict(exclude={"languages_known"})
        for name in ("highest_diploma", "learning_pace"):  # not known: blank, as the model keeps it
            values[name] = values[name] or ""
        conversation = services.conversation_create(
            person=person, values=values, languages=languages, by=request.auth, channel=API
        )
    except ValidationError as error:
        return Status(422, _problem(error))
    return Status(201, _conversation_out(conversation))


@router.post(
    "/people/{person_id}/tests",
    response={201: LanguageTestOut, **problems(404, body=True)},
    summary="Record an aptitude test or a level test of one skill",
)
def language_test_create(request, person_id: int, payload: LanguageTestIn):
    person = _writer(request, person_id, "nt2.add_languagetest")
    try:
        values = payload.dict(exclude={"conversation_id"})
        values = {
            name: (value or "") if name in ("skill", "level", "aptitude") else value for name, value in values.items()
        }
        values["conversation"] = _one(
            Conversation.objects.filter(person=person),
            payload.conversation_id,
            "conversation_id",
            _("Unknown conversation."),
        )
        test = services.test_record(person=person, values=values, by=request.auth, channel=API)
    except ValidationError as error:
        return Status(422, _problem(error))
    return Status(201, _test_out(test))


@router.post(
    "/people/{person_id}/routings",
    response={201: RoutingOut, **problems(404, body=True)},
    summary="Ask for a routing proposal from the intake facts and tests (kept with its reasons)",
)
def routing_create(request, person_id: int, payload: RoutingIn):
    person = _writer(request, person_id, "nt2.add_routing")
    try:
        conversation = _one(
            Conversation.objects,
            payload.conversation_id,
            "conversation_id",
            _("Unknown conversation."),
            person_id=person.pk,
        )
        routing = services.routing_propose(
            person=person, by=request.auth, on=_today(payload.on), conversation=conversation, channel=API
        )
    except ValidationError as error:
        return Status(422, _problem(error))
    routing = Routing.objects.select_related("proposed_module__provider").get(pk=routing.pk)
    return Status(201, _routing_out(routing))


@router.post(
    "/routings/{routing_id}/decision",
    response={200: RoutingOut, **problems(404, body=True)},
    summary="Choose a provider or module: the proposal, or another with a reason",
)
def routing_decision(request, routing_id: int, payload: DecisionIn):
    routing = access.record_for_user(
        request.auth, Routing, routing_id, write=True, related=("proposed_module__provider",), channel=API
    )
    try:
        provider = _one(Provider.objects, payload.provider_id, "provider_id", _("Unknown provider."))
        module = _module(payload.module_id)
        routing = services.routing_decide(
            routing=routing,
            by=request.auth,
            on=_today(payload.decided_on),
            provider=provider,
            module=module,
            reason=payload.reason,
            channel=API,
        )
    except ValidationError as error:
        return Status(422, _problem(error))
    return _routing_out(routing)


# Enrolments and scholarships -------------------------------------------------------------


@router.post(
    "/people/{person_id}/enrolments",
    response={201: ModuleEnrolmentOut, **problems(404, body=True)},
    summary="Enrol the person at a module (422 when it is full)",
)
def enrolment_create(request, person_id: int, payload: ModuleEnrolmentIn):
    person = _writer(request, person_id, "nt2.add_enrolment")
    try:
        module = _module(payload.module_id)
        routing = _one(Routing.objects.filter(person=person), payload.routing_id, "routing_id", _("Unknown routing."))
        enrolment = services.enrolment_create(
            person=person,
            module=module,
            by=request.auth,
            routing=routing,
            requested_on=_today(payload.requested_on),
            channel=API,
        )
    except ValidationError as error:
        return Status(422, _problem(error))
    return Status(201, _enrolment_out(enrolment))


@router.post(
    "/enrolments/{enrolment_id}/status",
    response={200: ModuleEnrolmentOut, **problems(404, body=True)},
    summary="Move an enrolment on: confirmed, started, finished, or dropped out",
)
def enrolment_status(request, enrolment_id: int, payload: EnrolmentStatusIn):
    enrolment = access.record_for_user(
        request.auth, Enrolment, enrolment_id, write=True, related=("module__provider",), channel=API
    )
    try:
        enrolment = services.enrolment_status_set(
            enrolment=enrolment, status=payload.status, on=_today(payload.on), by=request.auth, channel=API
        )
    except ValidationError as error:
        return Status(422, _problem(error))
    return _enrolment_out(enrolment)


@router.post(
    "/people/{person_id}/scholarships",
    response={201: ScholarshipOut, **problems(404, body=True), 422: ScholarshipRefused},
    summary="Grant a scholarship for the university language centre, or 422 with the unmet conditions",
)
def scholarship_create(request, person_id: int, payload: ScholarshipIn):
    person = _writer(request, person_id, "nt2.add_scholarship")
    try:
        fund = _one(ScholarshipFund.objects, payload.fund_id, "fund_id", _("Unknown fund."))
        module = _module(payload.module_id)
        scholarship = services.scholarship_grant(
            person=person, fund=fund, module=module, on=_today(payload.granted_on), by=request.auth, channel=API
        )
    except ValidationError as error:
        problem = _problem(error)
        unmet = [] if hasattr(error, "error_dict") else error.messages
        return Status(422, ScholarshipRefused(detail=problem.detail, errors=problem.errors, unmet=unmet))
    return Status(201, _scholarship_out(scholarship))


@router.post(
    "/people/{person_id}/certifications",
    response={201: CertificationOut, **problems(404, body=True)},
    summary="Record a certification test; says whether it satisfied a contract's NT2 condition",
)
def certification_create(request, person_id: int, payload: CertificationIn):
    person = _writer(request, person_id, "nt2.add_certificationtest")
    try:
        test = services.certification_record(person=person, values=payload.dict(), by=request.auth, channel=API)
    except ValidationError as error:
        return Status(422, _problem(error))
    return Status(201, _certification_out(test))


# Reference data --------------------------------------------------------------------------


@router.get(
    "/modules", response={200: ModulePage, **problems(422)}, summary="List course modules (paginated) with places left"
)
def module_list(
    request,
    level: str = "",
    pace: Pace | None = None,
    provider_kind: ProviderKind | None = None,
    starts_from: date | None = None,
    page: int = 1,
):
    access.nt2_for_user(request.auth, "nt2.view_module")
    queryset = Module.objects.all()
    if level:
        queryset = queryset.filter(level=level)
    if pace:
        queryset = queryset.filter(pace=pace)
    if provider_kind:
        queryset = queryset.filter(provider__kind=provider_kind)
    if starts_from:
        queryset = queryset.filter(starts_on__gte=starts_from)
    paginator = Paginator(
        selectors.modules_with_places(queryset).order_by("starts_on", "provider__name", "level", "id"),
        settings.HAVEN_PAGE_SIZE,
    )
    current = paginator.get_page(page)
    return ModulePage(
        count=paginator.count,
        page=current.number,
        pages=paginator.num_pages,
        items=[_module_out(module) for module in current],
    )


@router.get(
    "/funds",
    response={200: list[FundOut], **problems(422)},
    summary="Scholarship funds of a year: budget, granted, left",
)
def fund_list(request, year: Year | None = None):
    access.nt2_for_user(request.auth, "nt2.view_scholarshipfund")
    funds = ScholarshipFund.objects.annotate(granted=Count("grants"))
    if year is not None:
        funds = funds.filter(year=year)
    return [_fund_out(fund) for fund in funds]
