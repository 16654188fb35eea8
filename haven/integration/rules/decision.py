"""The output of the rules: a status, and the steps that explain it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from .facts import Status

#: Step outcomes.
FIRED = "fired"  # the rule's condition holds
NOT_APPLICABLE = "not applicable"  # the rule's condition does not hold
UNKNOWN = "unknown"  # the condition cannot be evaluated: facts are missing


@dataclass(frozen=True)
class Step:
    """One rule as it took part in a decision."""

    rule: str  # a stable id, "<rule set year>.<category>.<name>": "2016.not_eligible.minor"
    description: str  # what the rule says, one English sentence
    facts: dict[str, object] = field(default_factory=dict)  # facts used (None: unknown)
    outcome: str = FIRED  # FIRED, NOT_APPLICABLE or UNKNOWN
    missing: tuple[str, ...] = ()  # for UNKNOWN: the facts it still needs

    def explanation(self) -> str:
        """One line: outcome, rule id, description and the facts used."""
        facts = ", ".join(f"{name}={_show(value)}" for name, value in self.facts.items())
        line = f"[{self.outcome}] {self.rule}: {self.description}"
        if facts:
            line += f" ({facts})"
        if self.missing:
            line += f"; missing: {', '.join(self.missing)}"
        return line


@dataclass(frozen=True)
class Decision:
    """A target-group status, the rule set that decided it and why.

    ``steps`` are in evaluation order and hold the rules the status rests on (see the
    package docstring): the rules that fired, the rules whose not applying decided (for
    example the exemptions that do not apply to an obligated person), and, when the status
    is undetermined, the rules that could not be evaluated. ``missing`` names the unknown
    facts the status still depends on; it is non-empty exactly when the status is
    ``onbepaald``.
    """

    status: Status
    rule_set: str
    steps: tuple[Step, ...]
    missing: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if bool(self.missing) != (self.status is Status.UNDETERMINED):
            raise ValueError("missing facts are listed exactly when the status is undetermined")

    @property
    def fired(self) -> tuple[str, ...]:
        """The ids of the rules that fired, in order."""
        return tuple(step.rule for step in self.steps if step.outcome == FIRED)

    def explanation(self) -> list[str]:
        """The decision in plain lines: the status, every step, and the missing facts."""
        lines = [f"Status: {self.status.value} (rule set {self.rule_set})."]
        lines += [step.explanation() for step in self.steps]
        if self.missing:
            lines.append(f"Missing facts: {', '.join(self.missing)}.")
        return lines


def _show(value: object) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
