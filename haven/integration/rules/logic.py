"""Three-valued conditions: true, false or unknown, with the facts behind them.

A condition evaluates to an :class:`Eval`: its value (``None`` = unknown), the facts it used
(by Facts field name, plus derived values such as ``age``) and, when unknown, the facts it
still needs. Conditions combine with Kleene logic, so a known fact settles a condition
whatever the unknown ones would say: a known ``False`` settles an :func:`all_of`, a known
``True`` settles an :func:`any_of`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .facts import Facts


@dataclass(frozen=True)
class Context:
    """The facts and the date the question is asked (``asked_on``): what a condition reads."""

    facts: Facts
    asked_on: date


@dataclass(frozen=True)
class Eval:
    """The result of a condition."""

    value: bool | None
    facts: Mapping[str, object] = field(default_factory=dict)
    missing: tuple[str, ...] = ()


def unknown(*names: str) -> Eval:
    """A condition that needs the facts ``names``, which are not known."""
    return Eval(None, dict.fromkeys(names), names)


def test(context: Context, name: str, predicate: Callable[[Any], bool], **derived: Callable[[Any], object]) -> Eval:
    """The predicate on one fact; unknown if the fact is. ``derived`` adds computed values
    (name → function of the fact) to the facts used, e.g. the end date of a period. (The
    fact's type depends on ``name``: a date, a number, a yes/no or a kind.)"""
    value = getattr(context.facts, name)
    if value is None:
        return unknown(name)
    used = {name: value} | {key: compute(value) for key, compute in derived.items()}
    return Eval(bool(predicate(value)), used)


def is_true(context: Context, name: str) -> Eval:
    """A yes/no fact that is known to be yes."""
    return test(context, name, lambda value: value is True)


def negate(condition: Eval) -> Eval:
    """Not: unknown stays unknown."""
    value = None if condition.value is None else not condition.value
    return Eval(value, condition.facts, condition.missing)


def all_of(*conditions: Eval) -> Eval:
    """And (Kleene): false as soon as one is false, whatever the unknown ones.

    A false result keeps the facts of the known parts (why it is false, in context), not
    those of the unknown ones."""
    if any(condition.value is False for condition in conditions):
        return Eval(False, merge_facts(c for c in conditions if c.value is not None))
    if all(condition.value is True for condition in conditions):
        return Eval(True, merge_facts(conditions))
    return Eval(None, merge_facts(conditions), merge_missing(conditions))


def any_of(*conditions: Eval) -> Eval:
    """Or (Kleene): true as soon as one is true, whatever the unknown ones."""
    true = [condition for condition in conditions if condition.value is True]
    if true:
        return Eval(True, merge_facts(true))
    if all(condition.value is False for condition in conditions):
        return Eval(False, merge_facts(conditions))
    return Eval(None, merge_facts(conditions), merge_missing(conditions))


def provided(guard: Eval, condition: Eval) -> Eval:
    """``guard`` and ``condition``, where ``condition``'s facts matter only once the guard holds.

    Like :func:`all_of`, but while the guard is unknown only the guard's facts are missing:
    the date an asylum procedure started is asked only of a known asylum seeker, not of
    everyone whose residence title is still unknown. A known false ``condition`` still
    settles the result (false and anything is false).
    """
    if guard.value is False:
        return guard
    if guard.value is True:
        return all_of(guard, condition)
    if condition.value is False:
        return Eval(False, dict(condition.facts))
    return Eval(None, dict(guard.facts), guard.missing)


def merge_facts(conditions: Iterable[Eval]) -> dict[str, object]:
    merged: dict[str, object] = {}
    for condition in conditions:
        for name, value in condition.facts.items():
            merged.setdefault(name, value)
    return merged


def merge_missing(conditions: Iterable[Eval]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for condition in conditions for name in condition.missing))
