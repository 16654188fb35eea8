"""Trainings and coaching: the organisations trained (reference data, in the audit
trail), the sessions with their participants, the coaching trajectories and their
contacts. None of them names a person of the registry."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.audit import audit_record
from haven.core.changes import fields_set
from haven.core.models import AuditAction
from haven.organisations.models import CoachingContact, CoachingTrajectory, PartnerOrganisation, TrainingSession
from haven.organisations.services.common import (
    not_after_today,
    planned_within_a_year,
    staff_check,
    today,
)

PARTNER_FIELDS = ("name", "contact_name", "contact_email", "contact_phone", "address", "active")
TRAINING_FIELDS = ("topic", "title", "organisation", "trainer", "held_on", "hours", "participants", "note")
COACHING_FIELDS = ("organisation", "topic", "started_on", "ended_on", "notes")
MAX_HOURS = Decimal(24)


@transaction.atomic
def partner_create(*, values: Mapping[str, Any], by: User | None) -> PartnerOrganisation:
    partner = PartnerOrganisation()
    fields_set(partner, values, PARTNER_FIELDS)
    partner.name = partner.name.strip()
    partner.full_clean()
    partner.save()
    audit_record(actor=by, action=AuditAction.CREATE, target=partner, fields=list(PARTNER_FIELDS))
    return partner


@transaction.atomic
def partner_update(*, partner: PartnerOrganisation, values: Mapping[str, Any], by: User | None) -> PartnerOrganisation:
    partner = PartnerOrganisation.objects.select_for_update().get(pk=partner.pk)
    names = fields_set(partner, values, PARTNER_FIELDS)
    partner.name = partner.name.strip()
    partner.full_clean()
    if names:
        partner.save(update_fields=names)
        audit_record(actor=by, action=AuditAction.UPDATE, target=partner, fields=names)
    return partner


def _training_check(session: TrainingSession, *, new: bool) -> None:
    if new and not session.organisation.active:
        raise ValidationError({"organisation": _("This organisation is no longer active.")})
    staff_check(session.trainer, "trainer")
    planned_within_a_year(session.held_on, "held_on")
    if not (0 < session.hours <= MAX_HOURS):
        raise ValidationError({"hours": _("A session lasts more than 0 and at most 24 hours.")})
    if session.participants and session.held_on > today():
        raise ValidationError({"participants": _("Participants are counted on the day of the session or after it.")})


@transaction.atomic
def training_create(*, values: Mapping[str, Any], by: User | None) -> TrainingSession:
    """A training session for an organisation's staff, planned or held (then with its
    participants counted)."""
    session = TrainingSession()
    fields_set(session, values, TRAINING_FIELDS)
    session.title = session.title.strip()
    session.full_clean(exclude=["organisation", "trainer"])
    _training_check(session, new=True)
    session.save()
    audit_record(actor=by, action=AuditAction.CREATE, target=session, fields=list(TRAINING_FIELDS))
    return session


@transaction.atomic
def training_update(*, session: TrainingSession, values: Mapping[str, Any], by: User | None) -> TrainingSession:
    session = TrainingSession.objects.select_for_update().select_related("organisation").get(pk=session.pk)
    names = fields_set(session, values, TRAINING_FIELDS)
    session.title = session.title.strip()
    session.full_clean(exclude=["organisation", "trainer"])
    _training_check(session, new=False)
    if names:
        session.save(update_fields=names)
        audit_record(actor=by, action=AuditAction.UPDATE, target=session, fields=names)
    return session


def _coaching_check(trajectory: CoachingTrajectory) -> None:
    planned_within_a_year(trajectory.started_on, "started_on")
    if trajectory.ended_on and trajectory.ended_on < trajectory.started_on:
        raise ValidationError({"ended_on": _("A coaching trajectory ends on or after its start.")})
    if trajectory.pk and trajectory.contacts.filter(held_on__lt=trajectory.started_on).exists():
        raise ValidationError({"started_on": _("The trajectory has contacts before this day.")})


@transaction.atomic
def coaching_create(*, values: Mapping[str, Any], by: User | None) -> CoachingTrajectory:
    trajectory = CoachingTrajectory()
    fields_set(trajectory, values, COACHING_FIELDS)
    trajectory.full_clean(exclude=["organisation"], validate_constraints=False)
    _coaching_check(trajectory)
    trajectory.save()
    audit_record(actor=by, action=AuditAction.CREATE, target=trajectory, fields=list(COACHING_FIELDS))
    return trajectory


@transaction.atomic
def coaching_update(
    *, trajectory: CoachingTrajectory, values: Mapping[str, Any], by: User | None
) -> CoachingTrajectory:
    trajectory = CoachingTrajectory.objects.select_for_update().get(pk=trajectory.pk)
    names = fields_set(trajectory, values, COACHING_FIELDS)
    trajectory.full_clean(exclude=["organisation"], validate_constraints=False)
    _coaching_check(trajectory)
    if names:
        trajectory.save(update_fields=names)
        audit_record(actor=by, action=AuditAction.UPDATE, target=trajectory, fields=names)
    return trajectory


@transaction.atomic
def coaching_contact_add(
    *, trajectory: CoachingTrajectory, held_on: date, staff: User | None, subject: str, by: User | None
) -> CoachingContact:
    """A contact of a coaching trajectory: within the trajectory, today at the latest."""
    subject = (subject or "").strip()
    if not subject:
        raise ValidationError({"subject": _("Give the subject of the contact.")})
    staff_check(staff, "staff")
    assert staff is not None
    not_after_today(held_on, "held_on", _("A contact is recorded on its day or after it."))
    if held_on < trajectory.started_on or (trajectory.ended_on and held_on > trajectory.ended_on):
        raise ValidationError({"held_on": _("The contact falls outside the coaching trajectory.")})
    contact = CoachingContact.objects.create(trajectory=trajectory, held_on=held_on, staff=staff, subject=subject)
    audit_record(actor=by, action=AuditAction.UPDATE, target=trajectory, fields=["contacts"])
    return contact
