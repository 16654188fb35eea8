"""What the services share: values applied to a record, the staff members a record may
name, and the bound on planned dates."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User

PLANNED_WITHIN = timedelta(days=366)


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
