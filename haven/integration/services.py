"""Writes of the civic-integration line. Pages, API and the demo generator use these."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose
from haven.integration import rules
from haven.integration.models import (
    Certificate,
    Contract,
    ContractPause,
    ContractState,
    CounsellorProfile,
    DecisionKind,
    DiplomaDossier,
    ExemptionTest,
    ExemptionTestResult,
    IntegrationFacts,
    Referral,
    ReferralOutcome,
    Registration,
    StatusDecision,
    TargetGroupStatus,
)
from haven.people.access import purpose_or_default
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
# Relations the services receive as saved instances: model validation would look
# each of them up again (one query per relation), so it skips them.
RELATIONS_IN_HAND = ["person", "registration", "contract", "created_by", "issued_by"]
REGION = rules.Region.FLANDERS  # Haven runs for a Flemish municipality


def rules_facts(*, person: Person, facts: IntegrationFacts | Mapping[str, Any] | None) -> rules.Facts:
    """The rules' view of a person: identity from the registry, the rest from the facts."""
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
    by,
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


def _jsonable(value):
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def _facts_of(person: Person) -> IntegrationFacts | None:
    return IntegrationFacts.objects.filter(person=person).first()


@transaction.atomic
def facts_save(
    *, person: Person, values: Mapping[str, Any], by, purpose: AccessPurpose, channel: AccessChannel | None = None
) -> tuple[IntegrationFacts, set[str]]:
    """Record facts; every open registration of the person is re-evaluated, and a
    changed status is kept in the registration's history."""
    unknown = set(values) - set(FACT_FIELDS)
    if unknown:
        raise ValueError(f"Not an integration fact: {sorted(unknown)}")
    facts, _created = IntegrationFacts.objects.get_or_create(person=person)
    changed = set()
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
def settlement_decide(*, person: Person, by) -> StatusDecision:
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
    *, person: Person, registered_on: date, by, channel: AccessChannel | None = None
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
    access_record(
        user=by,
        person_id=person.pk,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, AccessPurpose.REGISTRATION),
        channel=channel,
        fields=["registration"],
    )
    return registration


def registration_reevaluate(
    *, registration: Registration, by, asked_on: date | None = None, facts: IntegrationFacts | None = None
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


# Counselling -----------------------------------------------------------------------------


def counsellor_choose(*, person: Person, exclude_user_ids: set[int] = frozenset()):
    """The active counsellor who speaks the person's preferred language (else a language
    they share), with the smallest open caseload; ties go to the longest-serving
    (lowest id). Returns (user, why) or (None, why)."""
    profiles = (
        # A deactivated account (someone who left) takes no clients, whatever the profile says.
        CounsellorProfile.objects.filter(active=True, user__is_active=True)
        .exclude(user_id__in=exclude_user_ids)
        .select_related("user")
        .annotate(open_cases=Count("user__caseload", filter=Q(user__caseload__state=ContractState.OPEN)))
        .prefetch_related("languages")
    )
    profiles = list(profiles)
    if not profiles:
        return None, _("No counsellor takes new clients.")
    preferred = person.preferred_language_id
    spoken = set(person.languages.values_list("code", flat=True))

    def by_load(candidates):
        return min(candidates, key=lambda profile: (profile.open_cases / float(profile.fte or 1), profile.user_id))

    if preferred:
        speaking = [p for p in profiles if preferred in {language.code for language in p.languages.all()}]
        if speaking:
            chosen = by_load(speaking)
            return chosen.user, _(
                "Speaks the preferred language (%(language)s); smallest caseload (%(count)s open)."
            ) % {
                "language": next(language.name for language in chosen.languages.all() if language.code == preferred),
                "count": chosen.open_cases,
            }
    sharing = [p for p in profiles if spoken & {language.code for language in p.languages.all()}]
    if sharing:
        chosen = by_load(sharing)
        return chosen.user, _("Shares a contact language; smallest caseload (%(count)s open).") % {
            "count": chosen.open_cases
        }
    chosen = by_load(profiles)
    return chosen.user, _("No counsellor speaks a language of the person; smallest caseload (%(count)s open).") % {
        "count": chosen.open_cases
    }


CONTRACT_COMPONENT_FIELDS = (
    "includes_civic_orientation",
    "includes_dutch",
    "dutch_target_level",
    "includes_career_orientation",
    "includes_counselling",
    "childcare_needed",
)


@transaction.atomic
def contract_sign(
    *,
    registration: Registration,
    signed_on: date,
    by,
    components: Mapping[str, Any] | None = None,
    counsellor=None,
    override_reason: str = "",
    channel: AccessChannel | None = None,
) -> Contract:
    """Sign an integration contract and assign a counsellor (automatically, or the one
    a team coordinator chose, with a reason)."""
    if registration.current_status not in (TargetGroupStatus.OBLIGATED, TargetGroupStatus.ENTITLED):
        raise ValidationError(_("Only obligated or entitled people can sign an integration contract."))
    if counsellor is not None and not override_reason.strip():
        raise ValidationError(_("Give a reason when you choose the counsellor yourself."))
    unknown = set(components or {}) - set(CONTRACT_COMPONENT_FIELDS)
    if unknown:
        raise ValueError(f"Not a contract component: {sorted(unknown)}")
    if registration.contracts.exclude(state=ContractState.ENDED).exists():
        raise ValidationError(_("This registration already has a running or completed contract."))
    contract = Contract(
        person=registration.person,
        registration=registration,
        signed_on=signed_on,
        status=registration.current_status,
        **dict(components or {}),
    )
    if counsellor is None:
        counsellor, why = counsellor_choose(person=registration.person)
    else:
        why = _("Chosen by %(user)s: %(reason)s") % {
            "user": by.get_full_name() or by.username,
            "reason": override_reason.strip(),
        }
    contract.counsellor, contract.assignment_note = counsellor, why[:300]
    contract.full_clean(exclude=RELATIONS_IN_HAND)
    contract.save()
    access_record(
        user=by,
        person_id=registration.person_id,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, AccessPurpose.COUNSELLING),
        channel=channel,
        fields=["contract"],
    )
    return contract


@transaction.atomic
def contract_reassign(
    *, contract: Contract, counsellor, reason: str, by, channel: AccessChannel | None = None
) -> Contract:
    if not reason.strip():
        raise ValidationError(_("Give a reason when you choose the counsellor yourself."))
    contract.counsellor = counsellor
    contract.assignment_note = (
        _("Chosen by %(user)s: %(reason)s") % {"user": by.get_full_name() or by.username, "reason": reason.strip()}
    )[:300]
    contract.save(update_fields=["counsellor", "assignment_note"])
    access_record(
        user=by,
        person_id=contract.person_id,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, AccessPurpose.COUNSELLING),
        fields=["counsellor"],
        channel=channel,
    )
    return contract


CONTRACT_PROGRESS_FIELDS = (
    "civic_orientation_passed_on",
    "dutch_level_reached",
    "dutch_level_reached_on",
    "career_orientation_done_on",
    "childcare_needed",
)


@transaction.atomic
def contract_progress_record(
    *, contract: Contract, values: Mapping[str, Any], by, channel: AccessChannel | None = None
) -> set[str]:
    """Record progress on the trajectory (MO passed, NT2 level, career orientation)."""
    unknown = set(values) - set(CONTRACT_PROGRESS_FIELDS)
    if unknown:
        raise ValueError(f"Not a progress field: {sorted(unknown)}")
    changed = {name for name, value in values.items() if getattr(contract, name) != value}
    for name in changed:
        setattr(contract, name, values[name])
    contract.full_clean(exclude=RELATIONS_IN_HAND)
    if changed:
        contract.save(update_fields=sorted(changed))
        access_record(
            user=by,
            person_id=contract.person_id,
            action=AccessAction.UPDATE,
            purpose=purpose_or_default(by, None, AccessPurpose.COUNSELLING),
            channel=channel,
            fields=changed,
        )
    return changed


@transaction.atomic
def pause_create(
    *,
    contract: Contract,
    kind: str,
    reason: str,
    starts_on: date,
    expires_on: date,
    by,
    channel: AccessChannel | None = None,
) -> ContractPause:
    pause = ContractPause(contract=contract, kind=kind, reason=reason, starts_on=starts_on, expires_on=expires_on)
    pause.full_clean(exclude=RELATIONS_IN_HAND)
    pause.save()
    access_record(
        user=by,
        person_id=contract.person_id,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, AccessPurpose.COUNSELLING),
        fields=["pauses"],
        channel=channel,
    )
    return pause


@transaction.atomic
def exemption_test_register(
    *, person: Person, registered_on: date, by, channel: AccessChannel | None = None
) -> ExemptionTest:
    test = ExemptionTest(person=person, registered_on=registered_on)
    test.full_clean(exclude=RELATIONS_IN_HAND)
    test.save()
    access_record(
        user=by,
        person_id=person.pk,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, AccessPurpose.COUNSELLING),
        fields=["exemption_tests"],
        channel=channel,
    )
    return test


@transaction.atomic
def exemption_test_result(
    *, test: ExemptionTest, taken_on: date | None, result: str, by, channel: AccessChannel | None = None
) -> ExemptionTest:
    test.taken_on, test.result = taken_on, result
    if result in (ExemptionTestResult.PASSED, ExemptionTestResult.FAILED) and taken_on is None:
        raise ValidationError({"taken_on": _("Give the date the test was taken.")})
    test.full_clean(exclude=RELATIONS_IN_HAND)
    test.save()
    access_record(
        user=by,
        person_id=test.person_id,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, AccessPurpose.COUNSELLING),
        fields=["exemption_tests"],
        channel=channel,
    )
    return test


@transaction.atomic
def referral_create(
    *, contract: Contract, service: str, referred_on: date, note: str = "", by, channel: AccessChannel | None = None
) -> Referral:
    referral = Referral(contract=contract, service=service, referred_on=referred_on, note=note)
    referral.full_clean(exclude=RELATIONS_IN_HAND)
    referral.save()
    access_record(
        user=by,
        person_id=contract.person_id,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, AccessPurpose.COUNSELLING),
        fields=["referrals"],
        channel=channel,
    )
    return referral


@transaction.atomic
def referral_outcome_record(
    *, referral: Referral, outcome: str, outcome_on: date, by, channel: AccessChannel | None = None
) -> Referral:
    if outcome == ReferralOutcome.PENDING:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    referral.outcome, referral.outcome_on = outcome, outcome_on
    referral.full_clean(exclude=RELATIONS_IN_HAND)
    referral.save()
    access_record(
        user=by,
        person_id=referral.contract.person_id,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, AccessPurpose.COUNSELLING),
        fields=["referrals"],
        channel=channel,
    )
    return referral


# The certificate -------------------------------------------------------------------------


def certificate_open_conditions(
    *, contract: Contract, on: date | None = None, exemption_tests: Iterable[ExemptionTest] | None = None
) -> list[str]:
    """The conditions of the certificate that do not hold yet (empty: it can be issued).
    Civic orientation: passed, or the exemption test passed. NT2: the contract's target
    level reached, where Dutch is in the contract. Career orientation: done, where it is
    in the contract. ``exemption_tests``: the person's tests, when a page has loaded
    them already (so that a list of contracts does not query once per contract)."""
    open_conditions = []
    if contract.includes_civic_orientation and not contract.civic_orientation_passed_on:
        if exemption_tests is None:
            exempted = ExemptionTest.objects.filter(person_id=contract.person_id, result=ExemptionTestResult.PASSED)
            if on is not None:
                exempted = exempted.filter(taken_on__lte=on)
            exempted = exempted.exists()
        else:
            exempted = any(
                test.person_id == contract.person_id
                and test.result == ExemptionTestResult.PASSED
                and (on is None or (test.taken_on is not None and test.taken_on <= on))
                for test in exemption_tests
            )
        if not exempted:
            open_conditions.append(_("Civic orientation is not passed (nor the exemption test)."))
    if contract.includes_dutch:
        reached = contract.dutch_level_reached
        if not reached or reached < contract.dutch_target_level:
            open_conditions.append(
                _("Dutch as a second language: level %(level)s is not reached yet.")
                % {"level": contract.dutch_target_level}
            )
    if contract.includes_career_orientation and not contract.career_orientation_done_on:
        open_conditions.append(_("Career orientation is not done yet."))
    return open_conditions


@transaction.atomic
def certificate_issue(*, contract: Contract, issued_on: date, by, channel: AccessChannel | None = None) -> Certificate:
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if Certificate.objects.filter(contract=contract).exists():
        raise ValidationError(_("A certificate was already issued for this contract."))
    if contract.state == ContractState.ENDED:
        raise ValidationError(_("The contract has ended: no certificate can be issued for it."))
    open_conditions = certificate_open_conditions(contract=contract, on=issued_on)
    if open_conditions:
        raise ValidationError(open_conditions)
    if issued_on < contract.signed_on:
        raise ValidationError({"issued_on": _("A certificate cannot be issued before the contract was signed.")})
    certificate = Certificate(contract=contract, issued_on=issued_on, issued_by=by)
    certificate.full_clean(exclude=RELATIONS_IN_HAND)
    certificate.save()
    Contract.objects.filter(pk=contract.pk).update(state=ContractState.CERTIFIED, ended_on=issued_on)
    access_record(
        user=by,
        person_id=contract.person_id,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, AccessPurpose.COUNSELLING),
        channel=channel,
        fields=["certificate"],
    )
    return certificate


# Diploma recognition ---------------------------------------------------------------------


@transaction.atomic
def diploma_dossier_create(
    *,
    person: Person,
    kind: str,
    opened_on: date,
    diploma: str = "",
    missing_documents: list[str] = (),
    by,
    channel: AccessChannel | None = None,
) -> DiplomaDossier:
    dossier = DiplomaDossier(
        person=person, kind=kind, opened_on=opened_on, diploma=diploma, missing_documents=list(missing_documents)
    )
    dossier.full_clean(exclude=RELATIONS_IN_HAND)
    dossier.save()
    access_record(
        user=by,
        person_id=person.pk,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, AccessPurpose.PROGRAMME),
        fields=["diploma_dossiers"],
        channel=channel,
    )
    return dossier


@transaction.atomic
def diploma_dossier_update(
    *, dossier: DiplomaDossier, state: str, missing_documents: list[str], by, channel: AccessChannel | None = None
) -> DiplomaDossier:
    dossier.state, dossier.missing_documents = state, list(missing_documents)
    dossier.full_clean(exclude=RELATIONS_IN_HAND)
    dossier.save()
    access_record(
        user=by,
        person_id=dossier.person_id,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, AccessPurpose.PROGRAMME),
        fields=["diploma_dossiers"],
        channel=channel,
    )
    return dossier
