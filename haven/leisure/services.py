"""Writes of the leisure line, one function per act: an organisation kept (reference
data, in the audit trail), a referral made and its outcome recorded (in the access log
as a change of the person's records), an event and its tallies per school or stand.

Every write checks its input and refuses with a ValidationError naming the field; each
runs in one transaction, so a refusal leaves nothing half-written."""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.audit import audit_record
from haven.core.changes import fields_set
from haven.core.dates import age_on
from haven.core.models import AccessChannel, AuditAction
from haven.leisure.models import (
    VOLUNTEERING_MIN_AGE,
    Event,
    EventTally,
    LeisureOutcome,
    Organisation,
    Referral,
    ReferralKind,
)
from haven.people.access import change_logged
from haven.people.models import Person

ORGANISATION_FIELDS = ("name", "kind", "contact_name", "contact_email", "contact_phone", "address", "active")
EVENT_FIELDS = ("name", "kind", "held_on", "location", "visitors", "note")
REFERRALS_FIELD = "leisure_referrals"


# Organisations ---------------------------------------------------------------------------


@transaction.atomic
def organisation_create(*, values: Mapping[str, Any], by: User | None) -> Organisation:
    organisation = Organisation()
    fields_set(organisation, values, ORGANISATION_FIELDS)
    organisation.name = organisation.name.strip()
    organisation.full_clean()
    organisation.save()
    audit_record(actor=by, action=AuditAction.CREATE, target=organisation, fields=list(ORGANISATION_FIELDS))
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, values: Mapping[str, Any], by: User | None) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = fields_set(organisation, values, ORGANISATION_FIELDS)
    organisation.name = organisation.name.strip()
    organisation.full_clean()
    if changed:
        organisation.save(update_fields=changed)
        audit_record(actor=by, action=AuditAction.UPDATE, target=organisation, fields=changed)
    return organisation


# Referrals -------------------------------------------------------------------------------


def _referral_check(referral: Referral, person: Person, *, today: date) -> None:
    """The rules of a referral, each refusal naming its field."""
    errors: dict[str, str] = {}
    if referral.referred_on > today:
        errors["referred_on"] = _("A referral is made today at the latest.")
    elif referral.referred_on < person.birth_date:
        errors["referred_on"] = _("The referral date lies before the person's date of birth.")
    if referral.follow_up_on and referral.follow_up_on < referral.referred_on:
        errors["follow_up_on"] = _("The follow-up date is on or after the referral date.")
    if referral.outcome == LeisureOutcome.PENDING:
        if referral.outcome_on:
            errors["outcome_on"] = _("A referral still awaiting its outcome has no outcome date.")
    elif referral.outcome_on is None:
        errors["outcome_on"] = _("Give the date of the outcome.")
    elif referral.outcome_on < referral.referred_on:
        errors["outcome_on"] = _("The outcome date is on or after the referral date.")
    elif referral.outcome_on > today:
        errors["outcome_on"] = _("An outcome is recorded today at the latest.")
    if referral.kind == ReferralKind.VOLUNTEERING and age_on(person.birth_date, referral.referred_on) < (
        VOLUNTEERING_MIN_AGE
    ):
        errors["kind"] = _("Volunteering is for people of %(age)d and older; refer to a leisure activity.") % {
            "age": VOLUNTEERING_MIN_AGE
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def referral_create(
    *,
    person: Person,
    organisation: Organisation,
    activity: str,
    referred_on: date,
    by: User,
    kind: str = ReferralKind.LEISURE,
    follow_up_on: date | None = None,
    outcome: str = LeisureOutcome.PENDING,
    outcome_on: date | None = None,
    note: str = "",
    channel: AccessChannel | None = None,
) -> Referral:
    """Refer a person to an organisation's activity (or to volunteering). An inactive
    organisation takes no referral; the same referral twice on one day is refused."""
    referral = Referral(
        person=person,
        organisation=organisation,
        kind=kind,
        activity=activity.strip(),
        referred_on=referred_on,
        follow_up_on=follow_up_on,
        outcome=outcome,
        outcome_on=outcome_on,
        note=note.strip(),
        referred_by=by,
    )
    if not organisation.active:
        raise ValidationError({"organisation": _("This organisation takes no referrals (inactive).")})
    referral.full_clean(exclude=["person", "organisation", "referred_by"], validate_constraints=False)
    _referral_check(referral, person, today=timezone.localdate())
    if Referral.objects.filter(
        person=person, organisation=organisation, activity=referral.activity, referred_on=referred_on
    ).exists():
        raise ValidationError({"activity": _("This person was referred to this activity on this day already.")})
    referral.save()
    change_logged(by=by, person_id=person.pk, fields=[REFERRALS_FIELD], channel=channel)
    return referral


@transaction.atomic
def referral_outcome(
    *,
    referral: Referral,
    outcome: str,
    outcome_on: date | None,
    by: User,
    follow_up_on: date | None = None,
    note: str | None = None,
    channel: AccessChannel | None = None,
) -> Referral:
    """Record how a referral went (started, stopped, no show, or still awaited) with its
    date, and the next follow-up date."""
    referral = Referral.objects.select_for_update().select_related("person", "organisation").get(pk=referral.pk)
    referral.outcome, referral.outcome_on, referral.follow_up_on = outcome, outcome_on, follow_up_on
    if note is not None:
        referral.note = note.strip()
    referral.full_clean(exclude=["person", "organisation", "referred_by"], validate_constraints=False)
    _referral_check(referral, referral.person, today=timezone.localdate())
    referral.save(update_fields=["outcome", "outcome_on", "follow_up_on", "note"])
    change_logged(by=by, person_id=referral.person_id, fields=[REFERRALS_FIELD], channel=channel)
    return referral


# Events ----------------------------------------------------------------------------------


def _event_check(event: Event) -> None:
    if event.held_on > timezone.localdate() + timedelta(days=366):
        raise ValidationError({"held_on": _("An event is planned within the coming year.")})
    if event.pk and event.held_on > timezone.localdate() and event.tallies.exists():
        raise ValidationError(
            {"held_on": _("People were counted at this event already: it cannot move to a day after today.")}
        )


@transaction.atomic
def event_create(*, values: Mapping[str, Any], by: User | None) -> Event:
    event = Event()
    fields_set(event, values, EVENT_FIELDS)
    event.name = event.name.strip()
    event.full_clean()
    _event_check(event)
    event.save()
    audit_record(actor=by, action=AuditAction.CREATE, target=event, fields=list(EVENT_FIELDS))
    return event


@transaction.atomic
def event_update(*, event: Event, values: Mapping[str, Any], by: User | None) -> Event:
    """Correct an event's details (its tallies are set one by one through
    ``event_tally_set``). An event whose people are counted keeps a day up to today."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if "name" in values:
        values = {**values, "name": (values["name"] or "").strip()}
    changed = fields_set(event, values, EVENT_FIELDS)
    event.full_clean()
    _event_check(event)
    if changed:
        event.save(update_fields=changed)
        audit_record(actor=by, action=AuditAction.UPDATE, target=event, fields=changed)
    return event


@transaction.atomic
def event_tally_set(
    *, event: Event, name: str, count: int, by: User | None, organisation: Organisation | None = None
) -> EventTally:
    """How many came from a school or to a stand: a new tally, or the count of the school
    or stand corrected."""
    name = name.strip()
    if not name and organisation is not None:
        name = organisation.name
    if not name:
        raise ValidationError({"name": _("Name the school or the stand.")})
    if count < 1:
        raise ValidationError({"count": _("Count at least one person; leave out a school or stand without anyone.")})
    if event.held_on > timezone.localdate():
        raise ValidationError({"count": _("People are counted on the day of the event or after it.")})
    tally = EventTally.objects.select_for_update().filter(event=event, name=name).first()
    tally = tally or EventTally(event=event, name=name)
    tally.count, tally.organisation = count, organisation
    tally.full_clean(exclude=["event", "organisation"], validate_constraints=False)
    tally.save()
    audit_record(actor=by, action=AuditAction.UPDATE, target=event, fields=["tallies"])
    return tally
