"""A person's intake file: reading it, and recording conversations, tests, routing
proposals and the staff's choice."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from haven.core.api import person_ref, problem_from, problems
from haven.core.models import AccessPurpose, Language
from haven.nt2 import access, selectors, services
from haven.nt2.api.records import API, module_named, named, or_today, writer
from haven.nt2.api.schemas import (
    ConversationIn,
    ConversationOut,
    DecisionIn,
    IntakeOut,
    LanguageTestIn,
    LanguageTestOut,
    RoutingIn,
    RoutingOut,
    certification_out,
    conversation_out,
    enrolment_out,
    language_test_out,
    routing_out,
    scholarship_out,
)
from haven.nt2.models import Conversation, Provider, Routing

router = Router()


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
        person=person_ref(person),
        levels=file.levels,
        aptitude=file.aptitude,
        conversations=[conversation_out(conversation) for conversation in file.conversations],
        tests=[language_test_out(test) for test in file.tests],
        routings=[routing_out(routing) for routing in file.routings],
        enrolments=[enrolment_out(enrolment) for enrolment in file.enrolments],
        scholarships=[scholarship_out(scholarship) for scholarship in file.scholarships],
        certifications=[certification_out(test) for test in file.certifications],
    )


@router.post(
    "/people/{person_id}/conversations",
    response={201: ConversationOut, **problems(404, body=True)},
    summary="Record an intake conversation",
)
def conversation_create(request, person_id: int, payload: ConversationIn):
    person = writer(request, person_id, "nt2.add_conversation")
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
        return Status(422, problem_from(error))
    return Status(201, conversation_out(conversation))


@router.post(
    "/people/{person_id}/tests",
    response={201: LanguageTestOut, **problems(404, body=True)},
    summary="Record an aptitude test or a level test of one skill",
)
def language_test_create(request, person_id: int, payload: LanguageTestIn):
    person = writer(request, person_id, "nt2.add_languagetest")
    try:
        values = payload.dict(exclude={"conversation_id"})
        values = {
            name: (value or "") if name in ("skill", "level", "aptitude") else value for name, value in values.items()
        }
        values["conversation"] = named(
            Conversation.objects.filter(person=person),
            payload.conversation_id,
            "conversation_id",
            _("Unknown conversation."),
        )
        test = services.language_test_record(person=person, values=values, by=request.auth, channel=API)
    except ValidationError as error:
        return Status(422, problem_from(error))
    return Status(201, language_test_out(test))


@router.post(
    "/people/{person_id}/routings",
    response={201: RoutingOut, **problems(404, body=True)},
    summary="Ask for a routing proposal from the intake facts and tests (kept with its reasons)",
)
def routing_create(request, person_id: int, payload: RoutingIn):
    person = writer(request, person_id, "nt2.add_routing")
    try:
        conversation = named(
            Conversation.objects,
            payload.conversation_id,
            "conversation_id",
            _("Unknown conversation."),
            person_id=person.pk,
        )
        routing = services.routing_propose(
            person=person, by=request.auth, on=or_today(payload.on), conversation=conversation, channel=API
        )
    except ValidationError as error:
        return Status(422, problem_from(error))
    routing = Routing.objects.select_related("proposed_module__provider").get(pk=routing.pk)
    return Status(201, routing_out(routing))


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
        provider = named(Provider.objects, payload.provider_id, "provider_id", _("Unknown provider."))
        module = module_named(payload.module_id)
        routing = services.routing_decide(
            routing=routing,
            by=request.auth,
            on=or_today(payload.decided_on),
            provider=provider,
            module=module,
            reason=payload.reason,
            channel=API,
        )
    except ValidationError as error:
        return Status(422, problem_from(error))
    return routing_out(routing)
