"""Tasks made by rules. An app registers a rule from its ``ready()``: a function of the day
that proposes tasks (``TaskProposal``), and the text that tells such a task in the reader's
language. The daily job ``casework.services.tasks_from_rules`` saves each proposal once
(its ``key``); a proposal made again the next day changes nothing.

The texts are kept as a rule name and its facts (dates as ISO strings), never as words:
a task reads in the language of whoever reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import formats

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class TaskProposal:
    person_id: int
    assignee_id: int
    due_on: date
    key: str  # the same task proposed again has the same key
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TaskRule:
    name: str
    text: StrOrPromise  # a lazy translation with %(fact)s placeholders
    propose: Callable[[date], Iterable[TaskProposal]]


_rules: dict[str, TaskRule] = {}


def task_rule_register(rule: TaskRule) -> None:
    _rules[rule.name] = rule


def task_rules() -> list[TaskRule]:
    return sorted(_rules.values(), key=lambda rule: rule.name)


def task_text(rule: str, facts: dict[str, Any]) -> str:
    """A rule's task told in the active language; dates formatted as the reader's."""
    known = _rules.get(rule)
    if known is None:
        return rule
    shown = {
        name: formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        if isinstance(value, str) and len(value) == 10 and value[4] == "-"
        else value
        for name, value in facts.items()
    }
    return str(known.text) % shown
