"""Who may see and change civic-integration records. Pages and API use these.

A counsellor changes the contracts of their own caseload and reads the team's; a
team coordinator changes any contract and chooses counsellors; intake staff record
facts, registrations and sign contracts; roles without the permissions (partners,
interpreters, managers) see nothing of it. Every read of a person's records is
logged with its purpose, like a read of the person's file.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from haven.core.access import require_permission as _require
from haven.core.models import AccessChannel, AccessPurpose
from haven.integration.models import Contract, ContractState, Registration
from haven.people.access import person_access


def integration_for_user(user, permission: str = "integration.view_registration") -> None:
    _require(user, permission)


def registration_for_user(
    user,
    registration_id: int,
    *,
    purpose: AccessPurpose | str,
    write: bool = False,
    channel: AccessChannel | None = None,
) -> Registration:
    _require(user, "integration.add_registration" if write else "integration.view_registration")
    registration = Registration.objects.select_related("person").filter(pk=registration_id).first()
    if registration is None:
        raise Http404
    person_access(
        user,
        registration.person_id,
        purpose=purpose,
        channel=channel,
        log_read=not write,
        permission="integration.add_registration" if write else "integration.view_registration",
    )
    return registration


def contract_may_change(user, contract: Contract) -> bool:
    if not (user.is_authenticated and user.is_active and user.has_perm("integration.change_contract")):
        return False
    return contract.counsellor_id == user.pk or user.has_perm("integration.assign_counsellor")


def contract_for_user(
    user, contract_id: int, *, purpose: AccessPurpose | str, write: bool = False, channel: AccessChannel | None = None
) -> Contract:
    """A contract for reading (the team's) or changing (one's own caseload)."""
    _require(user, "integration.view_contract")
    contract = (
        Contract.objects.select_related("person", "counsellor", "registration", "certificate")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None:
        raise Http404
    person_access(
        user,
        contract.person_id,
        purpose=purpose,
        channel=channel,
        log_read=not write,
        permission="integration.view_contract",
    )
    if write and not contract_may_change(user, contract):
        raise PermissionDenied
    return contract


def sensitive_facts_visible(user, person_id: int) -> bool:
    """Health grounds for an exemption are special-category data: only the counsellor
    of the person's running contract sees them."""
    return Contract.objects.filter(person_id=person_id, counsellor_id=user.pk, state=ContractState.OPEN).exists()


def person_for_integration(
    user,
    person_id: int,
    *,
    purpose: AccessPurpose | str,
    permission: str,
    write: bool = False,
    channel: AccessChannel | None = None,
    starts: str | None = None,
):
    """A person for a civic-integration form (facts, registration, a diploma dossier).

    The integration permission decides, not the registry's change permission: recording
    integration facts or a dossier does not change the registry. A read (the form is
    opened) goes through the registry's access function, which logs it with the purpose.
    """
    from haven.people import access as people_access
    from haven.people.models import Person

    _require(user, permission)
    if not write and not starts:
        return people_access.person_for_user(user, person_id, purpose=purpose, channel=channel)
    person = Person.objects.select_related("preferred_language").filter(pk=person_id).first()
    people_access.person_access(
        user,
        person_id,
        purpose=purpose,
        channel=channel,
        log_read=not write,
        permission=permission if write else people_access.VIEW_PERMISSION,
        starts=starts,
    )
    if person is None:
        raise Http404
    return person


def dossier_for_user(
    user, dossier_id: int, *, purpose: AccessPurpose | str, write: bool = False, channel: AccessChannel | None = None
):
    """A diploma recognition dossier for reading or changing; a read is logged."""
    from haven.integration.models import DiplomaDossier

    _require(user, "integration.change_diplomadossier" if write else "integration.view_diplomadossier")
    dossier = DiplomaDossier.objects.select_related("person").filter(pk=dossier_id).first()
    if dossier is None:
        raise Http404
    person_access(
        user,
        dossier.person_id,
        purpose=purpose,
        channel=channel,
        log_read=not write,
        permission="integration.change_diplomadossier" if write else "integration.view_diplomadossier",
    )
    return dossier


def caseload_owner_for_user(user, owner_id: int | None = None):
    """Whose caseload the user opens: their own, or (read-only) a colleague's. Lists
    show file numbers and names only; each file opened from them is logged."""
    from django.contrib.auth import get_user_model

    _require(user, "integration.view_contract")
    if owner_id is None or owner_id == user.pk:
        return user
    if not user.has_perm("integration.assign_counsellor"):  # a colleague's caseload: the team coordinator's
        raise PermissionDenied
    owner = get_user_model().objects.filter(pk=owner_id).first()
    if owner is None:
        raise Http404
    return owner
