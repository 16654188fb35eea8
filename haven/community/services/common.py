"""What the community services share: the person's age, the trace of a change of a
person's records, and setting a record's fields from a mapping."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from haven.accounts.models import User
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose
from haven.people.access import purpose_or_default

RECORDS_FIELD = "community"


def age_on(birth_date: date, day: date) -> int:
    """Whole years from ``birth_date`` to ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def change_logged(
    *, by: User | None, person_id: int, channel: AccessChannel | None = None, fields: tuple[str, ...] = ()
) -> None:
    """A change of a person's community records, in the access log."""
    access_record(
        user=by,
        person_id=person_id,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, AccessPurpose.PROGRAMME),
        channel=channel,
        fields=list(fields or (RECORDS_FIELD,)),
    )


def changed(instance: Any, values: Mapping[str, Any], fields: tuple[str, ...]) -> list[str]:
    names = []
    for name in fields:
        if name in values and getattr(instance, name) != values[name]:
            setattr(instance, name, values[name])
            names.append(name)
    return names
