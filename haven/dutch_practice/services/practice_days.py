"""The Trefdag Nederlands oefenen: the day kept (with its approximate participants) and its
workshops added or corrected, in the audit trail. No person is named."""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.audit import audit_record
from haven.core.changes import fields_set
from haven.core.models import AuditAction
from haven.dutch_practice.models import PracticeDay, Workshop

PRACTICE_DAY_FIELDS = ("title", "held_on", "organised_with", "location", "participants")


def _day_check(day: PracticeDay) -> None:
    if day.held_on > timezone.localdate() + timedelta(days=366):
        raise ValidationError({"held_on": _("A Trefdag is planned within the coming year.")})
    if day.participants is not None and day.held_on > timezone.localdate():
        raise ValidationError({"participants": _("Participants are counted on the day or after it.")})


@transaction.atomic
def practice_day_create(*, values: Mapping[str, Any], by: User | None) -> PracticeDay:
    day = PracticeDay()
    fields_set(day, values, PRACTICE_DAY_FIELDS)
    day.title = (day.title or "").strip()
    day.full_clean()
    _day_check(day)
    day.save()
    audit_record(actor=by, action=AuditAction.CREATE, target=day, fields=list(PRACTICE_DAY_FIELDS))
    return day


@transaction.atomic
def practice_day_update(*, day: PracticeDay, values: Mapping[str, Any], by: User | None) -> PracticeDay:
    day = PracticeDay.objects.select_for_update().get(pk=day.pk)
    names = fields_set(day, values, PRACTICE_DAY_FIELDS)
    day.title = day.title.strip()
    day.full_clean()
    _day_check(day)
    if names:
        day.save(update_fields=names)
        audit_record(actor=by, action=AuditAction.UPDATE, target=day, fields=names)
    return day


@transaction.atomic
def workshop_set(
    *, day: PracticeDay, title: str, facilitator: str = "", participants: int | None = None, by: User | None
) -> Workshop:
    """A workshop of the day, added, or its facilitator and participants corrected (by title)."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the workshop's title.")})
    if participants is not None and participants < 0:
        raise ValidationError({"participants": _("The number of participants is zero or more.")})
    workshop = Workshop.objects.select_for_update().filter(practice_day=day, title=title).first()
    workshop = workshop or Workshop(practice_day=day, title=title)
    workshop.facilitator, workshop.participants = (facilitator or "").strip(), participants
    workshop.full_clean(exclude=["practice_day"], validate_constraints=False)
    workshop.save()
    audit_record(actor=by, action=AuditAction.UPDATE, target=day, fields=["workshops"])
    return workshop
