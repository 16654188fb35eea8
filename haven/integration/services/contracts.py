"""Integration contracts: signing (a counsellor assigned), a new counsellor, progress on
the trajectory, pauses, and the end without a certificate."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.models import AccessChannel, AccessPurpose
from haven.integration import assignment
from haven.integration.models import (
    Contract,
    ContractEndReason,
    ContractPause,
    ContractState,
    Registration,
    TargetGroupStatus,
)
from haven.integration.services.counsellors import counsellor_choose
from haven.integration.services.records import RELATIONS_IN_HAND
from haven.people.access import change_logged

CONTRACT_COMPONENT_FIELDS = (
    "includes_civic_orientation",
    "includes_dutch",
    "dutch_target_level",
    "includes_career_orientation",
    "includes_counselling",
    "childcare_needed",
)


@transaction.atomic
def contract_sign(
    *,
    registration: Registration,
    signed_on: date,
    by: User,
    components: Mapping[str, Any] | None = None,
    counsellor: User | None = None,
    override_reason: str = "",
    channel: AccessChannel | None = None,
) -> Contract:
    """Sign an integration contract and assign a counsellor (automatically, or the one
    a team coordinator chose, with a reason)."""
    if registration.current_status not in (TargetGroupStatus.OBLIGATED, TargetGroupStatus.ENTITLED):
        raise ValidationError(_("Only obligated or entitled people can sign an integration contract."))
    if counsellor is not None and not override_reason.strip():
        raise ValidationError(_("Give a reason when you choose the counsellor yourself."))
    unknown = set(components or {}) - set(CONTRACT_COMPONENT_FIELDS)
    if unknown:
        raise ValueError(f"Not a contract component: {sorted(unknown)}")
    if registration.contracts.exclude(state=ContractState.ENDED).exists():
        raise ValidationError(_("This registration already has a running or completed contract."))
    contract = Contract(
        person=registration.person,
        registration=registration,
        signed_on=signed_on,
        status=registration.current_status,
        **dict(components or {}),
    )
    if counsellor is None:
        counsellor, why = counsellor_choose(person=registration.person)
        note = ""
    else:
        why = assignment.chosen_by(by)
        note = override_reason.strip()
    contract.counsellor, contract.assignment_reason, contract.assignment_note = counsellor, why, note[:300]
    # A new contract runs and has no end reason: its one constraint (an ended contract says why)
    # is the end's to meet, and checking it here would compile and run a query per contract.
    contract.full_clean(exclude=RELATIONS_IN_HAND, validate_constraints=False)
    contract.save()
    change_logged(
        by=by,
        person_id=registration.person_id,
        preferred=AccessPurpose.COUNSELLING,
        fields=["contract"],
        channel=channel,
    )
    return contract


@transaction.atomic
def contract_reassign(
    *, contract: Contract, counsellor: User, reason: str, by: User, channel: AccessChannel | None = None
) -> Contract:
    if not reason.strip():
        raise ValidationError(_("Give a reason when you choose the counsellor yourself."))
    contract.counsellor = counsellor
    contract.assignment_reason = assignment.chosen_by(by)
    contract.assignment_note = reason.strip()[:300]
    contract.save(update_fields=["counsellor", "assignment_reason", "assignment_note"])
    change_logged(
        by=by, person_id=contract.person_id, preferred=AccessPurpose.COUNSELLING, fields=["counsellor"], channel=channel
    )
    return contract


CONTRACT_PROGRESS_FIELDS = (
    "civic_orientation_passed_on",
    "dutch_level_reached",
    "dutch_level_reached_on",
    "career_orientation_done_on",
    "childcare_needed",
)


@transaction.atomic
def contract_progress_record(
    *, contract: Contract, values: Mapping[str, Any], by: User, channel: AccessChannel | None = None
) -> set[str]:
    """Record progress on the trajectory (MO passed, NT2 level, career orientation)."""
    unknown = set(values) - set(CONTRACT_PROGRESS_FIELDS)
    if unknown:
        raise ValueError(f"Not a progress field: {sorted(unknown)}")
    changed = {name for name, value in values.items() if getattr(contract, name) != value}
    for name in changed:
        setattr(contract, name, values[name])
    # Only the progress fields are written, so only they are checked (type, choices): the
    # contract's own rules (its registration, how it ended) do not read them, and checking
    # those again cost three queries for each course completed.
    contract.clean_fields(exclude=[field.name for field in Contract._meta.fields if field.name not in changed])
    if changed:
        contract.save(update_fields=sorted(changed))
        change_logged(
            by=by, person_id=contract.person_id, preferred=AccessPurpose.COUNSELLING, fields=changed, channel=channel
        )
    return changed


@transaction.atomic
def pause_create(
    *,
    contract: Contract,
    kind: str,
    reason: str,
    starts_on: date,
    expires_on: date,
    by: User,
    channel: AccessChannel | None = None,
) -> ContractPause:
    pause = ContractPause(contract=contract, kind=kind, reason=reason, starts_on=starts_on, expires_on=expires_on)
    pause.full_clean(exclude=RELATIONS_IN_HAND)
    pause.save()
    change_logged(
        by=by, person_id=contract.person_id, preferred=AccessPurpose.COUNSELLING, fields=["pauses"], channel=channel
    )
    return pause


@transaction.atomic
def contract_end(
    *,
    contract: Contract,
    ended_on: date,
    reason: str,
    note: str = "",
    by: User,
    channel: AccessChannel | None = None,
) -> Contract:
    """End a running contract without a certificate, for a reason (a note is required for
    "other"). It leaves the counsellor's caseload, and the counsellor's access to the file
    with it; the end is logged as a change of the file. Refused for a contract that is
    certified or ended already, and for a day before the signing or after today."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.state != ContractState.OPEN:
        raise ValidationError(_("Only a running contract can end."))
    errors: dict[str, str] = {}
    if reason not in ContractEndReason.values:
        errors["reason"] = _("Choose why the contract ends.")
    note = note.strip()
    if reason == ContractEndReason.OTHER and not note:
        errors["note"] = _("Say why the contract ends.")
    if ended_on < contract.signed_on:
        errors["ended_on"] = _("A contract cannot end before it was signed.")
    elif ended_on > timezone.localdate():
        errors["ended_on"] = _("A contract ends today at the latest; record the end when it happens.")
    if errors:
        raise ValidationError(errors)
    contract.state, contract.ended_on, contract.end_reason, contract.end_note = (
        ContractState.ENDED,
        ended_on,
        reason,
        note,
    )
    contract.full_clean(exclude=RELATIONS_IN_HAND)
    contract.save(update_fields=["state", "ended_on", "end_reason", "end_note"])
    change_logged(
        by=by,
        person_id=contract.person_id,
        preferred=AccessPurpose.COUNSELLING,
        fields=["state", "ended_on", "end_reason"],
        channel=channel,
    )
    return contract
