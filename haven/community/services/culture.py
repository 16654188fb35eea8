"""Writes of Samen naar cultuur (culture houses, an edition per year with its houses, the
info evenings with their attendance) and of the community events. Reference data and
events name nobody: they go to the audit trail."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.community.models import CommunityEvent, CultureEdition, CultureHouse, InfoEvening
from haven.core.audit import audit_record
from haven.core.changes import fields_set
from haven.core.models import AuditAction

EVENT_FIELDS = ("kind", "name", "held_on", "place", "partners", "attendance", "note")


def _within_a_year(day: date, field: str) -> None:
    if day > timezone.localdate() + timedelta(days=366):
        raise ValidationError({field: _("This is planned within the coming year.")})


@transaction.atomic
def culture_house_create(*, name: str, by: User | None, address: str = "") -> CultureHouse:
    house = CultureHouse(name=name.strip(), address=address.strip())
    if CultureHouse.objects.filter(name__iexact=house.name).exists():
        raise ValidationError({"name": _("There is a culture house with this name already.")})
    house.full_clean(validate_unique=False)
    house.save()
    audit_record(actor=by, action=AuditAction.CREATE, target=house, fields=["name", "address"])
    return house


@transaction.atomic
def edition_create(
    *, year: int, name: str, houses: Iterable[CultureHouse], by: User | None, note: str = ""
) -> CultureEdition:
    """An edition of Samen naar cultuur for a year, with its participating houses."""
    if CultureEdition.objects.filter(year=year).exists():
        raise ValidationError({"year": _("There is an edition for this year already.")})
    if year > timezone.localdate().year + 1:
        raise ValidationError({"year": _("An edition is planned for this year or the next at the latest.")})
    edition = CultureEdition(year=year, name=name.strip() or f"Samen naar cultuur {year}", note=note.strip())
    edition.full_clean(validate_unique=False)
    edition.save()
    edition.houses.set(list(houses))
    audit_record(actor=by, action=AuditAction.CREATE, target=edition, fields=["year", "name", "houses"])
    return edition


@transaction.atomic
def edition_houses_set(*, edition: CultureEdition, houses: Iterable[CultureHouse], by: User | None) -> None:
    edition.houses.set(list(houses))
    audit_record(actor=by, action=AuditAction.UPDATE, target=edition, fields=["houses"])


@transaction.atomic
def info_evening_add(
    *, edition: CultureEdition, held_on: date, place: str, by: User | None, attendance: int | None = None
) -> InfoEvening:
    """An info evening of the edition (in its year); the attendance is counted once it was held."""
    if held_on.year != edition.year:
        raise ValidationError(
            {"held_on": _("The info evening falls in the edition's year (%(year)d).") % {"year": edition.year}}
        )
    _within_a_year(held_on, "held_on")
    if attendance is not None and held_on > timezone.localdate():
        raise ValidationError({"attendance": _("Attendance is counted on the day or after it.")})
    if attendance is not None and attendance < 0:
        raise ValidationError({"attendance": _("Count zero or more people.")})
    evening = InfoEvening(edition=edition, held_on=held_on, place=place.strip(), attendance=attendance)
    evening.full_clean(exclude=["edition"])
    evening.save()
    audit_record(actor=by, action=AuditAction.UPDATE, target=edition, fields=["evenings"])
    return evening


def _event_check(event: CommunityEvent) -> None:
    _within_a_year(event.held_on, "held_on")
    if event.attendance is not None and event.held_on > timezone.localdate():
        raise ValidationError({"attendance": _("Attendance is counted on the day or after it.")})


@transaction.atomic
def event_create(*, values: Mapping[str, Any], by: User | None) -> CommunityEvent:
    event = CommunityEvent()
    fields_set(event, values, EVENT_FIELDS)
    event.name = (event.name or "").strip()
    event.full_clean(validate_constraints=False)
    _event_check(event)
    event.save()
    audit_record(actor=by, action=AuditAction.CREATE, target=event, fields=list(EVENT_FIELDS))
    return event


@transaction.atomic
def event_update(*, event: CommunityEvent, values: Mapping[str, Any], by: User | None) -> CommunityEvent:
    event = CommunityEvent.objects.select_for_update().get(pk=event.pk)
    names = fields_set(event, values, EVENT_FIELDS)
    event.full_clean(validate_constraints=False)
    _event_check(event)
    if names:
        event.save(update_fields=names)
        audit_record(actor=by, action=AuditAction.UPDATE, target=event, fields=names)
    return event
