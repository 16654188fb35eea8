"""Writes of the buddy programmes' people and groups: a buddy (a role record on a person of
the registry, resting on consent; a new person is registered through the people service),
its consent withdrawn; a Samen Gentenaar group; a newcomer signed up for a programme, and
withdrawn. Each refuses with a ValidationError naming the field, in one transaction."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.community.models import Buddy, Group, Participant, Programme
from haven.community.services.common import RECORDS_FIELD
from haven.core.audit import audit_record
from haven.core.changes import fields_set
from haven.core.models import AccessChannel, AccessPurpose, AuditAction, Language
from haven.people.access import change_logged
from haven.people.models import Person
from haven.people.services import person_create

PROFILE_FIELDS = ("interests", "availability", "travels", "wants_sex", "wants_sex_hard")
BUDDY_FIELDS = (
    "registered_on",
    "samen_gentenaar",
    "tandem",
    "note",
    "consent_given_on",
    "consent_text_version",
    *PROFILE_FIELDS,
)
GROUP_FIELDS = (
    "name",
    "starts_on",
    "intervision_buddies_on",
    "intervision_newcomers_on",
    "activity_on",
    "closes_on",
    "note",
)
PARTICIPANT_FIELDS = ("registered_on", "mother_tongue", "note", *PROFILE_FIELDS)


def _today() -> date:
    return timezone.localdate()


def _raise(errors: Mapping[str, Any]) -> None:
    if errors:
        raise ValidationError(dict(errors))


# Buddies -----------------------------------------------------------------------------


def _buddy_check(buddy: Buddy) -> None:
    errors: dict[str, Any] = buddy.profile_clean()
    if buddy.registered_on > _today():
        errors["registered_on"] = _("A buddy is registered today at the latest.")
    if buddy.consent_given_on and buddy.consent_given_on > _today():
        errors["consent_given_on"] = _("Consent is recorded today at the latest.")
    if not (buddy.samen_gentenaar or buddy.tandem):
        errors["samen_gentenaar"] = _("Choose at least one programme.")
    _raise(errors)


@transaction.atomic
def buddy_create(
    *, person: Person, values: Mapping[str, Any], by: User | None, channel: AccessChannel | None = None
) -> Buddy:
    """Make a person of the registry a buddy, on their consent (given on, text version)."""
    if Buddy.objects.filter(person=person).exists():
        raise ValidationError({"person": _("This person is a buddy already.")})
    buddy = Buddy(person=person, created_by=by)
    fields_set(buddy, values, BUDDY_FIELDS)
    buddy.full_clean(exclude=["person", "created_by"])
    _buddy_check(buddy)
    buddy.save()
    change_logged(by=by, person_id=person.pk, fields=[RECORDS_FIELD], channel=channel)
    return buddy


@transaction.atomic
def buddy_register(
    *,
    person_values: Mapping[str, Any],
    languages: Iterable[Language],
    values: Mapping[str, Any],
    by: User | None,
    channel: AccessChannel | None = None,
) -> Buddy:
    """A Ghentian volunteer not yet in the registry: registered through the people service
    (no settling date: not a newcomer), then made a buddy."""
    person_values = {**person_values, "first_registration_date": None}
    person = person_create(
        by=by,
        values=person_values,
        languages=languages,
        purpose=AccessPurpose.PROGRAMME,
        channel=channel,
        allow_similar=True,
    )
    return buddy_create(person=person, values=values, by=by, channel=channel)


@transaction.atomic
def buddy_update(
    *, buddy: Buddy, values: Mapping[str, Any], by: User | None, channel: AccessChannel | None = None
) -> Buddy:
    """Change a buddy's programmes and matching profile, or withdraw the consent
    (``consent_withdrawn_on``): a withdrawn buddy is matched no more and their running duos
    end (``consent.duos_end_for_consent``; ``buddy_consent_withdraw`` is the act itself)."""
    buddy = Buddy.objects.select_for_update().get(pk=buddy.pk)
    names = fields_set(buddy, values, (*BUDDY_FIELDS, "consent_withdrawn_on"))
    buddy.full_clean(exclude=["person", "created_by"])
    _buddy_check(buddy)
    if buddy.consent_withdrawn_on and buddy.consent_withdrawn_on > _today():
        raise ValidationError({"consent_withdrawn_on": _("Consent is withdrawn today at the latest.")})
    if names:
        buddy.save(update_fields=names)
        if "consent_withdrawn_on" in names and buddy.consent_withdrawn_on is not None:
            from haven.community.services.consent import duos_end_for_consent

            duos_end_for_consent(buddy, buddy.consent_withdrawn_on, by=by, channel=channel)
        change_logged(by=by, person_id=buddy.person_id, fields=[RECORDS_FIELD], channel=channel)
    return buddy


# Groups ------------------------------------------------------------------------------


@transaction.atomic
def group_create(*, values: Mapping[str, Any], by: User | None) -> Group:
    """A Samen Gentenaar group with its moments; each moment falls between the start and
    the closing moment."""
    group = Group()
    fields_set(group, values, GROUP_FIELDS)
    group.name = (group.name or "").strip()
    group.full_clean(validate_constraints=False)
    errors: dict[str, str] = {}
    if group.starts_on > _today() + timedelta(days=366):
        errors["starts_on"] = _("A group starts within the coming year.")
    for name in ("intervision_buddies_on", "intervision_newcomers_on", "activity_on", "closes_on"):
        day = getattr(group, name)
        if day and day < group.starts_on:
            errors[name] = _("This moment falls on or after the start moment.")
        elif day and group.closes_on and name != "closes_on" and day > group.closes_on:
            errors[name] = _("This moment falls on or before the closing moment.")
    _raise(errors)
    group.save()
    audit_record(actor=by, action=AuditAction.CREATE, target=group, fields=list(GROUP_FIELDS))
    return group


# Participants ------------------------------------------------------------------------


def _participant_check(participant: Participant, person: Person) -> None:
    errors: dict[str, Any] = participant.profile_clean()
    if participant.registered_on > _today():
        errors["registered_on"] = _("A newcomer is signed up today at the latest.")
    elif participant.registered_on < person.birth_date:
        errors["registered_on"] = _("The sign-up date lies before the person's date of birth.")
    if participant.programme == Programme.SAMEN_GENTENAAR and participant.group_id is None:
        errors["group"] = _("Choose the Samen Gentenaar group.")
    if participant.programme == Programme.TANDEM:
        if participant.group_id is not None:
            errors["group"] = _("TANDEM has no groups: leave the group empty.")
        if participant.mother_tongue_id is None:
            errors["mother_tongue"] = _("TANDEM needs the newcomer's mother tongue: the buddy must speak it.")
    _raise(errors)


@transaction.atomic
def participant_create(
    *,
    person: Person,
    programme: str,
    values: Mapping[str, Any],
    by: User | None,
    group: Group | None = None,
    channel: AccessChannel | None = None,
) -> Participant:
    """Sign a newcomer up for TANDEM, or for a Samen Gentenaar group, with the matching profile."""
    participant = Participant(person=person, programme=programme, group=group, created_by=by)
    fields_set(participant, values, PARTICIPANT_FIELDS)
    participant.full_clean(exclude=["person", "group", "mother_tongue", "created_by"], validate_constraints=False)
    _participant_check(participant, person)
    if group is not None and Participant.objects.filter(person=person, group=group).exists():
        raise ValidationError({"group": _("This newcomer is signed up for this group already.")})
    participant.save()
    change_logged(by=by, person_id=person.pk, fields=[RECORDS_FIELD], channel=channel)
    return participant


@transaction.atomic
def participant_withdraw(
    *,
    participant: Participant,
    withdrawn_on: date,
    reason: str,
    by: User | None,
    note: str = "",
    channel: AccessChannel | None = None,
) -> Participant:
    """A newcomer who stops before (or without) a duo; a running duo is ended with ``duo_end``."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    errors: dict[str, str] = {}
    if withdrawn_on < participant.registered_on:
        errors["withdrawn_on"] = _("The withdrawal falls on or after the sign-up date.")
    elif withdrawn_on > _today():
        errors["withdrawn_on"] = _("A withdrawal is recorded today at the latest.")
    if not reason:
        errors["withdraw_reason"] = _("Give the reason.")
    if participant.duos.filter(ended_on__isnull=True).exists():
        errors["withdrawn_on"] = _("This newcomer is in a running duo: end the duo first.")
    _raise(errors)
    participant.withdrawn_on, participant.withdraw_reason = withdrawn_on, reason
    if note:
        participant.note = (participant.note + "\n" + note).strip()
    participant.full_clean(exclude=["person", "group", "mother_tongue", "created_by"], validate_constraints=False)
    participant.save(update_fields=["withdrawn_on", "withdraw_reason", "note"])
    change_logged(by=by, person_id=participant.person_id, fields=[RECORDS_FIELD], channel=channel)
    return participant
