"""The privacy officer's decisions on a person's request (GDPR art. 17 and 18): restrict
the processing of a file, lift the restriction, erase the file before its period ends.

Each is a ``SubjectRequest`` with its reason and the day it was received, a trace in the
access log (purpose "subject request", the field named, never a value) and in the audit
trail. What a restriction does lives in the access policy (``haven.people.policy``): a
restricted file is refused to every role but the privacy officer, who reads it only, and
left out of every list; its changes are refused (``people.services``, ``people.access``).
Early erasure is ``haven.privacy.anonymise.person_erase``; ``person_erase_on_request``
checks the request first.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import User
from haven.core.audit import access_record, audit_record
from haven.core.models import AccessAction, AccessPurpose, AuditAction
from haven.people.models import Person
from haven.privacy.anonymise import person_erase
from haven.privacy.models import SubjectRequest

REASON_MAX = 2000


def _check_request(*, reason: str, received_on: datetime.date | None) -> tuple[str, datetime.date]:
    """The reason, stripped, and the day; a ValidationError on the field at fault."""
    errors: dict[str, list] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Give the reason: why the law allows this.")]
    elif len(reason) > REASON_MAX:
        errors["reason"] = [_("The reason is too long (2,000 characters at most).")]
    if received_on is None:
        errors["received_on"] = [_("Give the day the request was received.")]
    elif received_on > timezone.localdate():
        errors["received_on"] = [_("The request cannot be received in the future.")]
    if errors or received_on is None:
        raise ValidationError(errors)
    return reason, received_on


def _locked(person: Person) -> Person:
    """The person's row, read again and locked: two officers deciding at once decide in turn."""
    return Person.objects.select_for_update().get(pk=person.pk)


def _traced(*, request: SubjectRequest, by: User, field: str) -> None:
    access_record(
        user=by,
        person_id=request.person_id,
        action=AccessAction.UPDATE,
        purpose=AccessPurpose.SUBJECT_REQUEST,
        fields=[field],
    )
    audit_record(actor=by, action=AuditAction.CREATE, target=request, fields=["restricted_at"], note=request.kind)


@transaction.atomic
def person_restrict(*, person: Person, by: User, reason: str, received_on: datetime.date | None) -> SubjectRequest:
    """Restrict the processing of the person's file (GDPR art. 18): from now on only the
    privacy officer sees it, read-only. Refused for a file already restricted or anonymised."""
    reason, received_on = _check_request(reason=reason, received_on=received_on)
    row = _locked(person)
    if row.anonymised_at is not None:
        raise ValidationError(_("This file is anonymised: there is nothing left to restrict."))
    if row.restricted_at is not None:
        raise ValidationError(_("Processing of this file is already restricted."))
    now = timezone.now()
    Person.objects.filter(pk=row.pk).update(restricted_at=now)
    person.restricted_at = now
    request = SubjectRequest.objects.create(
        person=row, kind=SubjectRequest.Kind.RESTRICTION, reason=reason, received_on=received_on, made_by=by
    )
    _traced(request=request, by=by, field="restriction")
    return request


@transaction.atomic
def person_restriction_lift(
    *, person: Person, by: User, reason: str, received_on: datetime.date | None
) -> SubjectRequest:
    """Lift the restriction of the person's file: it is processed as before (the person is
    told beforehand, art. 18(3)). Refused for a file that is not restricted."""
    reason, received_on = _check_request(reason=reason, received_on=received_on)
    row = _locked(person)
    if row.restricted_at is None:
        raise ValidationError(_("Processing of this file is not restricted."))
    Person.objects.filter(pk=row.pk).update(restricted_at=None)
    person.restricted_at = None
    request = SubjectRequest.objects.create(
        person=row, kind=SubjectRequest.Kind.LIFT, reason=reason, received_on=received_on, made_by=by
    )
    _traced(request=request, by=by, field="restriction")
    return request


def person_erase_on_request(
    *, person: Person, by: User, reason: str, received_on: datetime.date | None
) -> SubjectRequest:
    """Erase everything about the person now (GDPR art. 17), whatever the periods:
    ``person_erase`` once the request is checked. Refused for a file already anonymised."""
    reason, received_on = _check_request(reason=reason, received_on=received_on)
    with transaction.atomic():
        row = _locked(person)
        if row.anonymised_at is not None:
            raise ValidationError(_("This file is anonymised already: there is nothing left to erase."))
        request = person_erase(row, by=by, reason=reason, received_on=received_on)
    person.refresh_from_db()
    return request
