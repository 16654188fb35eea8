"""A buddy's consent withdrawn: the processing it covered stops.

A buddy is matched and kept in duos on the ground of their consent (``core.consent.Consent``
on ``Buddy``). From the day it is withdrawn the matching no longer offers them
(``services.matching`` loads only buddies whose consent is in force) and ``duo_check``
refuses a new duo with them. Their running duos end on that day, with the reason
"consent withdrawn": a duo is the buddy's data shared with a newcomer and meetings logged
about them, which has no ground once the consent is gone; the newcomer stays signed up, so
the coordinator can match them again. Duos and meetings before that day stay as they were
(a withdrawal does not make past processing unlawful, GDPR art. 7(3)), and so do the
year's figures. A duo ends on the withdrawal day, or on its start when it had not started
yet, or on its last meeting logged when one lies after the day (an end never falls before a
meeting). Traced in the access log (the buddy's and each newcomer's records) and the audit
trail."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.community.models import Buddy, Duo, WithdrawReason
from haven.community.services.common import RECORDS_FIELD
from haven.core.audit import audit_record
from haven.core.models import AccessChannel, AuditAction
from haven.people.access import change_logged


def duos_running(buddy: Buddy) -> list[Duo]:
    """The buddy's duos not ended, with their newcomer. One query."""
    return list(
        Duo.objects.filter(buddy=buddy, ended_on__isnull=True)
        .select_related("participant__person")
        .annotate(last_meeting=Max("meetings__held_on"))
        .order_by("started_on", "id")
    )


def duos_end_for_consent(buddy: Buddy, on: date, *, by: User | None, channel: AccessChannel | None = None) -> int:
    """End the buddy's running duos because their consent was withdrawn on ``on``. Returns
    how many. (Also run when ``buddy_update`` records the withdrawal.)"""
    duos = duos_running(buddy)
    for duo in duos:
        last_meeting: date | None = getattr(duo, "last_meeting", None)  # the selector's annotation
        duo.ended_on = max(day for day in (on, duo.started_on, last_meeting) if day is not None)
        duo.end_reason = WithdrawReason.CONSENT
        duo.save(update_fields=["ended_on", "end_reason"])
        audit_record(actor=by, action=AuditAction.UPDATE, target=duo, fields=["ended_on", "end_reason"])
        change_logged(by=by, person_id=duo.participant.person_id, fields=[RECORDS_FIELD], channel=channel)
    return len(duos)


@transaction.atomic
def buddy_consent_withdraw(*, buddy: Buddy, by: User | None, on: date, channel: AccessChannel | None = None) -> Buddy:
    """The buddy withdraws their consent on ``on`` (on or after it was given, today at the
    latest, once): matched no more, their running duos ended."""
    buddy = Buddy.objects.select_for_update().get(pk=buddy.pk)
    if buddy.consent_withdrawn_on is not None:
        raise ValidationError({"consent_withdrawn_on": _("This consent is withdrawn already.")})
    if on < buddy.consent_given_on:
        raise ValidationError({"consent_withdrawn_on": _("Consent cannot be withdrawn before it was given.")})
    if on > timezone.localdate():
        raise ValidationError({"consent_withdrawn_on": _("Consent is withdrawn today at the latest.")})
    buddy.consent_withdrawn_on = on
    buddy.save(update_fields=["consent_withdrawn_on"])
    audit_record(actor=by, action=AuditAction.UPDATE, target=buddy, fields=["consent_withdrawn_on"])
    duos_end_for_consent(buddy, on, by=by, channel=channel)
    change_logged(by=by, person_id=buddy.person_id, fields=[RECORDS_FIELD], channel=channel)
    return buddy
