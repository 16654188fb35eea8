"""A status decision in plain, translated words, for the pages.

The rules engine is pure and speaks English in its step descriptions; here its steps
(from a live :class:`rules.Decision` or a saved :class:`StatusDecision`) become
translated sentences with the facts they used, named and formatted for people.

The health fact (a serious illness or disability) is special-category data: where the
reader may not see it, its value and the outcome of the rule that uses it are shown
as "confidential".
"""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import FieldDoesNotExist
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from haven.core import reference
from haven.integration import rules
from haven.integration.models import (
    IntegrationFacts,
    RegisterKind,
    ResidenceTitleKind,
    StatusDecision,
    TargetGroupStatus,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SENSITIVE_FACTS = frozenset({"serious_illness_certificate"})
SENSITIVE_RULES = frozenset({"exempt.serious_illness"})

# Rule ids are "<rule set>.<category>.<name>"; the text is looked up by "<category>.<name>".
RULE_TEXTS = {
    "not_eligible.not_in_register": _(
        "A person in neither the national, the foreigners' nor the waiting register is not in the target group."
    ),
    "not_eligible.no_legal_stay": _("A foreigner without legal stay is not in the target group."),
    "not_eligible.special_id": _(
        "A holder of a special identity card (C/D: diplomats, staff of international "
        "institutions) is not in the target group."
    ),
    "not_eligible.temporary_purpose": _(
        "A foreigner staying for a temporary purpose (at most one year) is not in the target group."
    ),
    "not_eligible.intra_corporate": _("An intra-corporate transferee is not in the target group."),
    "not_eligible.asylum_first_4_months": _(
        "An asylum seeker in the first 4 months of the procedure is not in the target group."
    ),
    "not_eligible.asylum_seeker": _("An asylum seeker is not in the target group at any point of the procedure."),
    "not_eligible.minor": _("A person under 18 is not in the target group (minors go to education)."),
    "entitled.registered_in_municipality": _("An entitled person is registered in the municipality."),
    "entitled.foreigner_legal_stay": _("A foreigner of 18 or over with legal stay is entitled."),
    "entitled.belgian_born_abroad": _(
        "A Belgian of 18 or over born abroad with at least one parent born abroad is entitled."
    ),
    "obligated.first_residence_title": _(
        "A foreigner holding a residence title of more than 3 months for the first time is obligated."
    ),
    "obligated.belgian_recently_registered": _(
        "A Belgian born abroad with a parent born abroad, first registered in "
        "Belgium no more than 12 months ago, is obligated."
    ),
    "obligated.turned_18_within_12_months": _(
        "A newcomer first registered as a minor who turned 18 within 12 months of that registration is obligated."
    ),
    "obligated.moved_to_flanders": _(
        "A person first registered in Brussels or Wallonia no more than 5 years ago who moves to Flanders is obligated."
    ),
    "exempt.eu_citizen": _("A citizen of another EU or EEA state or of Switzerland is not obligated."),
    "exempt.eu_family_member": _("A family member of an EU, EEA or Swiss citizen is not obligated."),
    "exempt.age_65": _("A person of 65 or over is not obligated."),
    "exempt.serious_illness": _(
        "A person with a medical certificate of serious illness or disability is not obligated."
    ),
    "exempt.diploma": _("A holder of a Belgian or Dutch diploma is not obligated."),
    "exempt.integration_certificate": _("A holder of an earlier integration certificate is not obligated."),
}
CATEGORY_LABELS = {
    "not_eligible": _("exclusion"),
    "entitled": _("entitlement"),
    "obligated": _("obligation"),
    "exempt": _("exemption"),
}
OUTCOME_LABELS = {
    rules.FIRED: _("applies"),
    rules.NOT_APPLICABLE: _("does not apply"),
    rules.UNKNOWN: _("cannot be decided yet"),
}
# Facts the engine takes from the registry or derives; the others are IntegrationFacts fields.
OTHER_FACT_LABELS = {
    "birth_date": _("date of birth"),
    "nationality": _("nationality"),
    "first_registration_municipality": _("first registration in the municipality"),
    "age": _("age on the date asked"),
    "eighteenth_birthday": _("18th birthday"),
    "asked_on": _("date asked"),
    "registration_period_ends": _("end of the registration period"),
    "asylum_exclusion_ends": _("end of the first 4 months of the asylum procedure"),
}
DATE_FACTS = frozenset(
    {
        "birth_date",
        "first_registration_municipality",
        "eighteenth_birthday",
        "asked_on",
        "registration_period_ends",
        "asylum_exclusion_ends",
        "asylum_procedure_start",
        "first_registration_belgium",
    }
)
STATUS_KEYS = {
    TargetGroupStatus.OBLIGATED: "obligated",
    TargetGroupStatus.ENTITLED: "entitled",
    TargetGroupStatus.UNDETERMINED: "undetermined",
    TargetGroupStatus.NOT_ELIGIBLE: "not-eligible",
}
CONFIDENTIAL = _("confidential")


def fact_label(name: str) -> "StrOrPromise":
    if name in OTHER_FACT_LABELS:
        return OTHER_FACT_LABELS[name]
    try:
        return IntegrationFacts._meta.get_field(name).verbose_name  # type: ignore[union-attr]  # a column, not a relation
    except FieldDoesNotExist:  # a fact a newer engine knows and this page does not: show its name
        return name.replace("_", " ")


def fact_value(name: str, value) -> str:
    """A fact's value as a person reads it."""
    if value is None:
        return str(_("unknown"))
    if hasattr(value, "value"):  # an engine enumeration
        value = value.value
    if value is True:
        return str(_("yes"))
    if value is False:
        return str(_("no"))
    if name in DATE_FACTS:
        day = value if isinstance(value, date) else parse_date(str(value))
        return date_format(day, "SHORT_DATE_FORMAT") if day else str(value)
    if name == "register":
        return str(RegisterKind(value).label) if value in RegisterKind.values else str(value)
    if name == "residence_title":
        return str(ResidenceTitleKind(value).label) if value in ResidenceTitleKind.values else str(value)
    if name == "nationality":
        return reference.country_name(value) or str(value)
    if name == "residence_title_months":
        return str(_("%(count)s months") % {"count": value})
    return str(value)


@dataclass(frozen=True)
class ShownFact:
    name: str
    label: str
    value: str
    unknown: bool


@dataclass(frozen=True)
class ShownStep:
    rule: str
    category: str
    description: str
    outcome: str  # fired / not applicable / unknown / confidential
    outcome_label: str
    facts: list[ShownFact] = field(default_factory=list)

    @property
    def outcome_key(self) -> str:
        return self.outcome.replace(" ", "-")


@dataclass(frozen=True)
class ShownDecision:
    status: str
    status_label: str
    status_key: str
    rule_set: str
    steps: list[ShownStep]
    missing: list[str]  # labels of the facts still needed
    masked: bool

    @property
    def fired(self) -> list[ShownStep]:
        return [step for step in self.steps if step.outcome == rules.FIRED]

    @property
    def explaining(self) -> list[ShownStep]:
        """The steps that say why: rules that fired, could not be decided, or are
        confidential; in the order the rules were applied."""
        return [step for step in self.steps if step.outcome != rules.NOT_APPLICABLE]

    @property
    def not_applying(self) -> list[ShownStep]:
        return [step for step in self.steps if step.outcome == rules.NOT_APPLICABLE]


def _step_shown(rule: str, description: str, outcome: str, facts: dict, *, masked: bool) -> ShownStep:
    key = rule.split(".", 1)[1] if rule.count(".") >= 2 else rule
    category = key.split(".", 1)[0]
    hide = masked and key in SENSITIVE_RULES
    shown_facts = [
        ShownFact(
            name,
            str(fact_label(name)),
            str(CONFIDENTIAL) if masked and name in SENSITIVE_FACTS else fact_value(name, value),
            value is None and not (masked and name in SENSITIVE_FACTS),
        )
        for name, value in facts.items()
    ]
    return ShownStep(
        rule=rule,
        category=str(CATEGORY_LABELS.get(category, category)),
        description=str(RULE_TEXTS.get(key, description)),
        outcome="confidential" if hide else outcome,
        outcome_label=str(CONFIDENTIAL if hide else OUTCOME_LABELS.get(outcome, outcome)),
        facts=shown_facts,
    )


def decision_shown(decision: rules.Decision | StatusDecision, *, masked: bool = False) -> ShownDecision:
    """A live decision of the engine or a saved one, ready for a template. ``masked``
    hides the health fact (the reader is not the counsellor of the person's contract)."""
    if isinstance(decision, StatusDecision):
        status, rule_set, missing = decision.status, decision.rule_set, list(decision.missing)
        steps = [
            _step_shown(
                step.get("rule", ""),
                step.get("description", ""),
                step.get("outcome", ""),
                step.get("facts", {}),
                masked=masked,
            )
            for step in decision.steps
        ]
    else:
        status, rule_set, missing = decision.status.value, decision.rule_set, list(decision.missing)
        steps = [
            _step_shown(step.rule, step.description, step.outcome, dict(step.facts), masked=masked)
            for step in decision.steps
        ]
    status = TargetGroupStatus(status)
    return ShownDecision(
        status=status.value,
        status_label=str(status.label),
        status_key=STATUS_KEYS[status],
        rule_set=rule_set,
        steps=steps,
        missing=[str(fact_label(name)) for name in missing],
        masked=masked,
    )
