"""Retention of personal data, declared where the data lives.

Every model that holds anything about a person declares, from its app's ``ready()``,
what it holds and how long it is kept:

    retention_register(Retention(
        "integration.Contract",
        start="ended_on",                 # the event the period runs from
        years=5, legal=_("Integration decree: five years after the contract ended"),
        persons=("person",),              # whom a record is about
        erase=("note",),                  # names, numbers, contact data, free text, files
    ))

- ``start`` is a lookup of a date or datetime (``"stay__left_on"`` is allowed). A record
  whose start is empty is still in use: its period has not begun.
- ``years`` is the legal default written beside the declaration; the setting
  ``HAVEN_RETENTION_YEARS`` (``{"integration.contract": 10}``) overrides it per record type.
- ``persons`` are the lookups to the people (``people.Person``) the record is about. A
  person is anonymised once every record about them is past its period (and their own
  registry entry is); a record about no registered person (a newsletter subscriber) is
  erased on its own when its period ends.
- ``erase`` are the fields emptied when the period ends: names, numbers, contact data,
  free text and files. What the annual report counts (year, nationality, status, language,
  sector, hours...) is never named here: it stays, detached from any identity.
- ``delete``: the whole record goes (nothing of it is counted).
- ``kind``: ``"personal"`` (the default) or ``"pseudonymous"`` for a record that holds only
  ids of other records (a frozen report edition): nothing to erase, kept as long as declared,
  and it identifies no one once those records are anonymised.

A model with a relation to a person, or a field that names, numbers or contacts one, and no
declaration fails ``privacy/tests/test_retention_registry.py``; a model that holds nothing
about anyone although it looks as if it might says so with ``retention_exempt(label, why)``.

The core knows no app: the registry holds labels and lookups; the privacy app applies it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.functional import Promise

from haven.core.dates import add_months


@dataclass(frozen=True)
class Retention:
    model: str  # "app_label.ModelName"
    start: str
    years: int
    legal: str | Promise
    persons: tuple[str, ...] = ()
    erase: tuple[str, ...] = ()
    delete: bool = False
    kind: str = "personal"
    # A field emptied to a pseudonym ("ANON-<id>") rather than blank: a name the record must
    # keep, or a unique field two erased records could not share.
    pseudonym: str = ""
    # False for a record that only links people (a household link): it follows them, and
    # keeps no one's file in use by itself.
    keeps_in_use: bool = True
    # For a period that runs from an event no one date field gives ("stopped or withdrew,
    # whichever came first"): the condition of the records whose event lies on or before the
    # cutoff day; ``start`` then names the main event (for the page).
    ended: Callable[[datetime.date], models.Q] | None = field(default=None, compare=False)
    # Why the record's other fields may stay (what the report counts); for the registry page.
    keeps: str | Promise = ""

    @property
    def key(self) -> str:
        return self.model.lower()

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def period_years(self) -> int:
        overrides = getattr(settings, "HAVEN_RETENTION_YEARS", {}) or {}
        return int(overrides.get(self.key, self.years))

    def cutoff(self, as_of: datetime.date) -> datetime.date:
        """Records whose start is on or before this day are past their period on ``as_of``."""
        return add_months(as_of, -12 * self.period_years)

    def start_field(self) -> models.Field:
        return field_at(self.model_class, self.start)

    def past(self, as_of: datetime.date) -> models.Q:
        """The records past their period on ``as_of``."""
        if self.ended is not None:
            return self.ended(self.cutoff(as_of))
        return models.Q(**{f"{self.start}__lte": _bound(self.start_field(), self.cutoff(as_of))})

    def in_use(self, as_of: datetime.date) -> models.Q:
        """The records still needed on ``as_of``: period not begun, or not over."""
        if self.ended is not None:
            return ~self.past(as_of)
        return models.Q(**{f"{self.start}__isnull": True}) | ~self.past(as_of)


_REGISTRY: dict[str, Retention] = {}
_EXEMPT: dict[str, str | Promise] = {}


def retention_register(*declarations: Retention) -> None:
    for declaration in declarations:
        _REGISTRY[declaration.key] = declaration


def retention_exempt(model: str, why: str | Promise) -> None:
    """``model`` looks personal to the registry test but holds nothing about anyone."""
    _EXEMPT[model.lower()] = why


def retentions() -> list[Retention]:
    return sorted(_REGISTRY.values(), key=lambda declaration: declaration.key)


def retention_for(model: type[models.Model] | str) -> Retention | None:
    label = model if isinstance(model, str) else model._meta.label
    return _REGISTRY.get(label.lower())


def retention_exemptions() -> dict[str, str | Promise]:
    return dict(_EXEMPT)


def field_at(model: type[models.Model], lookup: str) -> models.Field:
    parts = lookup.split("__")
    for part in parts[:-1]:
        related = model._meta.get_field(part).related_model
        if not isinstance(related, type):
            raise ValueError(f"{lookup}: {part} is not a relation of {model._meta.label}")
        model = related
    field = model._meta.get_field(parts[-1])
    if not isinstance(field, models.Field):
        raise ValueError(f"{lookup}: {parts[-1]} is not a field of {model._meta.label}")
    return field


def _bound(start_field: models.Field, day: datetime.date) -> datetime.date | datetime.datetime:
    """The cutoff day as the start field compares: a datetime's whole day included."""
    if isinstance(start_field, models.DateTimeField):
        from django.utils import timezone

        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
    return day


def erased_value(model_field: models.Field) -> Any:
    """What an erased field holds afterwards: empty where the field may be empty."""
    if model_field.null:
        return None
    if isinstance(model_field, models.JSONField):
        return model_field.get_default()
    if isinstance(model_field, models.CharField | models.TextField | models.FileField):
        return ""
    if model_field.has_default():
        return model_field.get_default()
    raise ValueError(f"{model_field.model._meta.label}.{model_field.name} cannot be emptied")
