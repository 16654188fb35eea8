"""An ambassador's consent withdrawn: the processing it covered stops.

An ambassador is proposed and booked for testimonies on the ground of their consent
(``core.consent.Consent`` on ``Ambassador``). Withdrawing it records the day
(``consent_withdrawn_on``); from that day the matching no longer proposes them and a
testimony cannot be confirmed with them (``matching.refusals``: ``NO_CONSENT``). The
testimonies already proposed or confirmed on or after that day go back to "requested"
without an ambassador, so the school still gets one; the testimonies given before it stay
as they were (a withdrawal does not make past processing unlawful, GDPR art. 7(3)). Traced
in the access log (the person's records changed, field ``ambassador``) and in the audit
trail (the ambassador's and each released testimony's fields)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.audit import audit_record
from haven.core.models import AccessChannel, AuditAction
from haven.organisations.models import Ambassador, TestimonyRequest, TestimonyState
from haven.organisations.services.ambassadors import _logged
from haven.organisations.services.common import today

RELEASED_STATES = (TestimonyState.PROPOSED, TestimonyState.CONFIRMED)


def testimonies_released(ambassador: Ambassador, on: date) -> list[TestimonyRequest]:
    """The testimonies a withdrawal on ``on`` takes this ambassador off: proposed or
    confirmed, on that day or later. One query."""
    return list(
        TestimonyRequest.objects.filter(ambassador=ambassador, state__in=RELEASED_STATES, held_on__gte=on).order_by(
            "held_on", "id"
        )
    )


def testimonies_release(ambassador: Ambassador, on: date, *, by: User | None) -> int:
    """Take the ambassador off their testimonies from ``on``: back to "requested", each
    change in the audit trail. Returns how many. (Also run when the edit form records the
    withdrawal.)"""
    released = testimonies_released(ambassador, on)
    for testimony in released:
        testimony.ambassador, testimony.state = None, TestimonyState.REQUESTED
        testimony.save(update_fields=["ambassador", "state"])
        audit_record(actor=by, action=AuditAction.UPDATE, target=testimony, fields=["ambassador", "state"])
    return len(released)


@transaction.atomic
def ambassador_consent_withdraw(
    *,
    ambassador: Ambassador,
    by: User | None,
    on: date,
    purpose: str | None = None,
    channel: AccessChannel | None = None,
) -> Ambassador:
    """The ambassador withdraws their consent on ``on`` (on or after it was given, today at
    the latest, once): no longer proposed, not confirmed, their coming testimonies
    released (back to "requested", no ambassador)."""
    ambassador = Ambassador.objects.select_for_update().get(pk=ambassador.pk)
    if ambassador.consent_withdrawn_on is not None:
        raise ValidationError({"consent_withdrawn_on": _("This consent is withdrawn already.")})
    if on < ambassador.consent_given_on:
        raise ValidationError({"consent_withdrawn_on": _("Consent cannot be withdrawn before it was given.")})
    if on > today():
        raise ValidationError({"consent_withdrawn_on": _("Consent is withdrawn today at the latest.")})
    ambassador.consent_withdrawn_on = on
    ambassador.save(update_fields=["consent_withdrawn_on"])
    audit_record(actor=by, action=AuditAction.UPDATE, target=ambassador, fields=["consent_withdrawn_on"])
    testimonies_release(ambassador, on, by=by)
    _logged(by, ambassador.person_id, purpose, channel)
    return ambassador
