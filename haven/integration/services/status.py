"""Integration facts, status decisions and registrations: the target-group rules applied
to a person and kept with their explanation."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose
from haven.integration import rules
from haven.integration.models import DecisionKind, IntegrationFacts, Registration, StatusDecision
from haven.integration.services.records import RELATIONS_IN_HAND, change_logged
from haven.people.models import Person

FACT_FIELDS = (
    "register",
    "residence_title",
    "residence_title_months",
    "first_residence_title",
    "asylum_procedure_start",
    "born_abroad",
    "parent_born_abroad",
    "first_registration_belgium",
    "moved_from_elsewhere_in_belgium",
    "eu_family_member",
    "serious_illness_certificate",
    "belgian_or_dutch_diploma",
    "earlier_integration_certificate",
)
REGION = rules.Region.FLANDERS  # Haven runs for a Flemish municipality


def rules_facts(*, person: Person, facts: IntegrationFacts | Mapping[str, Any] | None) -> rules.Facts:
    """The rules' view of a person: identity from the registry, the rest from the facts."""
    values: dict[str, Any]
    if facts is None:
        values = {}
    elif isinstance(facts, IntegrationFacts):
        values = {name: getattr(facts, name) for name in FACT_FIELDS}
    else:
        values = dict(facts)
    values = {name: (None if value in ("", None) else value) for name, value in values.items()}
    if values.get("register") is not None:
        values["register"] = rules.Register(values["register"])
    if values.get("residence_title") is not None:
        values["residence_title"] = rules.ResidenceTitle(values["residence_title"])
    return rules.Facts(
        birth_date=person.birth_date,
        nationality=person.nationality or None,
        first_registration_municipality=person.first_registration_date,
        **values,
    )


def status_preview(*, person: Person, facts: Mapping[str, Any], asked_on: date) -> rules.Decision:
    """The decision the rules would take now, without saving anything (the live form)."""
    return rules.decide(rules.Question(facts=rules_facts(person=person, facts=facts), asked_on=asked_on, region=REGION))


def _decision_save(
    *,
    person: Person,
    decision: rules.Decision,
    kind: DecisionKind,
    asked_on: date,
    by: User,
    registration: Registration | None = None,
) -> StatusDecision:
    saved = StatusDecision(
        person=person,
        registration=registration,
        kind=kind,
        asked_on=asked_on,
        status=decision.status.value,
        rule_set=decision.rule_set,
        missing=list(decision.missing),
        created_by=by,
        steps=[
            {
                "rule": step.rule,
                "description": step.description,
                "outcome": step.outcome,
                "missing": list(getattr(step, "missing", ())),
                "facts": {name: _jsonable(value) for name, value in step.facts.items()},
            }
            for step in decision.steps
        ],
    )
    saved.full_clean(exclude=RELATIONS_IN_HAND)
    saved.save()
    return saved


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def _facts_of(person: Person) -> IntegrationFacts | None:
    return IntegrationFacts.objects.filter(person=person).first()


@transaction.atomic
def facts_save(
    *,
    person: Person,
    values: Mapping[str, Any],
    by: User,
    purpose: AccessPurpose | str,
    channel: AccessChannel | None = None,
) -> tuple[IntegrationFacts, set[str]]:
    """Record facts; every open registration of the person is re-evaluated, and a
    changed status is kept in the registration's history."""
    unknown = set(values) - set(FACT_FIELDS)
    if unknown:
        raise ValueError(f"Not an integration fact: {sorted(unknown)}")
    facts, _created = IntegrationFacts.objects.get_or_create(person=person)
    changed: set[str] = set()
    for name, value in values.items():
        if getattr(facts, name) != value:
            setattr(facts, name, value)
            changed.add(name)
    facts.full_clean(exclude=RELATIONS_IN_HAND)
    try:
        rules_facts(person=person, facts=facts)
    except rules.InconsistentFacts:
        # e.g. the title "belgian" for a person of another nationality: a form error, not a crash
        raise ValidationError(
            {"residence_title": _("The residence title does not go with the person's nationality.")}
        ) from None
    if changed:
        facts.save()
        access_record(
            user=by, person_id=person.pk, action=AccessAction.UPDATE, purpose=purpose, channel=channel, fields=changed
        )
        for registration in person.registrations.all():
            registration_reevaluate(registration=registration, by=by, facts=facts)
    return facts, changed


@transaction.atomic
def settlement_decide(*, person: Person, by: User) -> StatusDecision:
    """The status of a newcomer on settling, from the municipality's facts, whether or
    not they ever come to the agency."""
    if person.first_registration_date is None:
        raise ValidationError(_("The person has no date of first registration in the municipality."))
    decision = rules.decide(
        rules.Question(
            facts=rules_facts(person=person, facts=_facts_of(person)),
            asked_on=person.first_registration_date,
            region=REGION,
        )
    )
    StatusDecision.objects.filter(person=person, kind=DecisionKind.SETTLEMENT).delete()
    return _decision_save(
        person=person, decision=decision, kind=DecisionKind.SETTLEMENT, asked_on=person.first_registration_date, by=by
    )


@transaction.atomic
def registration_create(
    *, person: Person, registered_on: date, by: User, channel: AccessChannel | None = None
) -> Registration:
    """The person comes to the agency: decide the status now and keep the decision."""
    decision = rules.decide(
        rules.Question(facts=rules_facts(person=person, facts=_facts_of(person)), asked_on=registered_on, region=REGION)
    )
    registration = Registration(
        person=person,
        registered_on=registered_on,
        status=decision.status.value,
        current_status=decision.status.value,
        created_by=by,
    )
    registration.full_clean(exclude=RELATIONS_IN_HAND)
    registration.save()
    _decision_save(
        person=person,
        decision=decision,
        kind=DecisionKind.REGISTRATION,
        asked_on=registered_on,
        by=by,
        registration=registration,
    )
    change_logged(
        by=by, person_id=person.pk, preferred=AccessPurpose.REGISTRATION, fields=["registration"], channel=channel
    )
    return registration


def registration_reevaluate(
    *, registration: Registration, by: User, asked_on: date | None = None, facts: IntegrationFacts | None = None
) -> StatusDecision | None:
    """Apply the rules again to the registration's date with today's facts (pass them
    when already loaded); a new decision is added only when the outcome differs."""
    person = registration.person
    decision = rules.decide(
        rules.Question(
            facts=rules_facts(person=person, facts=facts or _facts_of(person)),
            asked_on=asked_on or registration.registered_on,
            region=REGION,
        )
    )
    latest = registration.decisions.order_by("-id").first()
    if latest and latest.status == decision.status.value and latest.missing == list(decision.missing):
        return None
    saved = _decision_save(
        person=person,
        decision=decision,
        kind=DecisionKind.REEVALUATION,
        asked_on=asked_on or registration.registered_on,
        by=by,
        registration=registration,
    )
    Registration.objects.filter(pk=registration.pk).update(current_status=decision.status.value)
    registration.current_status = decision.status.value
    return saved
