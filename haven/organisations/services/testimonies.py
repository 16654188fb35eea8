"""Testimony requests and their states: requested → proposed (an ambassador chosen from
the proposals) → confirmed → given (on the day or after it), or cancelled; the expense
allowance paid once given. Proposing and confirming check the ambassador on the day
(``ambassador_refusals``, the engine's ``matching.refusals``); a testimony that books an
ambassador is a change of their records (access log, field ``testimonies``)."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.audit import access_record, audit_record
from haven.core.changes import fields_set
from haven.core.models import AccessAction, AccessChannel, AccessPurpose, AuditAction
from haven.organisations import matching
from haven.organisations.models import BOOKED_STATES, Ambassador, TestimonyRequest, TestimonyState
from haven.organisations.services.common import not_after_today, planned_within_a_year, today
from haven.people.access import purpose_or_default

TESTIMONY_FIELDS = (
    "requester",
    "contact_name",
    "contact_email",
    "received_on",
    "held_on",
    "place",
    "outside_ghent",
    "audience",
    "theme",
    "language",
    "listeners",
    "note",
)
LOG_FIELD = "testimonies"


def _refusal_messages() -> dict[str, str]:
    return {
        matching.UNCERTIFIED: _("This ambassador is not certified on the day of the testimony."),
        matching.STOPPED: _("This ambassador has stopped by the day of the testimony."),
        matching.NO_CONSENT: _("This ambassador's consent does not cover the day of the testimony."),
        matching.BOOKED: _("This ambassador gives another testimony that day."),
    }


def ambassador_refusals(ambassador: Ambassador, testimony: TestimonyRequest) -> list[str]:
    """Why ``ambassador`` cannot take ``testimony`` (messages; empty: they can). One query."""
    booked = (
        TestimonyRequest.objects.filter(ambassador=ambassador, held_on=testimony.held_on, state__in=BOOKED_STATES)
        .exclude(pk=testimony.pk)
        .exists()
    )
    candidate = matching.Candidate(
        id=ambassador.pk,
        certified_on=ambassador.certified_on,
        stopped_on=ambassador.stopped_on,
        consent_given_on=ambassador.consent_given_on,
        consent_withdrawn_on=ambassador.consent_withdrawn_on,
        themes=frozenset(ambassador.themes),
        weekdays=frozenset(ambassador.weekdays),
        languages=frozenset(),
        travels=ambassador.travels_outside_ghent,
        booked_days=frozenset([testimony.held_on]) if booked else frozenset(),
    )
    messages = _refusal_messages()
    return [messages[code] for code in matching.refusals(candidate, testimony.held_on)]


def _logged(by: User | None, ambassador_id: int | None, channel: AccessChannel | None) -> None:
    if ambassador_id is None:
        return
    person_id = Ambassador.objects.filter(pk=ambassador_id).values_list("person_id", flat=True).first()
    if person_id is None:
        return
    access_record(
        user=by,
        person_id=person_id,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, None, AccessPurpose.PROGRAMME) if by else AccessPurpose.PROGRAMME,
        channel=channel,
        fields=[LOG_FIELD],
    )


def _locked(testimony: TestimonyRequest) -> TestimonyRequest:
    return TestimonyRequest.objects.select_for_update().get(pk=testimony.pk)


def _state_is(testimony: TestimonyRequest, *states: str) -> None:
    if testimony.state not in states:
        raise ValidationError(
            {"state": _("Not possible for a testimony that is %(state)s.") % {"state": testimony.get_state_display()}}
        )


def _details_check(testimony: TestimonyRequest) -> None:
    if testimony.held_on < testimony.received_on:
        raise ValidationError({"held_on": _("The testimony is on or after the day the request came in.")})
    not_after_today(testimony.received_on, "received_on", _("A request comes in today at the latest."))
    planned_within_a_year(testimony.held_on, "held_on")
    if testimony.ambassador_id and testimony.state in BOOKED_STATES:
        assert testimony.ambassador is not None
        refused = ambassador_refusals(testimony.ambassador, testimony)
        if refused:
            raise ValidationError({"held_on": refused})
    if testimony.state == TestimonyState.GIVEN and testimony.held_on > today():
        raise ValidationError({"held_on": _("A testimony given lies today at the latest.")})


@transaction.atomic
def request_create(*, values: Mapping[str, Any], by: User | None) -> TestimonyRequest:
    """A request from a school or organisation: state "requested", no ambassador yet."""
    testimony = TestimonyRequest(created_by=by)
    fields_set(testimony, values, TESTIMONY_FIELDS)
    testimony.requester, testimony.place = testimony.requester.strip(), testimony.place.strip()
    testimony.full_clean(exclude=["created_by", "ambassador"], validate_constraints=False)
    _details_check(testimony)
    testimony.save()
    audit_record(actor=by, action=AuditAction.CREATE, target=testimony, fields=list(TESTIMONY_FIELDS))
    return testimony


@transaction.atomic
def request_update(*, testimony: TestimonyRequest, values: Mapping[str, Any], by: User | None) -> TestimonyRequest:
    """The request's details corrected; a booked ambassador is checked on a new day."""
    testimony = _locked(testimony)
    names = fields_set(testimony, values, TESTIMONY_FIELDS)
    testimony.full_clean(exclude=["created_by", "ambassador"], validate_constraints=False)
    _details_check(testimony)
    if names:
        testimony.save(update_fields=names)
        audit_record(actor=by, action=AuditAction.UPDATE, target=testimony, fields=names)
    return testimony


@transaction.atomic
def request_propose(
    *, testimony: TestimonyRequest, ambassador: Ambassador, by: User | None, channel: AccessChannel | None = None
) -> TestimonyRequest:
    """The staff propose an ambassador (again, another one, while not yet confirmed)."""
    testimony = _locked(testimony)
    _state_is(testimony, TestimonyState.REQUESTED, TestimonyState.PROPOSED)
    refused = ambassador_refusals(ambassador, testimony)
    if refused:
        raise ValidationError({"ambassador": refused})
    previous = testimony.ambassador_id
    testimony.ambassador, testimony.state = ambassador, TestimonyState.PROPOSED
    testimony.save(update_fields=["ambassador", "state"])
    audit_record(actor=by, action=AuditAction.UPDATE, target=testimony, fields=["ambassador", "state"])
    if previous and previous != ambassador.pk:
        _logged(by, previous, channel)
    _logged(by, ambassador.pk, channel)
    return testimony


@transaction.atomic
def request_confirm(
    *, testimony: TestimonyRequest, by: User | None, channel: AccessChannel | None = None
) -> TestimonyRequest:
    """The ambassador said yes: confirmed, if they still may take it."""
    testimony = _locked(testimony)
    _state_is(testimony, TestimonyState.PROPOSED)
    assert testimony.ambassador is not None
    refused = ambassador_refusals(testimony.ambassador, testimony)
    if refused:
        raise ValidationError({"ambassador": refused})
    testimony.state = TestimonyState.CONFIRMED
    testimony.save(update_fields=["state"])
    audit_record(actor=by, action=AuditAction.UPDATE, target=testimony, fields=["state"])
    _logged(by, testimony.ambassador_id, channel)
    return testimony


@transaction.atomic
def request_give(
    *,
    testimony: TestimonyRequest,
    by: User | None,
    allowance: Decimal | None = None,
    channel: AccessChannel | None = None,
) -> TestimonyRequest:
    """The testimony took place: on its day or after it; the allowance due may be noted."""
    testimony = _locked(testimony)
    _state_is(testimony, TestimonyState.CONFIRMED)
    if testimony.held_on > today():
        raise ValidationError(
            {
                "held_on": _("The testimony is on %(day)s: it is given on that day at the earliest.")
                % {"day": testimony.held_on.strftime("%d/%m/%Y")}
            }
        )
    if allowance is not None and allowance < 0:
        raise ValidationError({"allowance": _("An allowance is zero or more.")})
    testimony.state, testimony.allowance = TestimonyState.GIVEN, allowance
    testimony.save(update_fields=["state", "allowance"])
    audit_record(actor=by, action=AuditAction.UPDATE, target=testimony, fields=["state", "allowance"])
    _logged(by, testimony.ambassador_id, channel)
    return testimony


@transaction.atomic
def request_pay(*, testimony: TestimonyRequest, allowance: Decimal, paid_on: date, by: User | None) -> TestimonyRequest:
    """The expense allowance paid: once the testimony is given, on or after its day."""
    testimony = _locked(testimony)
    if testimony.state != TestimonyState.GIVEN:
        raise ValidationError({"allowance_paid_on": _("The allowance is paid once the testimony is given.")})
    if allowance is None or allowance <= 0:
        raise ValidationError({"allowance": _("Give the amount paid.")})
    if paid_on < testimony.held_on:
        raise ValidationError({"allowance_paid_on": _("The allowance is paid on or after the day of the testimony.")})
    not_after_today(paid_on, "allowance_paid_on", _("A payment is recorded today at the latest."))
    testimony.allowance, testimony.allowance_paid_on = allowance, paid_on
    testimony.save(update_fields=["allowance", "allowance_paid_on"])
    audit_record(actor=by, action=AuditAction.UPDATE, target=testimony, fields=["allowance", "allowance_paid_on"])
    return testimony


@transaction.atomic
def request_cancel(
    *, testimony: TestimonyRequest, by: User | None, note: str = "", channel: AccessChannel | None = None
) -> TestimonyRequest:
    """The request is cancelled (by the requester or for want of an ambassador)."""
    testimony = _locked(testimony)
    _state_is(testimony, TestimonyState.REQUESTED, TestimonyState.PROPOSED, TestimonyState.CONFIRMED)
    testimony.state = TestimonyState.CANCELLED
    if note.strip():
        testimony.note = f"{testimony.note}\n{note.strip()}".strip()
    testimony.save(update_fields=["state", "note"])
    audit_record(actor=by, action=AuditAction.UPDATE, target=testimony, fields=["state", "note"])
    _logged(by, testimony.ambassador_id, channel)
    return testimony
