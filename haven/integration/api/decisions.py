"""Status decisions, integration facts and registrations: the target-group rules'
outcome, with the health ground masked for users who may not see it."""

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from enum import Enum
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from haven.core.api import Year, person_ref, problems
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessPurpose
from haven.integration import access, rules, services
from haven.integration.api.schemas import (
    DecisionOut,
    DecisionPreview,
    FactsIn,
    FactsSaved,
    PreviewIn,
    RegistrationIn,
    RegistrationOut,
    RegistrationPage,
    RegistrationStatus,
    RegistrationSummary,
)
from haven.integration.api.traces import API, write_purpose
from haven.integration.explanation import SENSITIVE_FACTS
from haven.integration.models import DecisionKind, IntegrationFacts, Registration, TargetGroupStatus
from haven.people.access import people_page, purpose_or_default

router = Router()

CONFIDENTIAL = "confidential"


@contextmanager
def _rules_refusals(date_field: str) -> Iterator[None]:
    """The rules engine's refusals as validation errors (422)."""
    try:
        yield
    except rules.NoRuleSet:
        raise ValidationError({date_field: [_("No target-group rules apply on this date.")]}) from None
    except rules.InconsistentFacts:
        raise ValidationError(
            _("The facts contradict each other: only Belgians have the residence title 'Belgian'.")
        ) from None


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
    return {
        "rule": step["rule"],
        "description": step["description"],
        "outcome": outcome,
        "facts": facts,
        "missing": list(step.get("missing", ())),
    }


def _decision_fields(
    *, status: str, rule_set: str, steps: Sequence[Mapping[str, Any]], missing: list[str], visible: bool
) -> dict[str, Any]:
    masked = [_masked_step(step, visible) for step in steps]
    explanation = rules.Decision(
        status=rules.Status(status),
        rule_set=rule_set,
        missing=tuple(missing),
        steps=tuple(
            rules.Step(
                rule=step["rule"],
                description=step["description"],
                facts=step["facts"],
                outcome=step["outcome"],
                missing=tuple(step["missing"]),
            )
            for step in masked
        ),
    ).explanation()
    return {
        "status": status,
        "status_label": str(TargetGroupStatus(status).label),
        "rule_set": rule_set,
        "steps": masked,
        "missing": list(missing),
        "explanation": explanation,
    }


def _preview_out(decision: rules.Decision, visible: bool) -> DecisionPreview:
    steps = [
        {
            "rule": step.rule,
            "description": step.description,
            "outcome": step.outcome,
            "facts": {name: _plain(value) for name, value in step.facts.items()},
            "missing": step.missing,
        }
        for step in decision.steps
    ]
    return DecisionPreview(
        **_decision_fields(
            status=decision.status.value,
            rule_set=decision.rule_set,
            steps=steps,
            missing=list(decision.missing),
            visible=visible,
        )
    )


def _facts_out(facts: IntegrationFacts, visible: bool) -> dict[str, Any]:
    # A dict keyed by the JSON names: ninja reads a FactsIn instance back by attribute, and
    # the attribute "register" is pydantic's, not the fact.
    values = {name: (getattr(facts, name) if getattr(facts, name) != "" else None) for name in services.FACT_FIELDS}
    if not visible:
        values.update(dict.fromkeys(SENSITIVE_FACTS))
    return values


def _registration_out(registration: Registration, visible: bool) -> RegistrationOut:
    decisions = [
        DecisionOut(
            id=decision.pk,
            kind=DecisionKind(decision.kind),
            asked_on=decision.asked_on,
            created_at=decision.created_at,
            **_decision_fields(
                status=decision.status,
                rule_set=decision.rule_set,
                steps=decision.steps,
                missing=decision.missing,
                visible=visible,
            ),
        )
        for decision in registration.decisions.order_by("id")
    ]
    return RegistrationOut(
        id=registration.pk,
        person=person_ref(registration.person),
        registered_on=registration.registered_on,
        status=TargetGroupStatus(registration.status),
        current_status=TargetGroupStatus(registration.current_status),
        created_at=registration.created_at,
        decisions=decisions,
        contracts=list(registration.contracts.order_by("id").values_list("id", flat=True)),
    )


# Status decisions and facts --------------------------------------------------------------


@router.post(
    "/decisions/preview",
    response={200: DecisionPreview, **problems(404, body=True)},
    summary="The status the rules would decide, without saving (reading the person is logged)",
)
def decision_preview(request, payload: PreviewIn, purpose: AccessPurpose | None = None):
    given = purpose_or_default(request.auth, purpose, AccessPurpose.REGISTRATION)
    person = access.person_for_integration(
        request.auth, payload.person_id, purpose=given, permission="integration.add_registration", channel=API
    )
    with _rules_refusals("asked_on"):
        decision = services.status_preview(person=person, facts=_fact_values(payload.facts), asked_on=payload.asked_on)
    return _preview_out(decision, access.sensitive_facts_visible(request.auth, person.pk))


@router.put(
    "/people/{person_id}/facts",
    response={200: FactsSaved, **problems(404, body=True)},
    by_alias=True,
    summary="Save a person's integration facts; their registrations are re-evaluated",
    description="The facts sent are saved (null makes a fact unknown); facts left out keep their "
    "value, so that a user who cannot see the health ground does not erase it.",
)
def facts_save(request, person_id: int, payload: FactsIn, purpose: AccessPurpose | None = None):
    given = purpose_or_default(request.auth, purpose, AccessPurpose.REGISTRATION)
    person = access.person_for_integration(
        request.auth,
        person_id,
        purpose=given,
        write=True,
        channel=API,
        permission="integration.change_integrationfacts",
    )
    values = _fact_values(payload, only_set=True)
    for name in ("register", "residence_title"):  # text fields: unknown is empty, not NULL
        if name in values and values[name] is None:
            values[name] = ""
    with _rules_refusals("facts"):
        facts, changed = services.facts_save(person=person, values=values, by=request.auth, purpose=given, channel=API)
    if not changed:  # nothing written, yet the facts are returned: log it as a read
        access_record(user=request.auth, person_id=person.pk, action=AccessAction.VIEW, purpose=given, channel=API)
    visible = access.sensitive_facts_visible(request.auth, person.pk)
    registrations = [
        RegistrationStatus(
            id=registration.pk,
            registered_on=registration.registered_on,
            status=TargetGroupStatus(registration.status),
            current_status=TargetGroupStatus(registration.current_status),
        )
        for registration in person.registrations.order_by("registered_on", "id")
    ]
    return {
        "facts": _facts_out(facts, visible),
        "updated_at": facts.updated_at,
        "changed": sorted(changed),
        "registrations": registrations,
    }


# Registrations ---------------------------------------------------------------------------


@router.post(
    "/registrations",
    response={201: RegistrationOut, **problems(404, body=True)},
    summary="Register a person for civic integration; the status is decided and kept",
)
def registration_create(request, payload: RegistrationIn):
    person = access.person_for_integration(
        request.auth,
        payload.person_id,
        purpose=write_purpose(request, AccessPurpose.REGISTRATION),
        permission="integration.add_registration",
        write=True,
        channel=API,
    )
    with _rules_refusals("registered_on"):
        registration = services.registration_create(
            person=person, registered_on=payload.registered_on, by=request.auth, channel=API
        )
    return Status(201, _registration_out(registration, access.sensitive_facts_visible(request.auth, person.pk)))


@router.get(
    "/registrations", response={200: RegistrationPage, **problems(422)}, summary="List registrations (paginated)"
)
def registration_list(request, year: Year | None = None, status: TargetGroupStatus | None = None, page: int = 1):
    """``year`` of registration; ``status`` is the current status."""
    access.integration_for_user(request.auth, "integration.view_registration")
    registrations = Registration.objects.select_related("person").order_by("-registered_on", "-id")
    if year is not None:
        registrations = registrations.filter(registered_on__year=year)
    if status is not None:
        registrations = registrations.filter(current_status=status)
    meta, current = people_page(request.auth, registrations, page, person_field="person_id")
    return RegistrationPage(
        **meta,
        items=[
            RegistrationSummary(
                id=registration.pk,
                person=person_ref(registration.person),
                registered_on=registration.registered_on,
                status=registration.status,
                current_status=registration.current_status,
            )
            for registration in current
        ],
    )


@router.get(
    "/registrations/{registration_id}",
    response={200: RegistrationOut, **problems(404, 422)},
    summary="Read a registration with its decision history (logged with the purpose)",
)
def registration_read(request, registration_id: int, purpose: AccessPurpose):
    registration = access.registration_for_user(request.auth, registration_id, purpose=purpose, channel=API)
    return _registration_out(registration, access.sensitive_facts_visible(request.auth, registration.person_id))
