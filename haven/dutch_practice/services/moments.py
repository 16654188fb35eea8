"""The conversation moments: a weekly series kept (reference data, in the audit trail), a
volunteer registered (a role record on a person of the registry, resting on consent; in
the access log as a change of the person's records), a session logged with the volunteers
present, the head count and the participants named (each traced)."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.audit import access_record, access_trace, audit_record
from haven.core.changes import fields_set
from haven.core.models import AccessAction, AccessChannel, AccessPurpose, AuditAction
from haven.dutch_practice.models import ConversationSeries, ConversationSession, Volunteer, Weekday
from haven.people.access import purpose_or_default
from haven.people.models import Person

SERIES_FIELDS = ("title", "weekday", "starts_at", "ends_at", "place", "level", "active_from", "active_until")
VOLUNTEER_FIELDS = (
    "active_from",
    "active_until",
    "note",
    "consent_given_on",
    "consent_text_version",
    "consent_withdrawn_on",
)
VOLUNTEER_RECORD = "dutch_practice_volunteer"
SESSION_RECORD = "dutch_practice_sessions"


def _series_check(series: ConversationSeries) -> None:
    if series.starts_at and series.ends_at and series.ends_at <= series.starts_at:
        raise ValidationError({"ends_at": _("A conversation moment ends after it starts.")})
    if series.active_until and series.active_until < series.active_from:
        raise ValidationError({"active_until": _("The end of the period is on or after its start.")})


@transaction.atomic
def series_create(*, values: Mapping[str, Any], by: User | None) -> ConversationSeries:
    series = ConversationSeries()
    fields_set(series, values, SERIES_FIELDS)
    series.title = (series.title or "").strip()
    series.full_clean(validate_constraints=False)
    _series_check(series)
    series.save()
    audit_record(actor=by, action=AuditAction.CREATE, target=series, fields=list(SERIES_FIELDS))
    return series


@transaction.atomic
def series_update(*, series: ConversationSeries, values: Mapping[str, Any], by: User | None) -> ConversationSeries:
    """Correct a series. Its weekday and period cannot leave sessions already logged outside them."""
    series = ConversationSeries.objects.select_for_update().get(pk=series.pk)
    names = fields_set(series, values, SERIES_FIELDS)
    series.full_clean(validate_constraints=False)
    _series_check(series)
    sessions = series.sessions.all()
    if "weekday" in names and sessions.exists():
        raise ValidationError({"weekday": _("Sessions were logged on the old weekday: start a new series instead.")})
    outside = sessions.filter(held_on__lt=series.active_from)
    if series.active_until:
        outside = outside | sessions.filter(held_on__gt=series.active_until)
    if outside.exists():
        raise ValidationError({"active_until": _("Sessions were logged outside this period.")})
    if names:
        series.save(update_fields=names)
        audit_record(actor=by, action=AuditAction.UPDATE, target=series, fields=names)
    return series


# Volunteers ---------------------------------------------------------------------------------


def _volunteer_check(volunteer: Volunteer) -> None:
    errors: dict[str, str] = {}
    if volunteer.active_until and volunteer.active_until < volunteer.active_from:
        errors["active_until"] = _("The end of the period is on or after its start.")
    if volunteer.consent_withdrawn_on and volunteer.consent_withdrawn_on < volunteer.consent_given_on:
        errors["consent_withdrawn_on"] = _("Consent cannot be withdrawn before it was given.")
    if volunteer.consent_given_on and volunteer.consent_given_on > timezone.localdate():
        errors["consent_given_on"] = _("Consent is recorded on the day it was given or after.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def volunteer_create(
    *, person: Person, values: Mapping[str, Any], by: User | None, channel: AccessChannel | None = None
) -> Volunteer:
    """Give a person of the registry the volunteer role, with their consent."""
    if Volunteer.objects.filter(person=person).exists():
        raise ValidationError({"person": _("This person is a volunteer already.")})
    volunteer = Volunteer(person=person)
    fields_set(volunteer, values, VOLUNTEER_FIELDS)
    volunteer.full_clean(exclude=["person"], validate_constraints=False)
    _volunteer_check(volunteer)
    volunteer.save()
    access_record(
        user=by,
        person_id=person.pk,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, AccessPurpose.PROGRAMME),
        channel=channel,
        fields=[VOLUNTEER_RECORD],
    )
    return volunteer


@transaction.atomic
def volunteer_update(
    *, volunteer: Volunteer, values: Mapping[str, Any], by: User | None, channel: AccessChannel | None = None
) -> Volunteer:
    """Correct a volunteer's period or record their consent withdrawn."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    names = fields_set(volunteer, values, VOLUNTEER_FIELDS)
    volunteer.full_clean(exclude=["person"], validate_constraints=False)
    _volunteer_check(volunteer)
    if names:
        volunteer.save(update_fields=names)
        access_record(
            user=by,
            person_id=volunteer.person_id,
            action=AccessAction.UPDATE,
            purpose=purpose_or_default(by, None, AccessPurpose.PROGRAMME),
            channel=channel,
            fields=[VOLUNTEER_RECORD],
        )
    return volunteer


# Sessions -----------------------------------------------------------------------------------


def session_check(
    series: ConversationSeries, held_on: date, volunteers: Iterable[Volunteer], participant_count: int, *, today: date
) -> None:
    """The rules of a session, each refusal naming its field (the demo checks its sessions so too)."""
    errors: dict[str, str] = {}
    if held_on.weekday() != series.weekday:
        errors["held_on"] = _("This conversation moment takes place on %(day)s; %(date)s is not one.") % {
            "day": Weekday(series.weekday).label,
            "date": held_on.strftime("%d/%m/%Y"),
        }
    elif not series.active_on(held_on):
        errors["held_on"] = _("The conversation moment does not run on this day (outside its active period).")
    elif held_on > today:
        errors["held_on"] = _("A session is logged on the day it is held or after.")
    if participant_count is None or participant_count < 0:
        errors["participant_count"] = _("The number of participants is zero or more.")
    for volunteer in volunteers:
        if not volunteer.consent_active(held_on):
            errors["volunteers"] = _(
                "Volunteer %(reference)s has withdrawn their consent (or had not given it on this day)."
            ) % {"reference": volunteer.person.reference}
            break
        if not volunteer.active_on(held_on):
            errors["volunteers"] = _("Volunteer %(reference)s is not active on this day.") % {
                "reference": volunteer.person.reference
            }
            break
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_log(
    *,
    series: ConversationSeries,
    held_on: date,
    volunteers: Iterable[Volunteer],
    participant_count: int,
    by: User | None,
    participants: Iterable[Person] = (),
    note: str = "",
    channel: AccessChannel | None = None,
) -> ConversationSession:
    """Log a session of a conversation moment: the date, the volunteers present, the
    head count and any participants named. The volunteers and the people named are
    traced (one insert) as a change of their records."""
    volunteers = list(volunteers)
    participants = list(participants)
    session_check(series, held_on, volunteers, participant_count, today=timezone.localdate())
    if ConversationSession.objects.filter(series=series, held_on=held_on).exists():
        raise ValidationError({"held_on": _("This conversation moment was logged on this day already.")})
    session = ConversationSession.objects.create(
        series=series, held_on=held_on, participant_count=participant_count, note=note.strip()[:300], logged_by=by
    )
    session.volunteers.set(volunteers)
    session.participants.set(participants)
    access_trace(
        user=by,
        person_ids=[volunteer.person_id for volunteer in volunteers] + [person.pk for person in participants],
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, AccessPurpose.PROGRAMME),
        channel=channel,
        fields=[SESSION_RECORD],
    )
    return session
