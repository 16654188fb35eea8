"""A rule set, and how its rules combine into a status.

Rules come in four kinds:

* exclusions (``not_eligible``): any one that holds puts the person outside the target group;
* requirements (``entitled``): every requirement *group* must hold for the person to be
  entitled; the rules inside one group are alternatives (a foreigner with legal stay, or a
  Belgian born abroad with a parent born abroad);
* obligation grounds (``obligated``): any one that holds makes an entitled person obligated...
* ...unless an exemption (``exempt``) holds.

With E = some exclusion holds, R = every requirement group holds, G = some ground holds and
X = some exemption holds, each true, false or unknown (Kleene logic):

* ``niet in aanmerking`` if E is true or R is false;
* ``verplicht`` if E is false, R is true, G is true and X is false;
* ``rechthebbend`` if E is false, R is true, and X is true or G is false;
* ``onbepaald`` otherwise, missing the unknown facts of every part not yet settled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .decision import FIRED, NOT_APPLICABLE, UNKNOWN, Decision, Step
from .facts import Facts, Question, Region, Status
from .logic import Context, Eval, merge_missing


class Kind(StrEnum):
    """The kind of a rule; its value is the middle part of the rule ids."""

    EXCLUSION = "not_eligible"
    REQUIREMENT = "entitled"
    GROUND = "obligated"
    EXEMPTION = "exempt"


@dataclass(frozen=True)
class Rule:
    """One line of the rules: a condition, what it means, and where it counts."""

    id: str  # "2016.not_eligible.minor"
    kind: Kind
    description: str
    condition: Callable[[Context], Eval]
    group: str = ""  # requirements only: rules of one group are alternatives

    def evaluate(self, context: Context) -> Eval:
        return self.condition(context)


@dataclass(frozen=True)
class RuleSet:
    """The rules valid in a region from ``valid_from`` up to and including ``valid_until``."""

    name: str
    region: Region
    valid_from: date
    valid_until: date | None  # None: still valid
    rules: tuple[Rule, ...]

    def applies_to(self, asked_on: date, region: Region) -> bool:
        return (
            region == self.region
            and self.valid_from <= asked_on
            and (self.valid_until is None or asked_on <= self.valid_until)
        )

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def decide(self, question: Question) -> Decision:
        """Apply this rule set to the question, whatever its date and region.

        :func:`haven.integration.rules.decide` picks the rule set; calling this directly
        answers "what would this rule set say", e.g. to compare two rule sets.
        """
        context = Context(question.facts, question.asked_on)
        results = [(rule, rule.evaluate(context)) for rule in self.rules]

        def category(kind: Kind, group: str | None = None) -> _Category:
            return _Category(
                [
                    (rule, result)
                    for rule, result in results
                    if rule.kind is kind and (group is None or rule.group == group)
                ]
            )

        exclusions = category(Kind.EXCLUSION)
        groups = [
            category(Kind.REQUIREMENT, group)
            for group in dict.fromkeys(rule.group for rule in self.rules if rule.kind is Kind.REQUIREMENT)
        ]
        grounds = category(Kind.GROUND)
        exemptions = category(Kind.EXEMPTION)

        if exclusions.value is True:
            return self._decision(Status.NOT_ELIGIBLE, exclusions.steps())
        failed = [group for group in groups if group.value is False]
        if failed:
            return self._decision(Status.NOT_ELIGIBLE, *(group.steps() for group in failed))

        # Obligated or merely entitled, once in the target group.
        if exemptions.value is True:
            level = Status.ENTITLED
            level_parts = ([grounds] if grounds.value is True else []) + [exemptions]
        elif grounds.value is False:
            level, level_parts = Status.ENTITLED, [grounds]
        elif grounds.value is True and exemptions.value is False:
            level, level_parts = Status.OBLIGATED, [grounds, exemptions]
        else:
            level, level_parts = Status.UNDETERMINED, [grounds, exemptions]

        if exclusions.value is False and all(group.value is True for group in groups):
            parts = [*groups, *level_parts]
            return self._decision(level, *(part.steps() for part in parts), missing=_missing(level_parts))
        # In the target group or not is still open. The level parts are listed either way:
        # unknown, they need facts too; settled (an exemption caps the level at entitled),
        # they show what is already known.
        parts = ([exclusions] if exclusions.value is None else []) + [*groups, *level_parts]
        return self._decision(Status.UNDETERMINED, *(part.steps() for part in parts), missing=_missing(parts))

    def _decision(self, status: Status, *steps: tuple[Step, ...], missing: tuple[str, ...] = ()) -> Decision:
        order = {name: index for index, name in enumerate(Facts.field_names())}
        return Decision(
            status=status,
            rule_set=self.name,
            steps=tuple(step for part in steps for step in part),
            missing=tuple(sorted(set(missing), key=order.__getitem__)),
        )


class _Category:
    """Rules whose results combine with "or" (the exclusions, a requirement group...)."""

    def __init__(self, results: list[tuple[Rule, Eval]]):
        self.results = results
        values = [result.value for _, result in results]
        if True in values:
            self.value: bool | None = True
        elif all(value is False for value in values):
            self.value = False
        else:
            self.value = None
        self.missing = (
            merge_missing(result for _, result in results if result.value is None) if self.value is None else ()
        )

    def steps(self) -> tuple[Step, ...]:
        """Fired rules if the category holds, every rule if it does not, unknown rules if
        unknown: the rules the category's value rests on."""
        if self.value is True:
            chosen = [(rule, result) for rule, result in self.results if result.value is True]
        elif self.value is False:
            chosen = self.results
        else:
            chosen = [(rule, result) for rule, result in self.results if result.value is None]
        outcome = {True: FIRED, False: NOT_APPLICABLE, None: UNKNOWN}
        return tuple(
            Step(
                rule=rule.id,
                description=rule.description,
                facts=dict(result.facts),
                outcome=outcome[result.value],
                missing=result.missing,
            )
            for rule, result in chosen
        )


def _missing(parts: list[_Category]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for part in parts for name in part.missing))
