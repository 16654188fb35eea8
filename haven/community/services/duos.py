"""Writes of the duos: a duo made (by hand, or confirmed from a matching proposal), ended
with its reason, and its meetings logged. ``duo_check`` and ``meeting_check`` are the
rules, each refusal naming its field; the demo builder runs them before its bulk inserts."""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.community.models import (
    BUDDY_SETTLED_YEARS,
    TANDEM_MONTHS,
    Buddy,
    Duo,
    DuoOrigin,
    Meeting,
    MeetingStatus,
    Participant,
    Programme,
)
from haven.community.services.common import RECORDS_FIELD
from haven.core.dates import add_months
from haven.core.models import AccessChannel
from haven.core.reference import language_name
from haven.people.access import change_logged


def _settled_recently(buddy: Buddy, day: date) -> bool:
    settled = buddy.person.first_registration_date
    return settled is not None and settled > add_months(day, -12 * BUDDY_SETTLED_YEARS)


def duo_check(
    participant: Participant,
    buddy: Buddy,
    started_on: date,
    *,
    today: date,
    buddy_languages: Sequence[str] | None = None,
    check_running: bool = True,
) -> None:
    """The rules of a duo: a newcomer and a Ghentian (not the same person, the buddy settled
    at least three years before), the buddy's consent in force and the programme theirs,
    for TANDEM the newcomer's mother tongue spoken by the buddy, one running duo per
    newcomer and programme, and a start on or after the sign-up."""
    errors: dict[str, str] = {}
    programme = participant.programme
    if buddy.person_id == participant.person_id:
        errors["buddy"] = _("A newcomer cannot be their own buddy: choose another person.")
    elif _settled_recently(buddy, started_on):
        errors["buddy"] = _(
            "This buddy settled in the city less than %(years)d years before the duo starts: a duo of two "
            "newcomers is refused."
        ) % {"years": BUDDY_SETTLED_YEARS}
    elif buddy.consent_withdrawn_on is not None and buddy.consent_withdrawn_on <= max(started_on, today):
        errors["buddy"] = _("This buddy's consent is withdrawn: they are matched no more.")
    elif buddy.consent_given_on > started_on:
        errors["buddy"] = _("This buddy gave their consent after the duo's start.")
    elif not (buddy.tandem if programme == Programme.TANDEM else buddy.samen_gentenaar):
        errors["buddy"] = _("This buddy does not take part in this programme.")
    elif programme == Programme.TANDEM:
        spoken = (
            buddy_languages
            if buddy_languages is not None
            else list(buddy.person.languages.values_list("code", flat=True))
        )
        if participant.mother_tongue_id not in spoken:
            errors["buddy"] = _("This buddy does not speak the newcomer's mother tongue (%(language)s).") % {
                "language": language_name(participant.mother_tongue_id or "")
            }
    if participant.withdrawn_on is not None:
        errors["participant"] = _("This newcomer has withdrawn from the programme.")
    elif (
        check_running
        and Duo.objects.filter(
            participant__person_id=participant.person_id, programme=programme, ended_on__isnull=True
        ).exists()
    ):
        errors["participant"] = _("This newcomer is in a running duo of this programme already.")
    if (
        check_running
        and "buddy" not in errors
        and Duo.objects.filter(buddy=buddy, programme=programme, ended_on__isnull=True).exists()
    ):
        errors["buddy"] = _("This buddy is in a running duo of this programme already.")
    if started_on < participant.registered_on:
        errors["started_on"] = _("A duo starts on or after the newcomer's sign-up (%(day)s).") % {
            "day": participant.registered_on.strftime("%d/%m/%Y")
        }
    elif started_on > today + timedelta(days=366):
        errors["started_on"] = _("A duo starts within the coming year.")
    if errors:
        raise ValidationError(errors)


def planned_end(participant: Participant, started_on: date) -> date | None:
    """TANDEM: six months after the start; Samen Gentenaar: the group's closing moment."""
    if participant.programme == Programme.TANDEM:
        return add_months(started_on, TANDEM_MONTHS)
    return participant.group.closes_on if participant.group_id and participant.group else None


@transaction.atomic
def duo_create(
    *,
    participant: Participant,
    buddy: Buddy,
    started_on: date,
    by: User | None,
    origin: str = DuoOrigin.MANUAL,
    score: int | None = None,
    reasons: list[Any] | None = None,
    channel: AccessChannel | None = None,
) -> Duo:
    """A duo of a newcomer and a buddy (``duo_check``). A duo made by hand is scored as the
    matching would score it, so every duo carries its score and reasons in words."""
    participant = (
        Participant.objects.select_for_update(of=("self",)).select_related("person", "group").get(pk=participant.pk)
    )
    buddy = Buddy.objects.select_related("person").get(pk=buddy.pk)
    duo_check(participant, buddy, started_on, today=timezone.localdate())
    if reasons is None:
        from haven.community.services.matching import pair_scored

        score, reasons = pair_scored(participant, buddy)
    duo = Duo(
        programme=participant.programme,
        group=participant.group,
        participant=participant,
        buddy=buddy,
        started_on=started_on,
        planned_end_on=planned_end(participant, started_on),
        origin=origin,
        score=score,
        reasons=reasons,
        created_by=by,
    )
    duo.save()
    change_logged(by=by, person_id=participant.person_id, fields=[RECORDS_FIELD], channel=channel)
    change_logged(by=by, person_id=buddy.person_id, fields=[RECORDS_FIELD], channel=channel)
    return duo


@transaction.atomic
def duo_end(
    *, duo: Duo, ended_on: date, reason: str, by: User | None, note: str = "", channel: AccessChannel | None = None
) -> Duo:
    """End a duo: completed, or a drop-out with its reason (choices and words)."""
    duo = Duo.objects.select_for_update().get(pk=duo.pk)
    errors: dict[str, str] = {}
    if duo.ended_on is not None:
        errors["ended_on"] = _("This duo has ended already.")
    elif ended_on < duo.started_on:
        errors["ended_on"] = _("A duo ends on or after the day it started (%(day)s).") % {
            "day": duo.started_on.strftime("%d/%m/%Y")
        }
    elif ended_on > timezone.localdate():
        errors["ended_on"] = _("A duo is ended today at the latest.")
    elif duo.meetings.filter(held_on__gt=ended_on).exists():
        errors["ended_on"] = _("Meetings are logged after this day: end the duo after its last meeting.")
    if not reason:
        errors["end_reason"] = _("Give the reason the duo ends.")
    if errors:
        raise ValidationError(errors)
    duo.ended_on, duo.end_reason, duo.end_note = ended_on, reason, note.strip()
    duo.full_clean(exclude=["participant", "buddy", "group", "created_by"], validate_constraints=False)
    duo.save(update_fields=["ended_on", "end_reason", "end_note"])
    change_logged(by=by, person_id=duo.participant.person_id, fields=[RECORDS_FIELD], channel=channel)
    return duo


def meeting_check(duo: Duo, held_on: date, status: str, *, today: date) -> None:
    """A meeting falls within the duo (from its start, up to its end) and, when held, today
    at the latest."""
    if held_on < duo.started_on:
        raise ValidationError(
            {
                "held_on": _("A meeting falls on or after the day the duo started (%(day)s).")
                % {"day": duo.started_on.strftime("%d/%m/%Y")}
            }
        )
    if duo.ended_on is not None and held_on > duo.ended_on:
        raise ValidationError(
            {
                "held_on": _("A meeting falls on or before the day the duo ended (%(day)s).")
                % {"day": duo.ended_on.strftime("%d/%m/%Y")}
            }
        )
    if status == MeetingStatus.HELD and held_on > today:
        raise ValidationError({"held_on": _("A meeting held is logged today at the latest.")})


@transaction.atomic
def meeting_log(
    *, duo: Duo, held_on: date, by: User | None, status: str = MeetingStatus.HELD, note: str = ""
) -> Meeting:
    """Log a meeting of a duo (held or cancelled), one a day."""
    if status not in MeetingStatus.values:
        raise ValidationError({"status": _("Choose held or cancelled.")})
    meeting_check(duo, held_on, status, today=timezone.localdate())
    if Meeting.objects.filter(duo=duo, held_on=held_on).exists():
        raise ValidationError({"held_on": _("A meeting of this duo is logged on this day already.")})
    meeting = Meeting(duo=duo, held_on=held_on, status=status, note=note.strip())
    meeting.full_clean(exclude=["duo"], validate_constraints=False)
    meeting.save()
    change_logged(by=by, person_id=duo.participant.person_id, fields=[RECORDS_FIELD])
    return meeting
