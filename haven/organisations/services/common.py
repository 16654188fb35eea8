"""What the services share: values applied to a record, the staff members a record may
name, and the bound on planned dates."""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User

PLANNED_WITHIN = timedelta(days=366)


def changed(instance: Any, values: Mapping[str, Any], fields: tuple[str, ...]) -> list[str]:
    """Set the ``values`` given for ``fields`` on ``instance``; the names of those that changed."""
    names = []
    for name in fields:
        if name not in values:
            continue
        try:
            current = getattr(instance, name)
        except ObjectDoesNotExist:  # a relation not set yet
            current = None
        if current != values[name]:
            setattr(instance, name, values[name])
            names.append(name)
    return names


def today() -> date:
    return timezone.localdate()


def staff_check(user: User | None, field: str) -> None:
    """A record names an active staff member of the agency."""
    if user is None or not user.is_active:
        raise ValidationError({field: _("Choose an active staff member.")})


def not_after_today(day: date | None, field: str, message: str) -> None:
    if day is not None and day > today():
        raise ValidationError({field: message})


def planned_within_a_year(day: date, field: str) -> None:
    if day > today() + PLANNED_WITHIN:
        raise ValidationError({field: _("A date within the coming year.")})
