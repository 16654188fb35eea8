"""Integration facts, status decisions and registrations: the target-group rules applied
to a person and kept with their explanation."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose
from haven.integration import rules
from haven.integration.models import DecisionKind, IntegrationFacts, Registration, StatusDecision
from haven.integration.services.records import RELATIONS_IN_HAND
from haven.people.access import change_logged
from haven.people.hooks import PersonChange
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
# The person's own fields the rules read (rules_facts); a change to one of them, through
# the registry's hook, decides the settlement status again.
PERSON_FACT_FIELDS = frozenset({"birth_date", "nationality", "first_registration_date"})
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


def _rules_facts_or_title_unknown(*, person: Person, facts: IntegrationFacts | None) -> rules.Facts:
    """``rules_facts``, except that a residence title contradicting the nationality (the
    registry changed the nationality, the facts still hold the old title) counts as not
    known: the decision then asks for it instead of refusing the registry's change."""
    try:
        return rules_facts(person=person, facts=facts)
    except rules.InconsistentFacts:
        values = {name: getattr(facts, name) for name in FACT_FIELDS} | {"residence_title": None}
        return rules_facts(person=person, facts=values)


def status_preview(*, person: Person, facts: Mapping[str, Any], asked_on: date) -> rules.Decision:
    """The decision the rules would take now, without saving anything (the live form)."""
    return rules.decide(rules.Question(facts=rules_facts(person=person, facts=facts), asked_on=asked_on, region=REGION))


def _steps_json(decision: rules.Decision) -> list[dict[str, Any]]:
    return [
        {
            "rule": step.rule,
            "description": step.description,
            "outcome": step.outcome,
            "missing": list(getattr(step, "missing", ())),
            "facts": {name: _jsonable(value) for name, value in step.facts.items()},
        }
        for step in decision.steps
    ]


def _outcome(decision: rules.Decision | None) -> dict[str, Any]:
    """A decision's fields as saved. None: no rule set covers the date asked (a newcomer
    who settled before 2014): undetermined under no rule set, with no rule applied and no
    fact that would settle it."""
    if decision is None:
        return {"status": rules.Status.UNDETERMINED.value, "rule_set": "", "missing": [], "steps": []}
    return {
        "status": decision.status.value,
        "rule_set": decision.rule_set,
        "missing": list(decision.missing),
        "steps": _steps_json(decision),
    }


def _decision_save(
    *,
    person: Person,
    decision: rules.Decision | None,
    kind: DecisionKind,
    asked_on: date,
    by: User,
    registration: Registration | None = None,
    supersedes: StatusDecision | None = None,
) -> StatusDecision:
    saved = StatusDecision(
        person=person,
        registration=registration,
        kind=kind,
        asked_on=asked_on,
        created_by=by,
        supersedes=supersedes,
        **_outcome(decision),
    )
    # ``supersedes`` is in hand too; its constraints (one-to-one, settlement only) are the
    # database's: a decision is made from the rules' answer, never typed, and checking them
    # here would compile and run a query each (8 % of the demo's newcomers' time, sampled).
    saved.full_clean(exclude=[*RELATIONS_IN_HAND, "supersedes"], validate_constraints=False)
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
    facts = _facts_of(person)
    created = facts is None
    if facts is None:  # saved below, once, with its first values
        facts = IntegrationFacts(person=person)
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
    if created:
        try:
            with transaction.atomic():  # the first facts of the person, in one insert
                facts.save(force_insert=True)
        except IntegrityError:  # a parallel first save won: these values go onto its row
            return facts_save(person=person, values=values, by=by, purpose=purpose, channel=channel)
    elif changed:
        facts.save()
    if changed:
        access_record(
            user=by, person_id=person.pk, action=AccessAction.UPDATE, purpose=purpose, channel=channel, fields=changed
        )
        for registration in person.registrations.all():
            registration_reevaluate(registration=registration, by=by, facts=facts)
        if person.first_registration_date is not None:
            _settlement_redecide(person=person, by=by, facts=facts)
    return facts, changed


# Settlement decisions -----------------------------------------------------------------
#
# Every newcomer has one current settlement decision: the status on the day of their first
# registration in the municipality, whichever way they entered the registry. It is taken
# when the person is registered (the registry's hook, ``settlement_on_person_change``) and
# taken again when that date, the nationality, the birth date (the registry's hook) or the
# integration facts (``facts_save``) change. A new decision supersedes the current one and
# the old ones stay: the history of what was decided, on which facts.
#
# When a new decision is kept: when its question or its answer differs from the current
# decision's: the date asked, the status, the rule set, the missing facts, or the steps
# with the facts they used. So a change of a fact the status rests on is kept even when the
# status stays (the explanation would otherwise show the old value); a change of a fact
# no rule used adds nothing.


def settlement_current(*, person: Person) -> StatusDecision | None:
    """The person's current settlement decision: the one no other supersedes."""
    return (
        StatusDecision.objects.filter(person=person, kind=DecisionKind.SETTLEMENT, superseded_by__isnull=True)
        .order_by("-id")
        .first()
    )


def _settlement_rules_decision(
    *, person: Person, facts: IntegrationFacts | None, asked_on: date
) -> rules.Decision | None:
    """The rules' decision, or None when no rule set covers the date (settled before
    2014): such a newcomer is kept as undetermined (``_outcome``), so still counted."""
    try:
        return rules.decide(
            rules.Question(
                facts=_rules_facts_or_title_unknown(person=person, facts=facts), asked_on=asked_on, region=REGION
            )
        )
    except rules.NoRuleSet:
        return None


def _settlement_redecide(
    *,
    person: Person,
    by: User,
    facts: IntegrationFacts | None = None,
    facts_known: bool = False,
    first: bool = False,
) -> StatusDecision | None:
    """Decide the settlement status again; a new decision superseding the current one when
    the question or the answer changed (see above), else None. ``first``: the person was
    registered in this transaction, so has no decision yet and none to wait for."""
    asked_on = person.first_registration_date
    if asked_on is None:
        return None
    if first:
        decision = _settlement_rules_decision(person=person, facts=facts, asked_on=asked_on)
        return _decision_save(person=person, decision=decision, kind=DecisionKind.SETTLEMENT, asked_on=asked_on, by=by)
    if connection.vendor == "postgresql":
        # One line of decisions per person: a parallel re-decision waits here and then reads
        # the decision this one adds as the current one.
        list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True))
    decision = _settlement_rules_decision(
        person=person, facts=facts if facts is not None or facts_known else _facts_of(person), asked_on=asked_on
    )
    current = settlement_current(person=person)
    if (
        current is not None
        and current.asked_on == asked_on
        and all(getattr(current, name) == value for name, value in _outcome(decision).items())
    ):
        return None
    return _decision_save(
        person=person,
        decision=decision,
        kind=DecisionKind.SETTLEMENT,
        asked_on=asked_on,
        by=by,
        supersedes=current,
    )


@transaction.atomic
def settlement_decide(*, person: Person, by: User) -> StatusDecision:
    """The status of a newcomer on settling, from the municipality's facts, whether or
    not they ever come to the agency: the current settlement decision, decided again (a
    new decision superseding it) if the facts or the rules now answer otherwise."""
    if person.first_registration_date is None:
        raise ValidationError(_("The person has no date of first registration in the municipality."))
    saved = _settlement_redecide(person=person, by=by)
    if saved is not None:
        return saved
    current = settlement_current(person=person)
    assert current is not None  # _settlement_redecide adds one when there is none
    return current


def settlement_on_person_change(change: PersonChange) -> None:
    """The registry's hook (``haven.people.hooks``): a person registered, or a field the
    rules read changed. Decides the settlement status (again) and re-evaluates the
    person's registrations, whatever the channel."""
    if not change.created and not (change.changed & PERSON_FACT_FIELDS):
        return
    by = change.by
    if by is None:  # the registry logs every write with its user, so it never gets here without one
        raise ValueError("A person registered or changed without a user cannot be decided.")
    person = change.person
    if change.created:  # a new person has no facts and no decision yet
        _settlement_redecide(person=person, by=by, facts=None, first=True)
        return
    facts = _facts_of(person)
    _settlement_redecide(person=person, by=by, facts=facts, facts_known=True)
    for registration in person.registrations.all():
        registration.person = person
        registration_reevaluate(registration=registration, by=by, facts=facts)


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
    *,
    registration: Registration,
    by: User,
    asked_on: date | None = None,
    facts: IntegrationFacts | None = None,
) -> StatusDecision | None:
    """Apply the rules again to the registration's date with today's facts (pass them
    when already loaded); a new decision is added only when the outcome differs."""
    person = registration.person
    decision = rules.decide(
        rules.Question(
            facts=_rules_facts_or_title_unknown(person=person, facts=facts or _facts_of(person)),
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
