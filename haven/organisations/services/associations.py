"""Associations of ethnic-cultural minorities (reference data, in the audit trail), the
support point's contacts with them, and the network events they meet at. The enterprise
number is checked with python-stdnum (``stdnum.be.vat``) and kept compact."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.be import vat
from stdnum.exceptions import ValidationError as NumberError

from haven.accounts.models import User
from haven.core.audit import audit_record
from haven.core.changes import fields_set
from haven.core.models import AuditAction
from haven.organisations.models import Association, NetworkEvent, SupportContact
from haven.organisations.services.common import not_after_today, planned_within_a_year, staff_check, today

ASSOCIATION_FIELDS = (
    "name",
    "enterprise_number",
    "recognition",
    "contact_name",
    "contact_email",
    "contact_phone",
    "women_focus",
    "note",
)
EVENT_FIELDS = ("held_on", "title", "location", "participants", "note")


def enterprise_number_clean(value: str | None) -> str:
    """A Belgian enterprise number (KBO), written "0403.170.701" or "BE0403170701", as its
    ten digits; empty stays empty. Refused naming ``enterprise_number``."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return str(vat.validate(value))
    except NumberError:
        raise ValidationError(
            {"enterprise_number": _("This is not a valid enterprise number (for example 0403.170.701).")}
        ) from None


def _association_check(association: Association) -> None:
    association.name = association.name.strip()
    association.enterprise_number = enterprise_number_clean(association.enterprise_number)
    if (
        association.enterprise_number
        and Association.objects.filter(enterprise_number=association.enterprise_number)
        .exclude(pk=association.pk)
        .exists()
    ):
        raise ValidationError({"enterprise_number": _("Another association has this enterprise number.")})


@transaction.atomic
def association_create(*, values: Mapping[str, Any], by: User | None) -> Association:
    association = Association()
    fields_set(association, values, ASSOCIATION_FIELDS)
    _association_check(association)
    association.full_clean(validate_constraints=False)
    association.save()
    audit_record(actor=by, action=AuditAction.CREATE, target=association, fields=list(ASSOCIATION_FIELDS))
    return association


@transaction.atomic
def association_update(*, association: Association, values: Mapping[str, Any], by: User | None) -> Association:
    association = Association.objects.select_for_update().get(pk=association.pk)
    before = {name: getattr(association, name) for name in ASSOCIATION_FIELDS}
    fields_set(association, values, ASSOCIATION_FIELDS)
    _association_check(association)
    association.full_clean(validate_constraints=False)
    names = [name for name in ASSOCIATION_FIELDS if getattr(association, name) != before[name]]
    if names:
        association.save(update_fields=names)
        audit_record(actor=by, action=AuditAction.UPDATE, target=association, fields=names)
    return association


@transaction.atomic
def support_contact_add(
    *, association: Association, kind: str, held_on: date, staff: User | None, subject: str, by: User | None
) -> SupportContact:
    """A support contact (informative, administrative or content-related) with an
    association, recorded on its day or after it."""
    contact = SupportContact(association=association, kind=kind, held_on=held_on, staff=staff, subject=subject.strip())
    contact.full_clean(exclude=["association", "staff"])
    staff_check(staff, "staff")
    not_after_today(held_on, "held_on", _("A contact is recorded on its day or after it."))
    contact.save()
    audit_record(actor=by, action=AuditAction.UPDATE, target=association, fields=["contacts"])
    return contact


def _event_check(event: NetworkEvent) -> None:
    planned_within_a_year(event.held_on, "held_on")
    if event.participants and event.held_on > today():
        raise ValidationError({"participants": _("Participants are counted on the day of the event or after it.")})


@transaction.atomic
def network_event_create(
    *, values: Mapping[str, Any], associations: Iterable[Association] = (), by: User | None
) -> NetworkEvent:
    event = NetworkEvent()
    fields_set(event, values, EVENT_FIELDS)
    event.title = event.title.strip()
    event.full_clean()
    _event_check(event)
    event.save()
    event.associations.set(list(associations))
    audit_record(actor=by, action=AuditAction.CREATE, target=event, fields=[*EVENT_FIELDS, "associations"])
    return event


@transaction.atomic
def network_event_update(
    *,
    event: NetworkEvent,
    values: Mapping[str, Any],
    associations: Iterable[Association] | None = None,
    by: User | None,
) -> NetworkEvent:
    event = NetworkEvent.objects.select_for_update().get(pk=event.pk)
    names = fields_set(event, values, EVENT_FIELDS)
    event.title = event.title.strip()
    event.full_clean()
    _event_check(event)
    if names:
        event.save(update_fields=names)
    if associations is not None:
        wanted = {association.pk for association in associations}
        if wanted != set(event.associations.values_list("pk", flat=True)):
            event.associations.set(list(wanted))
            names.append("associations")
    if names:
        audit_record(actor=by, action=AuditAction.UPDATE, target=event, fields=names)
    return event
