"""Writes of the NT2 records. Pages, API and the demo use these; each write is
access-logged with the purpose "Dutch intake and routing" and the changed record kind."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.audit import access_record
from haven.core.dates import age_on
from haven.core.models import AccessAction, AccessChannel, AccessPurpose, Language
from haven.integration.models import Contract, ContractState, NT2Level
from haven.integration.services import contract_progress_record
from haven.nt2 import routing as engine
from haven.nt2 import selectors
from haven.nt2.models import (
    CEFR_LEVELS,
    ENROLMENT_MOVES,
    CertificationTest,
    Conversation,
    Enrolment,
    EnrolmentStatus,
    LanguageTest,
    Module,
    Provider,
    ProviderKind,
    Routing,
    Scholarship,
    ScholarshipFund,
)
from haven.people.access import purpose_or_default
from haven.people.models import Person

CONVERSATION_FIELDS = (
    "held_on",
    "kind",
    "learning_goal",
    "years_of_schooling",
    "highest_diploma",
    "literate",
    "latin_script",
    "learning_pace",
    "work_follow_up",
    "outcome",
    "notes",
)
TEST_FIELDS = ("taken_on", "kind", "skill", "level", "aptitude", "conversation")
CERTIFICATION_FIELDS = ("taken_on", "purpose", "level_tested", "level_reached")
GHENT_POSTAL_CODES = {"9000", "9030", "9031", "9032", "9040", "9041", "9042", "9050", "9051", "9052"}
ADULT_AGE = 18
JOIN_AFTER_START = timedelta(days=28)  # a learner can still join a module this long after its start


def _log(by: User, person_id: int, what: str, channel: AccessChannel | None, purpose: str | None) -> None:
    """The write's trace, with the purpose given, else "Dutch intake and routing" where the
    user's roles may give it."""
    access_record(
        user=by,
        person_id=person_id,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, purpose, AccessPurpose.LANGUAGE),
        channel=channel,
        fields=[what],
    )


def _only(values: Mapping[str, Any], allowed: tuple[str, ...], what: str) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"Not a {what} field: {sorted(unknown)}")


@transaction.atomic
def conversation_create(
    *,
    person: Person,
    values: Mapping[str, Any],
    by: User,
    languages: Iterable[Language] = (),
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> Conversation:
    _only(values, CONVERSATION_FIELDS, "conversation")
    conversation = Conversation(person=person, staff=by, **values)
    conversation.full_clean(exclude=["person", "staff"])
    conversation.save()
    conversation.languages_known.set(languages)
    _log(by, person.pk, "nt2_conversations", channel, purpose)
    return conversation


@transaction.atomic
def language_test_record(
    *,
    person: Person,
    values: Mapping[str, Any],
    by: User,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> LanguageTest:
    _only(values, TEST_FIELDS, "test")
    conversation = values.get("conversation")
    if conversation is not None and conversation.person_id != person.pk:
        raise ValidationError({"conversation": _("This conversation is another person's.")})
    test = LanguageTest(person=person, staff=by, **values)
    test.full_clean(exclude=["person", "staff", "conversation"])
    test.save()
    _log(by, person.pk, "nt2_tests", channel, purpose)
    return test


@transaction.atomic
def routing_propose(
    *,
    person: Person,
    by: User,
    on: date,
    conversation: Conversation | None = None,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> Routing:
    """Ask the engine for a proposal from the person's intake facts and test results and
    keep it, with its reasons; the staff's choice comes with ``routing_decide``."""
    file = selectors.intake_file(person.pk)
    if conversation is None and file.conversations:
        conversation = file.conversations[0]
    proposal = engine.propose(file.facts, selectors.module_options(on=on), today=on)
    # A new proposal replaces the person's earlier undecided ones (kept, marked superseded).
    Routing.objects.filter(person=person, decided_on__isnull=True, superseded=False).update(superseded=True)
    routing = Routing.objects.create(
        person=person,
        conversation=conversation,
        proposed_on=on,
        proposed_kind=proposal.provider_kind or "",
        proposed_pace=proposal.pace or "",
        proposed_hours=proposal.hours_per_level,
        proposed_level=proposal.start_level or "",
        proposed_module_id=proposal.module.id if proposal.module else None,
        reasons=[{"code": reason.code, "facts": facts_json(reason.facts)} for reason in proposal.reasons],
        missing=list(proposal.missing),
        created_by=by,
    )
    _log(by, person.pk, "nt2_routings", channel, purpose)
    return routing


def facts_json(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Reason facts as JSON: dates as ISO strings."""
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in facts.items()}


@transaction.atomic
def routing_decide(
    *,
    routing: Routing,
    by: User,
    on: date,
    provider: Provider | None = None,
    module: Module | None = None,
    reason: str = "",
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> Routing:
    """The staff's choice: the proposal, or another provider or module with a reason. The
    routing row is locked, so two staff members cannot both decide it."""
    routing = Routing.objects.select_for_update().get(pk=routing.pk)
    if routing.decided:
        raise ValidationError(_("This routing has been decided already."))
    if routing.superseded:
        raise ValidationError(_("A newer proposal replaces this one."))
    if module is not None:
        if provider is not None and module.provider_id != provider.pk:
            raise ValidationError({"chosen_module": _("This module is not given by the chosen provider.")})
        provider = module.provider
    if provider is None:
        raise ValidationError({"chosen_provider": _("Choose a provider or a module.")})
    reason = (reason or "").strip()
    if not routing.follows_proposal(provider, module) and not reason:
        raise ValidationError({"override_reason": _("Say why you choose other than the proposal.")})
    routing.chosen_provider = provider
    routing.chosen_module = module
    routing.override_reason = reason
    routing.decided_on = on
    routing.decided_by = by
    routing.save(update_fields=["chosen_provider", "chosen_module", "override_reason", "decided_on", "decided_by"])
    _log(by, routing.person_id, "nt2_routings", channel, purpose)
    return routing


@transaction.atomic
def enrolment_create(
    *,
    person: Person,
    module: Module,
    by: User,
    requested_on: date,
    routing: Routing | None = None,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> Enrolment:
    """Enrol a person at a module on their behalf. The module row is locked for the
    count, so two staff members enrolling at once never exceed its places."""
    module = Module.objects.select_for_update().select_related("provider").get(pk=module.pk)
    if module.ends_on and module.ends_on < requested_on:
        raise ValidationError(_("This module has ended."))
    if module.starts_on < requested_on - JOIN_AFTER_START:
        raise ValidationError(_("This module started more than four weeks ago; choose a later one."))
    if not module.provider.active:
        raise ValidationError(_("This provider no longer takes enrolments."))
    if routing is not None and routing.person_id != person.pk:
        raise ValidationError(_("This routing is another person's."))
    if Enrolment.objects.filter(module=module, person=person).exclude(status=EnrolmentStatus.DROPPED).exists():
        raise ValidationError(_("This person is already enrolled in this module."))
    if selectors.places_taken(module) >= module.places:
        raise ValidationError(_("This module is full."))
    enrolment = Enrolment(
        person=person, module=module, routing=routing, requested_on=requested_on, status_on=requested_on, created_by=by
    )
    enrolment.full_clean(exclude=["person", "module", "routing", "created_by"])
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:  # a parallel enrolment of the same person
        raise ValidationError(_("This person is already enrolled in this module.")) from None
    _log(by, person.pk, "nt2_enrolments", channel, purpose)
    return enrolment


@transaction.atomic
def enrolment_status_set(
    *,
    enrolment: Enrolment,
    status: str,
    on: date,
    by: User,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> Enrolment:
    status = EnrolmentStatus(status)
    if status not in ENROLMENT_MOVES[EnrolmentStatus(enrolment.status)]:
        raise ValidationError(
            _("An enrolment that is %(now)s cannot become %(next)s.")
            % {"now": EnrolmentStatus(enrolment.status).label, "next": status.label}
        )
    if on < enrolment.status_on:
        raise ValidationError(_("The date is before the enrolment's last change."))
    enrolment.status = status
    enrolment.status_on = on
    enrolment.save(update_fields=["status", "status_on"])
    _log(by, enrolment.person_id, "nt2_enrolments", channel, purpose)
    return enrolment


def scholarship_unmet(*, person: Person, fund: ScholarshipFund, module: Module, on: date) -> list[str]:
    """The conditions of a grant the person or fund does not meet, in words (empty: eligible).
    The budget is counted here for the page; ``scholarship_grant`` counts it again under a lock."""
    unmet = []
    if not fund.active:
        unmet.append(_("The fund is closed."))
    if on.year != fund.year:
        unmet.append(_("The fund grants scholarships in %(year)s only.") % {"year": fund.year})
    if module.provider.kind != ProviderKind.UCT:
        unmet.append(_("Scholarships are for modules of the university language centre."))
    if (module.ends_on and module.ends_on < on) or module.starts_on < on - JOIN_AFTER_START:
        unmet.append(_("This module started more than four weeks ago; choose a later one."))
    if age_on(person.birth_date, on) < ADULT_AGE:
        unmet.append(_("The person is younger than 18."))
    routed = Routing.objects.filter(person=person, chosen_provider__kind=ProviderKind.UCT).exists()
    enrolled = (
        Enrolment.objects.filter(person=person, module__provider__kind=ProviderKind.UCT)
        .exclude(status=EnrolmentStatus.DROPPED)
        .exists()
    )
    if not (routed or enrolled):
        unmet.append(_("The person has not been routed to the university language centre."))
    if fund.requires_city_address and not (
        person.municipality.strip().casefold() in {"gent", "ghent"} or person.postal_code in GHENT_POSTAL_CODES
    ):
        unmet.append(_("The fund is for residents of Ghent."))
    if fund.requires_integration_contract and not Contract.objects.filter(person=person).exists():
        unmet.append(_("The fund is for people with an integration contract."))
    if Scholarship.objects.filter(person=person, module=module).exists():
        unmet.append(_("The person already has a scholarship for this module."))
    if fund.grants.count() >= fund.budget:
        unmet.append(_("The fund's budget for %(year)s is used up.") % {"year": fund.year})
    return unmet


@transaction.atomic
def scholarship_grant(
    *,
    person: Person,
    fund: ScholarshipFund,
    module: Module,
    on: date,
    by: User,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> Scholarship:
    """Grant a scholarship. The fund row is locked while its grants are counted, so two
    grants at the same moment can never pass the budget (PostgreSQL: row lock; SQLite:
    transactions start IMMEDIATE and run one at a time)."""
    fund = ScholarshipFund.objects.select_for_update().get(pk=fund.pk)
    unmet = scholarship_unmet(person=person, fund=fund, module=module, on=on)
    if unmet:
        raise ValidationError(unmet)
    try:
        with transaction.atomic():
            scholarship = Scholarship.objects.create(
                person=person, fund=fund, module=module, granted_on=on, granted_by=by
            )
    except IntegrityError:  # the same person and module granted from another fund at this moment
        raise ValidationError(_("The person already has a scholarship for this module.")) from None
    _log(by, person.pk, "nt2_scholarships", channel, purpose)
    return scholarship


def _contract_level(reached: str) -> str | None:
    """The highest contract level (A1, A2) at or below a CEFR level reached."""
    levels = [level for level in NT2Level.values if CEFR_LEVELS.index(level) <= CEFR_LEVELS.index(reached)]
    return levels[-1] if levels else None


@transaction.atomic
def certification_record(
    *,
    person: Person,
    values: Mapping[str, Any],
    by: User,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> CertificationTest:
    """Record a certification test. A level reached counts for the person's running
    integration contract that includes Dutch: it records the level there (never lower
    than what it holds), and at the target level that satisfies the NT2 condition."""
    _only(values, CERTIFICATION_FIELDS, "certification test")
    test = CertificationTest(person=person, staff=by, **values)
    test.full_clean(exclude=["person", "staff", "contract"])
    test.save()
    _log(by, person.pk, "nt2_certifications", channel, purpose)
    if test.level_reached:
        contract = (
            Contract.objects.filter(person=person, state=ContractState.OPEN, includes_dutch=True)
            .order_by("-signed_on", "-id")
            .first()
        )
        level = _contract_level(test.level_reached)
        held = contract.dutch_level_reached if contract is not None else None
        if contract is not None and level and (not held or level > held):
            contract_progress_record(
                contract=contract,
                by=by,
                channel=channel,
                values={"dutch_level_reached": level, "dutch_level_reached_on": test.taken_on},
            )
        if contract is not None and level and level >= contract.dutch_target_level:
            test.contract = contract  # the test satisfies (or confirms) the NT2 condition
            test.save(update_fields=["contract"])
    return test
